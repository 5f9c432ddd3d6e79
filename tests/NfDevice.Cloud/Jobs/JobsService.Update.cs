using System;
using System.Collections.Generic;
using System.Linq;
using NfDevice.Cloud.Control;

namespace NfDevice.Cloud.Jobs
{
    public sealed partial class JobsService
    {
        /// <summary>
        /// UpdateJob: replaces the description and each configuration the request carries (the others stay). A new
        /// timeout applies to executions that start afterwards (DG: "The in-progress timer can't be updated"); new
        /// rollout rates apply to what is still to be released; new abort criteria are checked at once.
        /// </summary>
        public void UpdateJob(string jobId, JobSpec changes)
        {
            var check = CopyConfig(changes, new JobSpec());
            ValidateConfigs(check);
            lock (_gate)
            {
                using CommitOnExit commit = CommitWhenDone();
                JobRecord job = GetJob(jobId);
                _journal.Touch(job);
                if (job.Status == "DELETION_IN_PROGRESS") throw AwsException.BadTransition("Job " + jobId + " is being deleted.");
                JobSpec s = job.Spec;
                long now = Now;
                if (changes.Description != null) s.Description = changes.Description;
                if (changes.PresignedUrlRoleArn != null || changes.PresignedUrlExpiresInSec != null)
                {
                    s.PresignedUrlRoleArn = changes.PresignedUrlRoleArn;
                    s.PresignedUrlExpiresInSec = changes.PresignedUrlExpiresInSec;
                }
                if (changes.InProgressTimeoutInMinutes != null) s.InProgressTimeoutInMinutes = changes.InProgressTimeoutInMinutes;
                if (changes.RetryCriteria != null) s.RetryCriteria = changes.RetryCriteria;
                if (changes.AbortCriteria != null) s.AbortCriteria = changes.AbortCriteria;
                if (changes.Rollout != null)
                {
                    s.Rollout = changes.Rollout;
                    job.RolloutRate = changes.Rollout.BaseRatePerMinute ?? changes.Rollout.MaximumPerMinute ?? 1000;
                }
                job.LastUpdatedAt = now;
                if (changes.AbortCriteria != null) CheckAbort(job, now, null);
            }
        }

        /// <summary>
        /// AssociateTargetsWithJob: only for a CONTINUOUS job that is IN_PROGRESS, at most 100 targets in all; new
        /// targets get executions now (through the rollout, if any). Returns the job.
        /// </summary>
        public JobRecord AssociateTargets(string jobId, List<string> targets, string comment)
        {
            if (targets == null || targets.Count == 0) throw AwsException.Invalid("1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null");
            lock (_gate)
            {
                using CommitOnExit commit = CommitWhenDone();
                JobRecord job = GetJob(jobId);
                _journal.Touch(job);
                if (job.Spec.TargetSelection != "CONTINUOUS") throw AwsException.Invalid("Targets can only be associated with a job whose targetSelection is CONTINUOUS.");
                if (job.Status != "IN_PROGRESS") throw AwsException.Invalid("Targets can only be associated with a job that is IN_PROGRESS; job " + jobId + " is " + job.Status + ".");
                var added = targets.Where(t => !job.Spec.Targets.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
                if (job.Spec.Targets.Count + added.Count > 100) throw new AwsException("LimitExceededException", 410, "A job can have at most 100 targets.");
                List<string> things = ResolveTargets(added);
                long now = Now;
                job.Spec.Targets.AddRange(added);
                if (comment != null) job.Comment = comment;
                job.LastUpdatedAt = now;
                foreach (string t in things.Where(t => !Executions(t).Any(x => x.Job == job)))
                {
                    if (job.Spec.Rollout != null) { job.RolloutPending.Enqueue(t); continue; }
                    View before = Capture(t);
                    Queue(job, t, null);
                    EmitChanges(t, before);
                }
                if (job.RolloutPending.Count > 0) ReleaseRollout(job, now);
                return job;
            }
        }
    }
}
