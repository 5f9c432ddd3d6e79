using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace NfDevice.Cloud.Jobs
{
    /// <summary>Job execution status names (AWS IoT Jobs JobExecutionStatus).</summary>
    public static class ExecStatus
    {
        /// <summary>Queued, not yet started.</summary>
        public const string Queued = "QUEUED";
        /// <summary>Started by the device.</summary>
        public const string InProgress = "IN_PROGRESS";
        /// <summary>Device reported success.</summary>
        public const string Succeeded = "SUCCEEDED";
        /// <summary>Device reported failure (retryable).</summary>
        public const string Failed = "FAILED";
        /// <summary>Device rejected the job.</summary>
        public const string Rejected = "REJECTED";
        /// <summary>A timer expired (retryable).</summary>
        public const string TimedOut = "TIMED_OUT";
        /// <summary>Canceled by the control plane.</summary>
        public const string Canceled = "CANCELED";
        /// <summary>The thing left the target group.</summary>
        public const string Removed = "REMOVED";

        /// <summary>True for terminal statuses (§3.1 of the reference).</summary>
        public static bool IsTerminal(string status) => status != Queued && status != InProgress;
    }

    /// <summary>One retry criterion of jobExecutionsRetryConfig.</summary>
    public sealed class RetryCriterion
    {
        /// <summary>FAILED, TIMED_OUT or ALL.</summary>
        public string FailureType { get; set; }
        /// <summary>0..10.</summary>
        public int NumberOfRetries { get; set; }
    }

    /// <summary>One abort criterion of abortConfig.</summary>
    public sealed class AbortCriterion
    {
        /// <summary>FAILED, REJECTED, TIMED_OUT or ALL.</summary>
        public string FailureType { get; set; }
        /// <summary>CANCEL.</summary>
        public string Action { get; set; } = "CANCEL";
        /// <summary>Percentage of executed things that failed, at which the job is aborted.</summary>
        public double ThresholdPercentage { get; set; }
        /// <summary>Minimum executed things before the criterion applies.</summary>
        public int MinNumberOfExecutedThings { get; set; } = 1;
    }

    /// <summary>jobExecutionsRolloutConfig.</summary>
    public sealed class RolloutConfig
    {
        /// <summary>Maximum executions released per minute (constant rate), or null.</summary>
        public int? MaximumPerMinute { get; set; }
        /// <summary>exponentialRate.baseRatePerMinute, or null when no exponential rate.</summary>
        public int? BaseRatePerMinute { get; set; }
        /// <summary>exponentialRate.incrementFactor.</summary>
        public double IncrementFactor { get; set; } = 1;
        /// <summary>rateIncreaseCriteria.numberOfNotifiedThings.</summary>
        public int? NumberOfNotifiedThings { get; set; }
        /// <summary>rateIncreaseCriteria.numberOfSucceededThings.</summary>
        public int? NumberOfSucceededThings { get; set; }
    }

    /// <summary>What CreateJob asks for (control plane and in-process callers).</summary>
    public sealed class JobSpec
    {
        /// <summary>Job id, [a-zA-Z0-9_-]{1,64}.</summary>
        public string JobId { get; set; }
        /// <summary>Thing and thing-group ARNs.</summary>
        public List<string> Targets { get; set; } = new List<string>();
        /// <summary>The job document, a JSON object as text (≤ 32768 UTF-8 bytes).</summary>
        public string Document { get; set; }
        /// <summary>documentSource: an S3 URL of the document, read once at creation (then <see cref="Document"/> holds it).</summary>
        public string DocumentSource { get; set; }
        /// <summary>Optional description.</summary>
        public string Description { get; set; }
        /// <summary>SNAPSHOT (default) or CONTINUOUS.</summary>
        public string TargetSelection { get; set; } = "SNAPSHOT";
        /// <summary>timeoutConfig.inProgressTimeoutInMinutes.</summary>
        public int? InProgressTimeoutInMinutes { get; set; }
        /// <summary>jobExecutionsRetryConfig.criteriaList.</summary>
        public List<RetryCriterion> RetryCriteria { get; set; }
        /// <summary>abortConfig.criteriaList.</summary>
        public List<AbortCriterion> AbortCriteria { get; set; }
        /// <summary>jobExecutionsRolloutConfig.</summary>
        public RolloutConfig Rollout { get; set; }
        /// <summary>presignedUrlConfig.roleArn.</summary>
        public string PresignedUrlRoleArn { get; set; }
        /// <summary>presignedUrlConfig.expiresInSec.</summary>
        public long? PresignedUrlExpiresInSec { get; set; }
        /// <summary>jobTemplateArn the job was created from (document and configuration taken from the template), or null.</summary>
        public string JobTemplateArn { get; set; }
        /// <summary>schedulingConfig, or null (the job starts at once).</summary>
        public SchedulingConfig Scheduling { get; set; }
    }

    /// <summary>schedulingConfig of CreateJob (reference aws-facts §3 SchedulingConfig).</summary>
    public sealed class SchedulingConfig
    {
        /// <summary>startTime as given ("YYYY-MM-DDTHH:MM", UTC), or null.</summary>
        public string StartTime { get; set; }
        /// <summary>endTime as given, or null.</summary>
        public string EndTime { get; set; }
        /// <summary>STOP_ROLLOUT, CANCEL or FORCE_CANCEL; applies only with an endTime.</summary>
        public string EndBehavior { get; set; }
        /// <summary>maintenanceWindows: executions are released only inside one.</summary>
        public List<MaintenanceWindow> MaintenanceWindows { get; set; }
        /// <summary>startTime in epoch seconds (set by validation), or null.</summary>
        public long? StartAt { get; set; }
        /// <summary>endTime in epoch seconds (set by validation), or null.</summary>
        public long? EndAt { get; set; }
    }

    /// <summary>One maintenance window: a cron expression for its start and a duration.</summary>
    public sealed class MaintenanceWindow
    {
        /// <summary>"cron(minutes hours day-of-month month day-of-week year)", UTC.</summary>
        public string StartTime { get; set; }
        /// <summary>1..1430.</summary>
        public int DurationInMinutes { get; set; }
    }

    /// <summary>A job template (CreateJobTemplate): a document and the configuration jobs created from it start with.</summary>
    public sealed class JobTemplateRecord
    {
        /// <summary>jobTemplateId, [a-zA-Z0-9_-]{1,64}.</summary>
        public string JobTemplateId { get; set; }
        /// <summary>Required description.</summary>
        public string Description { get; set; }
        /// <summary>The document (from document, documentSource or the jobArn's job).</summary>
        public string Document { get; set; }
        /// <summary>documentSource as given, or null.</summary>
        public string DocumentSource { get; set; }
        /// <summary>Configuration copied into each job created from the template (JobId and Targets unused).</summary>
        public JobSpec Config { get; set; }
        /// <summary>maintenanceWindows (the only scheduling a template holds).</summary>
        public List<MaintenanceWindow> MaintenanceWindows { get; set; }
        /// <summary>Epoch seconds.</summary>
        public long CreatedAt { get; set; }
    }

    /// <summary>A job and its bookkeeping.</summary>
    public sealed class JobRecord
    {
        /// <summary>What was asked for (stored as a row of its own: it holds every target, and changes only on the control plane).</summary>
        [JsonIgnore]
        public JobSpec Spec { get; internal set; }
        /// <summary>SCHEDULED, IN_PROGRESS, CANCELED, COMPLETED or DELETION_IN_PROGRESS.</summary>
        public string Status { get; set; } = "IN_PROGRESS";
        /// <summary>True after a forced cancel.</summary>
        public bool ForceCanceled { get; set; }
        /// <summary>CancelJob reasonCode.</summary>
        public string ReasonCode { get; set; }
        /// <summary>CancelJob comment.</summary>
        public string Comment { get; set; }
        /// <summary>Epoch seconds.</summary>
        public long CreatedAt { get; set; }
        /// <summary>Epoch seconds.</summary>
        public long LastUpdatedAt { get; set; }
        /// <summary>Epoch seconds, when COMPLETED or CANCELED.</summary>
        public long? CompletedAt { get; set; }
        /// <summary>Creation order.</summary>
        public long Sequence { get; set; }
        /// <summary>
        /// True once the targets were resolved and their executions queued (or put in the rollout queue); false while
        /// a job with schedulingConfig.startTime waits for it.
        /// </summary>
        public bool Launched { get; set; }
        /// <summary>Every execution of this job (all things, all numbers); stored as rows of their own.</summary>
        [JsonIgnore]
        public List<ExecutionRecord> Executions { get; } = new List<ExecutionRecord>();
        /// <summary>Things waiting for the rollout rate to release their execution; stored as a row of its own.</summary>
        [JsonIgnore]
        public Queue<string> RolloutPending { get; } = new Queue<string>();
        /// <summary>Start of the current one-minute rollout window, epoch seconds.</summary>
        public long RolloutWindowStart { get; set; }
        /// <summary>Executions released in the current window.</summary>
        public int RolloutReleasedInWindow { get; set; }
        /// <summary>Current rollout rate per minute.</summary>
        public double RolloutRate { get; set; }
        /// <summary>Executions released since the rate last increased.</summary>
        public int RolloutNotifiedSinceIncrease { get; set; }
        /// <summary>Executions succeeded since the rate last increased.</summary>
        public int RolloutSucceededSinceIncrease { get; set; }
        /// <summary>The job id.</summary>
        [JsonIgnore]
        public string JobId => Spec.JobId;
    }

    /// <summary>One job execution (job x thing x executionNumber).</summary>
    public sealed class ExecutionRecord
    {
        /// <summary>The job (set when created or loaded; not part of the stored row).</summary>
        [JsonIgnore]
        public JobRecord Job { get; internal set; }
        /// <summary>The thing.</summary>
        public string ThingName { get; init; }
        /// <summary>From 1 per (job, thing); a retry gets the next number.</summary>
        public long ExecutionNumber { get; init; }
        /// <summary>Current status.</summary>
        public string Status { get; set; } = ExecStatus.Queued;
        /// <summary>statusDetails (null = none).</summary>
        public Dictionary<string, string> StatusDetails { get; set; }
        /// <summary>Epoch seconds.</summary>
        public long QueuedAt { get; set; }
        /// <summary>Epoch seconds, once started.</summary>
        public long? StartedAt { get; set; }
        /// <summary>Epoch seconds.</summary>
        public long LastUpdatedAt { get; set; }
        /// <summary>From 1, +1 per accepted update.</summary>
        public long VersionNumber { get; set; } = 1;
        /// <summary>Retry attempt (0 for the first execution).</summary>
        public int RetryAttempt { get; set; }
        /// <summary>Retries used for FAILED so far in this chain.</summary>
        public int FailedRetries { get; set; }
        /// <summary>Retries used for TIMED_OUT so far in this chain.</summary>
        public int TimedOutRetries { get; set; }
        /// <summary>In-progress timer deadline, epoch seconds.</summary>
        public long? InProgressDeadline { get; set; }
        /// <summary>Step timer deadline, epoch seconds.</summary>
        public long? StepDeadline { get; set; }
        /// <summary>True after a forced cancel.</summary>
        public bool ForceCanceled { get; set; }
        /// <summary>Queue order among a thing's executions.</summary>
        public long Sequence { get; set; }
        /// <summary>The job id.</summary>
        [JsonIgnore]
        public string JobId => Job.JobId;

        /// <summary>The earlier of the two timers, or null.</summary>
        [JsonIgnore]
        public long? Deadline => StepDeadline.HasValue && InProgressDeadline.HasValue
            ? System.Math.Min(StepDeadline.Value, InProgressDeadline.Value)
            : StepDeadline ?? InProgressDeadline;
    }

    /// <summary>A read-only copy of an execution for tests, the demo and the console.</summary>
    public sealed record ExecutionSnapshot(
        string JobId, string ThingName, long ExecutionNumber, string Status, long VersionNumber,
        IReadOnlyDictionary<string, string> StatusDetails, long QueuedAt, long? StartedAt, long LastUpdatedAt, int RetryAttempt);
}
