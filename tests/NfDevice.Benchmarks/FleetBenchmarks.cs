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
using NfDevice.Desktop.Platform;
using NfDevice.Desktop.Update;

namespace NfDevice.Benchmarks
{
    /// <summary>
    /// A fleet as `nfdevice simulate` runs it: N desktop devices (default agent, MQTT over TLS, file state and slot) on
    /// one <see cref="EngineScheduler"/> per process, sharing one HTTP connection pool, each taking one signed firmware
    /// update (16 KB image: download, signature check, reboot into it, confirm), against the emulator in this process.
    /// One operation is boot (TLS connect included) to the emulator showing all N executions SUCCEEDED; each iteration
    /// starts from empty device state. Baseline: 100 devices.
    /// <para>
    /// Where the agents run: in this process (<see cref="FleetBenchmarks"/>: emulator and agents together, as measured
    /// since the shared scheduler; a `// fleet` line after each iteration gives CPU per device of both, peak working set,
    /// threads and descriptors of the process), or as `nfdevice simulate` child processes, as many as
    /// <see cref="FleetCapacity"/> plans for this machine, each with a slice of the bundles, as `nfcloud demo` runs them
    /// (<see cref="FleetTenThousandBenchmarks"/>: one process cannot hold both sides of 10,000 devices, a socket each
    /// side per device under a 20,000 open-file limit). Then the measured time includes starting the children and
    /// loading their devices' certificates, and the `// fleet` line gives the emulator's figures (this process) and the
    /// agents' (each child's own `process:` line, summed).
    /// </para>
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

        private AgentFleet _children;
        private int _perProcess;

        /// <summary>The largest fleet of the class (things provisioned once).</summary>
        protected abstract int MaxDevices { get; }

        /// <summary>True to run the agents as `nfdevice simulate` child processes (see the class summary).</summary>
        protected virtual bool AgentsInChildProcesses => false;

        /// <summary>Emulator on free loopback ports; the things provisioned once as bundles; the image uploaded and signed once.</summary>
        [GlobalSetup]
        public void Setup()
        {
            // In process, the emulator and the agents share this process: a socket each side per device, plus downloads.
            // With child processes, this process holds the emulator's side only, and each child checks its own.
            string limit = DescriptorLimit.Ensure(AgentsInChildProcesses ? MaxDevices : 2 * MaxDevices);
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
            if (AgentsInChildProcesses)
            {
                // As `nfcloud demo` does: as many `nfdevice simulate` processes as this machine's per-process limits need.
                ProcessLimits limits = ProcessLimitsReader.Read(EnvironmentNumber(DevicesPerProcessVariable));
                FleetPlan plan = FleetCapacity.Plan(n, FleetJobKind.Firmware, limits);
                _perProcess = plan.PerProcess;
                Console.WriteLine("// " + FleetCapacity.Describe(plan, limits));
                return;
            }
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
            if (AgentsInChildProcesses)
            {
                string work = Path.Combine(_dir, "agents-" + _round.ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(work);
                _children = AgentFleet.Start(AgentProcess.LocateAgentDll(), Path.Combine(_dir, "bundles"), _devices, _perProcess, "firmware", Bound, work);
            }
            else
            {
                _simulator.Start();
            }
            var until = DateTime.UtcNow + Bound;
            while (_emulator.Jobs.ExecutionsForJob(_jobId, ExecStatus.Succeeded).Count < _devices)
            {
                if (DateTime.UtcNow > until) throw new TimeoutException(_jobId + ": only " + _emulator.Jobs.ExecutionsForJob(_jobId, ExecStatus.Succeeded).Count + " of " + _devices + " SUCCEEDED after " + Bound);
                var failed = _children?.FirstFailure();
                if (failed.HasValue)
                {
                    throw new InvalidOperationException("agents process " + (failed.Value.Index + 1) + " exited with code " + failed.Value.Code + ": " +
                        _children.Processes[failed.Value.Index].LastError + " (log: " + _children.LogPaths[failed.Value.Index] + ")");
                }
                Thread.Sleep(100);
            }
            _peaks.Sample();
        }

        /// <summary>Prints what the iteration cost, then stops the devices outside the measured time.</summary>
        [IterationCleanup]
        public void Cleanup()
        {
            if (_peaks != null && _children != null)
            {
                // The emulator's figures at the last SUCCEEDED, before the wait for the children's own.
                string emulator = _peaks.Summary(_devices);
                double emulatorCpu = _peaks.Cpu.TotalSeconds;
                // Each child prints its figures when its devices are idle, which follows the last SUCCEEDED closely.
                _children.WaitForExit(TimeSpan.FromMinutes(2));
                List<AgentFigures> agents = _children.Figures();
                double agentCpu = agents.Where(f => f != null).Sum(f => f.CpuSeconds);
                Console.WriteLine("// fleet " + _devices.ToString("N0", CultureInfo.InvariantCulture) + " devices: emulator (this process): " + emulator.Substring("process: ".Length));
                for (int i = 0; i < _children.Processes.Count; i++) Console.WriteLine("//   agents " + (i + 1) + " of " + _children.Processes.Count + ": " + (_children.Processes[i].ProcessLine ?? "no figures"));
                Console.WriteLine("//   agents, " + AgentFigures.Total(agents, _devices));
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "//   CPU per device: emulator {0:0.0} ms + agents {1:0.0} ms = {2:0.0} ms",
                    emulatorCpu * 1000 / _devices, agentCpu * 1000 / _devices, (emulatorCpu + agentCpu) * 1000 / _devices));
            }
            else if (_peaks != null)
            {
                Console.WriteLine("// fleet " + _devices.ToString("N0", CultureInfo.InvariantCulture) + " devices: " + _peaks.Summary(_devices) +
                    "; at most " + _scheduler.PeakWorkerThreads + " engine threads");
            }
            _children?.Dispose();
            _children = null;
            _peaks?.Dispose();
            _peaks = null;
            _simulator?.Dispose();
            _simulator = null;
            _scheduler?.Dispose();
            _scheduler = null;
        }

        /// <summary>Environment variable: run <see cref="FleetTenThousandBenchmarks"/>' large fleet with this many devices instead of 10,000 (a diagnostic knob, to try the benchmark small).</summary>
        public const string DevicesVariable = "NFDEVICE_FLEET_DEVICES";

        /// <summary>Environment variable: cap devices per agents process (more child processes than the limits need; a diagnostic knob).</summary>
        public const string DevicesPerProcessVariable = "NFDEVICE_FLEET_DEVICES_PER_PROCESS";

        /// <summary>A positive whole number from the environment, or 0.</summary>
        protected static int EnvironmentNumber(string name) =>
            int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 0;

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
    /// repeat the command for a median. The agents run as `nfdevice simulate` child processes, as many as this
    /// machine's per-process limits need (<see cref="FleetCapacity"/>; on a default kernel and a 20,000 open-file limit,
    /// 2 for 10,000 firmware devices), the baseline's too, so both rows pay the same process starts.
    /// Run: dotnet run -c Release --project tests/NfDevice.Benchmarks -- --filter '*FleetTenThousandBenchmarks*'
    /// To try it small: NFDEVICE_FLEET_DEVICES=400 (the Devices10000 row then runs 400 devices; its `// fleet` line says
    /// how many) and NFDEVICE_FLEET_DEVICES_PER_PROCESS=150 (more child processes than the limits need).
    /// </summary>
    [Config(typeof(FleetConfig.OneIteration))]
    public class FleetTenThousandBenchmarks : FleetBenchmarkBase
    {
        private static int LargeFleet => EnvironmentNumber(DevicesVariable) > 0 ? EnvironmentNumber(DevicesVariable) : 10_000;

        protected override int MaxDevices => Math.Max(100, LargeFleet);

        protected override bool AgentsInChildProcesses => true;

        [IterationSetup(Target = nameof(Devices100))]
        public void SetupHundred() => Prepare(100);

        [IterationSetup(Target = nameof(Devices10000))]
        public void SetupTenThousand() => Prepare(LargeFleet);

        /// <summary>Baseline: 100 devices, one signed update each (single iteration).</summary>
        [Benchmark(Baseline = true)]
        public void Devices100() => RunFleet();

        /// <summary>10,000 devices, one signed update each (single iteration).</summary>
        [Benchmark]
        public void Devices10000() => RunFleet();
    }
}
