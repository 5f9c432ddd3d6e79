using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace NfDevice.Cloud.Demo
{
    /// <summary>
    /// What the emulator's side of a demo costs this process: peak threads, open descriptors and working set (sampled at
    /// each poll of the watch loop) and the CPU time used since the job was created.
    /// </summary>
    internal sealed class DemoProcessPeaks
    {
        private readonly TimeSpan _cpuAtStart;
        private int _threads, _descriptors;
        private long _workingSet;

        public DemoProcessPeaks()
        {
            using var process = Process.GetCurrentProcess();
            _cpuAtStart = process.TotalProcessorTime;
            Sample();
        }

        public void Sample()
        {
            using var process = Process.GetCurrentProcess();
            _threads = Math.Max(_threads, process.Threads.Count);
            _workingSet = Math.Max(_workingSet, process.WorkingSet64);
            try { _descriptors = Math.Max(_descriptors, Directory.GetFileSystemEntries("/proc/self/fd").Length); }
            catch (IOException) { _descriptors = -1; }
            catch (UnauthorizedAccessException) { _descriptors = -1; }
        }

        public string Summary(int devices)
        {
            Sample();
            using var process = Process.GetCurrentProcess();
            double cpu = (process.TotalProcessorTime - _cpuAtStart).TotalSeconds;
            return string.Format(CultureInfo.InvariantCulture, "peak {0:N0} threads, {1:N0} file descriptors, {2:N0} MB working set; CPU {3:0.0} s ({4:0.0} ms per device)",
                _threads, _descriptors, _workingSet >> 20, cpu, devices > 0 ? cpu * 1000 / devices : 0);
        }
    }
}
