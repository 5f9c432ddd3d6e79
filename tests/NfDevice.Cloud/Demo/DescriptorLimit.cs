using System;
using System.Globalization;
using System.Runtime.InteropServices;

namespace NfDevice.Cloud.Demo
{
    /// <summary>
    /// The open-file limit (`ulimit -n`) a demo of N devices needs: the emulator holds a socket per device (MQTT), and the
    /// agents' process, which inherits this process's limit, a socket per device plus, while a device downloads, its HTTP
    /// connection and its slot file. A soft limit below the need is raised in process (setrlimit, as `ulimit -n` would):
    /// to the hard limit, or beyond it where the process may (root); otherwise the demo says so before anything starts.
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
        /// Descriptors one process of the demo may need for <paramref name="devices"/>: three per device (MQTT socket; HTTP
        /// connection and slot file of a download in progress, or the old session of a rebooting device; measured up to
        /// 2.2 per device at 2,000) and 1,024 for the runtime, assemblies and listeners.
        /// </summary>
        public static long Needed(int devices) => 3L * devices + 1024;

        /// <summary>
        /// Makes sure this process (and the children it starts) may open <see cref="Needed"/> descriptors. Returns null if
        /// so (after raising the soft limit if it was lower), else what is wrong and what to do. Other systems than Linux: null.
        /// </summary>
        public static string Ensure(int devices)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !Environment.Is64BitProcess) return null;
            long needed = Needed(devices);
            if (GetRLimit(RlimitNofile, out RLimit limit) != 0) return null;
            if (limit.Current >= (ulong)needed) return null;
            // Up to the hard limit, which any process may do; beyond it only with the privilege to (root, CAP_SYS_RESOURCE).
            ulong hard = Math.Max(limit.Maximum, (ulong)needed);
            var raised = new RLimit { Current = (ulong)needed, Maximum = hard };
            if (SetRLimit(RlimitNofile, ref raised) == 0) return null;
            if (limit.Maximum >= (ulong)needed)
            {
                return string.Format(CultureInfo.InvariantCulture, "{0:N0} devices need about {1:N0} open files per process; the soft limit is {2:N0} and could not be raised (errno {3}): run `ulimit -n {1}` first.",
                    devices, needed, limit.Current, Marshal.GetLastPInvokeError());
            }
            return string.Format(CultureInfo.InvariantCulture,
                "{0:N0} devices need about {1:N0} open files per process (sockets, and the HTTP connection and slot file of each download), but the hard limit is {2:N0} (`ulimit -Hn`) and only root may raise it. " +
                "Raise it (for example `ulimit -n {1}` as root, or LimitNOFILE in systemd) or run at most {3:N0} devices.",
                devices, needed, limit.Maximum, Math.Max(1, ((long)limit.Maximum - 1024) / 3));
        }

        /// <summary>This process's soft and hard open-file limits ((-1, -1) where unknown).</summary>
        public static (long Soft, long Hard) Current()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !Environment.Is64BitProcess || GetRLimit(RlimitNofile, out RLimit limit) != 0) return (-1, -1);
            return ((long)Math.Min(limit.Current, long.MaxValue), (long)Math.Min(limit.Maximum, long.MaxValue));
        }
    }
}
