using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.EndToEnd;
using NfDevice.Desktop.Update;

namespace NfDevice.Cloud.Tests.DesktopUpdate
{
    /// <summary>
    /// What the cloud sees of the reboot steps (issue 3 §2: "report IN_PROGRESS with that step in statusDetails, reboot";
    /// a failed self-test says why). Each device request is a moment to read the execution as the cloud holds it.
    /// </summary>
    [TestClass]
    public sealed class FirmwareStatusDetailsTests
    {
        /// <summary>The "step" values the execution held, read at every request of <paramref name="thing"/>.</summary>
        private static List<string> WatchSteps(EndToEndRig rig, string thing, string jobId)
        {
            var steps = new List<string>();
            var inner = rig.Emulator.Jobs.RejectWith;
            rig.Emulator.Jobs.RejectWith = (t, topic) =>
            {
                if (t == thing)
                {
                    var execution = rig.Execution(thing, jobId);
                    if (execution != null && execution.StatusDetails != null && execution.StatusDetails.TryGetValue("step", out string step))
                    {
                        lock (steps) if (steps.Count == 0 || steps[^1] != step) steps.Add(step);
                    }
                }
                return inner(t, topic);
            };
            return steps;
        }

        [TestMethod]
        public async Task TrialReboot_IsAnnounced_WithStepAwaitingSelfTest_BeforeTheDeviceReboots()
        {
            await using var rig = await EndToEndRig.StartAsync();
            using var keys = new FirmwareRig();
            byte[] image = DesktopImage.Build("1.1.0", 20_000, seed: 21);
            var (device, _) = FirmwareJobTests.Device(rig, keys, "fw-step", image);
            using (device)
            {
                List<string> steps = WatchSteps(rig, "fw-step", "fw-s");
                rig.Emulator.CreateJob("fw-s", FirmwareJobTests.Document(keys, image, "1.1.0"), "fw-step");
                device.Start();
                rig.WaitFor(() => rig.StatusOf("fw-step", "fw-s") == "SUCCEEDED", "fw-s SUCCEEDED");
                lock (steps) CollectionAssert.Contains(steps, "awaiting-self-test", "steps seen: " + string.Join(",", steps));
            }
        }

        [TestMethod]
        public async Task FailedSelfTest_ReportsWhy_InTheFinalStatusDetails()
        {
            await using var rig = await EndToEndRig.StartAsync();
            using var keys = new FirmwareRig();
            byte[] image = DesktopImage.Build("1.2.0", 20_000, selfTestPasses: false, seed: 22);
            var (device, _) = FirmwareJobTests.Device(rig, keys, "fw-why", image);
            using (device)
            {
                rig.Emulator.CreateJob("fw-w", FirmwareJobTests.Document(keys, image, "1.2.0"), "fw-why");
                device.Start();
                rig.WaitFor(() => rig.StatusOf("fw-why", "fw-w") == "FAILED", "fw-w FAILED");
                var details = rig.Execution("fw-why", "fw-w").StatusDetails;
                Assert.AreEqual("selftest", details["reason"]);
                Assert.IsTrue(details.Values.Any(v => v.Contains(SlotHealthCheck.Failure)), string.Join(", ", details.Select(kv => kv.Key + "=" + kv.Value)));
            }
        }
    }
}
