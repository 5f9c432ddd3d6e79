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
            var command = new Command("simulate", "Run N simulated devices in one process against an endpoint, with live progress and a summary table.");
            foreach (var o in new Option[] { count, bundles, template, endpoint, port, untilIdle, duration, logDir, plain }) command.Add(o);
            command.Validators.Add(result =>
            {
                bool hasBundles = result.GetValue(bundles) != null, hasTemplate = result.GetValue(template) != null;
                if (hasBundles == hasTemplate) result.AddError("Give exactly one of --bundles or --template.");
                if (hasTemplate && result.GetValue(count) < 1) result.AddError("--template needs --count N (N >= 1).");
                if (result.GetValue(count) < 0) result.AddError("--count must not be negative.");
                if (result.GetValue(untilIdle) < 0) result.AddError("--until-idle must not be negative.");
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
        }

        private static int ExecuteInterruptible(Args args, CancellationToken cancel)
        {
            using var interrupt = new Interrupt(cancel);
            return Execute(args, interrupt.Token);
        }

        private static int Execute(Args args, CancellationToken cancel)
        {
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
                settings = args.Bundles != null ? Simulator.LoadBundles(args.Bundles, args.Count) : Simulator.FromTemplate(args.Template, args.Count);
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
