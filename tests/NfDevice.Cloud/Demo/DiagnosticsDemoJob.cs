using System.Collections.Generic;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Demo
{
    /// <summary>`diagnostics`: every device reports firmware version, platform and free memory, and succeeds.</summary>
    public sealed class DiagnosticsDemoJob : IDemoJob
    {
        /// <inheritdoc/>
        public string Name => "diagnostics";

        /// <inheritdoc/>
        public string Description => "each device reports firmware version, platform and free memory";

        /// <inheritdoc/>
        public string ExpectedStatus => ExecStatus.Succeeded;

        /// <inheritdoc/>
        public void Prepare(DemoContext context)
        {
        }

        /// <inheritdoc/>
        public JobSpec CreateJob(DemoContext context, string jobId) => new JobSpec
        {
            JobId = jobId,
            Description = "nf-device demo: diagnostics on every simulated device",
            Document = "{\"operation\":\"diagnostics\"}",
            Targets = new List<string> { context.GroupArn },
            // A stuck device shows up as TIMED_OUT instead of holding the demo forever.
            InProgressTimeoutInMinutes = context.InProgressTimeoutInMinutes,
        };

        /// <inheritdoc/>
        public string Summarize(ExecutionSnapshot execution)
        {
            var d = execution.StatusDetails;
            if (d.TryGetValue("reason", out string reason)) return "reason " + reason;
            if (!d.TryGetValue("firmwareVersion", out string version)) return "";
            string text = "firmware " + version;
            if (d.TryGetValue("platform", out string platform)) text += ", " + platform;
            if (d.TryGetValue("freeMemory", out string free)) text += ", freeMemory " + free;
            return text;
        }
    }
}
