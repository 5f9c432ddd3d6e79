using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;

namespace NfDevice.Cloud.Jobs
{
    /// <summary>
    /// Writes the device-side Jobs payloads in AWS's shapes (reference §2): integer-second timestamps,
    /// absent fields omitted, jobDocument as an object.
    /// </summary>
    internal static class JobsJson
    {
        private static readonly JsonWriterOptions Options = new JsonWriterOptions { Indented = false };

        /// <summary>Builds a payload with <paramref name="body"/> writing the members of the top-level object.</summary>
        public static byte[] Object(Action<Utf8JsonWriter> body)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var w = new Utf8JsonWriter(buffer, Options))
            {
                w.WriteStartObject();
                body(w);
                w.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }

        /// <summary>Writes clientToken (only when the request carried one) and timestamp.</summary>
        public static void Header(Utf8JsonWriter w, string clientToken, long timestamp)
        {
            if (clientToken != null) w.WriteString("clientToken", clientToken);
            w.WriteNumber("timestamp", timestamp);
        }

        /// <summary>JobExecution: jobId, status, statusDetails, queuedAt, startedAt, lastUpdatedAt, versionNumber, executionNumber, jobDocument.</summary>
        public static void Execution(Utf8JsonWriter w, ExecutionRecord e, string document)
        {
            w.WriteStartObject();
            w.WriteString("jobId", e.JobId);
            w.WriteString("status", e.Status);
            Details(w, e.StatusDetails);
            w.WriteNumber("queuedAt", e.QueuedAt);
            if (e.StartedAt.HasValue) w.WriteNumber("startedAt", e.StartedAt.Value);
            w.WriteNumber("lastUpdatedAt", e.LastUpdatedAt);
            w.WriteNumber("versionNumber", e.VersionNumber);
            w.WriteNumber("executionNumber", e.ExecutionNumber);
            if (document != null)
            {
                w.WritePropertyName("jobDocument");
                w.WriteRawValue(document);
            }
            w.WriteEndObject();
        }

        /// <summary>JobExecutionSummary: jobId, queuedAt, startedAt, lastUpdatedAt, versionNumber, executionNumber.</summary>
        public static void Summary(Utf8JsonWriter w, ExecutionRecord e)
        {
            w.WriteStartObject();
            w.WriteString("jobId", e.JobId);
            w.WriteNumber("queuedAt", e.QueuedAt);
            if (e.StartedAt.HasValue) w.WriteNumber("startedAt", e.StartedAt.Value);
            w.WriteNumber("lastUpdatedAt", e.LastUpdatedAt);
            w.WriteNumber("versionNumber", e.VersionNumber);
            w.WriteNumber("executionNumber", e.ExecutionNumber);
            w.WriteEndObject();
        }

        /// <summary>JobExecutionState: status, statusDetails, versionNumber.</summary>
        public static void State(Utf8JsonWriter w, string name, ExecutionRecord e)
        {
            w.WritePropertyName(name);
            w.WriteStartObject();
            w.WriteString("status", e.Status);
            Details(w, e.StatusDetails);
            w.WriteNumber("versionNumber", e.VersionNumber);
            w.WriteEndObject();
        }

        /// <summary>The rejected payload: code, message, clientToken, timestamp, and executionState for the two codes that carry it.</summary>
        public static byte[] Rejected(string code, string message, string clientToken, long timestamp, ExecutionRecord state)
        {
            return Object(w =>
            {
                w.WriteString("code", code);
                w.WriteString("message", message);
                Header(w, clientToken, timestamp);
                if (state != null && (code == "InvalidStateTransition" || code == "VersionMismatch")) State(w, "executionState", state);
            });
        }

        private static void Details(Utf8JsonWriter w, Dictionary<string, string> details)
        {
            if (details == null || details.Count == 0) return;
            w.WritePropertyName("statusDetails");
            w.WriteStartObject();
            foreach (var kv in details) w.WriteString(kv.Key, kv.Value);
            w.WriteEndObject();
        }
    }
}
