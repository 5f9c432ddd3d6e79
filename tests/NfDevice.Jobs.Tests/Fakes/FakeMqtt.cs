using System.Collections;
using NfDevice.Jobs.Json;
using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Tests.Fakes
{
    /// <summary>One PUBLISH the device sent.</summary>
    public sealed class PublishedMessage
    {
        /// <summary>Topic.</summary>
        public string Topic;

        /// <summary>Payload as text.</summary>
        public string Payload;

        /// <summary>Payload bytes (a copy).</summary>
        public byte[] Bytes;

        /// <summary>The request's clientToken, or null.</summary>
        public string ClientToken;
    }

    /// <summary>
    /// An MQTT session that records subscriptions and publishes, and lets a test play the cloud: answers to the
    /// last request (with its clientToken), notify-next, or any raw PUBLISH, delivered through <see cref="Events"/>.
    /// </summary>
    public sealed class FakeMqtt : IMqttConnection
    {
        private readonly string _thing;
        private string _lastTopic;
        private string _lastPayload;

        /// <summary>Where injected messages go (the engine).</summary>
        public IMqttEvents Events;

        /// <summary>Every publish, oldest first.</summary>
        public readonly ArrayList Published = new ArrayList();

        /// <summary>Every subscribe call's topic.</summary>
        public readonly ArrayList Subscriptions = new ArrayList();

        /// <summary>Subscribe returns false while set.</summary>
        public bool FailSubscribe;

        /// <summary>Publish returns false (and records nothing) while set.</summary>
        public bool FailPublish;

        /// <summary>A session for <paramref name="thing"/>.</summary>
        public FakeMqtt(string thing)
        {
            _thing = thing;
        }

        /// <summary>Session state reported to the engine.</summary>
        public bool IsConnected { get; set; }

        /// <summary>Records the topic.</summary>
        public bool Subscribe(string topic)
        {
            if (FailSubscribe || !IsConnected)
            {
                return false;
            }

            Subscriptions.Add(topic);
            return true;
        }

        /// <summary>Records a copy of the payload.</summary>
        public bool Publish(string topic, byte[] payload, int offset, int count)
        {
            if (FailPublish || !IsConnected)
            {
                return false;
            }

            PublishedMessage m = new PublishedMessage();
            m.Topic = topic;
            m.Bytes = new byte[count];
            System.Array.Copy(payload, offset, m.Bytes, 0, count);
            m.Payload = System.Text.Encoding.UTF8.GetString(m.Bytes, 0, count);
            string token;
            m.ClientToken = JsonReader.FindString(m.Bytes, 0, count, "clientToken", out token) == JsonResult.Success ? token : null;
            Published.Add(m);
            return true;
        }

        /// <summary>The last publish, or null.</summary>
        public PublishedMessage Last
        {
            get { return Published.Count == 0 ? null : (PublishedMessage)Published[Published.Count - 1]; }
        }

        /// <summary>Number of publishes.</summary>
        public int Count
        {
            get { return Published.Count; }
        }

        /// <summary>Publish number <paramref name="i"/>.</summary>
        public PublishedMessage At(int i)
        {
            return (PublishedMessage)Published[i];
        }

        /// <summary>Prefix of this thing's Jobs topics.</summary>
        public string JobsPrefix
        {
            get { return "$aws/things/" + _thing + "/jobs/"; }
        }

        /// <summary>Delivers a raw PUBLISH.</summary>
        public void Deliver(string topic, string payload)
        {
            _lastTopic = topic;
            _lastPayload = payload;
            Events.MessageReceived(topic, System.Text.Encoding.UTF8.GetBytes(payload));
        }

        /// <summary>Delivers the last injected message again (a QoS 1 duplicate). False if there was none.</summary>
        public bool Redeliver()
        {
            if (_lastTopic == null)
            {
                return false;
            }

            Events.MessageReceived(_lastTopic, System.Text.Encoding.UTF8.GetBytes(_lastPayload));
            return true;
        }

        /// <summary>Answers the last request on its /accepted topic with its clientToken and <paramref name="members"/> (JSON members, may be empty).</summary>
        public void Accept(string members)
        {
            Answer(Last, "/accepted", members);
        }

        /// <summary>Answers the last request on /rejected with <paramref name="code"/> and optional extra members.</summary>
        public void Reject(string code, string extraMembers)
        {
            string members = "\"code\":\"" + code + "\",\"message\":\"test\"";
            if (extraMembers != null && extraMembers.Length > 0)
            {
                members = members + "," + extraMembers;
            }

            Answer(Last, "/rejected", members);
        }

        /// <summary>Answers <paramref name="request"/> (any earlier publish) on <paramref name="suffix"/>.</summary>
        public void Answer(PublishedMessage request, string suffix, string members)
        {
            string body = "{\"timestamp\":1767225600";
            if (request.ClientToken != null)
            {
                body = body + ",\"clientToken\":\"" + request.ClientToken + "\"";
            }

            if (members != null && members.Length > 0)
            {
                body = body + "," + members;
            }

            Deliver(request.Topic + suffix, body + "}");
        }

        /// <summary>notify-next with <paramref name="members"/> (an execution, or empty for "nothing pending").</summary>
        public void NotifyNext(string members)
        {
            string body = "{\"timestamp\":1767225600";
            if (members != null && members.Length > 0)
            {
                body = body + "," + members;
            }

            Deliver(JobsPrefix + "notify-next", body + "}");
        }

        /// <summary>Forgets recorded publishes and subscriptions.</summary>
        public void ClearRecords()
        {
            Published.Clear();
            Subscriptions.Clear();
        }

        /// <summary>The <c>"execution":{...}</c> member AWS sends (reference §2.3/2.6).</summary>
        public static string Execution(string jobId, long executionNumber, long versionNumber, string status, string document)
        {
            string s = "\"execution\":{\"jobId\":\"" + jobId + "\",\"status\":\"" + status + "\",\"queuedAt\":1767225000,\"lastUpdatedAt\":1767225000,\"versionNumber\":"
                + versionNumber.ToString() + ",\"executionNumber\":" + executionNumber.ToString();
            if (document != null)
            {
                s = s + ",\"jobDocument\":" + document;
            }

            return s + "}";
        }

        /// <summary>The <c>"executionState":{...}</c> member of update answers and some rejections.</summary>
        public static string ExecutionState(string status, long versionNumber)
        {
            return "\"executionState\":{\"status\":\"" + status + "\",\"versionNumber\":" + versionNumber.ToString() + "}";
        }
    }
}
