using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace NfDevice.Cloud.Jobs
{
    public sealed partial class JobsService
    {
        private static readonly Regex JobIdPattern = new Regex("^[a-zA-Z0-9_-]{1,64}$", RegexOptions.CultureInvariant);

        /// <summary>
        /// Fault injection: given (thingName, request topic), return an error code (e.g. RequestThrottled, InternalError)
        /// to reject the request with, or null to serve it normally.
        /// </summary>
        public Func<string, string, string> RejectWith { get; set; }

        /// <summary>True for a valid jobId ([a-zA-Z0-9_-]{1,64}).</summary>
        public static bool IsValidJobId(string jobId) => jobId != null && JobIdPattern.IsMatch(jobId);

        /// <summary>
        /// Handles a device publish under $aws/things/{thingName}/jobs/. The broker has already checked that
        /// the topic belongs to the client's thing. Replies go to <paramref name="clientId"/> only.
        /// </summary>
        public void HandleDeviceRequest(string clientId, string thingName, string topic, byte[] payload)
        {
            string prefix = "$aws/things/" + thingName + "/jobs/";
            string rest = topic.StartsWith(prefix, System.StringComparison.Ordinal) ? topic.Substring(prefix.Length) : null;
            string[] parts = rest?.Split('/');
            lock (_gate)
            {
                using CommitOnExit commit = CommitWhenDone();
                string injected = RejectWith?.Invoke(thingName, topic);
                if (injected != null)
                {
                    // Fault injection (tests, demo): answer as AWS does when throttling or failing internally.
                    Reject(clientId, topic, DeviceRequest.Parse(payload, true, Limits).ClientToken, injected, injected == "RequestThrottled" ? "Rate exceeded" : "Internal error", null);
                    return;
                }
                if (parts == null) { Reject(clientId, topic, null, "InvalidTopic", "Topic is not a Jobs request topic", null); return; }
                if (parts.Length == 1 && parts[0] == "get") GetPending(clientId, thingName, topic, payload);
                else if (parts.Length == 1 && parts[0] == "start-next") StartNext(clientId, thingName, topic, payload);
                else if (parts.Length == 2 && parts[1] == "get" && parts[0].Length > 0) Describe(clientId, thingName, parts[0], topic, payload);
                else if (parts.Length == 2 && parts[1] == "update" && parts[0].Length > 0) Update(clientId, thingName, parts[0], topic, payload);
                else Reject(clientId, topic, null, "InvalidTopic", "The topic " + topic + " is not a valid Jobs topic", null);
            }
        }

        private void Reject(string clientId, string topic, string clientToken, string code, string message, ExecutionRecord state)
        {
            _outbox.SendToClient(clientId, topic + "/rejected", JobsJson.Rejected(code, message, clientToken, Now, state));
        }

        /// <summary>
        /// A document whose placeholders cannot be resolved (no presignedUrlConfig, role not trusted or without
        /// s3:GetObject, bad S3 URL) is refused with InvalidRequest — the device-API code AWS uses for requests it
        /// cannot serve as asked — and the reason in message, instead of a document without a usable URL.
        /// </summary>
        private void RejectUnresolvable(string clientId, string topic, string clientToken, ExecutionRecord e, string reason)
        {
            LogResolveFailure?.Invoke(e.JobId + " for " + e.ThingName + ": " + reason);
            Reject(clientId, topic, clientToken, "InvalidRequest", "Cannot deliver the job document of " + e.JobId + ": " + reason, null);
        }

        private DeviceRequest ParseOrReject(string clientId, string topic, byte[] payload, bool allowStepCancel)
        {
            var req = DeviceRequest.Parse(payload, allowStepCancel, Limits);
            if (req.ErrorCode == null) return req;
            Reject(clientId, topic, req.ClientToken, req.ErrorCode, req.ErrorMessage, null);
            return null;
        }

        private void GetPending(string clientId, string thing, string topic, byte[] payload)
        {
            var req = ParseOrReject(clientId, topic, payload, false);
            if (req == null) return;
            var pending = Pending(thing).Take(Limits.MaxPendingListed).ToList();
            long now = Now;
            _outbox.SendToClient(clientId, topic + "/accepted", JobsJson.Object(w =>
            {
                w.WritePropertyName("inProgressJobs");
                w.WriteStartArray();
                foreach (var e in pending.Where(e => e.Status == ExecStatus.InProgress)) JobsJson.Summary(w, e);
                w.WriteEndArray();
                w.WritePropertyName("queuedJobs");
                w.WriteStartArray();
                foreach (var e in pending.Where(e => e.Status == ExecStatus.Queued)) JobsJson.Summary(w, e);
                w.WriteEndArray();
                JobsJson.Header(w, req.ClientToken, now);
            }));
        }

        private void StartNext(string clientId, string thing, string topic, byte[] payload)
        {
            var req = ParseOrReject(clientId, topic, payload, false);
            if (req == null) return;
            View before = Capture(thing);
            ExecutionRecord e = before.Head;
            long now = Now;
            string document = null;
            if (e != null && !TryResolveDocument(e, now, out document, out string resolveError))
            {
                RejectUnresolvable(clientId, topic, req.ClientToken, e, resolveError);
                return;
            }
            if (e != null && e.Status == ExecStatus.Queued)
            {
                e.Status = ExecStatus.InProgress;
                if (req.StatusDetails != null) e.StatusDetails = req.StatusDetails;
                e.VersionNumber++;
                e.LastUpdatedAt = now;
                Start(e, now);
                if (req.StepTimeoutInMinutes.HasValue) SetStepTimer(e, req.StepTimeoutInMinutes.Value, now);
                e.Job.LastUpdatedAt = now;
            }
            _outbox.SendToClient(clientId, topic + "/accepted", JobsJson.Object(w =>
            {
                JobsJson.Header(w, req.ClientToken, now);
                if (e != null)
                {
                    w.WritePropertyName("execution");
                    JobsJson.Execution(w, e, document);
                }
            }));
            EmitChanges(thing, before);
        }

        private void Describe(string clientId, string thing, string jobId, string topic, byte[] payload)
        {
            var req = ParseOrReject(clientId, topic, payload, false);
            if (req == null) return;
            if (jobId != "$next" && !IsValidJobId(jobId))
            {
                Reject(clientId, topic, req.ClientToken, "InvalidRequest", "Value at 'jobId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+|^\\$next", null);
                return;
            }
            long now = Now;
            ExecutionRecord e;
            if (jobId == "$next")
            {
                var pending = Pending(thing);
                e = pending.Count > 0 ? pending[0] : null;
            }
            else
            {
                e = Find(thing, jobId, req.ExecutionNumber);
                if (e == null)
                {
                    Reject(clientId, topic, req.ClientToken, "ResourceNotFound", "Job execution " + jobId + " for thing " + thing + " does not exist", null);
                    return;
                }
                if (Limits.RejectDescribeOfTerminal && ExecStatus.IsTerminal(e.Status))
                {
                    Reject(clientId, topic, req.ClientToken, "TerminalStateReached", "Job execution " + jobId + " is in a terminal state", null);
                    return;
                }
            }
            bool includeDocument = req.IncludeJobDocument ?? true;
            string document = null;
            if (e != null && includeDocument && !TryResolveDocument(e, now, out document, out string resolveError))
            {
                RejectUnresolvable(clientId, topic, req.ClientToken, e, resolveError);
                return;
            }
            _outbox.SendToClient(clientId, topic + "/accepted", JobsJson.Object(w =>
            {
                JobsJson.Header(w, req.ClientToken, now);
                if (e != null)
                {
                    w.WritePropertyName("execution");
                    JobsJson.Execution(w, e, document);
                }
            }));
        }

        private ExecutionRecord Find(string thing, string jobId, long? executionNumber)
        {
            if (!_byThing.TryGetValue(thing, out var list)) return null;
            var matches = list.Where(x => x.JobId == jobId);
            return executionNumber.HasValue
                ? matches.FirstOrDefault(x => x.ExecutionNumber == executionNumber.Value)
                : matches.OrderByDescending(x => x.ExecutionNumber).FirstOrDefault();
        }

        private void Update(string clientId, string thing, string jobId, string topic, byte[] payload)
        {
            var req = ParseOrReject(clientId, topic, payload, true);
            if (req == null) return;
            if (!IsValidJobId(jobId))
            {
                Reject(clientId, topic, req.ClientToken, "InvalidRequest", "Value at 'jobId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+", null);
                return;
            }
            if (req.Status == null)
            {
                Reject(clientId, topic, req.ClientToken, "InvalidRequest", "Value null at 'status' failed to satisfy constraint: Member must not be null", null);
                return;
            }
            // Devices may only send these four (reference §3.1).
            if (req.Status != ExecStatus.InProgress && req.Status != ExecStatus.Succeeded && req.Status != ExecStatus.Failed && req.Status != ExecStatus.Rejected)
            {
                Reject(clientId, topic, req.ClientToken, "InvalidRequest", "Value '" + req.Status + "' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [IN_PROGRESS, FAILED, SUCCEEDED, REJECTED]", null);
                return;
            }
            ExecutionRecord e = Find(thing, jobId, req.ExecutionNumber);
            if (e == null)
            {
                Reject(clientId, topic, req.ClientToken, "ResourceNotFound", "Job execution " + jobId + " for thing " + thing + " does not exist", null);
                return;
            }
            if (req.ExpectedVersion.HasValue && req.ExpectedVersion.Value != e.VersionNumber)
            {
                Reject(clientId, topic, req.ClientToken, "VersionMismatch", "The expected version " + req.ExpectedVersion.Value + " does not match the current version " + e.VersionNumber, e);
                return;
            }
            if (ExecStatus.IsTerminal(e.Status))
            {
                Reject(clientId, topic, req.ClientToken, "InvalidStateTransition", "Cannot update job execution status from " + e.Status + " to " + req.Status, e);
                return;
            }
            long now = Now;
            bool includeDocument = req.IncludeJobDocument ?? false;
            string document = null;
            // Resolved before anything changes, so a refused update leaves the execution as it was.
            if (includeDocument && !TryResolveDocument(e, now, out document, out string resolveError))
            {
                RejectUnresolvable(clientId, topic, req.ClientToken, e, resolveError);
                return;
            }
            View before = Capture(thing);
            if (req.StatusDetails != null) e.StatusDetails = req.StatusDetails;
            e.VersionNumber++;
            e.LastUpdatedAt = now;
            e.Job.LastUpdatedAt = now;
            if (req.Status == ExecStatus.InProgress)
            {
                e.Status = ExecStatus.InProgress;
                Start(e, now);
                if (req.StepTimeoutInMinutes.HasValue) SetStepTimer(e, req.StepTimeoutInMinutes.Value, now);
            }
            else
            {
                Finish(e, req.Status, now);
            }
            bool includeState = req.IncludeJobExecutionState ?? false;
            _outbox.SendToClient(clientId, topic + "/accepted", JobsJson.Object(w =>
            {
                if (includeState) JobsJson.State(w, "executionState", e);
                if (includeDocument)
                {
                    w.WritePropertyName("jobDocument");
                    w.WriteRawValue(document);
                }
                JobsJson.Header(w, req.ClientToken, now);
            }));
            EmitChanges(thing, before);
        }
    }
}
