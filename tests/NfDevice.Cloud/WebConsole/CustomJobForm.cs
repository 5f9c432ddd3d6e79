using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace NfDevice.Cloud.WebConsole
{
    /// <summary>
    /// What the "Create custom job" form holds, and the CreateJob request body it becomes: the same JSON the AWS CLI
    /// sends for <c>aws iot create-job</c> (botocore iot 2015-05-28 member names), so the console has no back door.
    /// </summary>
    public sealed class CustomJobForm
    {
        /// <summary>jobId.</summary>
        public string JobId { get; set; }
        /// <summary>description.</summary>
        public string Description { get; set; }
        /// <summary>Thing names picked as targets.</summary>
        public List<string> TargetThings { get; set; } = new List<string>();
        /// <summary>Thing group names picked as targets.</summary>
        public List<string> TargetGroups { get; set; } = new List<string>();
        /// <summary>The job file as an S3 object (s3://bucket/key?versionId=v), sent as documentSource when <see cref="Document"/> is empty.</summary>
        public string DocumentSource { get; set; }
        /// <summary>The job document text, sent as document when not empty.</summary>
        public string Document { get; set; }
        /// <summary>jobTemplateArn: the template the job takes its document and configuration from, or empty.</summary>
        public string JobTemplateArn { get; set; }
        /// <summary>schedulingConfig.startTime, "yyyy-MM-ddTHH:mm" (UTC) as AWS writes it (and a datetime-local input sends it).</summary>
        public string ScheduleStart { get; set; }
        /// <summary>schedulingConfig.endTime.</summary>
        public string ScheduleEnd { get; set; }
        /// <summary>schedulingConfig.endBehavior: STOP_ROLLOUT, CANCEL or FORCE_CANCEL.</summary>
        public string ScheduleEndBehavior { get; set; }
        /// <summary>schedulingConfig.maintenanceWindows[0].startTime, "cron(...)" (UTC), or empty for no window.</summary>
        public string WindowStart { get; set; }
        /// <summary>schedulingConfig.maintenanceWindows[0].durationInMinutes.</summary>
        public int? WindowMinutes { get; set; }
        /// <summary>SNAPSHOT or CONTINUOUS.</summary>
        public string TargetSelection { get; set; } = "SNAPSHOT";
        /// <summary>Whether presignedUrlConfig is sent.</summary>
        public bool Presign { get; set; }
        /// <summary>presignedUrlConfig.roleArn.</summary>
        public string RoleArn { get; set; }
        /// <summary>presignedUrlConfig.expiresInSec.</summary>
        public long? ExpiresInSec { get; set; } = 3600;
        /// <summary>timeoutConfig.inProgressTimeoutInMinutes.</summary>
        public int? TimeoutMinutes { get; set; }
        /// <summary>none, constant or exponential.</summary>
        public string RolloutMode { get; set; } = "none";
        /// <summary>maximumPerMinute.</summary>
        public int? MaximumPerMinute { get; set; }
        /// <summary>exponentialRate.baseRatePerMinute.</summary>
        public int? BaseRatePerMinute { get; set; }
        /// <summary>exponentialRate.incrementFactor.</summary>
        public double? IncrementFactor { get; set; }
        /// <summary>rateIncreaseCriteria.numberOfNotifiedThings.</summary>
        public int? NumberOfNotifiedThings { get; set; }
        /// <summary>rateIncreaseCriteria.numberOfSucceededThings.</summary>
        public int? NumberOfSucceededThings { get; set; }
        /// <summary>Abort criterion failureType, or empty for no abortConfig.</summary>
        public string AbortFailureType { get; set; }
        /// <summary>thresholdPercentage.</summary>
        public double? AbortThresholdPercentage { get; set; }
        /// <summary>minNumberOfExecutedThings.</summary>
        public int? AbortMinExecutedThings { get; set; }
        /// <summary>Retry criterion failureType, or empty for no jobExecutionsRetryConfig.</summary>
        public string RetryFailureType { get; set; }
        /// <summary>numberOfRetries.</summary>
        public int? NumberOfRetries { get; set; }

        /// <summary>The CreateJob request body (PUT /jobs/{jobId}).</summary>
        public JsonElement ToRequestBody()
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartObject();
                w.WriteStartArray("targets");
                foreach (string t in TargetThings) w.WriteStringValue(Iot.Arns.Thing(t));
                foreach (string g in TargetGroups) w.WriteStringValue(Iot.Arns.ThingGroup(g));
                w.WriteEndArray();
                if (!string.IsNullOrWhiteSpace(Document)) w.WriteString("document", Document);
                else if (!string.IsNullOrWhiteSpace(DocumentSource)) w.WriteString("documentSource", DocumentSource);
                if (!string.IsNullOrWhiteSpace(Description)) w.WriteString("description", Description.Trim());
                if (!string.IsNullOrWhiteSpace(JobTemplateArn)) w.WriteString("jobTemplateArn", JobTemplateArn);
                bool window = !string.IsNullOrWhiteSpace(WindowStart);
                if (!string.IsNullOrWhiteSpace(ScheduleStart) || !string.IsNullOrWhiteSpace(ScheduleEnd) || window)
                {
                    w.WriteStartObject("schedulingConfig");
                    if (!string.IsNullOrWhiteSpace(ScheduleStart)) w.WriteString("startTime", ScheduleStart.Trim());
                    if (!string.IsNullOrWhiteSpace(ScheduleEnd)) w.WriteString("endTime", ScheduleEnd.Trim());
                    if (!string.IsNullOrWhiteSpace(ScheduleEndBehavior)) w.WriteString("endBehavior", ScheduleEndBehavior);
                    if (window)
                    {
                        // One window from the form; CreateJob validates the cron expression and the duration.
                        w.WriteStartArray("maintenanceWindows");
                        w.WriteStartObject();
                        w.WriteString("startTime", WindowStart.Trim());
                        w.WriteNumber("durationInMinutes", WindowMinutes ?? 0);
                        w.WriteEndObject();
                        w.WriteEndArray();
                    }
                    w.WriteEndObject();
                }
                w.WriteString("targetSelection", TargetSelection ?? "SNAPSHOT");
                if (Presign)
                {
                    w.WriteStartObject("presignedUrlConfig");
                    if (!string.IsNullOrEmpty(RoleArn)) w.WriteString("roleArn", RoleArn);
                    if (ExpiresInSec.HasValue) w.WriteNumber("expiresInSec", ExpiresInSec.Value);
                    w.WriteEndObject();
                }
                if (TimeoutMinutes.HasValue)
                {
                    w.WriteStartObject("timeoutConfig");
                    w.WriteNumber("inProgressTimeoutInMinutes", TimeoutMinutes.Value);
                    w.WriteEndObject();
                }
                WriteRollout(w);
                if (!string.IsNullOrEmpty(AbortFailureType))
                {
                    w.WriteStartObject("abortConfig");
                    w.WriteStartArray("criteriaList");
                    w.WriteStartObject();
                    w.WriteString("failureType", AbortFailureType);
                    w.WriteString("action", "CANCEL");
                    w.WriteNumber("thresholdPercentage", AbortThresholdPercentage ?? 0);
                    w.WriteNumber("minNumberOfExecutedThings", AbortMinExecutedThings ?? 1);
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                if (!string.IsNullOrEmpty(RetryFailureType))
                {
                    w.WriteStartObject("jobExecutionsRetryConfig");
                    w.WriteStartArray("criteriaList");
                    w.WriteStartObject();
                    w.WriteString("failureType", RetryFailureType);
                    w.WriteNumber("numberOfRetries", NumberOfRetries ?? 0);
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            using var doc = JsonDocument.Parse(ms.ToArray());
            return doc.RootElement.Clone();
        }

        private void WriteRollout(Utf8JsonWriter w)
        {
            if (RolloutMode != "constant" && RolloutMode != "exponential") return;
            w.WriteStartObject("jobExecutionsRolloutConfig");
            if (MaximumPerMinute.HasValue) w.WriteNumber("maximumPerMinute", MaximumPerMinute.Value);
            if (RolloutMode == "exponential")
            {
                w.WriteStartObject("exponentialRate");
                if (BaseRatePerMinute.HasValue) w.WriteNumber("baseRatePerMinute", BaseRatePerMinute.Value);
                if (IncrementFactor.HasValue) w.WriteNumber("incrementFactor", IncrementFactor.Value);
                w.WriteStartObject("rateIncreaseCriteria");
                if (NumberOfNotifiedThings.HasValue) w.WriteNumber("numberOfNotifiedThings", NumberOfNotifiedThings.Value);
                if (NumberOfSucceededThings.HasValue) w.WriteNumber("numberOfSucceededThings", NumberOfSucceededThings.Value);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        /// <summary>
        /// Which form field a CreateJob error is about (so the message goes beside it), from the member AWS names in
        /// its validation message; null for a form-wide error.
        /// </summary>
        public static string FieldOf(string errorType, string message)
        {
            string m = message ?? "";
            if (errorType == "ResourceAlreadyExistsException" || m.Contains("'jobId'")) return "JobId";
            if (m.Contains("'targets'") || m.Contains("cannot be found") || m.Contains("target ARN")) return "Targets";
            if (m.Contains("presignedUrlConfig") || m.Contains("expiresInSec") || m.Contains("s3-presigned-url")) return "Presign";
            if (m.Contains("code-sign-signature")) return "Sign";
            if (m.Contains("document") || m.Contains("documentSource")) return "Document";
            if (m.Contains("targetSelection")) return "TargetSelection";
            if (m.Contains("jobTemplateArn") || m.Contains("Job template")) return "Template";
            if (m.Contains("schedulingConfig") || m.Contains("startTime") || m.Contains("endTime") || m.Contains("endBehavior") || m.Contains("maintenanceWindows")) return "Schedule";
            if (m.Contains("inProgressTimeoutInMinutes")) return "Timeout";
            if (m.Contains("maximumPerMinute") || m.Contains("baseRatePerMinute") || m.Contains("incrementFactor") || m.Contains("rateIncreaseCriteria")) return "Rollout";
            if (m.Contains("thresholdPercentage") || m.Contains("minNumberOfExecutedThings") || m.Contains("REJECTED, TIMED_OUT")) return "Abort";
            if (m.Contains("numberOfRetries") || m.Contains("jobExecutionsRetryConfig")) return "Retry";
            return null;
        }
    }
}
