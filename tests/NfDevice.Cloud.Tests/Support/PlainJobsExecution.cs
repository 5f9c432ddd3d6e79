using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace NfDevice.Cloud.Tests.Support
{
    /// <summary>One job execution as the Jobs device API shows it (reference §2.1, JobExecution).</summary>
    public sealed class PlainJobsExecution
    {
        public string JobId { get; init; }
        public string ThingName { get; init; }
        public long ExecutionNumber { get; init; }

        /// <summary>QUEUED, IN_PROGRESS, SUCCEEDED, FAILED, REJECTED, CANCELED, TIMED_OUT or REMOVED (reference §3.1).</summary>
        public string Status { get; set; } = "QUEUED";

        /// <summary>statusDetails as last set (omitted from JSON when empty).</summary>
        public Dictionary<string, string> StatusDetails { get; set; } = new Dictionary<string, string>();

        public long QueuedAt { get; init; }
        public long StartedAt { get; set; }
        public long LastUpdatedAt { get; set; }

        /// <summary>1 when queued, +1 on every accepted device update (reference §3.2).</summary>
        public long VersionNumber { get; set; } = 1;

        /// <summary>The job document as JSON text, before placeholders are resolved.</summary>
        public string Document { get; init; }

        /// <summary>Order of creation: the queue order of §2.3 and §2.6.</summary>
        public long Sequence { get; init; }

        /// <summary>Every accepted status, oldest first (QUEUED included).</summary>
        public List<string> History { get; } = new List<string> { "QUEUED" };

        /// <summary>statusDetails of the terminal update, or of the last accepted one.</summary>
        public string Detail(string key) => StatusDetails.TryGetValue(key, out var v) ? v : null;

        /// <summary>True for SUCCEEDED, FAILED, REJECTED, CANCELED, TIMED_OUT, REMOVED (reference §3.1).</summary>
        public bool IsTerminal => Status != "QUEUED" && Status != "IN_PROGRESS";

        internal JsonObject State() => new JsonObject
        {
            ["status"] = Status,
            ["statusDetails"] = Details(),
            ["versionNumber"] = VersionNumber,
        }.WithoutNulls();

        internal JsonObject Summary()
        {
            var o = new JsonObject { ["jobId"] = JobId, ["queuedAt"] = QueuedAt };
            if (StartedAt > 0) o["startedAt"] = StartedAt;
            o["lastUpdatedAt"] = LastUpdatedAt;
            o["executionNumber"] = ExecutionNumber;
            o["versionNumber"] = VersionNumber;
            return o;
        }

        internal JsonObject Full(JsonNode document)
        {
            var o = new JsonObject { ["jobId"] = JobId, ["status"] = Status, ["statusDetails"] = Details(), ["queuedAt"] = QueuedAt };
            if (StartedAt > 0) o["startedAt"] = StartedAt;
            o["lastUpdatedAt"] = LastUpdatedAt;
            o["versionNumber"] = VersionNumber;
            o["executionNumber"] = ExecutionNumber;
            if (document != null) o["jobDocument"] = document;
            return o.WithoutNulls();
        }

        private JsonObject Details()
        {
            if (StatusDetails.Count == 0) return null;
            var o = new JsonObject();
            foreach (var kv in StatusDetails) o[kv.Key] = kv.Value;
            return o;
        }
    }

    internal static class JsonObjectExtensions
    {
        /// <summary>AWS omits absent fields rather than sending null (reference §2).</summary>
        public static JsonObject WithoutNulls(this JsonObject o)
        {
            var empty = new List<string>();
            foreach (var kv in o) if (kv.Value == null) empty.Add(kv.Key);
            foreach (var k in empty) o.Remove(k);
            return o;
        }
    }
}
