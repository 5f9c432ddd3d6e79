using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Control
{
    /// <summary>AWS IoT Jobs control-plane routes (botocore iot 2015-05-28).</summary>
    internal static class JobsApi
    {
        public static void Map(IEndpointRouteBuilder app, Emulator em)
        {
            JobsService jobs = em.Jobs;

            HttpJson.Map(app, "PUT", "/jobs/{jobId}", async ctx =>
            {
                JobRecord job = CreateJob(jobs, HttpJson.Route(ctx, "jobId"), await HttpJson.Body(ctx));
                return new { jobArn = Arns.Job(job.JobId), jobId = job.JobId, description = job.Spec.Description };
            });

            HttpJson.Map(app, "PATCH", "/jobs/{jobId}", async ctx =>
            {
                JsonElement body = await HttpJson.Body(ctx);
                foreach (string fixedField in new[] { "document", "documentSource", "targets", "targetSelection", "schedulingConfig", "jobTemplateArn" })
                    if (body.TryGetProperty(fixedField, out _)) throw AwsException.Invalid(fixedField + " cannot be updated.");
                jobs.UpdateJob(HttpJson.Route(ctx, "jobId"), ParseSpec(null, body));
                return null;
            });

            HttpJson.Map(app, "POST", "/jobs/{jobId}/targets", async ctx =>
            {
                JsonElement body = await HttpJson.Body(ctx);
                JobRecord job = jobs.AssociateTargets(HttpJson.Route(ctx, "jobId"), ParseSpec(null, body).Targets, HttpJson.Str(body, "comment"));
                return new { jobArn = Arns.Job(job.JobId), jobId = job.JobId, description = job.Spec.Description };
            });

            JobTemplatesApi.Map(app, em);

            HttpJson.Map(app, "GET", "/jobs/{jobId}", ctx =>
            {
                JobRecord job = jobs.GetJob(HttpJson.Route(ctx, "jobId"));
                // DescribeJobResponse carries documentSource beside the job, not inside it (botocore iot model).
                return jobs.Read(() => (object)new { documentSource = job.Spec.DocumentSource, job = Describe(job) });
            });

            HttpJson.Map(app, "GET", "/jobs", ctx =>
            {
                string status = HttpJson.Query(ctx, "status");
                string selection = HttpJson.Query(ctx, "targetSelection");
                string group = HttpJson.Query(ctx, "thingGroupName");
                var all = jobs.ListJobs().Where(j => (status == null || j.Status == status) && (selection == null || j.Spec.TargetSelection == selection)
                    && (group == null || j.Spec.Targets.Contains(Arns.ThingGroup(group)))).ToList();
                var page = RegistryApi.Page(ctx, all, 50);
                return new
                {
                    jobs = page.Items.Select(j => new { jobArn = Arns.Job(j.JobId), jobId = j.JobId, targetSelection = j.Spec.TargetSelection, status = j.Status, createdAt = j.CreatedAt, lastUpdatedAt = j.LastUpdatedAt, completedAt = j.CompletedAt, isConcurrent = false }).ToList(),
                    nextToken = page.NextToken,
                };
            });

            HttpJson.Map(app, "PUT", "/jobs/{jobId}/cancel", async ctx =>
            {
                JsonElement body = await HttpJson.Body(ctx);
                JobRecord job = jobs.CancelJob(HttpJson.Route(ctx, "jobId"), HttpJson.QueryFlag(ctx, "force"), HttpJson.Str(body, "reasonCode"), HttpJson.Str(body, "comment"));
                return new { jobArn = Arns.Job(job.JobId), jobId = job.JobId, description = job.Spec.Description };
            });

            HttpJson.Map(app, "DELETE", "/jobs/{jobId}", ctx =>
            {
                jobs.DeleteJob(HttpJson.Route(ctx, "jobId"), HttpJson.QueryFlag(ctx, "force"));
                return null;
            });

            HttpJson.Map(app, "GET", "/jobs/{jobId}/job-document", ctx =>
                new { document = jobs.GetJob(HttpJson.Route(ctx, "jobId")).Spec.Document });

            HttpJson.Map(app, "GET", "/jobs/{jobId}/things", ctx =>
            {
                var all = jobs.ExecutionsForJob(HttpJson.Route(ctx, "jobId"), HttpJson.Query(ctx, "status"));
                var page = RegistryApi.Page(ctx, all, 50);
                return jobs.Read(() => (object)new
                {
                    executionSummaries = page.Items.Select(e => new { thingArn = Arns.Thing(e.ThingName), jobExecutionSummary = Summary(e) }).ToList(),
                    nextToken = page.NextToken,
                });
            });

            HttpJson.Map(app, "GET", "/things/{thingName}/jobs", ctx =>
            {
                string thing = HttpJson.Route(ctx, "thingName");
                if (em.Registry.FindThing(thing) == null) throw AwsException.NotFound("Thing " + thing + " cannot be found.");
                var all = jobs.ExecutionsForThing(thing, HttpJson.Query(ctx, "status"), HttpJson.Query(ctx, "jobId"));
                var page = RegistryApi.Page(ctx, all, 50);
                return jobs.Read(() => (object)new
                {
                    executionSummaries = page.Items.Select(e => new { jobId = e.JobId, jobExecutionSummary = Summary(e) }).ToList(),
                    nextToken = page.NextToken,
                });
            });

            HttpJson.Map(app, "GET", "/things/{thingName}/jobs/{jobId}", ctx =>
            {
                long? number = ParseNumber(HttpJson.Query(ctx, "executionNumber"));
                ExecutionRecord e = jobs.DescribeExecution(HttpJson.Route(ctx, "thingName"), HttpJson.Route(ctx, "jobId"), number);
                return jobs.Read(() => (object)new
                {
                    execution = new
                    {
                        jobId = e.JobId,
                        status = e.Status,
                        forceCanceled = e.ForceCanceled,
                        statusDetails = new { detailsMap = e.StatusDetails ?? new Dictionary<string, string>() },
                        thingArn = Arns.Thing(e.ThingName),
                        queuedAt = e.QueuedAt,
                        startedAt = e.StartedAt,
                        lastUpdatedAt = e.LastUpdatedAt,
                        executionNumber = e.ExecutionNumber,
                        versionNumber = e.VersionNumber,
                        approximateSecondsBeforeTimedOut = e.Status == ExecStatus.InProgress && e.Deadline.HasValue ? Math.Max(0, e.Deadline.Value - em.NowSeconds) : (long?)null,
                    },
                });
            });

            HttpJson.Map(app, "PUT", "/things/{thingName}/jobs/{jobId}/cancel", async ctx =>
            {
                JsonElement body = await HttpJson.Body(ctx);
                Dictionary<string, string> details = null;
                if (body.TryGetProperty("statusDetails", out JsonElement d) && d.ValueKind != JsonValueKind.Null)
                {
                    string error = DeviceRequest.ReadDetails(d, new JobsLimits(), out details);
                    if (error != null) throw AwsException.Invalid(error);
                }
                jobs.CancelExecution(HttpJson.Route(ctx, "thingName"), HttpJson.Route(ctx, "jobId"), HttpJson.QueryFlag(ctx, "force"), HttpJson.Long(body, "expectedVersion"), details);
                return null;
            });

            HttpJson.Map(app, "DELETE", "/things/{thingName}/jobs/{jobId}/executionNumber/{executionNumber}", ctx =>
            {
                long number = ParseNumber(HttpJson.Route(ctx, "executionNumber")) ?? throw AwsException.Invalid("executionNumber is required.");
                jobs.DeleteExecution(HttpJson.Route(ctx, "thingName"), HttpJson.Route(ctx, "jobId"), number, HttpJson.QueryFlag(ctx, "force"));
                return null;
            });
        }

        /// <summary>
        /// CreateJob as the REST route runs it: the request body (the JSON the AWS CLI sends) parsed and handed to the
        /// service. The web console calls this too, so a job created in the browser takes exactly the CLI's path.
        /// </summary>
        internal static JobRecord CreateJob(JobsService jobs, string jobId, JsonElement body) => jobs.CreateJob(ParseSpec(jobId, body));

        private static long? ParseNumber(string s)
        {
            if (s == null) return null;
            if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long n)) throw AwsException.Invalid("executionNumber must be a number.");
            return n;
        }

        private static object Summary(ExecutionRecord e) => new
        {
            status = e.Status,
            queuedAt = e.QueuedAt,
            startedAt = e.StartedAt,
            lastUpdatedAt = e.LastUpdatedAt,
            executionNumber = e.ExecutionNumber,
            retryAttempt = e.RetryAttempt,
        };

        private static object Describe(JobRecord j)
        {
            var latest = JobsService.Latest(j).ToList();
            int Count(string s) => latest.Count(x => x.Status == s);
            JobSpec s = j.Spec;
            return new
            {
                jobArn = Arns.Job(j.JobId),
                jobId = j.JobId,
                targetSelection = s.TargetSelection,
                status = j.Status,
                forceCanceled = j.ForceCanceled ? true : (bool?)null,
                reasonCode = j.ReasonCode,
                comment = j.Comment,
                targets = s.Targets,
                description = s.Description,
                jobTemplateArn = s.JobTemplateArn,
                schedulingConfig = Scheduling(s.Scheduling),
                presignedUrlConfig = Configs.PresignedUrl(s),
                jobExecutionsRolloutConfig = Configs.Rollout(s),
                abortConfig = Configs.Abort(s),
                createdAt = j.CreatedAt,
                lastUpdatedAt = j.LastUpdatedAt,
                completedAt = j.CompletedAt,
                jobProcessDetails = new
                {
                    processingTargets = s.TargetSelection == "CONTINUOUS" ? s.Targets : new List<string>(),
                    numberOfCanceledThings = Count(ExecStatus.Canceled),
                    numberOfSucceededThings = Count(ExecStatus.Succeeded),
                    numberOfFailedThings = Count(ExecStatus.Failed),
                    numberOfRejectedThings = Count(ExecStatus.Rejected),
                    numberOfQueuedThings = Count(ExecStatus.Queued),
                    numberOfInProgressThings = Count(ExecStatus.InProgress),
                    numberOfRemovedThings = Count(ExecStatus.Removed),
                    numberOfTimedOutThings = Count(ExecStatus.TimedOut),
                },
                timeoutConfig = Configs.Timeout(s),
                jobExecutionsRetryConfig = Configs.Retry(s),
                isConcurrent = false,
            };
        }

        private static object Scheduling(SchedulingConfig c) => c == null ? null : new
        {
            startTime = c.StartTime,
            endTime = c.EndTime,
            endBehavior = c.EndTime == null ? null : c.EndBehavior,
            maintenanceWindows = Configs.Windows(c.MaintenanceWindows),
        };

        /// <summary>CreateJob body -> JobSpec (shape validation here, semantic validation in the service).</summary>
        internal static JobSpec ParseSpec(string jobId, JsonElement b)
        {
            var spec = new JobSpec { JobId = jobId, Description = HttpJson.Str(b, "description"), Document = HttpJson.Str(b, "document") };
            spec.DocumentSource = HttpJson.Str(b, "documentSource");
            if (b.TryGetProperty("targets", out JsonElement targets) && targets.ValueKind == JsonValueKind.Array)
                spec.Targets = targets.EnumerateArray().Select(t => t.GetString()).ToList();
            else spec.Targets = null;
            spec.TargetSelection = HttpJson.Str(b, "targetSelection") ?? "SNAPSHOT";
            if (HttpJson.Obj(b, "timeoutConfig") is JsonElement tc) spec.InProgressTimeoutInMinutes = (int?)HttpJson.Long(tc, "inProgressTimeoutInMinutes");
            if (HttpJson.Obj(b, "presignedUrlConfig") is JsonElement pc)
            {
                spec.PresignedUrlRoleArn = HttpJson.Str(pc, "roleArn");
                spec.PresignedUrlExpiresInSec = HttpJson.Long(pc, "expiresInSec");
            }
            if (HttpJson.Obj(b, "jobExecutionsRetryConfig") is JsonElement rc)
                spec.RetryCriteria = Criteria(rc).Select(c => new RetryCriterion { FailureType = HttpJson.Str(c, "failureType"), NumberOfRetries = (int)(HttpJson.Long(c, "numberOfRetries") ?? 0) }).ToList();
            if (HttpJson.Obj(b, "abortConfig") is JsonElement ac)
                spec.AbortCriteria = Criteria(ac).Select(c => new AbortCriterion
                {
                    FailureType = HttpJson.Str(c, "failureType"),
                    Action = HttpJson.Str(c, "action") ?? "CANCEL",
                    ThresholdPercentage = c.TryGetProperty("thresholdPercentage", out var tp) && tp.ValueKind == JsonValueKind.Number ? tp.GetDouble() : 0,
                    MinNumberOfExecutedThings = (int)(HttpJson.Long(c, "minNumberOfExecutedThings") ?? 1),
                }).ToList();
            spec.JobTemplateArn = HttpJson.Str(b, "jobTemplateArn");
            if (HttpJson.Obj(b, "schedulingConfig") is JsonElement sc)
                spec.Scheduling = new SchedulingConfig
                {
                    StartTime = HttpJson.Str(sc, "startTime"),
                    EndTime = HttpJson.Str(sc, "endTime"),
                    EndBehavior = HttpJson.Str(sc, "endBehavior"),
                    MaintenanceWindows = ParseWindows(sc),
                };
            if (HttpJson.Obj(b, "jobExecutionsRolloutConfig") is JsonElement ro)
            {
                spec.Rollout = new RolloutConfig { MaximumPerMinute = (int?)HttpJson.Long(ro, "maximumPerMinute") };
                if (HttpJson.Obj(ro, "exponentialRate") is JsonElement ex)
                {
                    spec.Rollout.BaseRatePerMinute = (int?)HttpJson.Long(ex, "baseRatePerMinute");
                    spec.Rollout.IncrementFactor = ex.TryGetProperty("incrementFactor", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetDouble() : 0;
                    if (HttpJson.Obj(ex, "rateIncreaseCriteria") is JsonElement ric)
                    {
                        spec.Rollout.NumberOfNotifiedThings = (int?)HttpJson.Long(ric, "numberOfNotifiedThings");
                        spec.Rollout.NumberOfSucceededThings = (int?)HttpJson.Long(ric, "numberOfSucceededThings");
                    }
                }
            }
            return spec;
        }

        /// <summary>maintenanceWindows of a schedulingConfig or a CreateJobTemplate body, or null.</summary>
        internal static List<MaintenanceWindow> ParseWindows(JsonElement parent)
        {
            if (!parent.TryGetProperty("maintenanceWindows", out JsonElement list) || list.ValueKind == JsonValueKind.Null) return null;
            if (list.ValueKind != JsonValueKind.Array) throw AwsException.Invalid("Value at 'maintenanceWindows' must be a list.");
            return list.EnumerateArray().Select(w => new MaintenanceWindow
            {
                StartTime = HttpJson.Str(w, "startTime"),
                DurationInMinutes = (int)(HttpJson.Long(w, "durationInMinutes") ?? 0),
            }).ToList();
        }

        private static IEnumerable<JsonElement> Criteria(JsonElement config) =>
            config.TryGetProperty("criteriaList", out JsonElement list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().ToList()
                : throw AwsException.Invalid("criteriaList is required.");
    }
}
