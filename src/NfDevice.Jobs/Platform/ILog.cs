namespace NfDevice.Jobs.Platform
{
    /// <summary>Severity of a log line.</summary>
    public enum LogLevel
    {
        /// <summary>Detail for developers.</summary>
        Debug = 0,
        /// <summary>A step a firmware developer wants to see in the device log.</summary>
        Info = 1,
        /// <summary>Something went wrong and was handled.</summary>
        Warning = 2,
        /// <summary>Something went wrong and a job or the agent is affected.</summary>
        Error = 3,
    }

    /// <summary>Where the agent writes its log (serial console on the device, console or file on .NET).</summary>
    public interface ILog
    {
        /// <summary>Writes one line.</summary>
        void Write(LogLevel level, string message);
    }
}
