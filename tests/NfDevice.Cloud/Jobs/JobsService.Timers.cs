using System;
using System.Linq;

namespace NfDevice.Cloud.Jobs
{
    public sealed partial class JobsService
    {
        /// <summary>Expires timers and releases rollout batches; called every second by the emulator and on every fake-clock advance.</summary>
        public void Tick()
        {
            lock (_gate)
            {
                long now = Now;
                foreach (ExecutionRecord e in _timed.Where(x => x.Deadline.HasValue && x.Deadline.Value <= now).ToList())
                {
                    if (e.Status != ExecStatus.InProgress) { _timed.Remove(e); continue; }
                    View before = Capture(e.ThingName);
                    e.VersionNumber++;
                    Finish(e, ExecStatus.TimedOut, now);
                    EmitChanges(e.ThingName, before);
                }
                TickScheduling(now);
                foreach (JobRecord job in _jobs.Values.Where(j => j.RolloutPending.Count > 0).OrderBy(j => j.Sequence).ToList()) ReleaseRollout(job, now);
                // Also the safety net of the write-through: whatever an operation left uncommitted goes out within a tick.
                Commit();
            }
        }

        // abortConfig: when enough executed things failed the given way, cancel the job's QUEUED executions (reference §3.4).
        private void CheckAbort(JobRecord job, long now, string currentThing)
        {
            var criteria = job.Spec.AbortCriteria;
            if (criteria == null || job.Status != "IN_PROGRESS") return;
            var latest = Latest(job).ToList();
            var executed = latest.Where(x => ExecStatus.IsTerminal(x.Status)).ToList();
            foreach (AbortCriterion c in criteria)
            {
                if (executed.Count < c.MinNumberOfExecutedThings || executed.Count == 0) continue;
                int failures = executed.Count(x => c.FailureType == "ALL"
                    ? x.Status == ExecStatus.Failed || x.Status == ExecStatus.Rejected || x.Status == ExecStatus.TimedOut
                    : x.Status == c.FailureType);
                if (failures * 100.0 / executed.Count < c.ThresholdPercentage) continue;
                _journal.Touch(job);
                job.Status = "CANCELED";
                job.ReasonCode = "ABORTED";
                job.Comment = "Job aborted: " + c.FailureType + " executions reached " + c.ThresholdPercentage.ToString(System.Globalization.CultureInfo.InvariantCulture) + "%";
                job.CompletedAt = now;
                job.LastUpdatedAt = now;
                job.RolloutPending.Clear();
                foreach (var e in job.Executions.Where(x => x.Status == ExecStatus.Queued).ToList())
                {
                    bool other = e.ThingName != currentThing;
                    View before = other ? Capture(e.ThingName) : null;
                    _journal.Touch(e);
                    e.Status = ExecStatus.Canceled;
                    e.VersionNumber++;
                    e.LastUpdatedAt = now;
                    if (other) EmitChanges(e.ThingName, before);
                }
                return;
            }
        }

        // jobExecutionsRolloutConfig: maximumPerMinute, or an exponential rate capped by it; with maintenance windows,
        // only inside one (a job outside its windows is SCHEDULED and keeps its pending things).
        private void ReleaseRollout(JobRecord job, long now)
        {
            RolloutConfig r = job.Spec.Rollout ?? new RolloutConfig { MaximumPerMinute = 1000 };
            _journal.TouchHeader(job);  // window, rate and queue move here
            if (job.Status == "CANCELED" || job.Status == "COMPLETED") { job.RolloutPending.Clear(); return; }
            if (job.Status != "IN_PROGRESS") return;
            if (HasWindows(job) && !InMaintenanceWindow(job, now)) return;
            if (now - job.RolloutWindowStart >= 60)
            {
                job.RolloutWindowStart = now;
                job.RolloutReleasedInWindow = 0;
            }
            if (r.BaseRatePerMinute.HasValue)
            {
                bool notified = r.NumberOfNotifiedThings.HasValue && job.RolloutNotifiedSinceIncrease >= r.NumberOfNotifiedThings.Value;
                bool succeeded = r.NumberOfSucceededThings.HasValue && job.RolloutSucceededSinceIncrease >= r.NumberOfSucceededThings.Value;
                if (notified || succeeded)
                {
                    job.RolloutRate = Math.Min(Math.Ceiling(job.RolloutRate * r.IncrementFactor), r.MaximumPerMinute ?? 1000);
                    job.RolloutNotifiedSinceIncrease = 0;
                    job.RolloutSucceededSinceIncrease = 0;
                }
            }
            while (job.RolloutPending.Count > 0 && job.RolloutReleasedInWindow < (int)job.RolloutRate)
            {
                string thing = job.RolloutPending.Dequeue();
                job.RolloutReleasedInWindow++;
                job.RolloutNotifiedSinceIncrease++;
                if (Executions(thing).Any(x => x.Job == job)) continue;
                View before = Capture(thing);
                Queue(job, thing, null);
                EmitChanges(thing, before);
            }
        }
    }
}
