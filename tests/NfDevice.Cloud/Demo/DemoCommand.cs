using System;
using System.CommandLine;
using System.Linq;

namespace NfDevice.Cloud.Demo
{
    /// <summary>`nfcloud demo`: the emulator, N provisioned things, one job, the desktop agents, and a verdict.</summary>
    public static class DemoCommand
    {
        /// <summary>The `demo` command.</summary>
        public static Command Build()
        {
            var devices = new Option<int>("--devices", "-n") { Description = "Number of simulated devices (run in as many `nfdevice simulate` processes as this machine's per-process limits need: memory maps, open files)", DefaultValueFactory = _ => 20 };
            var job = new Option<string>("--job") { Description = "Job to roll out: " + string.Join("; ", DemoJobs.All.Select(j => j.Name + " (" + j.Description + ")")), DefaultValueFactory = _ => "application" };
            job.AcceptOnlyFromAmong(DemoJobs.All.Select(j => j.Name).ToArray());
            var timeout = new Option<int?>("--timeout") { Description = "Seconds every execution has to reach its expected status (default: 60 plus 0.1 per device)" };
            var plain = new Option<bool>("--plain") { Description = "Plain line output even on a terminal" };
            var keep = new Option<bool>("--keep") { Description = "Keep the demo's temporary folder (emulator data, bundles, logs) after a successful run" };
            // Test and diagnostic knob: fewer devices per agents process than this machine's limits allow (more processes).
            var perProcess = new Option<int>("--devices-per-process") { Description = "Cap devices per agents process (test/diagnostic knob)", Hidden = true };
            var command = new Command("demo", "Start the emulator, provision N simulated devices, roll out a job to them with the desktop agents, and show each device's result (exit 0 only if all succeed)");
            foreach (Option o in new Option[] { devices, job, timeout, plain, keep, perProcess }) command.Add(o);
            command.SetAction((parse, ct) =>
            {
                int n = parse.GetValue(devices);
                int seconds = parse.GetValue(timeout) ?? DefaultTimeoutSeconds(n);
                if (n < 1 || seconds < 1)
                {
                    Console.Error.WriteLine("nfcloud demo: --devices must be at least 1 and --timeout at least 1 second.");
                    return System.Threading.Tasks.Task.FromResult(2);
                }
                string limit = DescriptorLimit.Ensure(n);
                if (limit != null)
                {
                    Console.Error.WriteLine("nfcloud demo: " + limit);
                    if (!limit.StartsWith("warning:", StringComparison.Ordinal)) return System.Threading.Tasks.Task.FromResult(2);
                }
                return DemoRunner.RunAsync(new DemoSettings
                {
                    Devices = n,
                    Job = DemoJobs.Find(parse.GetValue(job)),
                    Timeout = TimeSpan.FromSeconds(seconds),
                    Plain = parse.GetValue(plain) || Console.IsOutputRedirected,
                    Keep = parse.GetValue(keep),
                    DevicesPerProcess = parse.GetValue(perProcess),
                }, ct);
            });
            return command;
        }

        /// <summary>
        /// The time a fleet of <paramref name="devices"/> gets by default: a minute, plus 100 ms per device, since the
        /// agents and the emulator of one machine share its cores (README, Performance: the fleet row gives the CPU per
        /// device of both processes; on a loaded 2-core machine a device costs well under 100 ms of wall time).
        /// </summary>
        public static int DefaultTimeoutSeconds(int devices) => 60 + Math.Max(0, devices) / 10;
    }

    /// <summary>What `demo` was asked to do.</summary>
    public sealed class DemoSettings
    {
        /// <summary>Number of things.</summary>
        public int Devices { get; init; } = 20;
        /// <summary>The job to roll out.</summary>
        public IDemoJob Job { get; init; } = new DiagnosticsDemoJob();
        /// <summary>Time allowed from job creation to the last expected status.</summary>
        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
        /// <summary>Line output instead of the live table.</summary>
        public bool Plain { get; init; }
        /// <summary>Keep the temporary folder after success.</summary>
        public bool Keep { get; init; }
        /// <summary>A cap on devices per agents process (0 = what this machine's limits allow).</summary>
        public int DevicesPerProcess { get; init; }
    }
}
