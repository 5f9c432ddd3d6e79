using System;
using System.Collections.Generic;
using System.Linq;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Store;

namespace NfDevice.Cloud.Jobs
{
    /// <summary>Where the Jobs service sends MQTT messages: replies to one client, events to subscribers.</summary>
    public interface IJobsOutbox
    {
        /// <summary>Delivers a reply to <paramref name="clientId"/> only (it need not subscribe).</summary>
        void SendToClient(string clientId, string topic, byte[] payload);

        /// <summary>Publishes an event (notify, notify-next) to whoever subscribed.</summary>
        void Publish(string topic, byte[] payload);
    }

    /// <summary>
    /// AWS IoT Jobs: jobs, executions, the device MQTT API, timers, retries, abort and rollout.
    /// One lock guards all state; messages are handed to the outbox inside the lock so their order
    /// follows the order of the state changes.
    /// </summary>
    public sealed partial class JobsService
    {
        private readonly object _gate = new object();
        private readonly IClock _clock;
        private readonly Registry _registry;
        private readonly IJobsOutbox _outbox;
        private readonly JobsJournal _journal;
        private readonly Dictionary<string, JobRecord> _jobs = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<ExecutionRecord>> _byThing = new Dictionary<string, List<ExecutionRecord>>(StringComparer.Ordinal);
        private readonly HashSet<ExecutionRecord> _timed = new HashSet<ExecutionRecord>();
        private long _sequence;

        /// <summary>
        /// Creates the service; with <paramref name="db"/>, loads the jobs and executions stored there (timers
        /// included: one that fell due while the emulator was down fires at the next <see cref="Tick"/>) and writes
        /// every change back before it is answered (see <see cref="JobsJournal"/>).
        /// </summary>
        public JobsService(IClock clock, Registry registry, IJobsOutbox outbox, JobsLimits limits = null, IJobDocumentResolver resolver = null, StateDatabase db = null)
        {
            _clock = clock;
            _registry = registry;
            _outbox = _journal = new JobsJournal(outbox, db);
            Limits = limits ?? new JobsLimits();
            Resolver = resolver ?? new IdentityDocumentResolver();
            foreach (JobRecord job in _journal.Load())
            {
                _jobs.Add(job.JobId, job);
                _sequence = Math.Max(_sequence, job.Sequence);
                foreach (ExecutionRecord e in job.Executions)
                {
                    Executions(e.ThingName).Add(e);
                    _sequence = Math.Max(_sequence, e.Sequence);
                    if (e.Deadline.HasValue && e.Status == ExecStatus.InProgress) _timed.Add(e);
                }
            }
            foreach (JobTemplateRecord template in _journal.LoadTemplates()) _templates[template.JobTemplateId] = template;
            foreach (List<ExecutionRecord> list in _byThing.Values) list.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            _clock.Advanced += Tick;
        }

        /// <summary>Writes what the current operation changed, then sends its messages; call under the lock, last.</summary>
        private void Commit() => _journal.Commit();

        /// <summary>
        /// <c>using CommitOnExit commit = CommitWhenDone();</c> first inside <c>lock (_gate)</c> of every operation that
        /// changes state: the commit runs when the block is left (return or exception), still under the lock.
        /// </summary>
        private CommitOnExit CommitWhenDone() => new CommitOnExit(this);

        /// <summary>Commits the journal when disposed.</summary>
        private readonly struct CommitOnExit : IDisposable
        {
            private readonly JobsService _service;
            public CommitOnExit(JobsService service) { _service = service; }
            public void Dispose() => _service.Commit();
        }

        /// <summary>Limits applied to device requests.</summary>
        public JobsLimits Limits { get; }

        /// <summary>Resolves document placeholders per delivery (replaceable, e.g. by the S3 presigned-URL resolver).</summary>
        public IJobDocumentResolver Resolver { get; set; }

        private long Now => _clock.UtcNow.ToUnixTimeSeconds();

        /// <summary>A copy of every execution, ordered by job creation then thing then number.</summary>
        public IReadOnlyList<ExecutionSnapshot> Snapshot()
        {
            lock (_gate)
            {
                return _jobs.Values.OrderBy(j => j.Sequence).SelectMany(j => j.Executions)
                    .OrderBy(e => e.Job.Sequence).ThenBy(e => e.ThingName, StringComparer.Ordinal).ThenBy(e => e.ExecutionNumber)
                    .Select(Snap).ToList();
            }
        }

        /// <summary>Copies one execution.</summary>
        public static ExecutionSnapshot Snap(ExecutionRecord e) => new ExecutionSnapshot(
            e.JobId, e.ThingName, e.ExecutionNumber, e.Status, e.VersionNumber,
            e.StatusDetails == null ? new Dictionary<string, string>() : new Dictionary<string, string>(e.StatusDetails),
            e.QueuedAt, e.StartedAt, e.LastUpdatedAt, e.RetryAttempt);

        // ---- queue views and notifications (reference §2.6) ----

        private List<ExecutionRecord> Executions(string thing)
        {
            if (!_byThing.TryGetValue(thing, out var list))
            {
                list = new List<ExecutionRecord>();
                _byThing.Add(thing, list);
            }
            return list;
        }

        // Pending executions: IN_PROGRESS first, then QUEUED, each in queue order.
        private List<ExecutionRecord> Pending(string thing)
        {
            if (!_byThing.TryGetValue(thing, out var list)) return new List<ExecutionRecord>();
            return list.Where(e => !ExecStatus.IsTerminal(e.Status))
                .OrderBy(e => e.Status == ExecStatus.InProgress ? 0 : 1).ThenBy(e => e.Sequence).ToList();
        }

        private sealed class View
        {
            public List<(ExecutionRecord Execution, string Status)> Items;
            public ExecutionRecord Head;
        }

        private View Capture(string thing)
        {
            var pending = Pending(thing);
            return new View { Items = pending.Select(e => (e, e.Status)).ToList(), Head = pending.Count > 0 ? pending[0] : null };
        }

        // notify: the pending set changed, or an entry changed status other than the head starting in place.
        // notify-next: the head changed (including to none).
        private void EmitChanges(string thing, View before)
        {
            View after = Capture(thing);
            // Every execution that was or is pending may have changed: they are what the journal writes.
            foreach (var item in before.Items) _journal.Touch(item.Execution);
            foreach (var item in after.Items) _journal.Touch(item.Execution);
            bool setChanged = before.Items.Count != after.Items.Count
                || !before.Items.Select(i => i.Execution).ToHashSet().SetEquals(after.Items.Select(i => i.Execution));
            bool statusChanged = false;
            if (!setChanged)
            {
                foreach (var (e, status) in after.Items)
                {
                    string old = before.Items.First(i => i.Execution == e).Status;
                    if (old != status && !(e == before.Head && e == after.Head)) statusChanged = true;
                }
            }
            long now = Now;
            if (setChanged || statusChanged) PublishNotify(thing, after, now);
            if (before.Head != after.Head) PublishNotifyNext(thing, after.Head, now);
        }

        private void PublishNotify(string thing, View view, long now)
        {
            var listed = view.Items.Take(Limits.MaxPendingListed).Select(i => i.Execution).ToList();
            byte[] payload = JobsJson.Object(w =>
            {
                w.WriteNumber("timestamp", now);
                w.WritePropertyName("jobs");
                w.WriteStartObject();
                foreach (string status in new[] { ExecStatus.InProgress, ExecStatus.Queued })
                {
                    var group = listed.Where(e => e.Status == status).ToList();
                    if (group.Count == 0) continue;
                    w.WritePropertyName(status);
                    w.WriteStartArray();
                    foreach (var e in group) JobsJson.Summary(w, e);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            });
            _outbox.Publish("$aws/things/" + thing + "/jobs/notify", payload);
        }

        private void PublishNotifyNext(string thing, ExecutionRecord head, long now)
        {
            byte[] payload = JobsJson.Object(w =>
            {
                w.WriteNumber("timestamp", now);
                if (head != null)
                {
                    // An unresolvable document (e.g. the role may not read the image) is left out of notify-next;
                    // the device's DescribeJobExecution then gets the reason on /rejected.
                    string document = TryResolveDocument(head, now, out string resolved, out string error) ? resolved : null;
                    if (error != null) LogResolveFailure?.Invoke(head.JobId + " for " + thing + ": notify-next without jobDocument: " + error);
                    w.WritePropertyName("execution");
                    JobsJson.Execution(w, head, document);
                }
            });
            _outbox.Publish("$aws/things/" + thing + "/jobs/notify-next", payload);
        }

        /// <summary>Receives a line for each document that could not be resolved (the emulator log).</summary>
        public Action<string> LogResolveFailure { get; set; }

        /// <summary>
        /// Resolves the document for one delivery. Any resolver failure (PlaceholderResolutionException or other)
        /// is turned into <paramref name="error"/> so it never escapes into the broker.
        /// </summary>
        private bool TryResolveDocument(ExecutionRecord e, long now, out string document, out string error)
        {
            try
            {
                document = ResolveDocument(e, now);
                error = null;
                return true;
            }
            catch (Exception ex)
            {
                document = null;
                error = ex.Message;
                return false;
            }
        }

        private string ResolveDocument(ExecutionRecord e, long now) => Resolver.Resolve(new JobDocumentContext
        {
            JobId = e.JobId,
            ThingName = e.ThingName,
            ExecutionNumber = e.ExecutionNumber,
            Document = e.Job.Spec.Document,
            PresignedUrlRoleArn = e.Job.Spec.PresignedUrlRoleArn,
            PresignedUrlExpiresInSec = e.Job.Spec.PresignedUrlExpiresInSec ?? 3600,
            NowSeconds = now,
        });

        // ---- execution lifecycle shared by device and control plane ----

        private ExecutionRecord Queue(JobRecord job, string thing, ExecutionRecord previous)
        {
            long now = Now;
            var list = Executions(thing);
            long number = list.Where(x => x.Job == job).Select(x => x.ExecutionNumber).DefaultIfEmpty(0).Max() + 1;
            var e = new ExecutionRecord
            {
                Job = job,
                ThingName = thing,
                ExecutionNumber = number,
                QueuedAt = now,
                LastUpdatedAt = now,
                Sequence = ++_sequence,
                RetryAttempt = previous == null ? 0 : previous.RetryAttempt + 1,
                FailedRetries = previous?.FailedRetries ?? 0,
                TimedOutRetries = previous?.TimedOutRetries ?? 0,
            };
            list.Add(e);
            job.Executions.Add(e);
            job.LastUpdatedAt = now;
            _journal.Touch(e);
            return e;
        }

        private void Start(ExecutionRecord e, long now)
        {
            _journal.Touch(e);
            e.StartedAt ??= now;
            if (e.Job.Spec.InProgressTimeoutInMinutes.HasValue && !e.InProgressDeadline.HasValue)
            {
                e.InProgressDeadline = now + e.Job.Spec.InProgressTimeoutInMinutes.Value * 60L;
                _timed.Add(e);
            }
        }

        private void SetStepTimer(ExecutionRecord e, long minutes, long now)
        {
            _journal.Touch(e);
            if (minutes == -1) e.StepDeadline = null;
            else
            {
                // A step timer never extends beyond the in-progress deadline (reference §3.3).
                long deadline = now + minutes * 60L;
                e.StepDeadline = e.InProgressDeadline.HasValue ? Math.Min(deadline, e.InProgressDeadline.Value) : deadline;
                _timed.Add(e);
            }
        }

        // Moves an execution to a terminal status and runs retry, abort and completion rules.
        private void Finish(ExecutionRecord e, string status, long now)
        {
            _journal.Touch(e);
            e.Status = status;
            e.LastUpdatedAt = now;
            e.StepDeadline = null;
            e.InProgressDeadline = null;
            _timed.Remove(e);
            JobRecord job = e.Job;
            job.LastUpdatedAt = now;
            if (status == ExecStatus.Succeeded) job.RolloutSucceededSinceIncrease++;
            if ((status == ExecStatus.Failed || status == ExecStatus.TimedOut) && job.Status == "IN_PROGRESS") TryRetry(e);
            if (status == ExecStatus.Failed || status == ExecStatus.TimedOut || status == ExecStatus.Rejected) CheckAbort(job, now, e.ThingName);
            CheckCompleted(job, now);
        }

        private void TryRetry(ExecutionRecord e)
        {
            var criteria = e.Job.Spec.RetryCriteria;
            if (criteria == null) return;
            bool failed = e.Status == ExecStatus.Failed;
            RetryCriterion specific = criteria.FirstOrDefault(c => c.FailureType == e.Status);
            RetryCriterion all = criteria.FirstOrDefault(c => c.FailureType == "ALL");
            int used;
            int allowed;
            if (specific != null)
            {
                used = failed ? e.FailedRetries : e.TimedOutRetries;
                allowed = specific.NumberOfRetries;
            }
            else if (all != null)
            {
                used = e.FailedRetries + e.TimedOutRetries;
                allowed = all.NumberOfRetries;
            }
            else return;
            if (used >= allowed) return;
            ExecutionRecord next = Queue(e.Job, e.ThingName, e);
            if (failed) next.FailedRetries++; else next.TimedOutRetries++;
        }

        private void CheckCompleted(JobRecord job, long now)
        {
            if (job.Status != "IN_PROGRESS" || job.Spec.TargetSelection == "CONTINUOUS" || job.RolloutPending.Count > 0) return;
            if (job.Executions.All(x => ExecStatus.IsTerminal(x.Status)))
            {
                _journal.Touch(job);
                job.Status = "COMPLETED";
                job.CompletedAt = now;
                job.LastUpdatedAt = now;
            }
        }

        /// <summary>The latest execution of each thing (what jobProcessDetails counts).</summary>
        internal static IEnumerable<ExecutionRecord> Latest(JobRecord job) =>
            job.Executions.GroupBy(x => x.ThingName).Select(g => g.OrderByDescending(x => x.ExecutionNumber).First());
    }
}
