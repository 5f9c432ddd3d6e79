using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Platform;
using NfDevice.Jobs.Platform;

namespace NfDevice.Cloud.Tests.Desktop
{
    /// <summary>
    /// <see cref="DesktopDevice"/> on a shared <see cref="EngineScheduler"/> (one worker for several devices): boot,
    /// messages, reboot by the agent, stop and kill of one device while the others go on, and a crash that faults only
    /// its own device. The agent is a small stepped one on the host contract; the broker is MQTTnet with TLS.
    /// </summary>
    [TestClass]
    public sealed class ScheduledDeviceTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

        /// <summary>"ping" -> "pong STATE" on things/NAME/out; "save:x" -> state record; "reboot"; "crash" throws in the step.</summary>
        private sealed class SteppedEchoAgent : ISteppedAgent, IMqttEvents
        {
            private readonly AgentPlatform _p;
            private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _queue = new();
            private volatile bool _stop;
            private volatile Action _wake;
            private volatile string _state = "Starting";

            public SteppedEchoAgent(AgentPlatform platform)
            {
                _p = platform;
                platform.Connection.Events = this;
            }

            private string Cmd => "things/" + _p.Settings.ThingName + "/cmd";

            public int Steps;

            public void MessageReceived(string topic, byte[] payload) => Enqueue((topic, payload));

            public void ConnectionChanged(bool connected) => Enqueue((connected ? "up" : "down", null));

            private void Enqueue((string, byte[]) item)
            {
                _queue.Enqueue(item);
                _wake?.Invoke();
            }

            public Action Wake
            {
                set => _wake = value;
            }

            public bool StopRequested => _stop;

            public bool RunOnce()
            {
                Interlocked.Increment(ref Steps);
                _state = "Idle";
                if (!_queue.TryDequeue(out var item)) return false;
                if (item.Topic == "up") _p.Connection.Subscribe(Cmd);
                if (item.Topic != Cmd) return true;
                string text = Encoding.UTF8.GetString(item.Payload);
                if (text == "ping")
                {
                    string saved = Encoding.UTF8.GetString(_p.StateStore.Read("saved") ?? Array.Empty<byte>());
                    byte[] pong = Encoding.UTF8.GetBytes("pong " + saved);
                    _p.Connection.Publish("things/" + _p.Settings.ThingName + "/out", pong, 0, pong.Length);
                }
                else if (text.StartsWith("save:"))
                {
                    byte[] b = Encoding.UTF8.GetBytes(text.Substring(5));
                    _p.StateStore.Write("saved", b, b.Length);
                }
                else if (text == "reboot")
                {
                    _p.Power.Reboot();
                }
                else if (text == "crash")
                {
                    throw new InvalidOperationException("handler bug");
                }
                return true;
            }

            public int MillisecondsToNextTimer() => 1000;

            public void EndRun() => _state = "Stopped";

            public void Run() => throw new NotSupportedException("this agent is only stepped");

            public void Stop()
            {
                _stop = true;
                _wake?.Invoke();
            }

            public AgentStatus Status => new AgentStatus { State = _state, Idle = _queue.IsEmpty };
        }

        private sealed class Fleet : IAsyncDisposable
        {
            public TestPki Pki;
            public TestBroker Broker;
            public TempDir Dir;
            public EngineScheduler Scheduler;
            public DesktopDevice[] Devices;

            public async ValueTask DisposeAsync()
            {
                foreach (var d in Devices) d.Dispose();
                Scheduler.Dispose();
                await Broker.DisposeAsync();
                Dir.Dispose();
                Pki.Dispose();
            }

            public Task Send(int device, string text) =>
                Broker.InjectAsync("things/" + Devices[device].ThingName + "/cmd", Encoding.UTF8.GetBytes(text));

            public string[] Outputs(int device) => Broker.Published
                .Where(p => p.Topic == "things/" + Devices[device].ThingName + "/out")
                .Select(p => Encoding.UTF8.GetString(p.Payload)).ToArray();

            public void WaitSubscribed(int device, int times = 1) =>
                Assert.IsTrue(TestBroker.WaitFor(() => Broker.Subscriptions.Count(s => s.Client == Devices[device].ThingName) >= times, Wait), "no subscription of device " + device);
        }

        private static async Task<Fleet> StartFleet(int count)
        {
            var fleet = new Fleet { Pki = new TestPki(), Dir = new TempDir(), Scheduler = new EngineScheduler(workers: 1, maxWorkers: 2) };
            fleet.Broker = new TestBroker(fleet.Pki.ServerCertificate, fleet.Pki.Root);
            await fleet.Broker.StartAsync();
            fleet.Devices = Enumerable.Range(1, count).Select(i =>
            {
                string settings = fleet.Pki.WriteBundle(Path.Combine(fleet.Dir.Path, "dev-" + i), "dev-" + i, fleet.Broker.Port);
                return DesktopDevice.FromSettingsFile(settings, new DesktopDeviceOptions
                {
                    AgentFactory = p => new SteppedEchoAgent(p),
                    Scheduler = fleet.Scheduler,
                    ConfigureMqtt = m => { m.ReconnectMinDelay = TimeSpan.FromMilliseconds(50); m.ReconnectMaxDelay = TimeSpan.FromMilliseconds(300); },
                });
            }).ToArray();
            foreach (var d in fleet.Devices) d.Start();
            for (int i = 0; i < count; i++)
            {
                Assert.IsTrue(fleet.Devices[i].WaitUntil(s => s.Connected, Wait), fleet.Devices[i].Snapshot().LastProblem);
                fleet.WaitSubscribed(i);
            }
            return fleet;
        }

        private static void AssertAnswers(Fleet fleet, int device, int pongs, string text)
        {
            Assert.IsTrue(TestBroker.WaitFor(() => fleet.Outputs(device).Length == pongs, Wait), "device " + device + " answered " + fleet.Outputs(device).Length + " pings");
            Assert.AreEqual(text, fleet.Outputs(device)[pongs - 1]);
        }

        [TestMethod]
        public async Task DevicesOnOneWorker_EachAnswerTheirOwnMessages_OnNoThreadOfTheirOwn()
        {
            await using var fleet = await StartFleet(3);
            for (int i = 0; i < 3; i++) await fleet.Send(i, "save:" + i);
            for (int i = 0; i < 3; i++) await fleet.Send(i, "ping");

            for (int i = 0; i < 3; i++) AssertAnswers(fleet, i, 1, "pong " + i);
            Assert.IsTrue(fleet.Devices.All(d => d.Snapshot().Running && d.Snapshot().Boots == 1));
            Assert.AreEqual(3, fleet.Scheduler.Engines);
            Assert.IsTrue(fleet.Scheduler.PeakWorkerThreads <= 2);
        }

        [TestMethod]
        public async Task RebootAskedByTheAgent_BootsAFreshAgentOnTheScheduler_ThatReadsThePersistedState()
        {
            await using var fleet = await StartFleet(2);
            IDeviceAgent first = fleet.Devices[0].Agent;
            await fleet.Send(0, "save:before-reboot");
            await fleet.Send(0, "reboot");

            Assert.IsTrue(fleet.Devices[0].WaitUntil(s => s.Boots == 2 && s.Connected, Wait), fleet.Devices[0].Snapshot().LastProblem);
            Assert.AreNotSame(first, fleet.Devices[0].Agent);
            Assert.AreEqual("Stopped", first.Status.State);
            fleet.WaitSubscribed(0, 2);
            await fleet.Send(0, "ping");
            AssertAnswers(fleet, 0, 1, "pong before-reboot");
            Assert.AreEqual(1, fleet.Devices[1].Snapshot().Boots);
        }

        [TestMethod]
        public async Task StopAndKillOfOneDevice_LeaveTheOthersRunning()
        {
            await using var fleet = await StartFleet(3);

            fleet.Devices[0].Stop();
            fleet.Devices[1].Kill();

            Assert.IsFalse(fleet.Devices[0].Snapshot().Running);
            Assert.IsFalse(fleet.Devices[1].Snapshot().Running);
            Assert.AreEqual(1, fleet.Scheduler.Engines);
            await fleet.Send(2, "ping");
            AssertAnswers(fleet, 2, 1, "pong ");

            // The killed device comes back on the same scheduler and works as before.
            fleet.Devices[1].Start();
            Assert.IsTrue(fleet.Devices[1].WaitUntil(s => s.Connected && s.Boots == 2, Wait));
            fleet.WaitSubscribed(1, 2);
            await fleet.Send(1, "ping");
            AssertAnswers(fleet, 1, 1, "pong ");
        }

        [TestMethod]
        public async Task StepThatThrows_FaultsOnlyItsDevice()
        {
            await using var fleet = await StartFleet(3);

            await fleet.Send(1, "crash");

            Assert.IsTrue(fleet.Devices[1].WaitUntil(s => !s.Running, Wait));
            StringAssert.Contains(fleet.Devices[1].Snapshot().Fault, "handler bug");
            Assert.IsFalse(Simulator.IsHealthy(fleet.Devices[1].Snapshot(), 0));
            await fleet.Send(0, "ping");
            await fleet.Send(2, "ping");
            AssertAnswers(fleet, 0, 1, "pong ");
            AssertAnswers(fleet, 2, 1, "pong ");
            Assert.IsTrue(fleet.Devices[0].Snapshot().Running && fleet.Devices[2].Snapshot().Running);
        }

        [TestMethod]
        public void AgentThatCannotBeStepped_IsAFaultOfItsDevice_NotAHang()
        {
            using var pki = new TestPki();
            using var dir = new TempDir();
            using var scheduler = new EngineScheduler(workers: 1);
            string settings = pki.WriteBundle(Path.Combine(dir.Path, "dev-1"), "dev-1", 1);
            using var device = DesktopDevice.FromSettingsFile(settings, new DesktopDeviceOptions
            {
                AgentFactory = p => new BlockingOnlyAgent(),
                Scheduler = scheduler,
            });

            device.Start();

            Assert.IsTrue(device.WaitUntil(s => !s.Running, Wait));
            StringAssert.Contains(device.Snapshot().Fault, "ISteppedAgent");
        }

        private sealed class BlockingOnlyAgent : IDeviceAgent
        {
            public void Run() => throw new NotSupportedException();

            public void Stop()
            {
            }

            public AgentStatus Status => new AgentStatus();
        }
    }
}
