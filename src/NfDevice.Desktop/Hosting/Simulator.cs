using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace NfDevice.Desktop.Hosting
{
    /// <summary>When a simulation is finished.</summary>
    public sealed class StopCondition
    {
        /// <summary>Stop once every device has finished at least this many executions and is idle (0 = not used).</summary>
        public int UntilIdleAfterJobs { get; set; }
        /// <summary>Stop after this long in any case (null = until canceled).</summary>
        public TimeSpan? Duration { get; set; }

        /// <summary>True when every device has finished <see cref="UntilIdleAfterJobs"/> executions and has nothing pending.</summary>
        public bool IsIdle(IReadOnlyList<DeviceSnapshot> devices) =>
            UntilIdleAfterJobs > 0 && devices.Count > 0 &&
            devices.All(d => d.Running && d.Agent.Idle && d.Agent.CurrentJobId == null && d.Agent.JobsFinished >= UntilIdleAfterJobs);
    }

    /// <summary>
    /// N desktop devices in one process: each on its own engine thread (the agent's blocking Run loop), or all on the
    /// <see cref="EngineScheduler"/> given as <see cref="DesktopDeviceOptions.Scheduler"/> (what `nfdevice simulate`
    /// does); MQTTnet's I/O runs on the thread pool. Devices come from bundles (one folder per device with nfdevice.json, as the
    /// emulator's provisioning writes them) or from a template settings file where "{n}" stands for the index.
    /// </summary>
    public sealed class Simulator : IDisposable
    {
        private readonly List<DesktopDevice> _devices = new List<DesktopDevice>();

        /// <summary>Creates the devices (not started). Throws <see cref="SettingsException"/> if one cannot be created.</summary>
        public Simulator(IEnumerable<DeviceSettings> devices, DesktopDeviceOptions options = null)
        {
            // Loading a device's key and certificates costs about a millisecond: ten thousand are loaded on every core.
            List<DeviceSettings> list = devices.ToList();
            var made = new DesktopDevice[list.Count];
            try
            {
                Parallel.For(0, list.Count, i => made[i] = new DesktopDevice(list[i], options));
            }
            catch (AggregateException e)
            {
                foreach (var d in made) d?.Dispose();
                // The first device that could not be created says why (a SettingsException naming its file).
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
            _devices.AddRange(made);
        }

        /// <summary>The devices.</summary>
        public IReadOnlyList<DesktopDevice> Devices => _devices;

        /// <summary>
        /// Settings of <paramref name="count"/> bundles in <paramref name="directory"/> (sub-folders holding nfdevice.json,
        /// in name order) after the first <paramref name="skip"/>; all the rest when <paramref name="count"/> is 0. A fleet
        /// split over several processes gives each its slice this way.
        /// </summary>
        public static List<DeviceSettings> LoadBundles(string directory, int count = 0, int skip = 0)
        {
            if (!Directory.Exists(directory)) throw new SettingsException("Bundle directory not found: " + Path.GetFullPath(directory));
            var files = Directory.GetDirectories(directory)
                .OrderBy(d => d, StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "nfdevice.json"))
                .Where(File.Exists)
                .ToList();
            if (files.Count == 0) throw new SettingsException("No device bundles (sub-folders with nfdevice.json) in " + Path.GetFullPath(directory));
            if (skip < 0) throw new SettingsException("--skip must not be negative.");
            if (skip >= files.Count) throw new SettingsException("Asked to skip " + skip + " bundles but " + Path.GetFullPath(directory) + " holds " + files.Count + ".");
            files = files.Skip(skip).ToList();
            if (count > 0)
            {
                if (files.Count < count) throw new SettingsException("Asked for " + count + " devices" + (skip > 0 ? " after skipping " + skip : "") + " but " + Path.GetFullPath(directory) + " holds " + (files.Count + skip) + " bundles.");
                files = files.Take(count).ToList();
            }
            return files.Select(DeviceSettings.Load).ToList();
        }

        /// <summary>
        /// <paramref name="count"/> settings from a template file: every "{n}" in its string values becomes the device
        /// index (1-based, zero-padded to 4 digits), e.g. "thingName":"sim-{n}", "certificate":"certs/sim-{n}.cert.pem".
        /// Each device gets its own state directory.
        /// </summary>
        public static List<DeviceSettings> FromTemplate(string templatePath, int count)
        {
            if (count < 1) throw new SettingsException("--count must be at least 1.");
            string full = Path.GetFullPath(templatePath);
            if (!File.Exists(full)) throw new SettingsException("Template settings file not found: " + full);
            string text = File.ReadAllText(full);
            if (!text.Contains("{n}", StringComparison.Ordinal)) throw new SettingsException(full + ": a template needs \"{n}\" in thingName (and in the certificate paths) so that every device is distinct.");
            var list = new List<DeviceSettings>(count);
            for (int i = 1; i <= count; i++)
            {
                string n = i.ToString("D4");
                var s = DeviceSettings.Parse(Encoding.UTF8.GetBytes(text.Replace("{n}", n, StringComparison.Ordinal)), full);
                if (!text.Contains("stateDirectory", StringComparison.Ordinal)) s.StateDirectory = Path.Combine(Path.GetDirectoryName(full), "state", s.ThingName);
                list.Add(s);
            }
            return list;
        }

        /// <summary>Boots every device.</summary>
        public void Start()
        {
            foreach (var d in _devices) d.Start();
        }

        /// <summary>Stops every device (in parallel: each stop may wait for a clean MQTT disconnect).</summary>
        public void Stop()
        {
            _devices.AsParallel().WithDegreeOfParallelism(Math.Max(2, Environment.ProcessorCount * 4)).ForAll(d => d.Stop());
        }

        /// <summary>A snapshot of every device.</summary>
        public List<DeviceSnapshot> Snapshot() => _devices.Select(d => d.Snapshot()).ToList();

        /// <summary>
        /// Blocks until <paramref name="condition"/> is met, the duration passes or <paramref name="cancel"/> fires, calling
        /// <paramref name="progress"/> with fresh snapshots every <paramref name="refresh"/>. Returns true if the idle condition was met.
        /// </summary>
        public bool RunUntil(StopCondition condition, Action<IReadOnlyList<DeviceSnapshot>> progress, TimeSpan refresh, CancellationToken cancel)
        {
            var started = DateTime.UtcNow;
            while (true)
            {
                var snap = Snapshot();
                progress?.Invoke(snap);
                if (condition.IsIdle(snap)) return true;
                if (condition.Duration.HasValue && DateTime.UtcNow - started >= condition.Duration.Value) return false;
                if (cancel.WaitHandle.WaitOne(refresh)) return false;
            }
        }

        /// <summary>
        /// True when a device is healthy at the end: running, without a fault, and its last execution (if any)
        /// SUCCEEDED; with <paramref name="minJobs"/> &gt; 0 it must also have finished that many executions.
        /// </summary>
        public static bool IsHealthy(DeviceSnapshot d, int minJobs) =>
            d.Running && d.Fault == null && d.Agent.JobsFinished >= minJobs &&
            (d.Agent.LastStatus == null || d.Agent.LastStatus == "SUCCEEDED");

        /// <inheritdoc />
        public void Dispose()
        {
            Stop();
            foreach (var d in _devices) d.Dispose();
        }
    }
}
