using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Tests.EndToEnd;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Update;

namespace NfDevice.Cloud.Tests.Firmware
{
    /// <summary>A desktop device of the firmware end-to-end tests with the recorder of its ranged requests.</summary>
    internal sealed record FirmwareDevice(DesktopDevice Device, RangeRecorder Http)
    {
        public string Thing => Device.ThingName;

        /// <summary>The staged image (absent once the slot is erased or swapped in).</summary>
        public string SecondaryPath => Path.Combine(Path.GetDirectoryName(Device.Slot.PrimaryPath), "secondary.bin");

        public byte[] Primary() => File.ReadAllBytes(Device.Slot.PrimaryPath);
    }

    /// <summary>
    /// The emulator in process (S3, IAM, Signer wired in; fake clock) and desktop devices running the default agent
    /// with its composed firmware handler over MQTT/TLS, downloading from the emulator's S3 over HTTP on loopback.
    /// Images are small with small chunks and checkpoints so that a download has many of each.
    /// </summary>
    internal sealed class FirmwareEndToEndRig : IAsyncDisposable
    {
        public const string Bucket = "nfdevice-fw";
        public const string Key = "apps/app.bin";
        public const int ChunkSize = 2048;
        public const int CheckpointInterval = 16384;

        private readonly List<FirmwareDevice> _devices = new List<FirmwareDevice>();

        private FirmwareEndToEndRig(EndToEndRig inner)
        {
            Inner = inner;
            Emulator.CreateFirmwareBucket(Bucket);
            Emulator.GetOrCreateSigningProfile(Emulator.DefaultSigningProfile);
        }

        public EndToEndRig Inner { get; }
        public Emulator Emulator => Inner.Emulator;
        public FakeClock Clock => Inner.Test.Clock;

        public static async Task<FirmwareEndToEndRig> StartAsync() => new FirmwareEndToEndRig(await EndToEndRig.StartAsync());

        /// <summary>Provisions <paramref name="thing"/> (bundle with the code-signing certificate of <paramref name="profile"/>) and creates its device, not started.</summary>
        public FirmwareDevice Device(string thing, string profile = Emulator.DefaultSigningProfile, Action<DesktopDeviceOptions> configure = null)
        {
            string path = Emulator.ProvisionBundle(thing, Path.Combine(Inner.Directory, thing), profile);
            DeviceSettings settings = DeviceSettings.Load(path);
            settings.ChunkSize = ChunkSize;
            settings.FirmwareVersion = "1.0.0";
            var recorder = new RangeRecorder();
            var device = new DesktopDevice(settings, new DesktopDeviceOptions
            {
                // The engine holds progress updates 10 s apart by default; the awaiting-self-test report waits behind them.
                // Unthrottled, only the handler's own 10 % rule spaces them: a loopback download in full-speed slices
                // takes well under any time throttle, and the tests want to see its progress reports.
                AgentFactory = DefaultAgent.With(o => o.ProgressThrottleMs = 0),
                ConfigureMqtt = m => m.ReconnectMaxDelay = TimeSpan.FromSeconds(1),
                Firmware = new FirmwareOptions
                {
                    // Checkpoints by bytes only, at the rig's small interval, and reads of the rig's chunk size: the kill
                    // tests compute where a resume starts and how much is fetched again from these two figures.
                    CheckpointInterval = CheckpointInterval,
                    CheckpointMilliseconds = 0,
                    MinimumChunkSize = 0,
                    ProgressMinimumMs = 0,
                    HttpTimeout = TimeSpan.FromSeconds(5),
                    RangedClientFactory = _ => recorder.NewClient(TimeSpan.FromSeconds(5)),
                    ConfigureDownload = d => { d.RetryBaseMilliseconds = 10; d.RetryCapMilliseconds = 50; },
                },
            }.Also(configure));
            var fd = new FirmwareDevice(device, recorder);
            lock (_devices) _devices.Add(fd);
            return fd;
        }

        /// <summary>Uploads <paramref name="image"/> under <paramref name="key"/> and signs it with <paramref name="profile"/>; returns the S3 version id.</summary>
        public string UploadAndSign(byte[] image, string key = Key, string profile = Emulator.DefaultSigningProfile)
        {
            string version = Emulator.UploadImage(Bucket, key, image);
            Emulator.SignImage(profile, Bucket, key, version);
            return version;
        }

        /// <summary>The presigned-URL role of the AWS guide (or one without s3:GetObject).</summary>
        public string Role(bool allowGetObject = true)
        {
            string name = allowGetObject ? "fw-read" : "fw-no-get";
            var existing = Emulator.IamStore.FindRoleByArn("arn:aws:iam::" + Emulator.AccountId + ":role/" + name);
            return existing?.Arn ?? Emulator.CreatePresignRole(name, Bucket, allowGetObject);
        }

        /// <summary>A firmware job (both placeholders, presignedUrlConfig) of <paramref name="firmwareVersion"/> for the things.</summary>
        public JobRecord Job(string jobId, string version, string firmwareVersion, long size, long expiresInSec = 3600, bool allowGetObject = true, string key = Key, params string[] things) =>
            Emulator.CreateFirmwareJob(jobId, Emulator.FirmwareDocument(Bucket, key, version, firmwareVersion, size), Role(allowGetObject), expiresInSec, things);

        /// <summary>Waits until the execution is terminal; returns its status.</summary>
        public string WaitTerminal(string thing, string jobId)
        {
            string status = null;
            Inner.WaitFor(() => (status = Inner.StatusOf(thing, jobId)) is "SUCCEEDED" or "FAILED" or "REJECTED" or "CANCELED" or "TIMED_OUT" or "REMOVED",
                jobId + " on " + thing + " terminal");
            return status;
        }

        public IReadOnlyDictionary<string, string> Details(string thing, string jobId) =>
            Inner.Execution(thing, jobId)?.StatusDetails ?? new Dictionary<string, string>();

        public string Describe(string thing, string jobId) =>
            Inner.StatusOf(thing, jobId) + " {" + string.Join(", ", Details(thing, jobId).Select(kv => kv.Key + "=" + kv.Value)) + "}";

        public async ValueTask DisposeAsync()
        {
            FirmwareDevice[] devices;
            lock (_devices) devices = _devices.ToArray();
            await Task.WhenAll(devices.Select(d => Task.Run(d.Device.Dispose)));
            await Inner.DisposeAsync();
        }
    }

    internal static class DeviceOptionsExtensions
    {
        /// <summary>Applies a test's adjustments to the rig's options.</summary>
        public static DesktopDeviceOptions Also(this DesktopDeviceOptions options, Action<DesktopDeviceOptions> configure)
        {
            configure?.Invoke(options);
            return options;
        }
    }
}
