using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NfDevice.Cloud;
using NfDevice.Cloud.Demo;
using NfDevice.Cloud.Jobs;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Update;

namespace NfDevice.Benchmarks
{
    /// <summary>
    /// A fleet as `nfdevice simulate` runs it, with the emulator in the same process: N desktop devices (default agent,
    /// MQTT over TLS, file state and slot) on one <see cref="EngineScheduler"/>, sharing one HTTP connection pool, each
    /// taking one signed firmware update (16 KB image: download, signature check, reboot into it, confirm). One operation
    /// is boot (TLS connect included) to the emulator showing all N executions SUCCEEDED. Each iteration starts from
    /// empty device state. Baseline: 100 devices. After each iteration a `// fleet` line gives CPU per device (emulator
    /// and agents together), peak working set, threads and file descriptors of the process.
    /// </summary>
    public abstract class FleetBenchmarkBase
    {
        private static readonly TimeSpan Bound = TimeSpan.FromMinutes(20);
        private Emulator _emulator;
        private string _dir;
        private List<DeviceSettings> _settings;
        private string _document;
        private string _roleArn;
        private EngineScheduler _scheduler;
        private readonly SemaphoreSlim _connectGate = new SemaphoreSlim(Math.Max(4, Environment.ProcessorCount * 4));
        private Simulator _simulator;
        private ProcessPeaks _peaks;
        private string _jobId;
        private int _devices;
        private int _round;

        /// <summary>The largest fleet of the class (things provisioned once).</summary>
        protected abstract int MaxDevices { get; }

        /// <summary>Emulator on free loopback ports; the things provisioned once as bundles; the image uploaded and signed once.</summary>
        [GlobalSetup]
        public void Setup()
        {
            // The emulator and the agents share this process: a socket each side per device, plus downloads.
            string limit = DescriptorLimit.Ensure(2 * MaxDevices);
            if (limit != null && !limit.StartsWith("warning:", StringComparison.Ordinal)) throw new InvalidOperationException(limit);
            if (limit != null) Console.WriteLine("// " + limit);
            _dir = Path.Combine(Path.GetTempPath(), "nfdevice-bench-fleet-" + Guid.NewGuid().ToString("N"));
            _emulator = new Emulator(new EmulatorOptions { MqttPort = 0, HttpPort = 0, DataDirectory = Path.Combine(_dir, "cloud") });
            _emulator.StartAsync().GetAwaiter().GetResult();
            for (int i = 1; i <= MaxDevices; i++)
            {
                string thing = "fleet-" + i.ToString("D5", CultureInfo.InvariantCulture);
                _emulator.ProvisionBundle(thing, Path.Combine(_dir, "bundles", thing));
            }
            _settings = Simulator.LoadBundles(Path.Combine(_dir, "bundles"));
            byte[] image = DesktopImage.Build("1.1.0", 16 * 1024, seed: 14);
            _emulator.CreateFirmwareBucket("fleet-fw");
            string version = _emulator.UploadImage("fleet-fw", "fleet.bin", image);
            _roleArn = _emulator.CreatePresignRole("fleet-read", "fleet-fw");
            _emulator.GetOrCreateSigningProfile(Emulator.DefaultSigningProfile);
            _emulator.SignImage(Emulator.DefaultSigningProfile, "fleet-fw", "fleet.bin", version);
            _document = Emulator.FirmwareDocument("fleet-fw", "fleet.bin", version, "1.1.0", image.Length);
        }

        /// <summary>Empty state for the first n devices, a fresh job for them, and the devices created (certificates loaded) but not booted.</summary>
        protected void Prepare(int n)
        {
            _devices = n;
            foreach (DeviceSettings s in _settings.Take(n))
            {
                if (Directory.Exists(s.StateDirectory)) Directory.Delete(s.StateDirectory, recursive: true);
            }
            _jobId = "fleet-job-" + (++_round).ToString(CultureInfo.InvariantCulture);
            _emulator.CreateFirmwareJob(_jobId, _document, _roleArn, 3600, _settings.Take(n).Select(s => s.ThingName).ToArray());
            _scheduler = new EngineScheduler(name: "fleet");
            // As `nfdevice simulate` composes its devices.
            _simulator = new Simulator(_settings.Take(n), new DesktopDeviceOptions
            {
                RecentLogLines = 20,
                Scheduler = _scheduler,
                Firmware = new FirmwareOptions { ShareHttpConnections = true },
                ConfigureMqtt = m =>
                {
                    m.InitialConnectSpread = TimeSpan.FromMilliseconds(Math.Min(10_000, n * 5));
                    m.ConnectGate = _connectGate;
                },
            });
        }

        /// <summary>Boots the devices and waits until the emulator shows every execution SUCCEEDED.</summary>
        protected void RunFleet()
        {
            _peaks = new ProcessPeaks(TimeSpan.FromSeconds(1));
            _simulator.Start();
            var until = DateTime.UtcNow + Bound;
            while (_emulator.Jobs.ExecutionsForJob(_jobId, ExecStatus.Succeeded).Count < _devices)
            {
                if (DateTime.UtcNow > until) throw new TimeoutException(_jobId + ": only " + _emulator.Jobs.ExecutionsForJob(_jobId, ExecStatus.Succeeded).Count + " of " + _devices + " SUCCEEDED after " + Bound);
                Thread.Sleep(100);
            }
            _peaks.Sample();
        }

        /// <summary>Prints what the iteration cost, then stops the devices outside the measured time.</summary>
        [IterationCleanup]
        public void Cleanup()
        {
            if (_peaks != null)
            {
                Console.WriteLine("// fleet " + _devices.ToString("N0", CultureInfo.InvariantCulture) + " devices: " + _peaks.Summary(_devices) +
                    "; at most " + _scheduler.PeakWorkerThreads + " engine threads");
            }
            _peaks?.Dispose();
            _peaks = null;
            _simulator?.Dispose();
            _simulator = null;
            _scheduler?.Dispose();
            _scheduler = null;
        }

        [GlobalCleanup]
        public void TearDown()
        {
            _emulator?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// The fleet jobs: no warm-up, in process (the setup provisions thousands of things and a child process would redo
    /// it; the emulator and the devices share this process anyway), one launch.
    /// </summary>
    public static class FleetConfig
    {
        private static Job Fleet(int iterations) => Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(0)
            .WithIterationCount(iterations).WithToolchain(InProcessEmitToolchain.Instance).WithId(iterations == 1 ? "OneIteration" : iterations + "Iterations");

        /// <summary>Three measured iterations.</summary>
        public sealed class ThreeIterations : ManualConfig
        {
            public ThreeIterations() => AddJob(Fleet(3));
        }

        /// <summary>One measured iteration (10,000 devices).</summary>
        public sealed class OneIteration : ManualConfig
        {
            public OneIteration() => AddJob(Fleet(1));
        }
    }

    /// <summary>
    /// 100 (baseline) and 1,000 devices, three iterations each.
    /// Run: dotnet run -c Release --project tests/NfDevice.Benchmarks -- --filter '*FleetBenchmarks*'
    /// </summary>
    [Config(typeof(FleetConfig.ThreeIterations))]
    public class FleetBenchmarks : FleetBenchmarkBase
    {
        protected override int MaxDevices => 1000;

        [IterationSetup(Target = nameof(Devices100))]
        public void SetupHundred() => Prepare(100);

        [IterationSetup(Target = nameof(Devices1000))]
        public void SetupThousand() => Prepare(1000);

        /// <summary>Baseline: 100 devices, one signed update each.</summary>
        [Benchmark(Baseline = true)]
        public void Devices100() => RunFleet();

        /// <summary>1,000 devices, one signed update each.</summary>
        [Benchmark]
        public void Devices1000() => RunFleet();
    }

    /// <summary>
    /// 100 (baseline) and 10,000 devices, ONE iteration each (a 10,000-device iteration takes minutes on two cores):
    /// repeat the command for a median.
    /// Run: dotnet run -c Release --project tests/NfDevice.Benchmarks -- --filter '*FleetTenThousandBenchmarks*'
    /// </summary>
    [Config(typeof(FleetConfig.OneIteration))]
    public class FleetTenThousandBenchmarks : FleetBenchmarkBase
    {
        protected override int MaxDevices => 10_000;

        [IterationSetup(Target = nameof(Devices100))]
        public void SetupHundred() => Prepare(100);

        [IterationSetup(Target = nameof(Devices10000))]
        public void SetupTenThousand() => Prepare(10_000);

        /// <summary>Baseline: 100 devices, one signed update each (single iteration).</summary>
        [Benchmark(Baseline = true)]
        public void Devices100() => RunFleet();

        /// <summary>10,000 devices, one signed update each (single iteration).</summary>
        [Benchmark]
        public void Devices10000() => RunFleet();
    }
}
