using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Demo
{
    /// <summary>
    /// `application` (the default): a signed application bundle. The demo bundles the Heartbeat sample
    /// (samples/Heartbeat) with the agent's own `nfdevice bundle create` (a child process: the emulator never links
    /// the agent), uploads it to a versioned bucket, signs it with the Signer profile whose certificate every device
    /// carries, and creates a `target: application` job. Each device streams the bundle, verifies it, restarts into it
    /// on trial, runs its SelfTest and confirms; its row shows the application version it then runs.
    /// </summary>
    public sealed class ApplicationDemoJob : IDemoJob
    {
        /// <summary>The version the devices install (they start without an application).</summary>
        public const string TargetVersion = "1.1.0";

        /// <summary>The AssemblyMetadata key under which the build records the sample's output folder (NfDevice.Cloud.csproj).</summary>
        public const string SampleMetadataKey = "NfDeviceHeartbeatSample";

        private const string Bucket = "nf-apps";
        private const string Key = "heartbeat/heartbeat-1.1.0.nfb";

        private string _objectVersion;
        private string _roleArn;
        private long _size;

        /// <inheritdoc/>
        public string Name => "application";

        /// <inheritdoc/>
        public string Description => "signed application bundle (the Heartbeat sample) from S3: download, verify, restart on trial, self-test, confirm";

        /// <inheritdoc/>
        public string ExpectedStatus => ExecStatus.Succeeded;

        /// <inheritdoc/>
        public void Prepare(DemoContext context)
        {
            string sample = typeof(ApplicationDemoJob).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == SampleMetadataKey)?.Value;
            if (string.IsNullOrEmpty(sample) || !File.Exists(Path.Combine(sample, "Sample.Heartbeat.dll")))
            {
                throw new FileNotFoundException("The Heartbeat sample is not built (" + (sample ?? "samples/Heartbeat") + "): run the demo from a clone with "
                    + "`dotnet run --project tests/NfDevice.Cloud -- demo`, which builds it, or `dotnet build samples/Heartbeat` first.");
            }

            string bundle = Path.Combine(context.WorkDirectory, "heartbeat-" + TargetVersion + ".nfb");
            int code = AgentProcess.RunOnce(AgentProcess.LocateAgentDll(),
                new[] { "bundle", "create", "--from", sample, "--entry", "Sample.Heartbeat.App", "--version", TargetVersion, "--out", bundle }, out string output);
            if (code != 0) throw new InvalidOperationException("nfdevice bundle create failed (exit " + code + "): " + output.Trim());

            byte[] bytes = File.ReadAllBytes(bundle);
            _size = bytes.Length;
            Emulator em = context.Emulator;
            em.CreateFirmwareBucket(Bucket);
            _objectVersion = em.UploadImage(Bucket, Key, bytes);
            _roleArn = em.CreatePresignRole("nfdevice-demo-apps", Bucket);
            em.GetOrCreateSigningProfile(Emulator.DefaultSigningProfile);
            em.SignImage(Emulator.DefaultSigningProfile, Bucket, Key, _objectVersion);
        }

        /// <inheritdoc/>
        public JobSpec CreateJob(DemoContext context, string jobId) => new JobSpec
        {
            JobId = jobId,
            Description = "nf-device demo: Heartbeat application " + TargetVersion,
            Document = Emulator.FirmwareDocument(Bucket, Key, _objectVersion, TargetVersion, _size, target: "application"),
            Targets = new List<string> { context.GroupArn },
            PresignedUrlRoleArn = _roleArn,
            PresignedUrlExpiresInSec = 3600,
            InProgressTimeoutInMinutes = context.InProgressTimeoutInMinutes,
        };

        /// <inheritdoc/>
        public string Summarize(ExecutionSnapshot execution)
        {
            var d = execution.StatusDetails;
            if (d.TryGetValue("reason", out string reason))
            {
                return d.TryGetValue("detail", out string detail) ? "reason " + reason + ": " + detail : "reason " + reason;
            }

            if (d.TryGetValue("version", out string version)) return "app " + version + (d.TryGetValue("step", out string s) ? " (" + s + ")" : "");
            if (d.TryGetValue("step", out string step)) return step + (d.TryGetValue("bytes", out string bytes) ? " " + bytes : "");
            return "";
        }
    }
}
