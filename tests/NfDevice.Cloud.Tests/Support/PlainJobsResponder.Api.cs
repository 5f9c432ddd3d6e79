using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NfDevice.Cloud.Tests.Support
{
    public sealed partial class PlainJobsResponder
    {
        // §2.2 GetPendingJobExecutions.
        private void GetPending(string thing, string topic, string token)
        {
            var pending = Pending(thing);
            Accept(topic, token, new JsonObject
            {
                ["inProgressJobs"] = new JsonArray(pending.Where(e => e.Status == "IN_PROGRESS").Select(e => (JsonNode)e.Summary()).ToArray()),
                ["queuedJobs"] = new JsonArray(pending.Where(e => e.Status == "QUEUED").Select(e => (JsonNode)e.Summary()).ToArray()),
            });
        }

        // §2.4 StartNextPendingJobExecution.
        private void StartNext(string thing, string topic, string token, JsonObject request)
        {
            if (!ReadDetails(request, out var details, out string why) || !ReadStepTimeout(request, false, out why))
            {
                Reject(topic, token, "InvalidRequest", why, null);
                return;
            }
            var next = Pending(thing).FirstOrDefault();
            if (next == null)
            {
                Accept(topic, token, new JsonObject());
                return;
            }
            JsonNode document = Deliverable(next, out why);
            if (document == null)
            {
                Reject(topic, token, "InvalidRequest", why, null);
                return;
            }
            if (next.Status == "QUEUED")
            {
                // An IN_PROGRESS next is returned unchanged, statusDetails included.
                var before = Pending(thing);
                Change(next, "IN_PROGRESS", details);
                Notify(thing, before);
            }
            Accept(topic, token, new JsonObject { ["execution"] = next.Full(document) });
        }

        // §2.3 DescribeJobExecution.
        private void Describe(string thing, string topic, string token, string jobId, JsonObject request)
        {
            if (jobId != "$next" && !JobIdPattern.IsMatch(jobId))
            {
                Reject(topic, token, "InvalidRequest", "jobId must be 1-64 characters of [a-zA-Z0-9_-] or $next", null);
                return;
            }
            if (!ReadLong(request, "executionNumber", out long? executionNumber) || !ReadBool(request, "includeJobDocument", true, out bool includeDocument))
            {
                Reject(topic, token, "InvalidRequest", "executionNumber must be a number and includeJobDocument a boolean", null);
                return;
            }

            PlainJobsExecution e;
            if (jobId == "$next")
            {
                e = Pending(thing).FirstOrDefault();
                if (e == null)
                {
                    Accept(topic, token, new JsonObject());
                    return;
                }
            }
            else
            {
                e = executionNumber.HasValue
                    ? _executions.FirstOrDefault(x => x.ThingName == thing && x.JobId == jobId && x.ExecutionNumber == executionNumber.Value)
                    : Latest(thing, jobId);
                if (e == null)
                {
                    Reject(topic, token, "ResourceNotFound", "Job execution " + jobId + " of " + thing + " not found", null);
                    return;
                }
            }

            JsonNode document = null;
            if (includeDocument)
            {
                document = Deliverable(e, out string why);
                if (document == null)
                {
                    Reject(topic, token, "InvalidRequest", why, null);
                    return;
                }
            }
            Accept(topic, token, new JsonObject { ["execution"] = e.Full(document) });
        }

        // §2.5 UpdateJobExecution, with the transitions of §3.2.
        private void Update(string thing, string topic, string token, string jobId, JsonObject request)
        {
            if (!JobIdPattern.IsMatch(jobId))
            {
                Reject(topic, token, "InvalidRequest", "jobId must be 1-64 characters of [a-zA-Z0-9_-]", null);
                return;
            }
            string status = request["status"] is JsonValue sv && sv.TryGetValue(out string s) ? s : null;
            if (status == null)
            {
                Reject(topic, token, "InvalidRequest", "Value null at 'status' failed to satisfy constraint: Member must not be null", null);
                return;
            }
            if (Array.IndexOf(DeviceStatuses, status) < 0)
            {
                Reject(topic, token, "InvalidRequest", "status must be one of IN_PROGRESS, SUCCEEDED, FAILED, REJECTED", null);
                return;
            }
            if (!ReadDetails(request, out var details, out string why) || !ReadStepTimeout(request, true, out why))
            {
                Reject(topic, token, "InvalidRequest", why, null);
                return;
            }
            if (!ReadLong(request, "executionNumber", out long? executionNumber) || !ReadExpectedVersion(request, out long? expectedVersion)
                || !ReadBool(request, "includeJobExecutionState", false, out bool includeState) || !ReadBool(request, "includeJobDocument", false, out bool includeDocument))
            {
                Reject(topic, token, "InvalidRequest", "executionNumber and expectedVersion must be numbers, include flags booleans", null);
                return;
            }

            var e = executionNumber.HasValue
                ? _executions.FirstOrDefault(x => x.ThingName == thing && x.JobId == jobId && x.ExecutionNumber == executionNumber.Value)
                : Latest(thing, jobId);
            if (e == null)
            {
                Reject(topic, token, "ResourceNotFound", "Job execution " + jobId + " of " + thing + " not found", null);
                return;
            }
            if (e.IsTerminal)
            {
                Reject(topic, token, "InvalidStateTransition", "Cannot update execution from " + e.Status + " to " + status, e.State());
                return;
            }
            if (expectedVersion.HasValue && expectedVersion.Value != e.VersionNumber)
            {
                Reject(topic, token, "VersionMismatch", "expectedVersion " + expectedVersion.Value + " is not the current version " + e.VersionNumber, e.State());
                return;
            }

            JsonNode document = null;
            if (includeDocument)
            {
                document = Deliverable(e, out why);
                if (document == null)
                {
                    Reject(topic, token, "InvalidRequest", why, null);
                    return;
                }
            }

            var before = Pending(thing);
            Change(e, status, details);
            var reply = new JsonObject();
            if (includeState) reply["executionState"] = e.State();
            if (document != null) reply["jobDocument"] = document;
            Accept(topic, token, reply);
            Notify(thing, before);
        }

        private void Change(PlainJobsExecution e, string status, Dictionary<string, string> details)
        {
            long now = Clock();
            if (e.Status == "QUEUED" && status == "IN_PROGRESS") e.StartedAt = now;
            e.Status = status;
            e.History.Add(status);
            if (details != null) e.StatusDetails = details; // [INF] §2.5: given statusDetails replace the map
            e.VersionNumber++;
            e.LastUpdatedAt = now;
        }

        private JsonNode Deliverable(PlainJobsExecution e, out string error)
        {
            var (text, why) = ResolveDocument(e);
            error = why ?? "The job document cannot be delivered";
            return text == null ? null : JsonNode.Parse(text, null, ReadOptions);
        }

        /// <summary>IN_PROGRESS first, then QUEUED, each in creation order (§2.3 $next), at most 10 (§2.2).</summary>
        private List<PlainJobsExecution> Pending(string thing) =>
            _executions.Where(e => e.ThingName == thing && !e.IsTerminal)
                .OrderBy(e => e.Status == "IN_PROGRESS" ? 0 : 1).ThenBy(e => e.Sequence).Take(MaxPending).ToList();

        private PlainJobsExecution Latest(string thing, string jobId) =>
            _executions.Where(e => e.ThingName == thing && e.JobId == jobId).OrderBy(e => e.ExecutionNumber).LastOrDefault();

        /// <summary>
        /// §2.6: notify when the set of pending executions changed (queued, ended, removed; a QUEUED to IN_PROGRESS
        /// change alone publishes nothing), notify-next when which execution is next changed.
        /// </summary>
        private void Notify(string thing, List<PlainJobsExecution> before)
        {
            var after = Pending(thing);
            string prefix = "$aws/things/" + thing + "/jobs/";
            if (!before.Select(e => e.Sequence).OrderBy(x => x).SequenceEqual(after.Select(e => e.Sequence).OrderBy(x => x)))
            {
                var jobs = new JsonObject();
                foreach (string status in new[] { "IN_PROGRESS", "QUEUED" })
                {
                    var list = after.Where(e => e.Status == status).Select(e => (JsonNode)e.Summary()).ToArray();
                    if (list.Length > 0) jobs[status] = new JsonArray(list);
                }
                Send(prefix + "notify", new JsonObject { ["timestamp"] = Clock(), ["jobs"] = jobs });
            }

            var headBefore = before.FirstOrDefault();
            var headAfter = after.FirstOrDefault();
            if (headBefore?.Sequence != headAfter?.Sequence)
            {
                var body = new JsonObject { ["timestamp"] = Clock() };
                if (headAfter != null)
                {
                    var (text, _) = ResolveDocument(headAfter);
                    body["execution"] = headAfter.Full(text == null ? null : JsonNode.Parse(text, null, ReadOptions));
                }
                Send(prefix + "notify-next", body);
            }
        }

        private void Accept(string requestTopic, string token, JsonObject members)
        {
            var body = new JsonObject { ["timestamp"] = Clock() };
            if (token != null) body["clientToken"] = token;
            foreach (var kv in members.ToList())
            {
                members.Remove(kv.Key);
                body[kv.Key] = kv.Value;
            }
            Send(requestTopic + "/accepted", body);
        }

        // §2.7: executionState only for InvalidStateTransition and VersionMismatch; clientToken echoed whenever it was readable.
        private void Reject(string requestTopic, string token, string code, string message, JsonObject executionState)
        {
            var body = new JsonObject { ["code"] = code, ["message"] = message };
            if (token != null) body["clientToken"] = token;
            body["timestamp"] = Clock();
            if (executionState != null) body["executionState"] = executionState;
            Send(requestTopic + "/rejected", body);
        }

        private void Send(string topic, JsonObject body)
        {
            var filter = ReplyFilter;
            if (filter != null)
            {
                body = filter(topic, body);
                if (body == null) return;
            }
            string text = body.ToJsonString(Wire);
            Published.Enqueue((topic, text));
            _publish(topic, Encoding.UTF8.GetBytes(text));
        }

        private static bool ReadDetails(JsonObject request, out Dictionary<string, string> details, out string why)
        {
            details = null;
            why = null;
            JsonNode node = request["statusDetails"];
            if (node == null) return true;
            if (!(node is JsonObject o))
            {
                why = "statusDetails must be an object";
                return false;
            }
            if (o.Count > MaxDetailPairs)
            {
                why = "statusDetails has more than 10 pairs";
                return false;
            }
            details = new Dictionary<string, string>();
            foreach (var kv in o)
            {
                string value = kv.Value is JsonValue v && v.TryGetValue(out string text) ? text : null;
                if (!DetailsKeyPattern.IsMatch(kv.Key) || value == null || value.Length == 0 || value.Length > MaxDetailValueChars || value.Any(char.IsControl))
                {
                    why = "statusDetails member '" + kv.Key + "' breaks the key or value constraints";
                    return false;
                }
                details[kv.Key] = value;
            }
            return true;
        }

        private static bool ReadStepTimeout(JsonObject request, bool allowCancel, out string why)
        {
            why = "stepTimeoutInMinutes must be 1-10080" + (allowCancel ? " or -1" : string.Empty);
            if (!ReadLong(request, "stepTimeoutInMinutes", out long? minutes)) return false;
            return !minutes.HasValue || (minutes.Value >= 1 && minutes.Value <= 10080) || (allowCancel && minutes.Value == -1);
        }

        // §2.5: a number, or a numeric string as the AWS embedded Jobs library sends it.
        private static bool ReadExpectedVersion(JsonObject request, out long? value)
        {
            value = null;
            if (request["expectedVersion"] is JsonValue v && v.TryGetValue(out string text))
            {
                if (!long.TryParse(text, out long parsed)) return false;
                value = parsed;
                return true;
            }
            return ReadLong(request, "expectedVersion", out value);
        }

        private static bool ReadLong(JsonObject request, string name, out long? value)
        {
            value = null;
            JsonNode node = request[name];
            if (node == null) return true;
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long n))
            {
                value = n;
                return true;
            }
            return false;
        }

        private static bool ReadBool(JsonObject request, string name, bool fallback, out bool value)
        {
            value = fallback;
            JsonNode node = request[name];
            if (node == null) return true;
            if (node is JsonValue v && v.TryGetValue(out bool b))
            {
                value = b;
                return true;
            }
            return false;
        }
    }
}
