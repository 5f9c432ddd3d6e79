using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using NfDevice.Desktop.Hosting;

namespace NfDevice.Desktop.Platform
{
    /// <summary>
    /// This process's limits for a fleet plan (Linux): raises the soft open-file limit to the hard one, as `ulimit -n`
    /// would (any process may), and reads vm.max_map_count. Elsewhere both are unknown (0), which the plan takes as no limit.
    /// </summary>
    public static class ProcessLimitsReader
    {
        // Linux: RLIMIT_NOFILE; struct rlimit is two 64-bit words (rlim_cur, rlim_max) on 64-bit systems.
        private const int RlimitNofile = 7;
        private const string MaxMapCountFile = "/proc/sys/vm/max_map_count";

        [StructLayout(LayoutKind.Sequential)]
        private struct RLimit
        {
            public ulong Current;
            public ulong Maximum;
        }

        [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
        private static extern int GetRLimit(int resource, out RLimit limit);

        [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
        private static extern int SetRLimit(int resource, ref RLimit limit);

        /// <summary>The limits now, after raising the soft open-file limit to the hard one; <paramref name="cap"/> caps devices per process (0 = none).</summary>
        public static ProcessLimits Read(int cap = 0) => new ProcessLimits
        {
            OpenFiles = RaiseOpenFilesToHard(),
            MaxMapCount = ReadMaxMapCount(),
            DevicesPerProcessCap = cap,
        };

        /// <summary>Raises the soft RLIMIT_NOFILE to the hard one and returns the soft limit now (0 where unknown).</summary>
        public static long RaiseOpenFilesToHard()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !Environment.Is64BitProcess) return 0;
            if (GetRLimit(RlimitNofile, out RLimit limit) != 0) return 0;
            if (limit.Current < limit.Maximum)
            {
                var raised = new RLimit { Current = limit.Maximum, Maximum = limit.Maximum };
                if (SetRLimit(RlimitNofile, ref raised) == 0) limit.Current = limit.Maximum;
            }
            return (long)Math.Min(limit.Current, long.MaxValue);
        }

        /// <summary>/proc/sys/vm/max_map_count, or 0 where it cannot be read.</summary>
        public static long ReadMaxMapCount()
        {
            try
            {
                return long.TryParse(File.ReadAllText(MaxMapCountFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : 0;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return 0;
            }
        }
    }
}
