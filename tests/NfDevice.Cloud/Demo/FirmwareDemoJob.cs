using System;
using System.Collections.Generic;
using System.Text;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Demo
{
    /// <summary>
    /// `firmware`: a signed firmware update. The demo builds an image, uploads it to a versioned bucket in the
    /// emulated S3, signs it with the Signer profile whose certificate every bundle carries, grants the
    /// presigned-URL role, and creates the job with both placeholders. Each device streams the image, checks the
    /// signature against its own code-signing certificate, reboots into it on trial, self-tests and confirms.
    /// </summary>
    public sealed class FirmwareDemoJob : IDemoJob
    {
        /// <summary>The version the devices update to (they start on 1.0.0, the desktop factory image).</summary>
        public const string TargetVersion = "1.1.0";

        private const string Bucket = "nf-firmware";
        private const string Key = "desktop/app-1.1.0.bin";
        private const int ImageSize = 256 * 1024;

        private string _imageVersion;
        private string _roleArn;

        /// <inheritdoc/>
        public string Name => "firmware";

        /// <inheritdoc/>
        public string Description => "signed firmware update from S3: download, verify, trial reboot, self-test, confirm";

        /// <inheritdoc/>
        public string ExpectedStatus => ExecStatus.Succeeded;

        /// <inheritdoc/>
        public void Prepare(DemoContext context)
        {
            Emulator em = context.Emulator;
            em.CreateFirmwareBucket(Bucket);
            _imageVersion = em.UploadImage(Bucket, Key, BuildDesktopImage(TargetVersion, ImageSize));
            _roleArn = em.CreatePresignRole("nfdevice-demo-download", Bucket);
            em.GetOrCreateSigningProfile(Emulator.DefaultSigningProfile);
            em.SignImage(Emulator.DefaultSigningProfile, Bucket, Key, _imageVersion);
        }

        /// <inheritdoc/>
        public JobSpec CreateJob(DemoContext context, string jobId) => new JobSpec
        {
            JobId = jobId,
            Description = "nf-device demo: signed firmware " + TargetVersion,
            Document = Emulator.FirmwareDocument(Bucket, Key, _imageVersion, TargetVersion, ImageSize),
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

            if (d.TryGetValue("version", out string version)) return "running " + version + (d.TryGetValue("step", out string s) ? " (" + s + ")" : "");
            if (d.TryGetValue("step", out string step)) return step + (d.TryGetValue("bytes", out string bytes) ? " " + bytes : "");
            return "";
        }

        /// <summary>
        /// A desktop device's "firmware": the text header the desktop agent reads its version and self-test
        /// verdict from (src/NfDevice.Desktop/Update/DesktopImage.cs documents it), then payload bytes. Written
        /// here from that format so the emulator stays independent of the agent.
        /// </summary>
        internal static byte[] BuildDesktopImage(string version, int size)
        {
            byte[] header = Encoding.ASCII.GetBytes("NFDEVICE-DESKTOP-IMAGE\nversion=" + version + "\nselftest=pass\n\n");
            var image = new byte[Math.Max(size, header.Length)];
            new Random(42).NextBytes(image);
            Buffer.BlockCopy(header, 0, image, 0, header.Length);
            return image;
        }
    }
}
