using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud;
using NfDevice.Desktop.Hosting;

namespace NfDevice.Cloud.Tests.Desktop
{
    /// <summary>The default composition (JobAgent on MQTTnet, file state) against the emulator: the wiring the CLI ships.</summary>
    [TestClass]
    public sealed class DesktopAgentSmokeTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

        [TestMethod]
        public async Task Simulator_WithTheDefaultAgent_CompletesADiagnosticsJobOnEveryDevice()
        {
            using var dir = new TempDir();
            await using var emulator = new Emulator(new EmulatorOptions { MqttPort = 0, HttpPort = 0, DataDirectory = null });
            await emulator.StartAsync();
            string[] things = { "smoke-1", "smoke-2", "smoke-3" };
            foreach (string t in things) emulator.ProvisionBundle(t, Path.Combine(dir.Path, t));
            emulator.CreateJob("diag-1", "{\"operation\":\"diagnostics\"}", things);

            using var sim = new Simulator(Simulator.LoadBundles(dir.Path));
            sim.Start();
            bool idle = sim.RunUntil(new StopCondition { UntilIdleAfterJobs = 1, Duration = Wait }, null, TimeSpan.FromMilliseconds(100), CancellationToken.None);
            var snaps = sim.Snapshot();
            Assert.IsTrue(idle, string.Join("; ", snaps.Select(s => s.ThingName + " " + s.Agent.State + " " + s.LastProblem)));
            foreach (var s in snaps)
            {
                Assert.AreEqual("diag-1", s.Agent.LastJobId, s.ThingName);
                Assert.AreEqual("SUCCEEDED", s.Agent.LastStatus, s.ThingName);
                Assert.IsTrue(Simulator.IsHealthy(s, 1));
            }
            CollectionAssert.AreEquivalent(things, emulator.Snapshot().Where(e => e.JobId == "diag-1" && e.Status == "SUCCEEDED").Select(e => e.ThingName).ToArray());
        }

        [TestMethod]
        public async Task RebootJob_RestartsTheAgentInProcess_AndTheExecutionEndsSucceeded()
        {
            using var dir = new TempDir();
            await using var emulator = new Emulator(new EmulatorOptions { MqttPort = 0, HttpPort = 0, DataDirectory = null });
            await emulator.StartAsync();
            string settings = emulator.ProvisionBundle("reboot-1", Path.Combine(dir.Path, "reboot-1"));
            emulator.CreateJob("reboot-job", "{\"operation\":\"reboot\"}", "reboot-1");

            using var device = DesktopDevice.FromSettingsFile(settings);
            device.Start();
            Assert.IsTrue(
                TestBroker.WaitFor(() => emulator.Snapshot().Any(e => e.JobId == "reboot-job" && e.Status == "SUCCEEDED"), Wait),
                string.Join("\n", device.Log.Lines()));
            Assert.IsTrue(device.Snapshot().Boots >= 2, "boots: " + device.Snapshot().Boots);
        }
    }
}
