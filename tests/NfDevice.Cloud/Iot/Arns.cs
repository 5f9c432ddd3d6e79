namespace NfDevice.Cloud.Iot
{
    /// <summary>ARN forms of the emulated account (us-east-1, 123456789012).</summary>
    public static class Arns
    {
        /// <summary>The emulated region.</summary>
        public const string Region = "us-east-1";
        /// <summary>The emulated account id.</summary>
        public const string Account = "123456789012";
        /// <summary>arn:aws:iot:us-east-1:123456789012: prefix.</summary>
        public const string IotPrefix = "arn:aws:iot:" + Region + ":" + Account + ":";

        /// <summary>Thing ARN.</summary>
        public static string Thing(string name) => IotPrefix + "thing/" + name;
        /// <summary>Thing group ARN.</summary>
        public static string ThingGroup(string name) => IotPrefix + "thinggroup/" + name;
        /// <summary>Certificate ARN.</summary>
        public static string Certificate(string id) => IotPrefix + "cert/" + id;
        /// <summary>Job ARN.</summary>
        public static string Job(string id) => IotPrefix + "job/" + id;
        /// <summary>Job template ARN.</summary>
        public static string JobTemplate(string id) => IotPrefix + "jobtemplate/" + id;
    }
}
