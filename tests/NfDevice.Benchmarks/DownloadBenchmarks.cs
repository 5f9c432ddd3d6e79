using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NfDevice.Cloud;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Platform;

namespace NfDevice.Benchmarks
{
    /// <summary>
    /// Issue 13 §2: the desktop agent's end-to-end download of an 8 MB signed image from the emulator's S3 against
    /// `curl` of the same kind of presigned URL, in the same process run (curl is the baseline). A measured iteration
    /// starts when the job is created for an idle, connected device and ends when the agent has read the image's last
    /// byte: notify-next, describe, IN_PROGRESS, then ranged GETs, each read hashed, written to the file slot and
    /// checkpointed (slot fsync + record fsync) at every checkpoint interval. curl's time includes its process start.
    /// Rows: the desktop as shipped (50 ms slices without a pause, 64 KiB reads, libcrypto's SHA-256, a checkpoint every
    /// second or 16 MiB); the same with the core's managed SHA-256; with a checkpoint per MiB (bytes only); with the
    /// core's pacing (10 ms slices, 20 ms pause); the
    /// desktop as it was before (4 KiB reads, managed SHA-256, a checkpoint per 64 KiB); and the ESP32's setting
    /// entire (core pacing, 4 KiB reads, managed SHA-256, 64 KiB checkpoints), all on the same loopback.
    /// Run: dotnet run -c Release --project tests/NfDevice.Benchmarks -- --filter '*DownloadBenchmarks*'
    /// </summary>
    [Config(typeof(InProcessMonitoring))]
    public class DownloadBenchmarks
    {
        private const int ImageSize = 8 * 1024 * 1024;
        private const string Bucket = "bench-fw";
        private const string Key = "desktop/app-2.0.0.bin";
        private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

        private Emulator _emulator;
        private string _dir;
        private string _imageVersion;
        private string _role;
        private string _url;
        private int _round;
        private long _jobCreated;
        private DesktopDevice _device;
        private ManualResetEventSlim _downloaded;
        private CountingClient _client;

        /// <summary>The emulator on free loopback ports with the signed 8 MB image in a versioned bucket.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _dir = Path.Combine(Path.GetTempPath(), "nfdevice-bench-download-" + Guid.NewGuid().ToString("N"));
            _emulator = new Emulator(new EmulatorOptions { MqttPort = 0, HttpPort = 0, DataDirectory = null });
            _emulator.StartAsync().GetAwaiter().GetResult();
            _emulator.CreateFirmwareBucket(Bucket);
            _imageVersion = _emulator.UploadImage(Bucket, Key, DesktopImage.Build("2.0.0", ImageSize));
            _emulator.GetOrCreateSigningProfile(Emulator.DefaultSigningProfile);
            _emulator.SignImage(Emulator.DefaultSigningProfile, Bucket, Key, _imageVersion);
            _role = _emulator.CreatePresignRole("bench-download", Bucket);
        }

        [IterationSetup(Target = nameof(Curl))]
        public void SetupCurl()
        {
            // The URL the device would get: the job document's placeholder resolved as the Jobs service resolves it.
            string resolved = _emulator.PresignResolver.Resolve(Document(), _role, 3600, DateTimeOffset.UtcNow);
            using JsonDocument doc = JsonDocument.Parse(resolved);
            _url = doc.RootElement.GetProperty("image").GetProperty("url").GetString();
        }

        [IterationSetup(Target = nameof(DesktopAgent))]
        public void SetupDesktop() => StartDevice(null, new FirmwareOptions());

        [IterationSetup(Target = nameof(DesktopAgentManagedSha256))]
        public void SetupDesktopManagedSha() => StartDevice(null, new FirmwareOptions { Sha256Factory = () => new Sha256() });

        [IterationSetup(Target = nameof(DesktopAgentCheckpointPerMib))]
        public void SetupDesktopPerMib() => StartDevice(null, new FirmwareOptions { CheckpointInterval = 1024 * 1024, CheckpointMilliseconds = 0 });

        [IterationSetup(Target = nameof(DesktopAgentCorePacing))]
        public void SetupDesktopCorePacing() => StartDevice(CorePacing, new FirmwareOptions());

        [IterationSetup(Target = nameof(DesktopAgentBefore))]
        public void SetupDesktopBefore() => StartDevice(null, Esp32Firmware());

        [IterationSetup(Target = nameof(Esp32Setting))]
        public void SetupEsp32() => StartDevice(CorePacing, Esp32Firmware());

        /// <summary>Baseline: curl fetches the image from the presigned URL to /dev/null.</summary>
        [Benchmark(Baseline = true)]
        public void Curl()
        {
            using var curl = Process.Start(new ProcessStartInfo("curl", new[] { "-s", "-f", "-o", "/dev/null", _url }) { UseShellExecute = false });
            if (!curl.WaitForExit((int)Bound.TotalMilliseconds) || curl.ExitCode != 0)
            {
                throw new InvalidOperationException("curl failed: exit " + (curl.HasExited ? curl.ExitCode.ToString() : "timeout"));
            }
        }

        /// <summary>The desktop agent as shipped: 50 ms slices without a pause, 64 KiB reads, libcrypto's SHA-256, a checkpoint every second or 16 MiB.</summary>
        [Benchmark]
        public void DesktopAgent() => DownloadOnce();

        /// <summary>As shipped, but hashing with the core's managed SHA-256 (what the platform's hash saves).</summary>
        [Benchmark]
        public void DesktopAgentManagedSha256() => DownloadOnce();

        /// <summary>As shipped, but a checkpoint on every MiB boundary instead of every second (bytes only): 8 slot and 8 record fsyncs per image.</summary>
        [Benchmark]
        public void DesktopAgentCheckpointPerMib() => DownloadOnce();

        /// <summary>As shipped, but with the core's pacing, the ESP32's (10 ms slices, 20 ms pause).</summary>
        [Benchmark]
        public void DesktopAgentCorePacing() => DownloadOnce();

        /// <summary>The desktop's download settings before issue 13 §2's work: 4 KiB reads, managed SHA-256, a checkpoint per 64 KiB.</summary>
        [Benchmark]
        public void DesktopAgentBefore() => DownloadOnce();

        /// <summary>The ESP32's setting throughout: core pacing, 4 KiB reads, managed SHA-256, a checkpoint per 64 KiB.</summary>
        [Benchmark]
        public void Esp32Setting() => DownloadOnce();

        [IterationCleanup]
        public void Cleanup()
        {
            if (_client != null && _client.LastByte > 0)
            {
                // Before the first ranged GET: notify-next, describe, the execution record, IN_PROGRESS, the slot's new
                // session and the first checkpoint. Then the HTTP download itself (first ranged GET to last byte), and how
                // much of it the agent spent waiting in Read (the rest: hashing, slot writes, progress reports, engine).
                Console.WriteLine("// job created to first request: " + Stopwatch.GetElapsedTime(_jobCreated, _client.FirstOpen).TotalMilliseconds.ToString("F1")
                    + " ms; download phase: " + Stopwatch.GetElapsedTime(_client.FirstOpen, _client.LastByte).TotalMilliseconds.ToString("F1") + " ms, of which in Read "
                    + Stopwatch.GetElapsedTime(0, _client.InRead).TotalMilliseconds.ToString("F1") + " ms (" + _client.Reads + " reads)");
            }

            _client = null;
            _device?.Dispose();
            _device = null;
        }

        [GlobalCleanup]
        public void TearDown()
        {
            _emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try { Directory.Delete(_dir, recursive: true); }
            catch (IOException) { }
        }

        private string Document() => Emulator.FirmwareDocument(Bucket, Key, _imageVersion, "2.0.0", ImageSize);

        /// <summary>A fresh thing (factory image 1.0.0), connected and idle before the measured part.</summary>
        private void StartDevice(Action<AgentOptions> agent, FirmwareOptions firmware)
        {
            string thing = "bench-" + (++_round).ToString("D3");
            string settingsPath = _emulator.ProvisionBundle(thing, Path.Combine(_dir, thing));
            var settings = DeviceSettings.Load(settingsPath);
            _downloaded = new ManualResetEventSlim(false);
            var done = _downloaded;
            firmware.RangedClientFactory = s => _client = new CountingClient(new HttpClientRangedClient(TimeSpan.FromSeconds(30)), ImageSize, done);
            _device = new DesktopDevice(settings, new DesktopDeviceOptions
            {
                AgentFactory = DefaultAgent.With(agent),
                Firmware = firmware,
            });
            _device.Start();
            if (!_device.WaitUntil(s => s.Connected && s.Agent.Idle, Bound))
            {
                throw new InvalidOperationException(thing + " did not become idle: " + _device.Snapshot().LastProblem);
            }
        }

        private static void CorePacing(AgentOptions options)
        {
            var core = new AgentOptions();
            options.StepSliceMs = core.StepSliceMs;
            options.StepIntervalMs = core.StepIntervalMs;
        }

        // The ESP32's download settings (src/NfDevice.Esp32/Program.cs): the bundle's 4 KiB chunks, 64 KiB checkpoints, the core's SHA-256.
        private static FirmwareOptions Esp32Firmware() => new FirmwareOptions { CheckpointInterval = 64 * 1024, MinimumChunkSize = 0, Sha256Factory = () => new Sha256() };

        private void DownloadOnce()
        {
            _jobCreated = Stopwatch.GetTimestamp();
            _emulator.CreateFirmwareJob("bench-" + _round.ToString("D3"), Document(), _role, 3600, _device.ThingName);
            if (!_downloaded.Wait(Bound))
            {
                throw new InvalidOperationException("the agent did not download the image within " + Bound);
            }
        }

        /// <summary>
        /// Each iteration is one whole download (seconds), so: one launch, one warm-up, nine measured, in this
        /// process (the emulator lives here too; a generated child project also takes minutes to build on a loaded machine).
        /// </summary>
        private sealed class InProcessMonitoring : ManualConfig
        {
            public InProcessMonitoring()
            {
                AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(9)
                    .WithToolchain(InProcessEmitToolchain.Instance));
                // The README quotes medians: a loaded machine's outliers pull the mean.
                AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
            }
        }

        /// <summary>The desktop ranged client, counting body bytes read; signals when a whole image went through.</summary>
        private sealed class CountingClient : IRangedHttpClient, IDisposable
        {
            private readonly HttpClientRangedClient _inner;
            private readonly long _size;
            private readonly ManualResetEventSlim _done;
            private long _read;

            public CountingClient(HttpClientRangedClient inner, long size, ManualResetEventSlim done)
            {
                _inner = inner;
                _size = size;
                _done = done;
            }

            /// <summary>Stopwatch ticks of the first Open and of the last byte read (the download phase, printed per iteration).</summary>
            public long FirstOpen, LastByte;

            /// <summary>Stopwatch ticks spent inside Read (waiting for the network), and the number of reads.</summary>
            public long InRead, Reads;

            public bool Open(string url, long from, long to, HttpRangeResponse response)
            {
                if (FirstOpen == 0)
                {
                    FirstOpen = Stopwatch.GetTimestamp();
                }

                return _inner.Open(url, from, to, response);
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                long started = Stopwatch.GetTimestamp();
                int n = _inner.Read(buffer, offset, count);
                InRead += Stopwatch.GetTimestamp() - started;
                Reads++;
                if (n > 0 && (_read += n) >= _size)
                {
                    LastByte = Stopwatch.GetTimestamp();
                    _done.Set();
                }

                return n;
            }

            public void Close() => _inner.Close();

            public void Dispose() => _inner.Dispose();
        }
    }
}
