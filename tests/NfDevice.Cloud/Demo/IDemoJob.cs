using System;
using System.Collections.Generic;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Demo
{
    /// <summary>What the demo sets up before the agents start.</summary>
    public sealed class DemoContext
    {
        /// <summary>The running emulator.</summary>
        public Emulator Emulator { get; init; }
        /// <summary>The demo's temporary folder (emulator data, bundles, logs).</summary>
        public string WorkDirectory { get; init; }
        /// <summary>One sub-folder per device bundle (what `nfdevice simulate --bundles` reads).</summary>
        public string BundlesDirectory { get; init; }
        /// <summary>The provisioned things, in order.</summary>
        public IReadOnlyList<string> Things { get; init; }
        /// <summary>ARN of the thing group holding every thing (the job's target).</summary>
        public string GroupArn { get; init; }

        /// <summary>
        /// The job's in-progress timeout: 5 minutes, plus one per thousand devices. The devices of one machine share its
        /// cores, so an execution of a large fleet waits its turn between IN_PROGRESS and its end (10,000 devices: some
        /// took over 5 minutes on two cores and were TIMED_OUT).
        /// </summary>
        public int InProgressTimeoutInMinutes => 5 + (Things?.Count ?? 0) / 1000;
    }

    /// <summary>
    /// The job the demo rolls out. The demo itself only provisions, runs the agents and watches the emulator's
    /// executions; everything specific to a kind of job lives behind this seam. The firmware demo (issue 3) adds
    /// an implementation whose <see cref="Prepare"/> signs and uploads an image to the emulated S3, grants the
    /// presigned-URL role and writes the code-signing certificate into each bundle, and whose document carries
    /// the presigned-URL placeholder; it is then listed in <see cref="DemoJobs.All"/>.
    /// </summary>
    public interface IDemoJob
    {
        /// <summary>The value of `--job`.</summary>
        string Name { get; }

        /// <summary>One line for the help text.</summary>
        string Description { get; }

        /// <summary>The status every execution must reach for the demo to pass.</summary>
        string ExpectedStatus { get; }

        /// <summary>Prepares the cloud side and the bundles (after provisioning, before the agents start).</summary>
        void Prepare(DemoContext context);

        /// <summary>The job to create, targeting <see cref="DemoContext.GroupArn"/>.</summary>
        JobSpec CreateJob(DemoContext context, string jobId);

        /// <summary>A short result for one execution's row (from its statusDetails).</summary>
        string Summarize(ExecutionSnapshot execution);
    }

    /// <summary>The jobs `demo --job` offers.</summary>
    public static class DemoJobs
    {
        /// <summary>Every demo job, by name.</summary>
        public static readonly IReadOnlyList<IDemoJob> All = new IDemoJob[] { new DiagnosticsDemoJob(), new FirmwareDemoJob(), new ApplicationDemoJob() };

        /// <summary>The job named <paramref name="name"/> (case-insensitive), or null.</summary>
        public static IDemoJob Find(string name)
        {
            foreach (IDemoJob job in All)
            {
                if (string.Equals(job.Name, name, StringComparison.OrdinalIgnoreCase)) return job;
            }
            return null;
        }
    }
}
