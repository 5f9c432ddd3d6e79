using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Cloud.Tests.EndToEnd
{
    /// <summary>Desktop agents against the emulator on loopback: the life of a job as the cloud sees it.</summary>
    [TestClass]
    public sealed class JobLifecycleEndToEndTests
    {
        private const string Diagnostics = "{\"operation\":\"diagnostics\"}";

        [TestMethod]
        public async Task DiagnosticsJob_EndsSucceeded_WithTheDevicesStatusDetailsInTheExecution()
        {
            await using var rig = await EndToEndRig.StartAsync();
            var device = rig.Device("e2e-diag");
            rig.Emulator.CreateJob("diag-1", Diagnostics, "e2e-diag");

            device.Start();
            rig.WaitFor(() => rig.StatusOf("e2e-diag", "diag-1") == "SUCCEEDED", "diag-1 SUCCEEDED");

            var execution = rig.Execution("e2e-diag", "diag-1");
            Assert.AreEqual(device.Settings.FirmwareVersion, execution.StatusDetails["firmwareVersion"]);
            Assert.IsTrue(execution.StatusDetails.ContainsKey("platform"), string.Join(",", execution.StatusDetails.Keys));
            Assert.IsTrue(long.TryParse(execution.StatusDetails["freeMemory"], out long free) && free > 0, execution.StatusDetails["freeMemory"]);
            Assert.AreEqual(1L, execution.ExecutionNumber);
        }

        [TestMethod]
        public async Task TwoQueuedJobs_RunOneAfterTheOther_InQueueOrder()
        {
            await using var rig = await EndToEndRig.StartAsync();
            var device = rig.Device("e2e-queue");
            rig.Emulator.CreateJob("first", Diagnostics, "e2e-queue");
            rig.Emulator.CreateJob("second", Diagnostics, "e2e-queue");

            device.Start();
            rig.WaitFor(() => rig.StatusOf("e2e-queue", "second") == "SUCCEEDED", "second SUCCEEDED");

            Assert.AreEqual("SUCCEEDED", rig.StatusOf("e2e-queue", "first"));
            var order = rig.UpdatedJobs("e2e-queue");
            int lastFirst = order.LastIndexOf("first"), firstSecond = order.IndexOf("second");
            Assert.IsTrue(lastFirst >= 0 && firstSecond > lastFirst, "updates in order of arrival: " + string.Join(",", order));
        }

        [TestMethod]
        public async Task UnknownOperation_IsRejected_WithAReason_AndTheNextJobStillRuns()
        {
            await using var rig = await EndToEndRig.StartAsync();
            var device = rig.Device("e2e-unknown");
            rig.Emulator.CreateJob("mystery", "{\"operation\":\"teleport\"}", "e2e-unknown");
            rig.Emulator.CreateJob("after", Diagnostics, "e2e-unknown");

            device.Start();
            rig.WaitFor(() => rig.StatusOf("e2e-unknown", "after") == "SUCCEEDED", "after SUCCEEDED");

            var rejected = rig.Execution("e2e-unknown", "mystery");
            Assert.AreEqual("REJECTED", rejected.Status);
            Assert.AreEqual("unknownOperation", rejected.StatusDetails["reason"]);
            Assert.IsNull(rejected.StartedAt, "a rejected document is never started");
        }

        [TestMethod]
        public async Task CancelMidJob_StopsTheHandler_ReportsNothingForIt_AndTheAgentTakesTheNextJob()
        {
            await using var rig = await EndToEndRig.StartAsync();
            var device = rig.Device("e2e-cancel");
            rig.Emulator.CreateJob("long", HoldHandler.Document, "e2e-cancel");
            device.Start();
            rig.WaitFor(() => rig.Hold.Starts == 1 && rig.StatusOf("e2e-cancel", "long") == "IN_PROGRESS", "long IN_PROGRESS");
            int mark = rig.Mark();

            rig.Emulator.Jobs.CancelJob("long", force: true, reasonCode: "test", comment: "canceled mid-job");
            rig.WaitFor(() => rig.Hold.Cancels == 1, "handler canceled");
            rig.Emulator.CreateJob("next", Diagnostics, "e2e-cancel");
            rig.WaitFor(() => rig.StatusOf("e2e-cancel", "next") == "SUCCEEDED", "next SUCCEEDED");

            Assert.AreEqual(0, rig.Updates("e2e-cancel", "long", mark), "updates for the canceled execution");
            var canceled = rig.Execution("e2e-cancel", "long");
            Assert.AreEqual("CANCELED", canceled.Status);
            Assert.AreEqual(3L, canceled.VersionNumber, "QUEUED v1, IN_PROGRESS v2, CANCELED v3: nothing after");
        }

        [TestMethod]
        public async Task StepTimeout_EndsTimedOut_WhenTheEmulatorClockPassesIt_AndTheAgentMovesOn()
        {
            await using var rig = await EndToEndRig.StartAsync();
            var device = rig.Device("e2e-step", agent => agent.StepTimeoutMinutes = 1);
            rig.Emulator.CreateJob("stuck", HoldHandler.Document, "e2e-step");
            rig.Emulator.CreateJob("then", Diagnostics, "e2e-step");
            device.Start();
            rig.WaitFor(() => rig.Hold.Starts == 1 && rig.StatusOf("e2e-step", "stuck") == "IN_PROGRESS", "stuck IN_PROGRESS");
            int mark = rig.Mark();

            rig.Test.Clock.Advance(TimeSpan.FromMinutes(2));
            rig.WaitFor(() => rig.StatusOf("e2e-step", "then") == "SUCCEEDED", "then SUCCEEDED");

            Assert.AreEqual("TIMED_OUT", rig.StatusOf("e2e-step", "stuck"));
            Assert.AreEqual(1, rig.Hold.Cancels, "the held handler is stopped when its execution times out");
            Assert.AreEqual(0, rig.Updates("e2e-step", "stuck", mark), "updates for the timed-out execution");
        }
    }
}
