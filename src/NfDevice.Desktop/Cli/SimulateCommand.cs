using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Platform;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Cli
{
    /// <summary>`nfdevice simulate --count N (--bundles DIR | --template FILE)`: N devices in one process with a live display.</summary>
    internal static class SimulateCommand
    {
        /// <summary>How the line with the process's peaks and CPU starts (a demo running simulate as a child looks for it).</summary>
        public const string ProcessLinePrefix = "nfdevice: ";

        /// <summary>TLS handshakes the simulated devices of one process have in flight at most (<see cref="MqttConnectionOptions.ConnectGate"/>).</summary>
        public static readonly int ConnectsInFlight = Math.Max(4, Environment.ProcessorCount * 4);

        public static Command Build()
        {
            var count = new Option<int>("--count", "-n") { Description = "Number of devices (with --bundles: 0 = every bundle).", DefaultValueFactory = _ => 0 };
            var bundles = new Option<string>("--bundles", "-b") { Description = "Folder with one sub-folder per device, each holding nfdevice.json (as the emulator's provision command writes)." };
            var template = new Option<string>("--template", "-t") { Description = "Settings file where \"{n}\" in string values stands for the device index (0001, 0002, ...)." };
            var endpoint = new Option<string>("--endpoint") { Description = "Override the broker host of every device." };
            var port = new Option<int?>("--port") { Description = "Override the broker port of every device." };
            var untilIdle = new Option<int>("--until-idle") { Description = "Stop when every device has finished at least K executions and has nothing pending.", DefaultValueFactory = _ => 0 };
            var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds (with --until-idle: a timeout that fails the run)." };
            var logDir = new Option<string>("--log-dir") { Description = "Write one log file per device into this folder." };
            var plain = new Option<bool>("--plain") { Description = "Plain line output even on a terminal." };
            var skip = new Option<int>("--skip") { Description = "With --bundles: leave out the first K bundles (name order), so that several processes can each run a slice of one folder: --skip K --count N.", DefaultValueFactory = _ => 0 };
            var jobKind = new Option<string>("--job-kind") { Description = "The jobs the fleet will take, for the per-process capacity check: application (~10 memory maps per device once its application runs), firmware or diagnostics.", DefaultValueFactory = _ => "application" };
            jobKind.AcceptOnlyFromAmong("application", "firmware", "diagnostics");
            var plan = new Option<bool>("--plan") { Description = "Print how many devices one process of this machine can hold (memory maps, open files) and how many processes the fleet needs, then exit (with --count N alone: a fleet of N)." };
            // Test and diagnostic knobs: a plan as if the machine's limits were these (0 = read them).
            var cap = new Option<int>("--devices-per-process") { Description = "Cap devices per process below what the limits allow (test/diagnostic knob).", Hidden = true };
            var maps = new Option<long>("--assume-max-map-count") { Description = "Plan with this vm.max_map_count instead of the machine's (test/diagnostic knob).", Hidden = true };
            var files = new Option<long>("--assume-open-files") { Description = "Plan with this open-file limit instead of this process's (test/diagnostic knob).", Hidden = true };
            var command = new Command("simulate",
                "Run N simulated devices in one process against an endpoint, with live progress and a summary table. Refuses at once a fleet that one process " +
                "cannot hold under this machine's per-process limits (vm.max_map_count, open files): split it with --skip/--count over several processes " +
                "(`nfcloud demo` does), or raise the limits; --plan prints the numbers.");
            foreach (var o in new Option[] { count, bundles, template, endpoint, port, untilIdle, duration, logDir, plain, skip, jobKind, plan, cap, maps, files }) command.Add(o);
            command.Validators.Add(result =>
            {
                bool hasBundles = result.GetValue(bundles) != null, hasTemplate = result.GetValue(template) != null;
                bool planOfCount = result.GetValue(plan) && !hasBundles && !hasTemplate && result.GetValue(count) >= 1;
                if (hasBundles == hasTemplate && !planOfCount) result.AddError("Give exactly one of --bundles or --template (or, with --plan, only --count N).");
                if (hasTemplate && result.GetValue(count) < 1) result.AddError("--template needs --count N (N >= 1).");
                if (result.GetValue(count) < 0) result.AddError("--count must not be negative.");
                if (result.GetValue(untilIdle) < 0) result.AddError("--until-idle must not be negative.");
                if (result.GetValue(skip) < 0) result.AddError("--skip must not be negative.");
                if (result.GetValue(skip) > 0 && hasTemplate) result.AddError("--skip goes with --bundles.");
            });
            command.SetAction((parse, cancel) => Task.Run(() => ExecuteInterruptible(new Args
            {
                Count = parse.GetValue(count),
                Bundles = parse.GetValue(bundles),
                Template = parse.GetValue(template),
                Endpoint = parse.GetValue(endpoint),
                Port = parse.GetValue(port),
                UntilIdle = parse.GetValue(untilIdle),
                Duration = parse.GetValue(duration),
                LogDir = parse.GetValue(logDir),
                Plain = parse.GetValue(plain),
                Skip = parse.GetValue(skip),
                JobKind = Enum.Parse<FleetJobKind>(parse.GetValue(jobKind), ignoreCase: true),
                PlanOnly = parse.GetValue(plan),
                DevicesPerProcess = parse.GetValue(cap),
                AssumeMaxMapCount = parse.GetValue(maps),
                AssumeOpenFiles = parse.GetValue(files),
            }, cancel)));
            return command;
        }

        private sealed class Args
        {
            public int Count;
            public string Bundles;
            public string Template;
            public string Endpoint;
            public int? Port;
            public int UntilIdle;
            public double? Duration;
            public string LogDir;
            public bool Plain;
            public int Skip;
            public FleetJobKind JobKind;
            public bool PlanOnly;
            public int DevicesPerProcess;
            public long AssumeMaxMapCount;
            public long AssumeOpenFiles;
        }

        /// <summary>Prints the plan (--plan) or refuses a fleet one process cannot hold; null to go on.</summary>
        private static int? CheckCapacity(Args args, int devices)
        {
            ProcessLimits real = ProcessLimitsReader.Read(args.DevicesPerProcess);
            var limits = new ProcessLimits
            {
                OpenFiles = args.AssumeOpenFiles > 0 ? args.AssumeOpenFiles : real.OpenFiles,
                MaxMapCount = args.AssumeMaxMapCount > 0 ? args.AssumeMaxMapCount : real.MaxMapCount,
                DevicesPerProcessCap = args.DevicesPerProcess,
            };
            FleetPlan plan;
            try
            {
                plan = FleetCapacity.Plan(devices, args.JobKind, limits);
            }
            catch (FleetCapacityException e)
            {
                Console.Error.WriteLine("nfdevice: " + e.Message);
                return 2;
            }

            if (args.PlanOnly)
            {
                Console.WriteLine(ProcessLinePrefix + FleetCapacity.Describe(plan, limits));
                Console.WriteLine(ProcessLinePrefix + FleetCapacity.MachineLine(plan));
                return 0;
            }

            string problem = FleetCapacity.CheckOneProcess(devices, args.JobKind, limits);
            if (problem == null) return null;
            Console.Error.WriteLine("nfdevice: " + problem);
            return 2;
        }

        private static int ExecuteInterruptible(Args args, CancellationToken cancel)
        {
            using var interrupt = new Interrupt(cancel);
            return Execute(args, interrupt.Token);
        }

        private static int Execute(Args args, CancellationToken cancel)
        {
            if (args.PlanOnly && args.Bundles == null && args.Template == null) return CheckCapacity(args, args.Count) ?? 0;
            List<DeviceSettings> settings;
            Simulator simulator;
            // Every device's engine on a few shared threads (about one per core) instead of a thread each.
            using var peaks = new ProcessPeaks(TimeSpan.FromSeconds(1));
            // Every device's application runs in this process, its timers on the shared .NET thread pool beside MQTTnet's
            // I/O: thousands of applications that wait (a file write each second) must not leave the sessions without a
            // thread while the pool adds threads one by one.
            ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
            ThreadPool.SetMinThreads(Math.Max(minWorkers, Environment.ProcessorCount * 32), minIo);
            using var scheduler = new EngineScheduler(name: "nfdevice");
            using var connectGate = new SemaphoreSlim(ConnectsInFlight);
            using LogFolder logs = args.LogDir != null ? new LogFolder(args.LogDir) : null;
            try
            {
                settings = args.Bundles != null ? Simulator.LoadBundles(args.Bundles, args.Count, args.Skip) : Simulator.FromTemplate(args.Template, args.Count);
                // Before a single certificate is loaded: a fleet this process cannot hold is refused now, not as
                // "Out of memory." thousands of devices in.
                int? refused = CheckCapacity(args, settings.Count);
                if (refused.HasValue) return refused.Value;
                foreach (var s in settings)
                {
                    if (args.Endpoint != null) s.Endpoint = args.Endpoint;
                    if (args.Port.HasValue) s.Port = args.Port.Value;
                }
                var options = new DesktopDeviceOptions
                {
                    RecentLogLines = 20,
                    Scheduler = scheduler,
                    // A fleet in one process: each device keeps its bundle's chunkSize buffer (4 KiB) rather than the
                    // single desktop agent's 64 KiB reads, so memory grows by the buffer per device, not 16 times it.
                    Firmware = new Update.FirmwareOptions { ShareHttpConnections = true, MinimumChunkSize = 0 },
                    // Spread the first TLS handshakes so N devices do not all hit the broker in the same instant, and
                    // keep a few in flight at a time (a queue of thousands at the broker only times out and retries).
                    ConfigureMqtt = m =>
                    {
                        m.InitialConnectSpread = TimeSpan.FromMilliseconds(Math.Min(10_000, settings.Count * 5));
                        m.ConnectGate = connectGate;
                    },
                };
                // Per-device files without a descriptor each (ten thousand devices already hold a socket each).
                if (logs != null) options.LogFactory = s => logs.Open(s.ThingName, s.LogLevel);
                simulator = new Simulator(settings, options);
            }
            catch (SettingsException e)
            {
                Console.Error.WriteLine("nfdevice: " + e.Message);
                return 2;
            }

            using (simulator)
            {
                var condition = new StopCondition
                {
                    UntilIdleAfterJobs = args.UntilIdle,
                    Duration = args.Duration.HasValue ? TimeSpan.FromSeconds(args.Duration.Value) : null,
                };
                var view = new ProgressView(settings.Count, args.Plain || Console.IsOutputRedirected);
                simulator.Start();
                bool idle = view.Run(simulator, condition, cancel);
                var final = simulator.Snapshot();
                // What the run cost, before the stop adds its own work (`nfcloud demo` shows this line).
                Console.WriteLine(ProcessLinePrefix + peaks.Summary(settings.Count) + "; at most " + scheduler.PeakWorkerThreads + " engine threads for " + settings.Count + " devices");
                simulator.Stop();
                int minJobs = args.UntilIdle;
                view.Summary(final, minJobs);
                bool healthy = final.All(d => Simulator.IsHealthy(d, minJobs));
                if (args.UntilIdle > 0 && !idle)
                {
                    Console.Error.WriteLine("nfdevice: stopped before every device finished " + args.UntilIdle + " execution(s) and went idle.");
                    return 1;
                }
                return healthy ? 0 : 1;
            }
        }
    }
}
