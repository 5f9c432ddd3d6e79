using System;
using System.IO;
using System.Threading.Tasks;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Tests.Firmware;
using NfDevice.Desktop.Hosting;

namespace NfDevice.Cloud.Tests.Application
{
    /// <summary>
    /// The firmware end-to-end rig (emulator in process, desktop devices over MQTT/TLS, S3 presigned URLs, Signer)
    /// used for application bundles: upload and sign a bundle, create a <c>target: application</c> job, look at what the
    /// device's application wrote into its data folder.
    /// </summary>
    internal sealed class ApplicationEndToEndRig : IAsyncDisposable
    {
        private ApplicationEndToEndRig(FirmwareEndToEndRig inner) => Fw = inner;

        public FirmwareEndToEndRig Fw { get; }

        public Emulator Emulator => Fw.Emulator;

        public static async Task<ApplicationEndToEndRig> StartAsync() => new ApplicationEndToEndRig(await FirmwareEndToEndRig.StartAsync());

        /// <summary>A device with a short self-test bound (the hang tests wait for it) and optional budgets.</summary>
        public FirmwareDevice Device(string thing, string profile = Emulator.DefaultSigningProfile, long slotBudget = 0, int selfTestMs = 3000, bool applications = true)
        {
            FirmwareDevice d = Fw.Device(thing, profile, o =>
            {
                o.Applications = applications;
                o.ConfigureApplication = loader => loader.SelfTestTimeoutMilliseconds = selfTestMs;
            });
            if (slotBudget > 0) d.Device.Settings.ApplicationSlotBudget = slotBudget;
            return d;
        }

        /// <summary>Uploads and signs <paramref name="bundle"/> under <paramref name="key"/>; returns the S3 version id.</summary>
        public string UploadAndSign(byte[] bundle, string key) => Fw.UploadAndSign(bundle, key);

        /// <summary>An application job for <paramref name="appVersion"/> of the bundle at <paramref name="key"/>.</summary>
        public JobRecord Job(string jobId, string key, string s3Version, string appVersion, long size, params string[] things) =>
            Emulator.CreateFirmwareJob(jobId, Emulator.FirmwareDocument(FirmwareEndToEndRig.Bucket, key, s3Version, appVersion, size, target: "application"), Fw.Role(), 3600, things);

        /// <summary>Publishes <paramref name="bundle"/> and creates the job; returns the job id.</summary>
        public string Release(string jobId, byte[] bundle, string appVersion, params FirmwareDevice[] devices)
        {
            string key = "apps/" + jobId + ".nfb";
            string version = UploadAndSign(bundle, key);
            Job(jobId, key, version, appVersion, bundle.Length, Array.ConvertAll(devices, d => d.Thing));
            return jobId;
        }

        /// <summary>The device's application data folder (what the host hands to Start(string)).</summary>
        public static string DataFolder(FirmwareDevice d) => Path.Combine(d.Device.Settings.StateDirectory, "app-data");

        /// <summary>A file the application wrote, or null.</summary>
        public static string AppFile(FirmwareDevice d, string name)
        {
            string path = Path.Combine(DataFolder(d), name);
            try
            {
                return File.Exists(path) ? File.ReadAllText(path) : null;
            }
            catch (IOException)
            {
                return null; // being replaced
            }
        }

        public ValueTask DisposeAsync() => Fw.DisposeAsync();
    }
}
