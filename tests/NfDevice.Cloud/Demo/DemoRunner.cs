using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;
using Spectre.Console;

namespace NfDevice.Cloud.Demo
{
    /// <summary>Runs the demo: emulator, provisioning, job, agents in a child process, progress, verdict.</summary>
    public static class DemoRunner
    {
        private const string Group = "demo-fleet";
        // A large fleet's snapshot copies every execution: poll it less often.
        private static TimeSpan Refresh(int devices) => TimeSpan.FromMilliseconds(devices > 1000 ? 1000 : 250);

        /// <summary>Exit codes: 0 every execution reached the expected status; 1 not; 2 could not run.</summary>
        public static async Task<int> RunAsync(DemoSettings settings, CancellationToken cancel)
        {
            string agentDll;
            try { agentDll = AgentProcess.LocateAgentDll(); }
            catch (FileNotFoundException e)
            {
                Console.Error.WriteLine("nfcloud demo: " + e.Message);
                return 2;
            }

            // Memory maps and open files are per-process limits: the agent says how many devices one of its processes
            // may hold here, and the fleet gets as many processes as that takes.
            int perProcess;
            string plan;
            try { perProcess = AgentFleet.PerProcess(agentDll, null, settings.Devices, settings.Job.Name, settings.DevicesPerProcess, out plan); }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine("nfcloud demo: " + e.Message);
                return 2;
            }

            string work = Path.Combine(Path.GetTempPath(), "nfcloud-demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 6));
            string bundles = Path.Combine(work, "bundles");
            Directory.CreateDirectory(bundles);
            bool passed = false;
            using (var emulatorLog = TextWriter.Synchronized(new StreamWriter(Path.Combine(work, "emulator.log")) { AutoFlush = true }))
            {
                var options = new EmulatorOptions { MqttPort = 0, HttpPort = 0, DataDirectory = Path.Combine(work, "cloud"), Log = emulatorLog.WriteLine };
                await using (var emulator = new Emulator(options))
                {
                    await emulator.StartAsync().ConfigureAwait(false);
                    passed = await RunWithEmulatorAsync(settings, emulator, agentDll, perProcess, plan, work, bundles, cancel).ConfigureAwait(false);
                }
            }
            if (passed && !settings.Keep) TryDelete(work);
            else Console.WriteLine("Emulator log, agent output and per-device logs: " + work);
            return passed ? 0 : 1;
        }

        private static async Task<bool> RunWithEmulatorAsync(DemoSettings settings, Emulator emulator, string agentDll, int perProcess, string plan, string work, string bundles, CancellationToken cancel)
        {
            IDemoJob job = settings.Job;
            // Spectre's shared console keeps the Console.Out of its first use; the demo writes to the one of this run.
            IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            Console.WriteLine("nf-device demo: " + settings.Devices.ToString(CultureInfo.InvariantCulture) + " simulated devices, job '" + job.Name + "'");
            Console.WriteLine("  emulator: MQTT 127.0.0.1:" + emulator.MqttPort.ToString(CultureInfo.InvariantCulture) + " (TLS 1.2, client certificates), control plane " + emulator.HttpEndpoint);

            string digits = "D" + Math.Max(3, settings.Devices.ToString(CultureInfo.InvariantCulture).Length).ToString(CultureInfo.InvariantCulture);
            var things = Enumerable.Range(1, settings.Devices).Select(i => "demo-" + i.ToString(digits, CultureInfo.InvariantCulture)).ToList();
            var provisioning = Stopwatch.StartNew();
            foreach (string thing in things) emulator.ProvisionBundle(thing, Path.Combine(bundles, thing));
            emulator.AddThingsToGroup(Group, things.ToArray());
            var context = new DemoContext { Emulator = emulator, WorkDirectory = work, BundlesDirectory = bundles, Things = things, GroupArn = Arns.ThingGroup(Group) };
            job.Prepare(context);
            string jobId = "demo-" + job.Name + "-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            emulator.CreateJob(job.CreateJob(context, jobId));
            Console.WriteLine("  provisioned " + things.Count.ToString(CultureInfo.InvariantCulture) + " things in thing group " + Group + " in " +
                provisioning.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s; created job " + jobId);

            var emulatorPeaks = new DemoProcessPeaks();
            var clock = Stopwatch.StartNew();
            var view = new DemoView(job, things);
            string failure;
            Dictionary<string, ExecutionSnapshot> latest;
            TimeSpan done;
            List<AgentFigures> agentFigures;
            var agentLines = new List<string>();
            // The children get a little longer than the demo so that the demo, not a child, decides a timeout.
            using (var agents = AgentFleet.Start(agentDll, bundles, things.Count, perProcess, job.Name, settings.Timeout + TimeSpan.FromSeconds(10), work))
            {
                Console.WriteLine("  agents: " + agents.Processes.Count.ToString(CultureInfo.InvariantCulture) + " `nfdevice simulate` child process" + (agents.Processes.Count == 1 ? "" : "es") +
                    " (" + plan + "), output in " + string.Join(", ", agents.LogPaths));
                Console.WriteLine();
                Func<Dictionary<string, ExecutionSnapshot>> poll = () => DemoView.Latest(emulator.Snapshot(), jobId);
                if (settings.Plain)
                {
                    (failure, latest) = await WatchAsync(settings, things.Count, agents, emulatorPeaks, poll, clock, l => view.PlainProgress(clock.Elapsed, l), cancel).ConfigureAwait(false);
                }
                else
                {
                    (string, Dictionary<string, ExecutionSnapshot>) outcome = default;
                    await console.Live(view.LiveTable(clock.Elapsed, poll())).StartAsync(async live =>
                    {
                        outcome = await WatchAsync(settings, things.Count, agents, emulatorPeaks, poll, clock, l => { live.UpdateTarget(view.LiveTable(clock.Elapsed, l)); live.Refresh(); }, cancel).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                    (failure, latest) = outcome;
                }
                done = clock.Elapsed;
                // Idle devices make each child stop by itself (--until-idle 1) and print its figures; one that lingers is
                // killed. Seconds on a loaded machine: a child sees its devices idle at its next refresh, then prints.
                agents.WaitForExit(TimeSpan.FromSeconds(failure == null ? 30 : 5));
                agentFigures = agents.Figures();
                for (int i = 0; i < agents.Processes.Count && agents.Processes.Count > 1; i++)
                {
                    (int skip, int count) = agents.Slice(i);
                    agentLines.Add("  agents process " + (i + 1).ToString(CultureInfo.InvariantCulture) + " of " + agents.Processes.Count.ToString(CultureInfo.InvariantCulture) +
                        " (devices " + (skip + 1).ToString(CultureInfo.InvariantCulture) + "-" + (skip + count).ToString(CultureInfo.InvariantCulture) + "): " +
                        (agents.Processes[i].ProcessLine ?? "no figures (the child did not report them)"));
                }
                if (agents.Processes.Count == 1) agentLines.Add("  agents (nfdevice simulate): " + (agents.Processes[0].ProcessLine ?? "no figures (the child did not report them)"));
            }

            Console.WriteLine();
            console.Write(view.ResultTable(latest));
            int reached = latest.Values.Count(e => e.Status == job.ExpectedStatus);
            bool passed = failure == null && reached == things.Count;
            string summary = reached.ToString(CultureInfo.InvariantCulture) + " of " + things.Count.ToString(CultureInfo.InvariantCulture) + " executions " + job.ExpectedStatus +
                " in " + done.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
            if (passed) console.MarkupLine("[green]PASS[/] " + Markup.Escape(summary));
            else console.MarkupLine("[red]FAIL[/] " + Markup.Escape(summary + (failure == null ? "" : ": " + failure)));
            Console.WriteLine("  emulator (this process, from the job's creation): " + emulatorPeaks.Summary(things.Count));
            foreach (string line in agentLines) Console.WriteLine(line);
            if (agentFigures.Count > 1) Console.WriteLine("  agents, all processes (" + AgentFigures.Total(agentFigures, things.Count) + ")");
            return passed;
        }

        // Polls the emulator until every thing's latest execution is terminal, the time is up, the agents die, or Ctrl+C.
        private static async Task<(string Failure, Dictionary<string, ExecutionSnapshot> Latest)> WatchAsync(
            DemoSettings settings, int count, AgentFleet agents, DemoProcessPeaks emulatorPeaks, Func<Dictionary<string, ExecutionSnapshot>> poll, Stopwatch clock,
            Action<Dictionary<string, ExecutionSnapshot>> show, CancellationToken cancel)
        {
            TimeSpan? agentsGoneAt = null;
            while (true)
            {
                var latest = poll();
                show(latest);
                if (latest.Count == count && latest.Values.All(e => ExecStatus.IsTerminal(e.Status))) return (null, latest);
                if (clock.Elapsed >= settings.Timeout) return ("timed out after " + settings.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s", latest);
                if (cancel.IsCancellationRequested) return ("interrupted", latest);
                // A child exits by itself once its slice is idle; one that failed, or all of them gone with executions
                // still open, ends the demo. Their last reports may still be in flight: give the emulator a moment first.
                var failed = agents.FirstFailure();
                if (failed.HasValue || agents.AllExited)
                {
                    agentsGoneAt ??= clock.Elapsed;
                    if (clock.Elapsed - agentsGoneAt.Value > TimeSpan.FromSeconds(2))
                    {
                        if (!failed.HasValue) return ("the agents exited before every execution ended", latest);
                        AgentProcess child = agents.Processes[failed.Value.Index];
                        return ("agents process " + (failed.Value.Index + 1).ToString(CultureInfo.InvariantCulture) + " exited early (code " + failed.Value.Code.ToString(CultureInfo.InvariantCulture) + ")" +
                            (child.LastError == null ? "" : ": " + child.LastError), latest);
                    }
                }
                emulatorPeaks.Sample();
                try { await Task.Delay(Refresh(count), cancel).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }
        }

        private static void TryDelete(string directory)
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
