using System;
using System.Globalization;
using System.Linq;
using NfDevice.Cloud.Control;

namespace NfDevice.Cloud.Jobs
{
    public sealed partial class JobsService
    {
        // schedulingConfig limits (botocore iot model docs, reference aws-facts §3): start 30 min to 1 year ahead,
        // end 30 min to 2 years ahead and at least 30 min after the start.
        private const long MinLeadSeconds = 30 * 60;
        private const long MaxStartLeadSeconds = 366L * 24 * 3600;
        private const long MaxEndLeadSeconds = 2 * 366L * 24 * 3600;

        /// <summary>Parses and checks schedulingConfig against the service clock (sets StartAt/EndAt); throws InvalidRequestException.</summary>
        private static void ValidateScheduling(SchedulingConfig c, long now)
        {
            c.StartAt = c.StartTime == null ? null : ParseScheduleTime(c.StartTime, "startTime");
            c.EndAt = c.EndTime == null ? null : ParseScheduleTime(c.EndTime, "endTime");
            if (c.StartAt.HasValue && (c.StartAt.Value - now < MinLeadSeconds || c.StartAt.Value - now > MaxStartLeadSeconds))
                throw AwsException.Invalid("startTime must be between 30 minutes and 1 year from now.");
            if (c.EndAt.HasValue)
            {
                if (c.EndAt.Value - now < MinLeadSeconds || c.EndAt.Value - now > MaxEndLeadSeconds)
                    throw AwsException.Invalid("endTime must be between 30 minutes and 2 years from now.");
                if (c.EndAt.Value - (c.StartAt ?? now) < MinLeadSeconds)
                    throw AwsException.Invalid("endTime must be at least 30 minutes after startTime.");
            }
            if (c.EndBehavior != null && c.EndBehavior != "STOP_ROLLOUT" && c.EndBehavior != "CANCEL" && c.EndBehavior != "FORCE_CANCEL")
                throw AwsException.Invalid("Value '" + c.EndBehavior + "' at 'endBehavior' failed to satisfy constraint: Member must satisfy enum value set: [STOP_ROLLOUT, CANCEL, FORCE_CANCEL]");
            ValidateWindows(c.MaintenanceWindows);
        }

        private static void ValidateWindows(System.Collections.Generic.List<MaintenanceWindow> windows)
        {
            if (windows == null) return;
            foreach (MaintenanceWindow w in windows)
            {
                if (w.StartTime == null || w.StartTime.Length < 1 || w.StartTime.Length > 256) throw AwsException.Invalid("maintenanceWindows.startTime must have length between 1 and 256.");
                if (w.DurationInMinutes < 1 || w.DurationInMinutes > 1430) throw AwsException.Invalid("maintenanceWindows.durationInMinutes must be between 1 and 1430.");
                if (MaintenanceCron.Parse(w.StartTime, out string error) == null) throw AwsException.Invalid("maintenanceWindows.startTime '" + w.StartTime + "': " + error + ".");
            }
        }

        // "YYYY-MM-DD for the date and HH:MM for the time" (UTC); the CLI's users write 2026-12-13T10:00.
        private static long ParseScheduleTime(string text, string field)
        {
            string[] formats = { "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'" };
            if (!DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime t))
                throw AwsException.Invalid(field + " '" + text + "' must be YYYY-MM-DDTHH:MM (UTC).");
            return new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeSeconds();
        }

        private static bool HasWindows(JobRecord job) => job.Spec.Scheduling?.MaintenanceWindows?.Count > 0;

        // Inside a window when some minute of the last durationInMinutes matches the window's cron start.
        private static bool InMaintenanceWindow(JobRecord job, long now)
        {
            DateTime minute = DateTimeOffset.FromUnixTimeSeconds(now - now % 60).UtcDateTime;
            foreach (MaintenanceWindow w in job.Spec.Scheduling.MaintenanceWindows)
            {
                MaintenanceCron cron = MaintenanceCron.Parse(w.StartTime, out _);
                for (int back = 0; back < w.DurationInMinutes; back++)
                    if (cron.Matches(minute.AddMinutes(-back))) return true;
            }
            return false;
        }

        // Under the lock, from Tick: start scheduled jobs, move jobs in and out of their maintenance windows (DG
        // iot-jobs-lifecycle: SCHEDULED until the start or the next window, back to SCHEDULED when a window ends),
        // and apply endBehavior at endTime.
        private void TickScheduling(long now)
        {
            foreach (JobRecord job in _jobs.Values.Where(j => j.Spec.Scheduling != null).OrderBy(j => j.Sequence).ToList())
            {
                SchedulingConfig c = job.Spec.Scheduling;
                if (job.Status != "SCHEDULED" && job.Status != "IN_PROGRESS") continue;
                if (c.EndAt.HasValue && now >= c.EndAt.Value)
                {
                    EndSchedule(job, c.EndBehavior ?? "STOP_ROLLOUT", now);
                    continue;
                }
                if (!job.Launched)
                {
                    if (c.StartAt.HasValue && now < c.StartAt.Value) continue;
                    Launch(job, ResolveTargets(job.Spec.Targets), now);
                    continue;
                }
                if (!HasWindows(job)) continue;
                bool inside = InMaintenanceWindow(job, now);
                string status = inside ? "IN_PROGRESS" : job.RolloutPending.Count > 0 ? "SCHEDULED" : job.Status;
                if (status == job.Status) continue;
                job.Status = status;
                job.LastUpdatedAt = now;
                _journal.Touch(job);
            }
        }

        // endBehavior: STOP_ROLLOUT releases nothing more (the job completes once what was released finishes);
        // CANCEL and FORCE_CANCEL cancel the job as CancelJob does without and with force.
        private void EndSchedule(JobRecord job, string behavior, long now)
        {
            if (behavior == "CANCEL" || behavior == "FORCE_CANCEL")
            {
                CancelJob(job.JobId, behavior == "FORCE_CANCEL", "SCHEDULE_ENDED", "endTime reached (" + behavior + ")");
                return;
            }
            if (job.Launched && job.RolloutPending.Count == 0 && job.Status == "IN_PROGRESS" && job.Executions.Count > 0) { CheckCompleted(job, now); return; }
            _journal.Touch(job);
            job.RolloutPending.Clear();
            job.Launched = true;
            job.Status = "IN_PROGRESS";
            job.LastUpdatedAt = now;
            CheckCompleted(job, now);
            if (job.Status == "IN_PROGRESS" && job.Executions.Count == 0)
            {
                job.Status = "COMPLETED";
                job.CompletedAt = now;
            }
        }
    }
}
