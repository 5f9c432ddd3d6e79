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
    [TestClass]
    public sealed class DesktopDeviceTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

        /// <summary>
        /// A minimal agent on the host contract: one queue, one thread. "ping" -> publishes "pong #boot";
        /// "save:x" -> state record; "reboot" -> IPower.Reboot(). Counts boots through the state store.
        /// </summary>
        private sealed class EchoAgent : IDeviceAgent, IMqttEvents
        {
            private readonly AgentPlatform _p;
            private readonly BlockingCollection<(string Topic, byte[] Payload)> _queue = new();
            private volatile bool _stop;
            private volatile string _state = "Starting";
            private int _handled;

            public EchoAgent(AgentPlatform platform)
            {
                _p = platform;
                platform.Connection.Events = this;
            }

            public string Cmd => "things/" + _p.Settings.ThingName + "/cmd";

            public void MessageReceived(string topic, byte[] payload) => _queue.Add((topic, payload));

            public void ConnectionChanged(bool connected) => _queue.Add((connected ? "up" : "down", null));

            public void Run()
            {
                _state = "Idle";
                while (!_stop)
                {
                    if (!_queue.TryTake(out var item, 50)) continue;
                    if (item.Topic == "up") _p.Connection.Subscribe(Cmd);
                    if (item.Topic != Cmd) continue;
                    string text = Encoding.UTF8.GetString(item.Payload);
                    Interlocked.Increment(ref _handled);
                    if (text == "ping")
                    {
                        string boot = Encoding.UTF8.GetString(_p.StateStore.Read("saved") ?? Array.Empty<byte>());
                        byte[] pong = Encoding.UTF8.GetBytes("pong " + boot);
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
                }
                _state = "Stopped";
            }

            public void Stop() => _stop = true;

            public AgentStatus Status => new AgentStatus { State = _state, JobsFinished = Volatile.Read(ref _handled), Idle = _queue.Count == 0 };
        }

        private static async Task<(TestPki Pki, TestBroker Broker, TempDir Dir, DesktopDevice Device)> StartDevice()
        {
            var pki = new TestPki();
            var broker = new TestBroker(pki.ServerCertificate, pki.Root);
            await broker.StartAsync();
            var dir = new TempDir();
            string settings = pki.WriteBundle(Path.Combine(dir.Path, "dev-1"), "dev-1", broker.Port);
            var device = DesktopDevice.FromSettingsFile(settings, new DesktopDeviceOptions
            {
                AgentFactory = p => new EchoAgent(p),
                ConfigureMqtt = m => { m.ReconnectMinDelay = TimeSpan.FromMilliseconds(50); m.ReconnectMaxDelay = TimeSpan.FromMilliseconds(300); },
            });
            device.Start();
            Assert.IsTrue(device.WaitUntil(s => s.Connected, Wait), device.Snapshot().LastProblem);
            Assert.IsTrue(TestBroker.WaitFor(() => broker.Subscriptions.Any(), Wait));
            return (pki, broker, dir, device);
        }

        private static Task Send(TestBroker broker, string text) => broker.InjectAsync("things/dev-1/cmd", Encoding.UTF8.GetBytes(text));

        private static string[] Outputs(TestBroker broker) =>
            broker.Published.Where(p => p.Topic == "things/dev-1/out").Select(p => Encoding.UTF8.GetString(p.Payload)).ToArray();

        [TestMethod]
        public async Task Start_BootsTheAgent_WhichTalksThroughTheBroker()
        {
            var (pki, broker, dir, device) = await StartDevice();
            using (pki) using (dir) using (device)
            await using (broker)
            {
                await Send(broker, "ping");
                Assert.IsTrue(TestBroker.WaitFor(() => Outputs(broker).Length == 1, Wait));
                Assert.AreEqual("pong ", Outputs(broker)[0]);
                var snap = device.Snapshot();
                Assert.AreEqual(1, snap.Boots);
                Assert.IsTrue(snap.Running);
                Assert.AreEqual("dev-1", broker.Connected.Single());
            }
        }

        [TestMethod]
        public async Task Reboot_StopsTheAgentAndBootsAFreshOne_ThatReadsThePersistedState()
        {
            var (pki, broker, dir, device) = await StartDevice();
            using (pki) using (dir) using (device)
            await using (broker)
            {
                IDeviceAgent first = device.Agent;
                await Send(broker, "save:boot-one");
                await Send(broker, "reboot");
                Assert.IsTrue(device.WaitUntil(s => s.Boots == 2 && s.Connected, Wait), device.Snapshot().LastProblem);
                Assert.AreNotSame(first, device.Agent);
                Assert.AreEqual("Stopped", first.Status.State);
                Assert.IsTrue(TestBroker.WaitFor(() => broker.Subscriptions.Count >= 2, Wait));

                await Send(broker, "ping");
                Assert.IsTrue(TestBroker.WaitFor(() => Outputs(broker).Length == 1, Wait));
                Assert.AreEqual("pong boot-one", Outputs(broker)[0]);
                Assert.AreEqual(2, broker.Connected.Count);
            }
        }

        [TestMethod]
        public async Task Kill_DropsTheSessionWithoutCleanup_AndRestartResumesFromDisk()
        {
            var (pki, broker, dir, device) = await StartDevice();
            using (pki) using (dir) using (device)
            await using (broker)
            {
                await Send(broker, "save:before-kill");
                Assert.IsTrue(TestBroker.WaitFor(() => File.Exists(Path.Combine(dir.Path, "dev-1", "state", "saved")), Wait));

                device.Kill();
                Assert.IsFalse(device.Snapshot().Running);
                Assert.IsFalse(device.Snapshot().Connected);
                Assert.IsTrue(TestBroker.WaitFor(() => broker.ClientIdsAsync().Result.Count == 0, Wait));

                device.Start();
                Assert.IsTrue(device.WaitUntil(s => s.Connected && s.Boots == 2, Wait));
                Assert.IsTrue(TestBroker.WaitFor(() => broker.Subscriptions.Count >= 2, Wait));
                await Send(broker, "ping");
                Assert.IsTrue(TestBroker.WaitFor(() => Outputs(broker).Length == 1, Wait));
                Assert.AreEqual("pong before-kill", Outputs(broker)[0]);
            }
        }

        [TestMethod]
        public async Task AgentCrash_IsReportedAsAFault_NotThrownIntoTheHost()
        {
            var (pki, broker, dir, device) = await StartDevice();
            using (pki) using (dir) using (device)
            await using (broker)
            {
                await Send(broker, "crash");
                Assert.IsTrue(device.WaitUntil(s => !s.Running, Wait));
                var snap = device.Snapshot();
                StringAssert.Contains(snap.Fault, "handler bug");
                Assert.IsFalse(Simulator.IsHealthy(snap, 0));
            }
        }

        [TestMethod]
        public async Task Simulator_RunsDevicesFromBundles_UntilIdle()
        {
            using var pki = new TestPki();
            await using var broker = new TestBroker(pki.ServerCertificate, pki.Root);
            await broker.StartAsync();
            using var dir = new TempDir();
            for (int i = 1; i <= 5; i++) pki.WriteBundle(Path.Combine(dir.Path, "sim-" + i), "sim-" + i, broker.Port);
            var settings = Simulator.LoadBundles(dir.Path, 4);
            Assert.AreEqual(4, settings.Count);
            using var sim = new Simulator(settings, new DesktopDeviceOptions { AgentFactory = p => new EchoAgent(p) });
            sim.Start();
            Assert.IsTrue(TestBroker.WaitFor(() => broker.Subscriptions.Count == 4, Wait));
            foreach (var s in settings) await broker.InjectAsync("things/" + s.ThingName + "/cmd", Encoding.UTF8.GetBytes("ping"));

            int calls = 0;
            bool idle = sim.RunUntil(new StopCondition { UntilIdleAfterJobs = 1, Duration = Wait }, _ => calls++, TimeSpan.FromMilliseconds(50), CancellationToken.None);
            Assert.IsTrue(idle);
            Assert.IsTrue(calls >= 1);
            Assert.IsTrue(sim.Snapshot().All(d => Simulator.IsHealthy(d, 1)));
            Assert.AreEqual(4, broker.Published.Count(p => p.Topic.EndsWith("/out")));
        }

        [TestMethod]
        public void Simulator_WithOneUnreadableBundle_ThrowsItsSettingsError_NotAnAggregate()
        {
            using var pki = new TestPki();
            using var dir = new TempDir();
            for (int i = 1; i <= 6; i++) pki.WriteBundle(Path.Combine(dir.Path, "sim-" + i), "sim-" + i, 1);
            File.Delete(Path.Combine(dir.Path, "sim-4", "device.private.key"));
            var settings = Simulator.LoadBundles(dir.Path);

            var e = Assert.ThrowsExactly<SettingsException>(() => new Simulator(settings, new DesktopDeviceOptions { AgentFactory = p => new EchoAgent(p) }));

            StringAssert.Contains(e.Message, "sim-4");
        }

        [TestMethod]
        public void Simulator_RunUntil_StopsAtTheDuration_WhenDevicesNeverGoIdle()
        {
            var condition = new StopCondition { UntilIdleAfterJobs = 1, Duration = TimeSpan.FromMilliseconds(200) };
            using var sim = new Simulator(Array.Empty<DeviceSettings>());
            Assert.IsFalse(sim.RunUntil(condition, null, TimeSpan.FromMilliseconds(20), CancellationToken.None));
        }

        [TestMethod]
        public void Simulator_FromTemplate_SubstitutesTheIndex_AndGivesEachDeviceItsOwnState()
        {
            using var dir = new TempDir();
            string template = Path.Combine(dir.Path, "template.json");
            File.WriteAllText(template, "{\"thingName\":\"sim-{n}\",\"endpoint\":\"127.0.0.1\",\"port\":8883,\"rootCa\":\"root-ca.pem\"," +
                "\"certificate\":\"certs/sim-{n}.cert.pem\",\"privateKey\":\"certs/sim-{n}.key\"}");
            var list = Simulator.FromTemplate(template, 3);
            CollectionAssert.AreEqual(new[] { "sim-0001", "sim-0002", "sim-0003" }, list.Select(s => s.ThingName).ToArray());
            Assert.AreEqual(Path.Combine(dir.Path, "certs", "sim-0002.cert.pem"), list[1].CertificatePath);
            Assert.AreEqual(3, list.Select(s => s.StateDirectory).Distinct().Count());
        }

        [TestMethod]
        public void Simulator_FromTemplate_RefusesATemplateWithoutIndex()
        {
            using var dir = new TempDir();
            string template = Path.Combine(dir.Path, "template.json");
            File.WriteAllText(template, "{\"thingName\":\"same\"}");
            var e = Assert.ThrowsExactly<SettingsException>(() => Simulator.FromTemplate(template, 2));
            StringAssert.Contains(e.Message, "{n}");
        }
    }
}
