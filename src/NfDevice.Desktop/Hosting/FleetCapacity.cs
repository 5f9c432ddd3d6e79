using System;
using System.Globalization;

namespace NfDevice.Desktop.Hosting
{
    /// <summary>
    /// What a simulated fleet will be asked to do, as far as one process's limits care: an application job loads the
    /// bundle into a collectible AssemblyLoadContext per device, which costs memory maps; firmware and diagnostics jobs
    /// do not.
    /// </summary>
    public enum FleetJobKind
    {
        /// <summary>Application bundles (the demo's default job): ~10 memory maps per device once its application runs.</summary>
        Application,
        /// <summary>Signed firmware updates.</summary>
        Firmware,
        /// <summary>Diagnostics reports.</summary>
        Diagnostics,
    }

    /// <summary>The per-process limits a fleet plan is made for (read from the machine, or given by a test).</summary>
    public sealed class ProcessLimits
    {
        /// <summary>Open files this process may have: the soft RLIMIT_NOFILE once raised to the hard one (`ulimit -Hn`).</summary>
        public long OpenFiles { get; init; }

        /// <summary>The kernel's memory maps per process (/proc/sys/vm/max_map_count; 65,530 by default); 0 = unknown, not a limit.</summary>
        public long MaxMapCount { get; init; }

        /// <summary>A cap on devices per process set by hand (a test and diagnostic knob), or 0.</summary>
        public int DevicesPerProcessCap { get; init; }
    }

    /// <summary>How many agents processes a fleet needs and how many devices each takes.</summary>
    public sealed class FleetPlan
    {
        /// <summary>Devices in the fleet.</summary>
        public int Devices { get; init; }

        /// <summary>The job kind the plan assumes.</summary>
        public FleetJobKind Kind { get; init; }

        /// <summary>Devices one process may take (the least of the three bounds below).</summary>
        public int PerProcess { get; init; }

        /// <summary>Devices the memory-map limit allows one process (int.MaxValue when there is no such limit).</summary>
        public int ByMaps { get; init; }

        /// <summary>Devices the open-file limit allows one process (int.MaxValue when there is no such limit).</summary>
        public int ByOpenFiles { get; init; }

        /// <summary>Processes needed: the fleet split into slices of at most <see cref="PerProcess"/>.</summary>
        public int Processes => (int)((Devices + (long)PerProcess - 1) / PerProcess);

        /// <summary>Devices of process <paramref name="index"/> (0-based): the fleet split evenly, the first slices one larger.</summary>
        public int SliceSize(int index) => Devices / Processes + (index < Devices % Processes ? 1 : 0);

        /// <summary>Devices before process <paramref name="index"/>'s slice (its `--skip`).</summary>
        public int SliceStart(int index) => index * (Devices / Processes) + Math.Min(index, Devices % Processes);
    }

    /// <summary>
    /// How many simulated devices one process can hold before a per-process kernel limit kills it, and so how many
    /// `nfdevice simulate` processes a fleet needs. Both limits are per process: the memory maps
    /// (<c>vm.max_map_count</c>; a collectible AssemblyLoadContext whose code has run costs ~10.1 maps, its
    /// LoaderAllocator's small heaps, measured with the Heartbeat sample; 10,000 application devices died with
    /// "Out of memory." at ~6,000 on the default 65,530) and the open files (a socket per device, plus a download's
    /// connection and slot file). The figures below carry their measurement; the margins are the headroom.
    /// </summary>
    public static class FleetCapacity
    {
        /// <summary>Maps of the runtime itself, thread stacks and the GC heap (measured ~850 with 30 devices).</summary>
        public const int BaseMaps = 2000;

        /// <summary>Maps per application device (measured 10.1-10.3 per running collectible context).</summary>
        public const int MapsPerApplicationDevice = 11;

        /// <summary>Maps per firmware or diagnostics device (measured 0.18 between 30 and 300 devices).</summary>
        public const int MapsPerOtherDevice = 1;

        /// <summary>Share of vm.max_map_count a plan uses: the rest is headroom (contexts unloading while new ones load).</summary>
        public const double MapShare = 0.8;

        /// <summary>Open files of the runtime, assemblies and logs (measured ~150).</summary>
        public const int BaseOpenFiles = 512;

        /// <summary>Open files per device: its MQTT socket, and a download's HTTP connection and slot file (measured 1.45 at 10,000).</summary>
        public const int OpenFilesPerDevice = 2;

        /// <summary>
        /// The plan for <paramref name="devices"/> of <paramref name="kind"/> under <paramref name="limits"/>: devices per
        /// process (the least of the map bound, the open-file bound and the cap) and so the processes. Throws
        /// <see cref="FleetCapacityException"/> when not even one device fits.
        /// </summary>
        public static FleetPlan Plan(int devices, FleetJobKind kind, ProcessLimits limits)
        {
            if (devices < 1) throw new ArgumentOutOfRangeException(nameof(devices), "a fleet has at least one device");
            int perDevice = MapsPerDevice(kind);
            int byMaps = limits.MaxMapCount > 0 ? Bound((long)(limits.MaxMapCount * MapShare) - BaseMaps, perDevice) : int.MaxValue;
            int byFiles = limits.OpenFiles > 0 ? Bound(limits.OpenFiles - BaseOpenFiles, OpenFilesPerDevice) : int.MaxValue;
            int perProcess = Math.Min(byMaps, byFiles);
            if (limits.DevicesPerProcessCap > 0) perProcess = Math.Min(perProcess, limits.DevicesPerProcessCap);
            if (perProcess < 1)
            {
                throw new FleetCapacityException(string.Format(CultureInfo.InvariantCulture,
                    "this machine's per-process limits leave no room for even one simulated device ({0}; needed: {1:N0} maps and {2:N0} open files for the runtime, then {3} maps and {4} open files per {5} device). To go on, {6}",
                    Limits(limits), BaseMaps, BaseOpenFiles, perDevice, OpenFilesPerDevice, Name(kind), RaiseLimits(kind)));
            }
            return new FleetPlan { Devices = devices, Kind = kind, PerProcess = perProcess, ByMaps = byMaps, ByOpenFiles = byFiles };
        }

        /// <summary>
        /// Null when one process can hold <paramref name="devices"/>; otherwise why not, with the numbers and both remedies
        /// (fewer devices per process, or higher limits). Throws <see cref="FleetCapacityException"/> when not even one fits.
        /// </summary>
        public static string CheckOneProcess(int devices, FleetJobKind kind, ProcessLimits limits)
        {
            FleetPlan plan = Plan(devices, kind, limits);
            if (plan.Processes == 1) return null;
            string bound = plan.PerProcess == limits.DevicesPerProcessCap && limits.DevicesPerProcessCap < Math.Min(plan.ByMaps, plan.ByOpenFiles)
                ? string.Format(CultureInfo.InvariantCulture, "the cap of {0:N0} devices per process (--devices-per-process)", limits.DevicesPerProcessCap)
                : plan.ByMaps <= plan.ByOpenFiles
                    ? string.Format(CultureInfo.InvariantCulture, "vm.max_map_count = {0:N0} memory maps (~{1} per {2} device once it runs, {3:N0} for the runtime, {4:P0} of the limit used)",
                        limits.MaxMapCount, MapsPerDevice(kind), Name(kind), BaseMaps, MapShare)
                    : string.Format(CultureInfo.InvariantCulture, "an open-file limit of {0:N0} (`ulimit -Hn`; {1} per device, {2:N0} for the runtime)", limits.OpenFiles, OpenFilesPerDevice, BaseOpenFiles);
            return string.Format(CultureInfo.InvariantCulture,
                "{0:N0} {1} devices do not fit in one process: {2} allows at most {3:N0} per process, so this fleet needs {4} processes. {5}",
                devices, Name(kind), bound, plan.PerProcess, plan.Processes, Remedies(kind, plan.Processes));
        }

        /// <summary>The plan in words: "plan: 10,000 application devices need 3 processes of at most 4,584 (...)".</summary>
        public static string Describe(FleetPlan plan, ProcessLimits limits) => string.Format(CultureInfo.InvariantCulture,
            "plan: {0:N0} {1} devices need {2} process{3} of at most {4:N0} devices (memory maps allow {5}, open files allow {6}{7})",
            plan.Devices, Name(plan.Kind), plan.Processes, plan.Processes == 1 ? "" : "es", plan.PerProcess,
            Allowance(plan.ByMaps, "vm.max_map_count", limits.MaxMapCount), Allowance(plan.ByOpenFiles, "limit", limits.OpenFiles),
            limits.DevicesPerProcessCap > 0 ? "; capped at " + limits.DevicesPerProcessCap.ToString("N0", CultureInfo.InvariantCulture) + " by --devices-per-process" : "");

        /// <summary>The plan for programs (`nfcloud demo` reads it): "plan: processes=3 per-process=4584 by-maps=4584 by-open-files=9744".</summary>
        public static string MachineLine(FleetPlan plan) => string.Format(CultureInfo.InvariantCulture,
            "plan: processes={0} per-process={1} by-maps={2} by-open-files={3}", plan.Processes, plan.PerProcess, plan.ByMaps, plan.ByOpenFiles);

        private static string Allowance(int devices, string what, long limit) => devices == int.MaxValue
            ? "any number (" + what + " unknown)"
            : string.Format(CultureInfo.InvariantCulture, "{0:N0} under {1} {2:N0}", devices, what, limit);

        /// <summary>The value of `--job-kind` for <paramref name="kind"/>.</summary>
        public static string Name(FleetJobKind kind) => kind.ToString().ToLowerInvariant();

        private static string Limits(ProcessLimits limits) => string.Format(CultureInfo.InvariantCulture, "vm.max_map_count {0}, open files {1}{2}",
            limits.MaxMapCount > 0 ? limits.MaxMapCount.ToString("N0", CultureInfo.InvariantCulture) : "unknown",
            limits.OpenFiles > 0 ? limits.OpenFiles.ToString("N0", CultureInfo.InvariantCulture) : "unknown",
            limits.DevicesPerProcessCap > 0 ? ", --devices-per-process " + limits.DevicesPerProcessCap.ToString(CultureInfo.InvariantCulture) : "");

        private static string Remedies(FleetJobKind kind, int processes) => string.Format(CultureInfo.InvariantCulture,
            "Either run fewer devices per process ({0} `nfdevice simulate` processes, each with its own slice of the bundles: `--skip K --count N`, " +
            "or a bundles folder each; `nfcloud demo` does this by itself), or {1}{2}", processes, RaiseLimits(kind),
            kind == FleetJobKind.Application ? " A fleet that will take only firmware or diagnostics jobs needs ~1 map per device: say so with `--job-kind firmware`." : "");

        private static string RaiseLimits(FleetJobKind kind) => string.Format(CultureInfo.InvariantCulture,
            "raise the limits: memory maps with `sudo sysctl -w vm.max_map_count=262144` (room for ~{0:N0} {1} devices), open files with `ulimit -n` " +
            "up to the hard limit (`ulimit -Hn`; beyond it root or LimitNOFILE).",
            Bound((long)(262144 * MapShare) - BaseMaps, MapsPerDevice(kind)), Name(kind));

        private static int MapsPerDevice(FleetJobKind kind) => kind == FleetJobKind.Application ? MapsPerApplicationDevice : MapsPerOtherDevice;

        private static int Bound(long available, int perDevice) => available <= 0 ? 0 : (int)Math.Min(int.MaxValue, available / perDevice);
    }

    /// <summary>A fleet that no process of this machine can hold (the message says why and what to do).</summary>
    public sealed class FleetCapacityException : Exception
    {
        /// <summary>Creates it with the message shown to the user.</summary>
        public FleetCapacityException(string message) : base(message)
        {
        }
    }
}
