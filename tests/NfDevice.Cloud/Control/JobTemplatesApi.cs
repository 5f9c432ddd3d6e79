using System.Linq;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Control
{
    /// <summary>Job template routes of the AWS IoT control plane (botocore iot 2015-05-28: CreateJobTemplate and friends).</summary>
    internal static class JobTemplatesApi
    {
        public static void Map(IEndpointRouteBuilder app, Emulator em)
        {
            JobsService jobs = em.Jobs;

            HttpJson.Map(app, "PUT", "/job-templates/{jobTemplateId}", async ctx =>
            {
                JsonElement body = await HttpJson.Body(ctx);
                if (body.TryGetProperty("destinationPackageVersions", out _))
                    throw AwsException.Invalid("destinationPackageVersions needs AWS IoT Device Management software packages, which the emulator does not have.");
                JobSpec config = JobsApi.ParseSpec(null, body);
                var template = new JobTemplateRecord
                {
                    JobTemplateId = HttpJson.Route(ctx, "jobTemplateId"),
                    Description = HttpJson.Str(body, "description"),
                    Document = HttpJson.Str(body, "document"),
                    DocumentSource = HttpJson.Str(body, "documentSource"),
                    Config = config,
                    MaintenanceWindows = JobsApi.ParseWindows(body),
                };
                JobTemplateRecord created = jobs.CreateJobTemplate(template, HttpJson.Str(body, "jobArn"));
                return new { jobTemplateArn = Arns.JobTemplate(created.JobTemplateId), jobTemplateId = created.JobTemplateId };
            });

            HttpJson.Map(app, "GET", "/job-templates/{jobTemplateId}", ctx =>
            {
                JobTemplateRecord t = jobs.GetJobTemplate(HttpJson.Route(ctx, "jobTemplateId"));
                return new
                {
                    jobTemplateArn = Arns.JobTemplate(t.JobTemplateId),
                    jobTemplateId = t.JobTemplateId,
                    description = t.Description,
                    documentSource = t.DocumentSource,
                    document = t.Document,
                    createdAt = t.CreatedAt,
                    presignedUrlConfig = Configs.PresignedUrl(t.Config),
                    jobExecutionsRolloutConfig = Configs.Rollout(t.Config),
                    abortConfig = Configs.Abort(t.Config),
                    timeoutConfig = Configs.Timeout(t.Config),
                    jobExecutionsRetryConfig = Configs.Retry(t.Config),
                    maintenanceWindows = Configs.Windows(t.MaintenanceWindows),
                };
            });

            HttpJson.Map(app, "GET", "/job-templates", ctx =>
            {
                var page = RegistryApi.Page(ctx, jobs.ListJobTemplates().ToList(), 50);
                return new
                {
                    jobTemplates = page.Items.Select(t => new { jobTemplateArn = Arns.JobTemplate(t.JobTemplateId), jobTemplateId = t.JobTemplateId, description = t.Description, createdAt = t.CreatedAt }).ToList(),
                    nextToken = page.NextToken,
                };
            });

            HttpJson.Map(app, "DELETE", "/job-templates/{jobTemplateId}", ctx =>
            {
                jobs.DeleteJobTemplate(HttpJson.Route(ctx, "jobTemplateId"));
                return null;
            });
        }
    }
}
