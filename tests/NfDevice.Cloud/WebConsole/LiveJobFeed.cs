using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.WebConsole
{
    /// <summary>
    /// GET /console/jobs/{jobId}/events: server-sent events with the job's status, counts and executions, sent
    /// whenever they change, so the detail page updates without reloading. The job's disappearance is an event too.
    /// </summary>
    internal static class LiveJobFeed
    {
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
        private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

        public static async Task StreamAsync(HttpContext ctx, string jobId, Emulator em, IHostApplicationLifetime lifetime)
        {
            ctx.Response.ContentType = "text/event-stream";
            ctx.Response.Headers.CacheControl = "no-store";
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, lifetime.ApplicationStopping);
            string last = null;
            DateTime lastSent = DateTime.UtcNow;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    string state = Describe(em, jobId);
                    if (state != last)
                    {
                        await ctx.Response.WriteAsync(state == null ? "event: gone\ndata: {}\n\n" : "data: " + state + "\n\n", stop.Token).ConfigureAwait(false);
                        await ctx.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                        last = state;
                        lastSent = DateTime.UtcNow;
                        if (state == null) return;
                    }
                    else if (DateTime.UtcNow - lastSent > KeepAlive)
                    {
                        await ctx.Response.WriteAsync(": keep-alive\n\n", stop.Token).ConfigureAwait(false);
                        await ctx.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                        lastSent = DateTime.UtcNow;
                    }
                    await Task.Delay(Poll, stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) { }
        }

        /// <summary>The job's live state as JSON (null when the job no longer exists).</summary>
        internal static string Describe(Emulator em, string jobId)
        {
            JobRecord job;
            try { job = em.Jobs.GetJob(jobId); }
            catch (AwsException) { return null; }
            var executions = ExecutionView.ForJob(em, jobId);
            return JsonSerializer.Serialize(new
            {
                status = job.Status,
                lastUpdated = ConsoleFormat.Time(job.LastUpdatedAt),
                completed = ConsoleFormat.Time(job.CompletedAt),
                counts = JobCounts.Of(executions.Select(e => e.Status)),
                executions = executions.Select(e => new
                {
                    thing = e.Thing, number = e.Number, status = e.Status, percent = e.Percent, progress = e.Progress,
                    reason = e.Reason, updated = ConsoleFormat.Time(e.LastUpdatedAt),
                }),
            });
        }
    }
}
