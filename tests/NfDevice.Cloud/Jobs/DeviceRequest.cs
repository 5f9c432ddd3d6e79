using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NfDevice.Cloud.Jobs
{
    /// <summary>Limits the Jobs service enforces on device requests; defaults follow the reference §1.3.</summary>
    public sealed class JobsLimits
    {
        /// <summary>Maximum statusDetails pairs (documented for CancelJobExecution; enforced here for updates too, configurable).</summary>
        public int MaxStatusDetailsPairs { get; set; } = 10;
        /// <summary>Maximum characters of a statusDetails value.</summary>
        public int MaxStatusDetailsValueLength { get; set; } = 1024;
        /// <summary>Maximum clientToken length (the FreeRTOS OTA assumption).</summary>
        public int MaxClientTokenLength { get; set; } = 64;
        /// <summary>Pending executions listed in get/accepted and notify.</summary>
        public int MaxPendingListed { get; set; } = 10;
        /// <summary>When true, describing an execution in a terminal state answers TerminalStateReached (trigger unclear in AWS docs).</summary>
        public bool RejectDescribeOfTerminal { get; set; }
    }

    /// <summary>A parsed, validated device request (one of get, start-next, {jobId}/get, {jobId}/update).</summary>
    internal sealed class DeviceRequest
    {
        private static readonly Regex DetailsKey = new Regex("^[a-zA-Z0-9:_-]{1,128}$", RegexOptions.CultureInvariant);

        public string ClientToken;
        public string Status;
        public Dictionary<string, string> StatusDetails;
        public long? ExpectedVersion;
        public long? ExecutionNumber;
        public bool? IncludeJobExecutionState;
        public bool? IncludeJobDocument;
        public long? StepTimeoutInMinutes;
        public string ErrorCode;
        public string ErrorMessage;

        /// <summary>Parses <paramref name="payload"/>; on failure ErrorCode/ErrorMessage are set (ClientToken too when readable).</summary>
        public static DeviceRequest Parse(byte[] payload, bool allowStepCancel, JobsLimits limits)
        {
            var req = new DeviceRequest();
            if (payload == null || payload.Length == 0) return req;
            JsonDocument doc;
            try
            {
                // Strict UTF-8 first: the JSON reader tolerates invalid bytes outside strings in some positions.
                new UTF8Encoding(false, true).GetCharCount(payload);
                doc = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (Exception ex) when (ex is JsonException || ex is DecoderFallbackException)
            {
                req.ErrorCode = "InvalidJson";
                req.ErrorMessage = "Payload is not valid JSON";
                return req;
            }
            using (doc)
            {
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    req.ErrorCode = "InvalidJson";
                    req.ErrorMessage = "Payload is not a JSON object";
                    return req;
                }
                if (root.TryGetProperty("clientToken", out JsonElement ct))
                {
                    if (ct.ValueKind != JsonValueKind.String) return Fail(req, "clientToken must be a string");
                    string token = ct.GetString();
                    if (token.Length > limits.MaxClientTokenLength) return Fail(req, "Value at 'clientToken' failed to satisfy constraint: Member must have length less than or equal to " + limits.MaxClientTokenLength.ToString(CultureInfo.InvariantCulture));
                    req.ClientToken = token;
                }
                foreach (JsonProperty p in root.EnumerateObject())
                {
                    string error = null;
                    switch (p.Name)
                    {
                        case "status":
                            if (p.Value.ValueKind != JsonValueKind.String) error = "Value at 'status' failed to satisfy constraint: Member must be a string";
                            else req.Status = p.Value.GetString();
                            break;
                        case "statusDetails":
                            error = ReadDetails(p.Value, limits, out req.StatusDetails);
                            break;
                        case "expectedVersion":
                            if (!ReadLong(p.Value, out long ev) || ev < 0) error = "Value at 'expectedVersion' failed to satisfy constraint: Member must be a number";
                            else req.ExpectedVersion = ev;
                            break;
                        case "executionNumber":
                            if (!ReadLong(p.Value, out long en) || en < 1) error = "Value at 'executionNumber' failed to satisfy constraint: Member must be a positive number";
                            else req.ExecutionNumber = en;
                            break;
                        case "includeJobExecutionState":
                            if (!ReadBool(p.Value, out bool s)) error = "Value at 'includeJobExecutionState' failed to satisfy constraint: Member must be a boolean";
                            else req.IncludeJobExecutionState = s;
                            break;
                        case "includeJobDocument":
                            if (!ReadBool(p.Value, out bool d)) error = "Value at 'includeJobDocument' failed to satisfy constraint: Member must be a boolean";
                            else req.IncludeJobDocument = d;
                            break;
                        case "stepTimeoutInMinutes":
                            if (!ReadLong(p.Value, out long st) || !((st >= 1 && st <= 10080) || (allowStepCancel && st == -1)))
                                error = "Value at 'stepTimeoutInMinutes' failed to satisfy constraint: Member must be between 1 and 10080" + (allowStepCancel ? " or -1" : string.Empty);
                            else req.StepTimeoutInMinutes = st;
                            break;
                    }
                    if (error != null) return Fail(req, error);
                }
            }
            return req;
        }

        private static DeviceRequest Fail(DeviceRequest req, string message)
        {
            req.ErrorCode = "InvalidRequest";
            req.ErrorMessage = message;
            return req;
        }

        /// <summary>Validates a statusDetails map per the DetailsKey/DetailsValue shapes; returns an error or null.</summary>
        public static string ReadDetails(JsonElement value, JobsLimits limits, out Dictionary<string, string> details)
        {
            details = null;
            if (value.ValueKind != JsonValueKind.Object) return "Value at 'statusDetails' failed to satisfy constraint: Member must be a map of string to string";
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty p in value.EnumerateObject())
            {
                if (!DetailsKey.IsMatch(p.Name)) return "Value at 'statusDetails' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [a-zA-Z0-9:_-]+]";
                if (p.Value.ValueKind != JsonValueKind.String) return "Value at 'statusDetails." + p.Name + "' failed to satisfy constraint: Member must be a string";
                string v = p.Value.GetString();
                string err = CheckDetailsValue(v, limits.MaxStatusDetailsValueLength);
                if (err != null) return "Value at 'statusDetails." + p.Name + "' failed to satisfy constraint: " + err;
                map[p.Name] = v;
            }
            if (map.Count > limits.MaxStatusDetailsPairs) return "Value at 'statusDetails' failed to satisfy constraint: Member must have at most " + limits.MaxStatusDetailsPairs.ToString(CultureInfo.InvariantCulture) + " entries";
            details = map;
            return null;
        }

        // DetailsValue: min 1, max 1024 characters, pattern [^\p{C}]+ (no control/format/unassigned characters).
        private static string CheckDetailsValue(string v, int max)
        {
            int count = 0;
            foreach (Rune r in v.EnumerateRunes())
            {
                count++;
                UnicodeCategory c = Rune.GetUnicodeCategory(r);
                if (c == UnicodeCategory.Control || c == UnicodeCategory.Format || c == UnicodeCategory.Surrogate || c == UnicodeCategory.PrivateUse || c == UnicodeCategory.OtherNotAssigned)
                    return "Member must satisfy regular expression pattern: [^\\p{C}]+";
            }
            if (count < 1) return "Member must have length greater than or equal to 1";
            if (count > max) return "Member must have length less than or equal to " + max.ToString(CultureInfo.InvariantCulture);
            return null;
        }

        // Numbers, or numeric strings: the AWS embedded Jobs library sends "expectedVersion":"1".
        private static bool ReadLong(JsonElement e, out long value)
        {
            value = 0;
            if (e.ValueKind == JsonValueKind.Number) return e.TryGetInt64(out value);
            if (e.ValueKind == JsonValueKind.String)
                return long.TryParse(e.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
            return false;
        }

        private static bool ReadBool(JsonElement e, out bool value)
        {
            value = e.ValueKind == JsonValueKind.True;
            return e.ValueKind == JsonValueKind.True || e.ValueKind == JsonValueKind.False;
        }
    }
}
