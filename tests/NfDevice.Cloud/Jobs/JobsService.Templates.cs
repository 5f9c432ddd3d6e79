using System;
using System.Collections.Generic;
using System.Linq;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Iot;

namespace NfDevice.Cloud.Jobs
{
    public sealed partial class JobsService
    {
        private readonly Dictionary<string, JobTemplateRecord> _templates = new Dictionary<string, JobTemplateRecord>(StringComparer.Ordinal);

        /// <summary>
        /// CreateJobTemplate: the document comes from exactly one of document, documentSource (read once, now) or
        /// <paramref name="jobArn"/> (that job's document and configuration). A duplicate id is a ConflictException.
        /// </summary>
        public JobTemplateRecord CreateJobTemplate(JobTemplateRecord template, string jobArn)
        {
            if (!IsValidJobId(template.JobTemplateId)) throw AwsException.Invalid("1 validation error detected: Value '" + template.JobTemplateId + "' at 'jobTemplateId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+");
            if (string.IsNullOrEmpty(template.Description)) throw AwsException.Invalid("1 validation error detected: Value null at 'description' failed to satisfy constraint: Member must not be null");
            int sources = (template.Document != null ? 1 : 0) + (template.DocumentSource != null ? 1 : 0) + (jobArn != null ? 1 : 0);
            if (sources != 1) throw AwsException.Invalid("Exactly one of document, documentSource or jobArn must be specified.");
            if (jobArn != null)
            {
                if (!jobArn.StartsWith(Arns.IotPrefix + "job/", StringComparison.Ordinal)) throw AwsException.Invalid("Invalid jobArn: " + jobArn);
                JobSpec from = GetJob(jobArn.Substring(Arns.IotPrefix.Length + 4)).Spec;
                template.Document = from.Document;
                template.Config = CopyConfig(from, template.Config);
            }
            else if (template.DocumentSource != null)
            {
                // Read the S3 document once, as CreateJob does; code-sign placeholders are resolved per job.
                var probe = new JobSpec { DocumentSource = template.DocumentSource };
                PrepareSpec?.Invoke(probe);
                template.Document = probe.Document;
            }
            var check = CopyConfig(template.Config, new JobSpec());
            check.JobId = template.JobTemplateId;
            check.Targets = new List<string> { "template" };
            check.Document = template.Document;
            ValidateDocument(check.Document);
            ValidateConfigs(check);
            ValidateWindows(template.MaintenanceWindows);
            lock (_gate)
            {
                using CommitOnExit commit = CommitWhenDone();
                if (_templates.ContainsKey(template.JobTemplateId)) throw new AwsException("ConflictException", 409, "Job template " + template.JobTemplateId + " already exists.");
                template.CreatedAt = Now;
                _templates.Add(template.JobTemplateId, template);
                _journal.Touch(template);
                return template;
            }
        }

        /// <summary>DescribeJobTemplate's record (throws ResourceNotFoundException).</summary>
        public JobTemplateRecord GetJobTemplate(string id)
        {
            lock (_gate)
            {
                if (id != null && _templates.TryGetValue(id, out var t)) return t;
                throw AwsException.NotFound("Job template " + id + " cannot be found.");
            }
        }

        /// <summary>Templates in creation order.</summary>
        public IReadOnlyList<JobTemplateRecord> ListJobTemplates()
        {
            lock (_gate) { return _templates.Values.OrderBy(t => t.CreatedAt).ThenBy(t => t.JobTemplateId, StringComparer.Ordinal).ToList(); }
        }

        /// <summary>DeleteJobTemplate (jobs already created from it keep their document and configuration).</summary>
        public void DeleteJobTemplate(string id)
        {
            lock (_gate)
            {
                using CommitOnExit commit = CommitWhenDone();
                if (id == null || !_templates.TryGetValue(id, out JobTemplateRecord t)) throw AwsException.NotFound("Job template " + id + " cannot be found.");
                _templates.Remove(id);
                _journal.Deleted(t);
            }
        }

        // CreateJob --job-template-arn: the document comes from the template; configuration the request leaves out is
        // the template's (DG job-templates-cli: "you can override advanced configurations").
        private void ApplyTemplate(JobSpec spec)
        {
            string arn = spec.JobTemplateArn;
            if (!arn.StartsWith(Arns.IotPrefix + "jobtemplate/", StringComparison.Ordinal)) throw AwsException.Invalid("Invalid jobTemplateArn: " + arn);
            JobTemplateRecord t = GetJobTemplate(arn.Substring(Arns.IotPrefix.Length + 12));
            if (spec.Document != null || spec.DocumentSource != null)
                throw AwsException.Invalid("A job created from a job template takes its document from the template: document and documentSource must not be specified.");
            spec.Document = t.Document;
            spec.Description ??= t.Description;
            CopyConfig(t.Config, spec);
            if (t.MaintenanceWindows != null && spec.Scheduling?.MaintenanceWindows == null)
            {
                spec.Scheduling ??= new SchedulingConfig();
                spec.Scheduling.MaintenanceWindows = t.MaintenanceWindows;
            }
        }

        // Copies the configurations <paramref name="to"/> does not set yet from <paramref name="from"/>.
        private static JobSpec CopyConfig(JobSpec from, JobSpec to)
        {
            to ??= new JobSpec();
            if (from == null) return to;
            to.InProgressTimeoutInMinutes ??= from.InProgressTimeoutInMinutes;
            to.RetryCriteria ??= from.RetryCriteria;
            to.AbortCriteria ??= from.AbortCriteria;
            to.Rollout ??= from.Rollout;
            if (to.PresignedUrlRoleArn == null && to.PresignedUrlExpiresInSec == null)
            {
                to.PresignedUrlRoleArn = from.PresignedUrlRoleArn;
                to.PresignedUrlExpiresInSec = from.PresignedUrlExpiresInSec;
            }
            return to;
        }
    }
}
