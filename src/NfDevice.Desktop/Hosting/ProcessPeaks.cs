using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace NfDevice.Desktop.Hosting
{
    /// <summary>
    /// What a fleet costs the process: threads, file descriptors and working set sampled every
    /// <c>interval</c> (their peaks), and the CPU time used since the sampler started. `nfdevice simulate` prints it after
    /// the summary; the fleet benchmark reports it per device count.
    /// </summary>
    public sealed class ProcessPeaks : IDisposable
    {
        private readonly Timer _timer;
        private readonly TimeSpan _cpuAtStart;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _threads, _descriptors;
        private long _workingSet;

        /// <summary>Starts sampling now (and once at once).</summary>
        public ProcessPeaks(TimeSpan interval)
        {
            _cpuAtStart = CpuTime();
            Sample();
            _timer = new Timer(_ => Sample(), null, interval, interval);
        }

        /// <summary>Most threads seen.</summary>
        public int PeakThreads => Volatile.Read(ref _threads);

        /// <summary>Most open file descriptors seen (sockets included); -1 where /proc/self/fd does not exist.</summary>
        public int PeakDescriptors => Volatile.Read(ref _descriptors);

        /// <summary>Largest working set seen, in bytes.</summary>
        public long PeakWorkingSet => Interlocked.Read(ref _workingSet);

        /// <summary>CPU time (user + kernel, all threads) since the sampler started.</summary>
        public TimeSpan Cpu => CpuTime() - _cpuAtStart;

        /// <summary>Time since the sampler started.</summary>
        public TimeSpan Elapsed => _clock.Elapsed;

        /// <summary>Open file descriptors of this process now, or -1 where /proc/self/fd does not exist.</summary>
        public static int OpenDescriptors()
        {
            try
            {
                return Directory.GetFileSystemEntries("/proc/self/fd").Length;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return -1;
            }
        }

        /// <summary>Takes one sample now (the timer does it every interval).</summary>
        public void Sample()
        {
            using var process = Process.GetCurrentProcess();
            Raise(ref _threads, process.Threads.Count);
            Raise(ref _descriptors, OpenDescriptors());
            long ws = process.WorkingSet64;
            long seen;
            while (ws > (seen = Interlocked.Read(ref _workingSet)) && Interlocked.CompareExchange(ref _workingSet, ws, seen) != seen)
            {
            }
        }

        /// <summary>One line: peaks, CPU in all and per device.</summary>
        public string Summary(int devices)
        {
            Sample();
            var c = CultureInfo.InvariantCulture;
            double cpu = Cpu.TotalSeconds;
            return string.Format(c, "process: peak {0:N0} threads, {1:N0} file descriptors, {2:N0} MB working set; CPU {3:0.0} s in {4:0.0} s ({5:0.0} ms per device)",
                PeakThreads, PeakDescriptors, PeakWorkingSet >> 20, cpu, Elapsed.TotalSeconds, devices > 0 ? cpu * 1000 / devices : 0);
        }

        /// <inheritdoc />
        public void Dispose() => _timer.Dispose();

        private static TimeSpan CpuTime()
        {
            using var process = Process.GetCurrentProcess();
            return process.TotalProcessorTime;
        }

        private static void Raise(ref int peak, int value)
        {
            int seen;
            while (value > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, value, seen) != seen)
            {
            }
        }
    }
}
