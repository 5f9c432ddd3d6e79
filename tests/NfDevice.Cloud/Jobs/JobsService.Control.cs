using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Iot;

namespace NfDevice.Cloud.Jobs
{
    public sealed partial class JobsService
    {
        /// <summary>CreateJob: validates the spec, queues executions for the targets (or the rollout queue). Throws <see cref="AwsException"/>.</summary>
        public JobRecord CreateJob(JobSpec spec)
        {
            if (spec.JobTemplateArn != null) ApplyTemplate(spec);
            // documentSource and ${aws:iot:code-sign-signature:...} are resolved once, here, before validation.
            PrepareSpec?.Invoke(spec);
            Validate(spec);
            lock (_gate)
            {
                using CommitOnExit commit = CommitWhenDone();
                long now = Now;
                if (spec.Scheduling != null) ValidateScheduling(spec.Scheduling, now);
                if (_jobs.ContainsKey(spec.JobId)) throw new AwsException("ResourceAlreadyExistsException", 409, "Job with id " + spec.JobId + " already exists.");
                List<string> things = ResolveTargets(spec.Targets);
                var job = new JobRecord { Spec = spec, CreatedAt = now, LastUpdatedAt = now, Sequence = ++_sequence };
                _jobs.Add(spec.JobId, job);
                _journal.Touch(job);
                if (spec.Scheduling?.StartAt != null) job.Status = "SCHEDULED";
                else Launch(job, things, now);
                return job;
            }
        }

        // Queues the executions of a job that starts now (at creation, or at its scheduled startTime). Rollout rates and
        // maintenance windows release them from RolloutPending instead.
        private void Launch(JobRecord job, List<string> things, long now)
        {
            JobSpec spec = job.Spec;
            _journal.Touch(job);
            job.Launched = true;
            job.Status = "IN_PROGRESS";
            job.LastUpdatedAt = now;
            if (spec.Rollout != null || HasWindows(job))
            {
                job.RolloutRate = spec.Rollout == null ? 1000 : spec.Rollout.BaseRatePerMinute ?? spec.Rollout.MaximumPerMinute ?? 1000;
                job.RolloutWindowStart = now;
                foreach (string t in things) job.RolloutPending.Enqueue(t);
                if (HasWindows(job) && !InMaintenanceWindow(job, now)) job.Status = "SCHEDULED";
                else ReleaseRollout(job, now);
            }
            else
            {
                foreach (string t in things)
                {
                    View before = Capture(t);
                    Queue(job, t, null);
                    EmitChanges(t, before);
                }
            }
            CheckCompleted(job, now);
        }

        /// <summary>
        /// Runs at CreateJob before validation (throws <see cref="AwsException"/> to refuse): the emulator reads
        /// documentSource and resolves code-sign placeholders here (see Firmware/FirmwareJobPreparer).
        /// </summary>
        public Action<JobSpec> PrepareSpec { get; set; }

        private List<string> ResolveTargets(List<string> targets)
        {
            var things = new List<string>();
            foreach (string arn in targets)
            {
                if (arn.StartsWith(Arns.IotPrefix + "thing/", StringComparison.Ordinal))
                {
                    string name = arn.Substring(Arns.IotPrefix.Length + 6);
                    if (_registry.FindThing(name) == null) throw AwsException.NotFound("Thing " + name + " cannot be found.");
                    things.Add(name);
                }
                else if (arn.StartsWith(Arns.IotPrefix + "thinggroup/", StringComparison.Ordinal))
                {
                    string name = arn.Substring(Arns.IotPrefix.Length + 11);
                    if (_registry.FindGroup(name) == null) throw AwsException.NotFound("Thing group " + name + " cannot be found.");
                    things.AddRange(_registry.GroupMembers(name));
                }
                else throw AwsException.Invalid("Invalid target ARN: " + arn);
            }
            return things.Distinct(StringComparer.Ordinal).ToList();
        }

        private static void Validate(JobSpec s)
        {
            if (!IsValidJobId(s.JobId)) throw AwsException.Invalid("1 validation error detected: Value '" + s.JobId + "' at 'jobId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+");
            if (s.Targets == null || s.Targets.Count == 0) throw AwsException.Invalid("1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null");
            ValidateDocument(s.Document);
            if (s.TargetSelection != "SNAPSHOT" && s.TargetSelection != "CONTINUOUS") throw AwsException.Invalid("Value '" + s.TargetSelection + "' at 'targetSelection' failed to satisfy constraint: Member must satisfy enum value set: [CONTINUOUS, SNAPSHOT]");
            ValidateConfigs(s);
        }

        private static void ValidateDocument(string document)
        {
            if (document == null) throw AwsException.Invalid("Either document or documentSource must be specified.");
            // The limit counts UTF-8 bytes: that is what crosses the wire to the device (reference aws-facts §4).
            if (System.Text.Encoding.UTF8.GetByteCount(document) > MaxDocumentBytes) throw AwsException.Invalid("1 validation error detected: Value at 'document' failed to satisfy constraint: Member must have length less than or equal to 32768");
            try
            {
                using var doc = JsonDocument.Parse(document);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) throw AwsException.Invalid("The job document must be a JSON object.");
            }
            catch (JsonException) { throw AwsException.Invalid("The job document is not valid JSON."); }
        }

        /// <summary>The job document limit: 32,768 (botocore model), counted in UTF-8 bytes.</summary>
        public const int MaxDocumentBytes = 32768;

        // The configurations CreateJob, UpdateJob and CreateJobTemplate share.
        private static void ValidateConfigs(JobSpec s)
        {
            if (s.InProgressTimeoutInMinutes.HasValue && (s.InProgressTimeoutInMinutes < 1 || s.InProgressTimeoutInMinutes > 10080)) throw AwsException.Invalid("inProgressTimeoutInMinutes must be between 1 and 10080.");
            if (s.RetryCriteria != null)
            {
                if (s.RetryCriteria.Count < 1 || s.RetryCriteria.Count > 2) throw AwsException.Invalid("jobExecutionsRetryConfig.criteriaList must have 1 or 2 entries.");
                foreach (var c in s.RetryCriteria)
                {
                    if (c.FailureType != "FAILED" && c.FailureType != "TIMED_OUT" && c.FailureType != "ALL") throw AwsException.Invalid("Value '" + c.FailureType + "' at 'failureType' failed to satisfy constraint: Member must satisfy enum value set: [FAILED, TIMED_OUT, ALL]");
                    if (c.NumberOfRetries < 0 || c.NumberOfRetries > 10) throw AwsException.Invalid("numberOfRetries must be between 0 and 10.");
                }
                if (s.RetryCriteria.Sum(c => c.NumberOfRetries) > 10) throw AwsException.Invalid("The combined numberOfRetries must not exceed 10.");
            }
            if (s.AbortCriteria != null)
            {
                foreach (var c in s.AbortCriteria)
                {
                    if (c.FailureType != "FAILED" && c.FailureType != "REJECTED" && c.FailureType != "TIMED_OUT" && c.FailureType != "ALL") throw AwsException.Invalid("Value '" + c.FailureType + "' at 'failureType' failed to satisfy constraint: Member must satisfy enum value set: [FAILED, REJECTED, TIMED_OUT, ALL]");
                    if (c.Action != "CANCEL") throw AwsException.Invalid("Value '" + c.Action + "' at 'action' failed to satisfy constraint: Member must satisfy enum value set: [CANCEL]");
                    if (c.ThresholdPercentage < 0 || c.ThresholdPercentage > 100) throw AwsException.Invalid("thresholdPercentage must be between 0 and 100.");
                    if (c.MinNumberOfExecutedThings < 1) throw AwsException.Invalid("minNumberOfExecutedThings must be at least 1.");
                }
            }
            if (s.Rollout != null)
            {
                var r = s.Rollout;
                if (r.MaximumPerMinute.HasValue && (r.MaximumPerMinute < 1 || r.MaximumPerMinute > 1000)) throw AwsException.Invalid("maximumPerMinute must be between 1 and 1000.");
                if (r.BaseRatePerMinute.HasValue && (r.BaseRatePerMinute < 1 || r.BaseRatePerMinute > 1000)) throw AwsException.Invalid("baseRatePerMinute must be between 1 and 1000.");
                if (r.BaseRatePerMinute.HasValue && (r.IncrementFactor < 1.1 || r.IncrementFactor > 5)) throw AwsException.Invalid("incrementFactor must be between 1.1 and 5.");
                if (r.BaseRatePerMinute.HasValue && !r.NumberOfNotifiedThings.HasValue && !r.NumberOfSucceededThings.HasValue) throw AwsException.Invalid("rateIncreaseCriteria must specify numberOfNotifiedThings or numberOfSucceededThings.");
            }
            if (s.PresignedUrlExpiresInSec.HasValue && (s.PresignedUrlExpiresInSec < 60 || s.PresignedUrlExpiresInSec > 3600)) throw AwsException.Invalid("expiresInSec must be between 60 and 3600.");
        }

        /// <summary>DescribeJob's record (throws ResourceNotFoundException).</summary>
        public JobRecord GetJob(string jobId)
        {
            lock (_gate)
            {
                if (jobId != null && _jobs.TryGetValue(jobId, out var job)) return job;
                throw AwsException.NotFound("Job " + jobId + " cannot be found.");
            }
        }

        /// <summary>Jobs in creation order.</summary>
        public IReadOnlyList<JobRecord> ListJobs()
        {
            lock (_gate) { return _jobs.Values.OrderBy(j => j.Sequence).ToList(); }
        }

        /// <summary>Runs <paramref name="read"/> under the service lock (for consistent control-plane reads).</summary>
        public T Read<T>(Func<T> read)
        {
            lock (_gate) { return read(); }
        }

        /// <summary>CancelJob: QUEUED executions are canceled; IN_PROGRESS ones only with force.</summary>
        public JobRecord CancelJob(string jobId, bool force, string reasonCode, string comment)
        {
            lock (_gate)
            {
                using CommitOnExit commit = CommitWhenDone();
                JobRecord job = GetJob(jobId);
                if (job.Status == "COMPLETED") throw AwsException.BadTransition("Job " + jobId + " is in status COMPLETED and cannot be canceled.");
                if (job.Status == "CANCELED" && !force) return job;
                long now = Now;
                _journal.Touch(job);
                job.Status = "CANCELED";
                job.ForceCanceled |= force;
                job.ReasonCode = reasonCode ?? job.ReasonCode;
                job.Comment = comment ?? job.Comment;
                job.CompletedAt ??= now;
                job.LastUpdatedAt = now;
                job.RolloutPending.Clear();
                foreach (var e in job.Executions.Where(x => x.Status == ExecStatus.Queued || (force && x.Status == ExecStatus.InProgress)).ToList())
                {
                    View before = Capture(e.ThingName);
                    e.ForceCanceled = e.Status == ExecStatus.InProgress;
                    e.VersionNumber++;
                    Finish(e, ExecStatus.Canceled, now);
                    EmitChanges(e.ThingName, before);
                }
                return job;
            }
        }

        /// <summary>DeleteJob: refused for an IN_PROGRESS job without force; removes every execution.</summary>
        public void DeleteJob(string jobId, bool force)
        {
            lock (_gate)
            {
                using CommitOnExit commit = CommitWhenDone();
                JobRecord job = GetJob(jobId);
                if (!force && job.Executions.Any(x => x.Status == ExecStatus.InProgress))
                    throw AwsException.BadTransition("Cannot delete job " + jobId + " while executions are IN_PROGRESS unless force is true.");
                foreach (var group in job.Executions.GroupBy(x => x.ThingName).ToList())
                {
                    View before = Capture(group.Key);
                    foreach (var e in group) { Executions(group.Key).Remove(e); _timed.Remove(e); _journal.Deleted(e); }
                    EmitChanges(group.Key, before);
                }
                _jobs.Remove(jobId);
                _journal.Deleted(job);
            }
        }

        /// <summary>DescribeJobExecution (latest execution unless a number is given).</summary>
        public ExecutionRecord DescribeExecution(string thing, string jobId, long? executionNumber)
        {
            lock (_gate)
            {
                return Find(thing, jobId, executionNumber) ?? throw AwsException.NotFound("Job execution " + jobId + " for thing " + thing + " cannot be found.");
            }
        }

        /// <summary>Executions of a job, optionally filtered by status.</summary>
        public IReadOnlyList<ExecutionRecord> ExecutionsForJob(string jobId, string status)
        {
            lock (_gate)
            {
                return GetJob(jobId).Executions.Where(x => status == null || x.Status == status)
                    .OrderBy(x => x.ThingName, StringComparer.Ordinal).ThenBy(x => x.ExecutionNumber).ToList();
            }
        }

        /// <summary>Executions for a thing, optionally filtered.</summary>
        public IReadOnlyList<ExecutionRecord> ExecutionsForThing(string thing, string status, string jobId)
        {
            lock (_gate)
            {
                if (!_byThing.TryGetValue(thing, out var list)) return new List<ExecutionRecord>();
                return list.Where(x => (status == null || x.Status == status) && (jobId == null || x.JobId == jobId)).OrderBy(x => x.Sequence).ToList();
            }
        }

        /// <summary>CancelJobExecution: QUEUED -> CANCELED; IN_PROGRESS only with force; checks expectedVersion.</summary>
        public void CancelExecution(string thing, string jobId, bool force, long? expectedVersion, Dictionary<string, string> statusDetails)
        {
            lock (_gate)
            {
                using CommitOnExit commit = CommitWhenDone();
                ExecutionRecord e = Find(thing, jobId, null) ?? throw AwsException.NotFound("Job execution " + jobId + " for thing " + thing + " cannot be found.");
                if (expectedVersion.HasValue && expectedVersion.Value != e.VersionNumber)
                    throw AwsException.VersionConflict("The expected version " + expectedVersion.Value + " does not match the current version " + e.VersionNumber + ".");
                if (ExecStatus.IsTerminal(e.Status) || (e.Status == ExecStatus.InProgress && !force))
                    throw AwsException.BadTransition("Cannot cancel job execution " + jobId + " for thing " + thing + " in status " + e.Status + (e.Status == ExecStatus.InProgress ? " without force." : "."));
                View before = Capture(thing);
                long now = Now;
                if (statusDetails != null) e.StatusDetails = statusDetails;
                e.ForceCanceled = e.Status == ExecStatus.InProgress;
                e.VersionNumber++;
                Finish(e, ExecStatus.Canceled, now);
                EmitChanges(thing, before);
            }
        }

        /// <summary>DeleteJobExecution: a QUEUED or IN_PROGRESS execution only with force (API reference: without it, only terminal ones).</summary>
        public void DeleteExecution(string thing, string jobId, long executionNumber, bool force)
        {
            lock (_gate)
            {
                using CommitOnExit commit = CommitWhenDone();
                ExecutionRecord e = Find(thing, jobId, executionNumber) ?? throw AwsException.NotFound("Job execution " + jobId + " number " + executionNumber + " for thing " + thing + " cannot be found.");
                if (!ExecStatus.IsTerminal(e.Status) && !force)
                    throw AwsException.BadTransition("Cannot delete job execution " + jobId + " for thing " + thing + " in status " + e.Status + " without force.");
                View before = Capture(thing);
                Executions(thing).Remove(e);
                e.Job.Executions.Remove(e);
                _timed.Remove(e);
                _journal.Deleted(e);
                _journal.Touch(e.Job);
                CheckCompleted(e.Job, Now);
                EmitChanges(thing, before);
            }
        }

        /// <summary>A thing joined a group: CONTINUOUS jobs targeting the group queue an execution for it.</summary>
        public void OnThingAddedToGroup(string thing, string group)
        {
            lock (_gate)
            {
                using CommitOnExit commit = CommitWhenDone();
                string arn = Arns.ThingGroup(group);
                foreach (var job in _jobs.Values.Where(j => j.Status == "IN_PROGRESS" && j.Spec.TargetSelection == "CONTINUOUS" && j.Spec.Targets.Contains(arn)).OrderBy(j => j.Sequence))
                {
                    if (Executions(thing).Any(x => x.Job == job)) continue;
                    View before = Capture(thing);
                    Queue(job, thing, null);
                    EmitChanges(thing, before);
                }
            }
        }

        /// <summary>A thing left a group: its pending executions of CONTINUOUS jobs targeting only through that group become REMOVED.</summary>
        public void OnThingRemovedFromGroup(string thing, string group)
        {
            lock (_gate)
            {
                using CommitOnExit commit = CommitWhenDone();
                string arn = Arns.ThingGroup(group);
                foreach (var e in Executions(thing).Where(x => !ExecStatus.IsTerminal(x.Status) && x.Job.Spec.TargetSelection == "CONTINUOUS"
                    && x.Job.Spec.Targets.Contains(arn) && !x.Job.Spec.Targets.Contains(Arns.Thing(thing))).ToList())
                {
                    View before = Capture(thing);
                    e.VersionNumber++;
                    Finish(e, ExecStatus.Removed, Now);
                    EmitChanges(thing, before);
                }
            }
        }
    }
}
