using System;
using System.Globalization;
using System.Runtime.InteropServices;

namespace NfDevice.Cloud.Demo
{
    /// <summary>
    /// The open-file limit (`ulimit -n`) the emulator's process needs for a demo of N devices: a socket per device (MQTT),
    /// the agents' HTTP connections (a shared pool per agents process) and its own files (measured 11,753 descriptors at
    /// 10,000 devices). A soft limit below the need is raised in process (setrlimit, as `ulimit -n` would): to the hard
    /// limit, or beyond it where the process may (root); otherwise the demo says so before anything starts. The agents'
    /// processes inherit the raised limit, and each checks its own share (`nfdevice simulate --plan`): the demo gives the
    /// fleet as many of them as that takes.
    /// </summary>
    public static class DescriptorLimit
    {
        // Linux: RLIMIT_NOFILE; struct rlimit is two 64-bit words (rlim_cur, rlim_max) on 64-bit systems.
        private const int RlimitNofile = 7;

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

        /// <summary>
        /// Descriptors the emulator may need for <paramref name="devices"/>: 1.25 per device (its MQTT socket, a rebooting
        /// device's old session for a moment, the agents' HTTP connections; measured 1.07 at 10,000) and 1,024 for the
        /// runtime, the stores and the listeners.
        /// </summary>
        public static long Needed(int devices) => devices + devices / 4L + 1024;

        /// <summary>The least the emulator cannot do without: a socket per device, and 1,024 for the rest.</summary>
        public static long Minimum(int devices) => (long)devices + 1024;

        /// <summary>
        /// Raises this process's soft limit (inherited by the children it starts) towards <see cref="Needed"/>: to the
        /// hard limit, or beyond it where the process may (root with CAP_SYS_RESOURCE, up to fs.nr_open). Returns null if
        /// the limit now covers <see cref="Needed"/>; a warning (starting with "warning:") if it covers only
        /// <see cref="Minimum"/> (measured: 1.2-1.5 descriptors per device at 5,000, so the run may well pass); otherwise
        /// what is wrong and what to do. Other systems than Linux: null.
        /// </summary>
        public static string Ensure(int devices)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !Environment.Is64BitProcess) return null;
            long needed = Needed(devices);
            if (GetRLimit(RlimitNofile, out RLimit limit) != 0) return null;
            if (limit.Current >= (ulong)needed) return null;
            var raised = new RLimit { Current = (ulong)needed, Maximum = Math.Max(limit.Maximum, (ulong)needed) };
            if (SetRLimit(RlimitNofile, ref raised) == 0) return null;
            // Not beyond the hard limit: take all of it.
            raised = new RLimit { Current = limit.Maximum, Maximum = limit.Maximum };
            ulong now = SetRLimit(RlimitNofile, ref raised) == 0 ? limit.Maximum : limit.Current;
            return Verdict(devices, (long)Math.Min(now, long.MaxValue));
        }

        /// <summary>
        /// What <see cref="Ensure"/> says once the limit is as high as it goes (<paramref name="limit"/>): null if it covers
        /// <see cref="Needed"/>, a warning if only <see cref="Minimum"/>, otherwise the refusal with the numbers and what to do.
        /// </summary>
        public static string Verdict(int devices, long limit)
        {
            long needed = Needed(devices);
            if (limit >= needed) return null;
            if (limit >= Minimum(devices))
            {
                return string.Format(CultureInfo.InvariantCulture,
                    "warning: the emulator may need up to {1:N0} open files for {0:N0} devices (a socket per device, the agents' HTTP connections, its files); " +
                    "the limit is {2:N0} (`ulimit -Hn`; raising it needs root). Going on: if it runs out, it refuses connections.",
                    devices, needed, limit);
            }
            return string.Format(CultureInfo.InvariantCulture,
                "the emulator holds a socket per device: {0:N0} devices need at least {1:N0} open files in its process, but the limit is {2:N0} (`ulimit -Hn`) and could not be raised. " +
                "Raise it (for example `ulimit -n {3}` as root, or LimitNOFILE in systemd) or run at most {4:N0} devices.",
                devices, Minimum(devices), limit, needed, Math.Max(1, limit - 1024));
        }

        /// <summary>This process's soft and hard open-file limits ((-1, -1) where unknown).</summary>
        public static (long Soft, long Hard) Current()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !Environment.Is64BitProcess || GetRLimit(RlimitNofile, out RLimit limit) != 0) return (-1, -1);
            return ((long)Math.Min(limit.Current, long.MaxValue), (long)Math.Min(limit.Maximum, long.MaxValue));
        }
    }
}
