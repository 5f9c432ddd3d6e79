using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Tests.Support;
using NfDevice.Desktop.Hosting;

namespace NfDevice.Cloud.Tests.EndToEnd
{
    /// <summary>
    /// Desktop agents against the emulator when something breaks: the broker restarts, the agent is killed, another
    /// thing meddles; and many devices at once. (Topic authorization itself is pinned by Broker/AuthorizationTests.)
    /// </summary>
    [TestClass]
    public sealed class FaultEndToEndTests
    {
        private const string Diagnostics = "{\"operation\":\"diagnostics\"}";

        [TestMethod]
        public async Task BrokerRestartMidJob_TheAgentReconnects_AndTheJobCompletes()
        {
            await using var rig = await EndToEndRig.StartAsync();
            var device = rig.Device("e2e-broker");
            rig.Emulator.CreateJob("across", HoldHandler.Document, "e2e-broker");
            device.Start();
            rig.WaitFor(() => rig.Hold.Starts == 1 && rig.StatusOf("e2e-broker", "across") == "IN_PROGRESS", "across IN_PROGRESS");

            await rig.Emulator.StopBrokerAsync();
            rig.WaitFor(() => !device.Snapshot().Connected, "device sees the broker gone");
            await rig.Emulator.StartBrokerAsync();
            rig.WaitFor(() => device.Snapshot().Connected, "device reconnected");
            rig.Hold.Release();
            rig.WaitFor(() => rig.StatusOf("e2e-broker", "across") == "SUCCEEDED", "across SUCCEEDED");

            Assert.AreEqual(1, rig.Hold.Starts, "the handler kept running across the reconnect");
            Assert.AreEqual(0, rig.Hold.Cancels);
            Assert.AreEqual(1, device.Snapshot().Boots);
        }

        [TestMethod]
        public async Task AgentKilledMidJob_ResumesAfterRestart_AndReportsTheEndOnce()
        {
            await using var rig = await EndToEndRig.StartAsync();
            var device = rig.Device("e2e-kill");
            rig.Emulator.CreateJob("survivor", HoldHandler.Document, "e2e-kill");
            device.Start();
            rig.WaitFor(() => rig.Hold.Starts == 1 && rig.StatusOf("e2e-kill", "survivor") == "IN_PROGRESS", "survivor IN_PROGRESS");

            device.Kill();
            Assert.IsFalse(device.Snapshot().Running);
            device.Start();
            rig.WaitFor(() => rig.Hold.Resumes == 1, "handler resumed from the state directory");
            int mark = rig.Mark();
            rig.Hold.Release();
            rig.WaitFor(() => rig.StatusOf("e2e-kill", "survivor") == "SUCCEEDED", "survivor SUCCEEDED");
            rig.WaitIdle(device, 1, "agent idle after the resumed job");

            Assert.AreEqual(1, rig.Updates("e2e-kill", "survivor", mark), "exactly one terminal report after the restart");
            var execution = rig.Execution("e2e-kill", "survivor");
            Assert.AreEqual(1L, execution.ExecutionNumber);
            Assert.AreEqual(2, device.Snapshot().Boots);
        }

        [TestMethod]
        public async Task AgentKilled_WhileItsJobIsCanceled_ClosesTheExecutionWithoutReportingIt()
        {
            await using var rig = await EndToEndRig.StartAsync();
            var device = rig.Device("e2e-kill-cancel");
            rig.Emulator.CreateJob("gone", HoldHandler.Document, "e2e-kill-cancel");
            device.Start();
            rig.WaitFor(() => rig.Hold.Starts == 1 && rig.StatusOf("e2e-kill-cancel", "gone") == "IN_PROGRESS", "gone IN_PROGRESS");

            device.Kill();
            rig.Emulator.Jobs.CancelJob("gone", force: true, reasonCode: null, comment: null);
            int mark = rig.Mark();
            rig.Emulator.CreateJob("after", Diagnostics, "e2e-kill-cancel");
            device.Start();
            rig.WaitFor(() => rig.StatusOf("e2e-kill-cancel", "after") == "SUCCEEDED", "after SUCCEEDED");

            Assert.AreEqual(0, rig.Updates("e2e-kill-cancel", "gone", mark), "updates for the execution canceled while the agent was down");
            Assert.AreEqual("CANCELED", rig.StatusOf("e2e-kill-cancel", "gone"));
        }

        [TestMethod]
        public async Task AnotherThing_CannotAnswerARunningAgentsJob_AndTheOwnerStillCompletesIt()
        {
            await using var rig = await EndToEndRig.StartAsync();
            var device = rig.Device("e2e-owner");
            rig.Emulator.CreateJob("mine", HoldHandler.Document, "e2e-owner");
            device.Start();
            rig.WaitFor(() => rig.Hold.Starts == 1 && rig.StatusOf("e2e-owner", "mine") == "IN_PROGRESS", "mine IN_PROGRESS");
            await using var intruder = await rig.Test.ConnectAsync("e2e-intruder");

            try { await intruder.PublishAsync("$aws/things/e2e-owner/jobs/mine/update", "{\"status\":\"FAILED\"}"); }
            catch (Exception) { }
            rig.WaitFor(() => !intruder.Client.IsConnected, "intruder disconnected");
            rig.Hold.Release();
            rig.WaitFor(() => rig.StatusOf("e2e-owner", "mine") == "SUCCEEDED", "mine SUCCEEDED");

            Assert.AreEqual(0, rig.UpdatedJobs("e2e-intruder").Count);
            Assert.IsTrue(rig.Emulator.LogLines.Any(l => l.Contains("$aws/things/e2e-owner/jobs/mine/update") && l.Contains("refused")));
        }

        [TestMethod]
        public async Task TwentyDevicesInOneSimulator_EachCompleteTheGroupsJob()
        {
            await using var rig = await EndToEndRig.StartAsync();
            string[] things = Enumerable.Range(1, 20).Select(i => "e2e-sim-" + i.ToString("D2")).ToArray();
            string bundles = Path.Combine(rig.Directory, "bundles");
            foreach (string t in things) rig.Emulator.ProvisionBundle(t, Path.Combine(bundles, t));
            rig.Emulator.AddThingsToGroup("e2e-fleet", things);
            rig.Emulator.CreateJob(new JobSpec { JobId = "fleet-diag", Document = Diagnostics, Targets = { Arns.ThingGroup("e2e-fleet") } });

            using var simulator = new Simulator(Simulator.LoadBundles(bundles), new DesktopDeviceOptions { ThreadStackSize = 256 * 1024 });
            simulator.Start();
            bool idle = simulator.RunUntil(new StopCondition { UntilIdleAfterJobs = 1, Duration = EndToEndRig.Timeout }, null, TimeSpan.FromMilliseconds(100), CancellationToken.None);

            var executions = rig.Emulator.Snapshot().Where(e => e.JobId == "fleet-diag").ToList();
            Assert.IsTrue(idle, string.Join("; ", executions.Select(e => e.ThingName + " " + e.Status)));
            CollectionAssert.AreEquivalent(things, executions.Where(e => e.Status == "SUCCEEDED").Select(e => e.ThingName).ToArray());
            Assert.AreEqual(20, executions.Count);
            Assert.IsTrue(simulator.Snapshot().All(d => Simulator.IsHealthy(d, 1)));
        }
    }
}
