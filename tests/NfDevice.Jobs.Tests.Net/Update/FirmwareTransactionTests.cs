using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Tests.Fakes;
using NfDevice.Jobs.Update;

namespace NfDevice.Jobs.Tests.Net.Update
{
    /// <summary>
    /// Issue 8: the update is a transaction. The device is killed at the precise moments that used to break it
    /// (T1, T2, T4, the abandoned job's leftovers) and must end on the right image with the right status.
    /// </summary>
    [TestClass]
    public class FirmwareTransactionTests
    {
        [TestMethod]
        public void KilledRightAfterTheConfirm_EndsSucceeded_OnTheConfirmedImage()
        {
            using var rig = new FirmwareJobRig();
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            rig.DriveUntil(() => rig.H.Power.Reboots == 1, "trial reboot");
            rig.RebootInto("2.0.0");
            rig.Killer.KillAfter = "Confirm";
            rig.DriveUntil(() => rig.H.Store.Frozen, "killed after the confirm");
            Assert.IsFalse(job.IsTerminal);

            rig.RebootInto("2.0.0");
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("SUCCEEDED", job.Status, string.Join("\n", rig.H.Log.Lines.ToArray()));
            Assert.IsTrue(rig.Slot.Confirmed);
            Assert.IsFalse(rig.Slot.Reverted);
        }

        [TestMethod]
        public void KilledBetweenCompleteAndThePhaseSave_TheTrialImageIsTested_NotDownloadedAgain()
        {
            using var rig = new FirmwareJobRig();
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            rig.Killer.KillAfter = "Complete";
            rig.DriveUntil(() => rig.H.Store.Frozen, "killed after complete");
            long served = rig.Http.BytesServed;

            rig.Health.Problem = "sensor missing"; // the trial image fails its self-test
            rig.RebootInto("2.0.0"); // the bootloader swapped the completed image in: it runs on trial
            rig.DriveUntil(() => rig.H.Power.Reboots >= 1, "revert reboot");
            Assert.AreEqual(served, rig.Http.BytesServed, "no second download on top of the trial image");
            Assert.IsTrue(rig.Slot.RevertPending);
            rig.Health.Problem = null;
            rig.RebootInto("1.2.3");
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("FAILED", job.Status);
            Assert.IsTrue(rig.Slot.Reverted, "the previous image runs again");
            Assert.IsFalse(rig.Slot.Confirmed, "the failing image was never confirmed");
            Assert.IsTrue(rig.Published("\"reason\":\"selftest\""));
            Assert.IsTrue(rig.Published("sensor missing"));
        }

        [TestMethod]
        public void RestartsThatMoveTheDownloadOn_AreNotARebootLoop()
        {
            using var rig = new FirmwareJobRig();
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            // Four kills, each after the download moved past one more 16 KB checkpoint (MaxBootsInPhase is 3).
            for (int k = 1; k <= 4; k++)
            {
                long target = k * 16384L + 2000;
                rig.DriveUntil(() => rig.Http.BytesServed >= target || rig.H.Power.Reboots > 0, "download past " + target);
                Assert.AreEqual(0, rig.H.Power.Reboots, "the download finished too early for the test");
                rig.Slot.Reboot();
                rig.H.Restart();
                rig.Register();
                rig.H.Connect();
            }

            rig.DriveUntil(() => rig.H.Power.Reboots == 1 || job.IsTerminal, "trial reboot");
            Assert.IsFalse(rig.Published("rebootloop"), string.Join("\n", rig.H.Log.Lines.ToArray()));
            rig.RebootInto("2.0.0");
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("SUCCEEDED", job.Status);
        }

        [TestMethod]
        public void RestartsWithoutProgress_AreStillARebootLoop()
        {
            using var rig = new FirmwareJobRig();
            rig.Http.NoResponseTimes = 1_000_000; // the download never moves
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            rig.DriveUntil(() => rig.Http.Requests.Count > 0, "download started");
            for (int k = 0; k < 3 && !job.IsTerminal; k++)
            {
                rig.Slot.Reboot();
                rig.H.Restart();
                rig.Register();
                rig.H.Connect();
                rig.DriveUntil(() => rig.Http.Requests.Count > 0 || job.IsTerminal, "restarted");
            }

            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("FAILED", job.Status);
            Assert.IsTrue(rig.Published("rebootloop") || rig.Published("rebootLoop"), string.Join("\n", rig.H.Log.Lines.ToArray()));
        }

        [TestMethod]
        public void AJobTheCloudEndedWhileTheDeviceWasOff_LeavesNoPartialImageOrCheckpoint()
        {
            using var rig = new FirmwareJobRig();
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            rig.DriveUntil(() => rig.Http.BytesServed > 20_000, "partial download");
            Assert.IsTrue(rig.H.Store.Has(DownloadCheckpoint.RecordName));

            rig.Slot.Reboot();
            rig.H.Restart(); // killed; the cloud cancels the job while the device is off
            rig.Cloud.End("fw-1", "CANCELED");
            rig.Register();
            rig.H.Connect();
            rig.DriveUntil(() => rig.H.Agent.JobsAbandoned == 1, "abandoned");
            Assert.IsFalse(rig.H.Store.Has(DownloadCheckpoint.RecordName), "checkpoint left behind");
            Assert.AreEqual(0, rig.Slot.NextOffset, "partial image left in the slot");
        }

        [TestMethod]
        public void ATamperedImage_ReportsStepVerify_WithEveryByteCounted_NotDownloading()
        {
            using var rig = new FirmwareJobRig();
            byte[] genuine = (byte[])rig.Image.Clone();
            rig.Image[500] ^= 0xFF;
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0", genuine));
            rig.H.Connect();
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("FAILED", job.Status);
            Assert.IsTrue(rig.Published("\"step\":\"verify\""));
            Assert.IsTrue(rig.Published("\"bytes\":\"" + rig.Image.Length + "/" + rig.Image.Length + "\""));
            Assert.IsTrue(rig.Published("\"detail\":\"signature invalid with the code-signing certificate on the device"), "the name, not the enum's number");
        }

        [TestMethod]
        public void ANetworkFailure_ReportsTheBytesReached_NotAStaleFigure()
        {
            using var rig = new FirmwareJobRig();
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            rig.DriveUntil(() => rig.Http.BytesServed > 40_000, "partial download");
            rig.Http.NextStatus = 404; // the object is gone
            rig.Http.DropAfterBytes = 0;
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("FAILED", job.Status);
            string expected = "\"bytes\":\"" + rig.Http.BytesServed + "/" + rig.Image.Length + "\"";
            Assert.IsTrue(rig.Published(expected), "expected " + expected);
        }

        [TestMethod]
        public void ARestartDuringTheTrial_IsReportedAsARestart_NotAsASlotStatus()
        {
            using var rig = new FirmwareJobRig();
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            rig.DriveUntil(() => rig.H.Power.Reboots == 1, "trial reboot");
            rig.Health.OnCheck = () =>
            {
                rig.Health.OnCheck = null;
                rig.Kill();
                throw new KilledException("the self-test began");
            };
            rig.RebootInto("2.0.0");
            rig.DriveUntil(() => rig.H.Store.Frozen, "killed in the self-test");

            rig.RebootInto("1.2.3"); // the bootloader reverted the unconfirmed trial image
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("FAILED", job.Status);
            Assert.IsTrue(rig.Slot.Reverted);
            Assert.IsTrue(rig.Published("restarted during the trial"), string.Join("\n", rig.H.Log.Lines.ToArray()));
            Assert.IsFalse(rig.Published("slot status"), "a slot status number instead of what happened");
        }

        [TestMethod]
        public void AShortDownload_ReportsProgress_UnderTheEnginesDefaultThrottle()
        {
            using var rig = new FirmwareJobRig();
            rig.H.Options.ProgressThrottleMs = 10_000; // the engine's default: a 70 KB download takes far less
            rig.H.Restart();
            rig.Register();
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            rig.DriveUntil(() => rig.H.Power.Reboots == 1, "trial reboot");
            Assert.IsTrue(rig.Published("\"step\":\"downloading\""), "no progress report at all");
        }
    }
}
