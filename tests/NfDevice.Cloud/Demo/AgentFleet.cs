using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace NfDevice.Cloud.Demo
{
    /// <summary>
    /// The agents of a fleet as one or more `nfdevice simulate` child processes, each with its own slice of the bundles
    /// folder (`--skip K --count N`). How many devices one process may take is the agent's own answer
    /// (`nfdevice simulate --plan`: memory maps and open files are per-process limits, and an application device costs
    /// ~10 maps once its code runs), so the emulator never links the agent to know it.
    /// </summary>
    public sealed class AgentFleet : IDisposable
    {
        private static readonly Regex PlanLine = new Regex(@"plan: processes=(\d+) per-process=(\d+)", RegexOptions.CultureInvariant);
        private readonly List<AgentProcess> _processes = new List<AgentProcess>();
        private readonly List<(int Skip, int Count)> _slices = new List<(int, int)>();

        private AgentFleet()
        {
        }

        /// <summary>The child processes, in slice order.</summary>
        public IReadOnlyList<AgentProcess> Processes => _processes;

        /// <summary>Slice of process <paramref name="index"/>: bundles skipped before it, and its devices.</summary>
        public (int Skip, int Count) Slice(int index) => _slices[index];

        /// <summary>The log files of the children, in slice order.</summary>
        public IReadOnlyList<string> LogPaths { get; private set; }

        /// <summary>True once every child has exited.</summary>
        public bool AllExited => _processes.All(p => p.HasExited);

        /// <summary>
        /// Asks the agent how many devices of <paramref name="jobKind"/> one process of this machine may take, for a fleet
        /// of <paramref name="devices"/> (`nfdevice simulate --plan`; bundles in <paramref name="bundles"/>, or null before
        /// they are provisioned). Returns that
        /// number, and the agent's plan in words; throws <see cref="InvalidOperationException"/> with the agent's message
        /// when it refuses (a machine whose limits leave no room for even one device).
        /// </summary>
        public static int PerProcess(string agentDll, string bundles, int devices, string jobKind, int devicesPerProcessCap, out string description)
        {
            var args = new List<string> { "simulate", "--count", devices.ToString(CultureInfo.InvariantCulture), "--job-kind", jobKind, "--plan" };
            if (bundles != null) args.AddRange(new[] { "--bundles", bundles });
            if (devicesPerProcessCap > 0) args.AddRange(new[] { "--devices-per-process", devicesPerProcessCap.ToString(CultureInfo.InvariantCulture) });
            int code = AgentProcess.RunOnce(agentDll, args, out string output);
            Match m = PlanLine.Match(output);
            if (code != 0 || !m.Success) throw new InvalidOperationException("`nfdevice simulate --plan` " + (code != 0 ? "refused (exit " + code.ToString(CultureInfo.InvariantCulture) + ")" : "gave no plan") + ": " + output.Trim());
            description = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("nfdevice: plan: ", StringComparison.Ordinal) && !PlanLine.IsMatch(l))?.Substring("nfdevice: ".Length) ?? "";
            return int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        /// <summary>Process counts and slices: <paramref name="devices"/> split evenly over as few processes as hold at most <paramref name="perProcess"/> each.</summary>
        public static List<(int Skip, int Count)> Slices(int devices, int perProcess)
        {
            if (devices < 1 || perProcess < 1) throw new ArgumentOutOfRangeException(nameof(devices), "at least one device, and room for one per process");
            int processes = (devices + perProcess - 1) / perProcess;
            var slices = new List<(int, int)>(processes);
            int skip = 0;
            for (int i = 0; i < processes; i++)
            {
                int count = devices / processes + (i < devices % processes ? 1 : 0);
                slices.Add((skip, count));
                skip += count;
            }
            return slices;
        }

        /// <summary>
        /// Starts one `nfdevice simulate` per slice of the first <paramref name="devices"/> bundles: logs agents.log (one
        /// process) or agents-1.log, agents-2.log, ... in <paramref name="work"/>; per-device logs in work/device-logs.
        /// </summary>
        public static AgentFleet Start(string agentDll, string bundles, int devices, int perProcess, string jobKind, TimeSpan duration, string work)
        {
            var fleet = new AgentFleet();
            var logs = new List<string>();
            try
            {
                List<(int Skip, int Count)> slices = Slices(devices, perProcess);
                for (int i = 0; i < slices.Count; i++)
                {
                    string log = Path.Combine(work, slices.Count == 1 ? "agents.log" : "agents-" + (i + 1).ToString(CultureInfo.InvariantCulture) + ".log");
                    fleet._processes.Add(AgentProcess.StartSimulate(agentDll, bundles, slices[i].Skip, slices[i].Count, jobKind, duration, Path.Combine(work, "device-logs"), log));
                    fleet._slices.Add(slices[i]);
                    logs.Add(log);
                }
            }
            catch
            {
                fleet.Dispose();
                throw;
            }
            fleet.LogPaths = logs;
            return fleet;
        }

        /// <summary>The first child that exited with a non-zero code: its index and code, or null.</summary>
        public (int Index, int Code)? FirstFailure()
        {
            for (int i = 0; i < _processes.Count; i++)
            {
                if (_processes[i].HasExited && _processes[i].ExitCode != 0) return (i, _processes[i].ExitCode);
            }
            return null;
        }

        /// <summary>Waits up to <paramref name="timeout"/> in all for every child to exit by itself.</summary>
        public void WaitForExit(TimeSpan timeout)
        {
            DateTime until = DateTime.UtcNow + timeout;
            foreach (AgentProcess p in _processes)
            {
                TimeSpan left = until - DateTime.UtcNow;
                p.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
        }

        /// <summary>Figures each child reported (null where it did not), in slice order.</summary>
        public List<AgentFigures> Figures() => _processes.Select(p => AgentFigures.Parse(p.ProcessLine)).ToList();

        /// <summary>Kills the children that still run.</summary>
        public void Dispose()
        {
            foreach (AgentProcess p in _processes) p.Dispose();
        }
    }
}
