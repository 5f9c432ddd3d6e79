using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Tests.Support;
using NfDevice.Desktop.Hosting;
using NfDevice.Jobs.Engine;

namespace NfDevice.Cloud.Tests.EndToEnd
{
    /// <summary>
    /// The emulator in process (fake clock, free loopback ports) with desktop devices that run the real agent
    /// over MQTT/TLS, the built-in handlers plus <see cref="HoldHandler"/>. Every device request reaching the Jobs
    /// service is recorded (thing, topic) so that tests can assert what a device did and did not report.
    /// </summary>
    internal sealed class EndToEndRig : IAsyncDisposable
    {
        /// <summary>Upper bound of any wait; conditions normally hold within a few seconds.</summary>
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

        private readonly List<(string Thing, string Topic)> _requests = new List<(string, string)>();
        private readonly List<DesktopDevice> _devices = new List<DesktopDevice>();
        private readonly string _dir;

        private EndToEndRig(TestEmulator emulator)
        {
            Test = emulator;
            _dir = Path.Combine(Path.GetTempPath(), "nfdevice-e2e-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(_dir);
            // RejectWith is the service's fault-injection seam, called for every device request; returning null serves it normally.
            Emulator.Jobs.RejectWith = (thing, topic) =>
            {
                lock (_requests) _requests.Add((thing, topic));
                return null;
            };
        }

        public TestEmulator Test { get; }
        public Emulator Emulator => Test.Emulator;
        public HoldHandler Hold { get; } = new HoldHandler();
        public string Directory => _dir;

        public static async Task<EndToEndRig> StartAsync() => new EndToEndRig(await TestEmulator.StartAsync());

        /// <summary>Provisions <paramref name="thing"/> as a bundle and creates (does not start) its device.</summary>
        public DesktopDevice Device(string thing, Action<AgentOptions> agent = null)
        {
            string settings = Emulator.ProvisionBundle(thing, Path.Combine(_dir, thing));
            var device = DesktopDevice.FromSettingsFile(settings, Options(agent));
            lock (_devices) _devices.Add(device);
            return device;
        }

        /// <summary>Device options: <see cref="Hold"/> registered, short reconnect backoff so a broker restart is seen quickly.</summary>
        public DesktopDeviceOptions Options(Action<AgentOptions> agent = null) => new DesktopDeviceOptions
        {
            AgentFactory = DefaultAgent.With(agent, (engine, _) => engine.Register(Hold)),
            ConfigureMqtt = m => m.ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        };

        /// <summary>Index of the next request to be recorded (a mark to count from).</summary>
        public int Mark()
        {
            lock (_requests) return _requests.Count;
        }

        /// <summary>UpdateJobExecution requests of <paramref name="thing"/> for <paramref name="jobId"/> since <paramref name="mark"/>.</summary>
        public int Updates(string thing, string jobId, int mark = 0)
        {
            string topic = "$aws/things/" + thing + "/jobs/" + jobId + "/update";
            lock (_requests) return _requests.Skip(mark).Count(r => r.Thing == thing && r.Topic == topic);
        }

        /// <summary>jobIds of <paramref name="thing"/>'s UpdateJobExecution requests, in arrival order.</summary>
        public List<string> UpdatedJobs(string thing)
        {
            string prefix = "$aws/things/" + thing + "/jobs/";
            lock (_requests)
            {
                return _requests.Where(r => r.Thing == thing && r.Topic.StartsWith(prefix, StringComparison.Ordinal) && r.Topic.EndsWith("/update", StringComparison.Ordinal))
                    .Select(r => r.Topic.Substring(prefix.Length, r.Topic.Length - prefix.Length - "/update".Length)).ToList();
            }
        }

        /// <summary>The latest execution of <paramref name="jobId"/> on <paramref name="thing"/>, or null.</summary>
        public ExecutionSnapshot Execution(string thing, string jobId) =>
            Emulator.Snapshot().Where(e => e.ThingName == thing && e.JobId == jobId).OrderBy(e => e.ExecutionNumber).LastOrDefault();

        public string StatusOf(string thing, string jobId) => Execution(thing, jobId)?.Status;

        /// <summary>Polls <paramref name="condition"/> until it holds; fails with the devices' recent logs after <see cref="Timeout"/>.</summary>
        public void WaitFor(Func<bool> condition, string what)
        {
            var until = DateTime.UtcNow + Timeout;
            while (!condition())
            {
                if (DateTime.UtcNow >= until) Assert.Fail("Timed out waiting for: " + what + "\n" + Diagnostics());
                Thread.Sleep(20);
            }
        }

        /// <summary>Waits until <paramref name="device"/>'s agent holds nothing and has finished at least <paramref name="jobs"/> executions.</summary>
        public void WaitIdle(DesktopDevice device, int jobs, string what) =>
            WaitFor(() => { var s = device.Snapshot(); return s.Agent.Idle && s.Agent.JobsFinished >= jobs; }, what);

        public string Diagnostics()
        {
            var lines = new List<string>();
            foreach (var e in Emulator.Snapshot()) lines.Add("execution " + e.JobId + "/" + e.ThingName + "#" + e.ExecutionNumber + " " + e.Status + " v" + e.VersionNumber);
            DesktopDevice[] devices;
            lock (_devices) devices = _devices.ToArray();
            foreach (var d in devices.Take(3))
            {
                var s = d.Snapshot();
                lines.Add("device " + d.ThingName + " state=" + s.Agent.State + " connected=" + s.Connected + " problem=" + s.LastProblem);
                lines.AddRange(d.Log.Lines().TakeLast(15).Select(l => "  " + l));
            }
            lines.AddRange(Emulator.LogLines.TakeLast(10).Select(l => "emulator: " + l));
            return string.Join("\n", lines);
        }

        public async ValueTask DisposeAsync()
        {
            DesktopDevice[] devices;
            lock (_devices) devices = _devices.ToArray();
            await Task.WhenAll(devices.Select(d => Task.Run(d.Dispose)));
            await Test.DisposeAsync();
            try { System.IO.Directory.Delete(_dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
