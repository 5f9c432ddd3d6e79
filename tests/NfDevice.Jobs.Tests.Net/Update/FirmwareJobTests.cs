using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Tests.Engine;
using NfDevice.Jobs.Tests.Fakes;
using NfDevice.Jobs.Tests.Update;
using NfDevice.Jobs.Update;

namespace NfDevice.Jobs.Tests.Net.Update
{
    /// <summary>
    /// A firmware job through the real engine and the firmware handler, against the fake cloud: download,
    /// verify, reboot into the trial image, self-test, confirm or revert — with real ECDSA signatures.
    /// </summary>
    [TestClass]
    public class FirmwareJobTests
    {
        [TestMethod]
        public void FirmwareJob_Succeeds_AfterRebootAndSelfTest()
        {
            using var rig = new FirmwareJobRig();
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            rig.DriveUntil(() => rig.H.Power.Reboots == 1, "reboot after download");
            Assert.AreEqual("IN_PROGRESS", job.Status);
            Assert.IsTrue(rig.Published("awaiting-self-test") || rig.Slot.GetStatus(NfDevice.Jobs.Platform.ImageKind.Deployment) == NfDevice.Jobs.Platform.SlotStatus.TestPending);

            rig.RebootInto("2.0.0");
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("SUCCEEDED", job.Status);
            Assert.IsTrue(rig.Slot.Confirmed);
        }

        [TestMethod]
        public void FirmwareJob_ReportsDownloadProgress_AtMostEveryTenPercent()
        {
            using var rig = new FirmwareJobRig();
            rig.H.Options.ProgressThrottleMs = 0; // only the handler's own 10 % / 30 s rule limits the reports
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            rig.DriveUntil(() => rig.H.Power.Reboots == 1, "reboot after download");
            int reports = 0;
            long last = -1;
            for (int i = 0; i < rig.H.Mqtt.Count; i++)
            {
                string payload = Encoding.UTF8.GetString(rig.H.Mqtt.At(i).Bytes);
                int at = payload.IndexOf("\"bytes\":\"");
                if (payload.Contains("\"step\":\"downloading\"") && at >= 0)
                {
                    reports++;
                    string value = payload.Substring(at + 9, payload.IndexOf('"', at + 9) - at - 9);
                    long done = long.Parse(value.Substring(0, value.IndexOf('/')));
                    Assert.IsTrue(done - last >= rig.Image.Length / 10 - 4096, "reports too close: " + last + " then " + done);
                    last = done;
                }
            }

            Assert.IsTrue(reports >= 5 && reports <= 10, "download progress reports: " + reports);
        }

        // The "downloading" progress reports published, as bytes done.
        private static List<long> DownloadReports(FirmwareJobRig rig)
        {
            var reported = new List<long>();
            for (int i = 0; i < rig.H.Mqtt.Count; i++)
            {
                string payload = Encoding.UTF8.GetString(rig.H.Mqtt.At(i).Bytes);
                int at = payload.IndexOf("\"bytes\":\"");
                if (payload.Contains("\"step\":\"downloading\"") && at >= 0)
                {
                    string value = payload.Substring(at + 9, payload.IndexOf('"', at + 9) - at - 9);
                    reported.Add(long.Parse(value.Substring(0, value.IndexOf('/'))));
                }
            }

            return reported;
        }

        [TestMethod]
        public void FirmwareJob_SpacesItsTenthReports_ByThePacingsProgressMinimumMs()
        {
            // One 4 KB chunk per 10 ms of fake time: a tenth of the 70 KB image every ~20 ms.
            using (var rig = new FirmwareJobRig())
            {
                rig.H.Options.ProgressThrottleMs = 0;
                rig.Download.Pacing = new DownloadPacing { CheckpointBytes = 16384, ProgressMinimumMs = 1_000_000 };
                rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
                rig.H.Connect();
                rig.DriveUntil(() => rig.H.Power.Reboots == 1, "reboot after download");
                Assert.AreEqual(0, DownloadReports(rig).Count, "a download faster than the minimum reports no tenth");
            }

            using (var rig = new FirmwareJobRig())
            {
                rig.H.Options.ProgressThrottleMs = 0;
                rig.Download.Pacing = new DownloadPacing { CheckpointBytes = 16384, ProgressMinimumMs = 60 };
                rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
                rig.H.Connect();
                rig.DriveUntil(() => rig.H.Power.Reboots == 1, "reboot after download");
                List<long> reported = DownloadReports(rig);
                Assert.IsTrue(reported.Count >= 1 && reported.Count <= 4, "reports: " + string.Join(" ", reported));
                long last = 0;
                foreach (long done in reported)
                {
                    Assert.IsTrue(done - last >= 2 * (rig.Image.Length / 10), "reports closer than 60 ms of download: " + string.Join(" ", reported));
                    last = done;
                }
            }
        }

        [TestMethod]
        public void FirmwareJob_Fails_WithSignature_WhenImageIsTampered_AndNothingIsActivated()
        {
            using var rig = new FirmwareJobRig();
            byte[] genuine = (byte[])rig.Image.Clone();
            rig.Image[500] ^= 0xFF; // the server now serves a tampered image
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0", genuine));
            rig.H.Connect();
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("FAILED", job.Status);
            Assert.IsTrue(rig.Published("\"reason\":\"signature\""));
            Assert.AreEqual(0, rig.H.Power.Reboots);
            Assert.IsFalse(rig.Slot.Completed);
            Assert.AreEqual(0, rig.Slot.NextOffset);
        }

        [TestMethod]
        public void FirmwareJob_Reverts_WhenSelfTestFails()
        {
            using var rig = new FirmwareJobRig();
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            rig.DriveUntil(() => rig.H.Power.Reboots == 1, "reboot after download");
            rig.RebootInto("1.2.3"); // the new image came up reporting the old version: self-test fails
            rig.DriveUntil(() => rig.H.Power.Reboots == 2, "revert reboot");
            Assert.IsTrue(rig.Slot.RevertPending);
            rig.RebootInto("1.2.3");
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("FAILED", job.Status);
            Assert.IsTrue(rig.Slot.Reverted);
            Assert.IsTrue(rig.Published("\"reason\":\"selftest\""));
        }

        [TestMethod]
        public void FirmwareJob_IsRejected_WhenNotNewer()
        {
            using var rig = new FirmwareJobRig();
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("1.2.3"));
            rig.H.Connect();
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("REJECTED", job.Status);
            Assert.IsTrue(rig.Published("\"reason\":\"version\""));
            Assert.IsTrue(rig.Published("\"detail\":\"1.2.3 is not newer than the running 1.2.3\""));
            Assert.AreEqual(0, rig.Http.Requests.Count);
        }

        [TestMethod]
        public void FirmwareJob_IsRejected_SayingTheRunningVersionCannotBeCompared_WhenItIsNotADottedNumber()
        {
            using var rig = new FirmwareJobRig();
            rig.H.Device.FirmwareVersion = "1.0.0-dev"; // a factory version setting the downgrade check cannot read
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("REJECTED", job.Status);
            Assert.IsTrue(rig.Published("\"reason\":\"version\""));
            Assert.IsTrue(rig.Published("\"detail\":\"the running version 1.0.0-dev is not a dotted number, so 2.0.0 cannot be compared with it"), "the detail blames the job's version, not the device's");
            Assert.AreEqual(0, rig.Http.Requests.Count);
        }

        [TestMethod]
        public void FirmwareJob_Succeeds_WhenThePlatformReadsTheJobsVersionWithFourParts()
        {
            // The job says 2.0.0; a platform that reads an assembly's or MCUboot's version reports 2.0.0.0 for the same image.
            using var rig = new FirmwareJobRig();
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            rig.DriveUntil(() => rig.H.Power.Reboots == 1, "reboot after download");
            rig.RebootInto("2.0.0.0");
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("SUCCEEDED", job.Status, string.Join("\n", rig.H.Log.Lines.ToArray()));
            Assert.IsTrue(rig.Slot.Confirmed);
        }

        [TestMethod]
        public void FirmwareJob_FetchesFreshUrl_On403_AndContinuesWhereItWas()
        {
            using var rig = new FirmwareJobRig();
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            rig.DriveUntil(() => rig.Http.BytesServed > 20_000, "partial download");
            // The URL expires; the cloud re-signs it on the next delivery.
            rig.Http.ValidUrl = "https://bucket.s3.us-east-1.amazonaws.com/app.bin?sig=fresh";
            rig.Http.DropAfterBytes = 0;
            job.Document = job.Document.Replace("app.bin?sig=1", "app.bin?sig=fresh"); // same image and signature, re-signed URL
            rig.DriveUntil(() => rig.H.Power.Reboots == 1, "reboot after download");
            string last = (string)rig.Http.Requests[rig.Http.Requests.Count - 1];
            Assert.IsFalse(last.StartsWith("0-"), "continued from " + string.Join(" ", rig.Http.Requests.ToArray()) + "\n" + string.Join("\n", rig.H.Log.Lines.ToArray()));
            Assert.IsTrue(rig.Http.BytesServed < rig.Image.Length + 8192, "did not start over: " + rig.Http.BytesServed);
            rig.RebootInto("2.0.0");
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("SUCCEEDED", job.Status);
        }

        [TestMethod]
        public void FirmwareJob_WhoseEveryFreshUrlIsRefused_FailsWithReasonUrl_NamingTheRoleToFix()
        {
            // AWS signs the presigned URL whatever its role may do; without s3:GetObject S3 answers 403 to each one
            // (esp-idf#6854), so the device cannot tell it from expiry until fresh URLs keep failing.
            using var rig = new FirmwareJobRig();
            rig.Http.ValidUrl = "https://bucket.s3.us-east-1.amazonaws.com/app.bin?sig=never-delivered";
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0", url: "https://bucket.s3.us-east-1.amazonaws.com/app.bin?sig=1"));
            rig.H.Connect();
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("FAILED", job.Status);
            Assert.IsTrue(rig.Published("\"reason\":\"url\""));
            Assert.IsTrue(rig.Published("S3 answered 403 to the presigned URLs of " + FirmwareUpdateHandler.MaxUrlRequests + " fresh documents"), "the detail does not say S3 refused the URLs");
            Assert.IsTrue(rig.Published("presignedUrlConfig role must allow s3:GetObject"), "the detail does not say what to fix");
            Assert.AreEqual(FirmwareUpdateHandler.MaxUrlRequests + 1, rig.Http.Requests.Count); // bounded: the first URL and one per fresh document
            Assert.IsFalse(rig.Slot.Completed);
        }

        [TestMethod]
        public void FirmwareJob_ResumesDownload_AfterAgentRestart()
        {
            using var rig = new FirmwareJobRig();
            CloudJob job = rig.Cloud.Add("fw-1", rig.Document("2.0.0"));
            rig.H.Connect();
            rig.DriveUntil(() => rig.Http.BytesServed > 40_000, "partial download");
            long beforeKill = rig.Http.BytesServed;
            rig.RebootInto("1.2.3"); // killed mid-download: same store, same slot
            rig.DriveUntil(() => rig.H.Power.Reboots == 1, "reboot after download");
            // Resumed at the last checkpoint (16 KB interval) at or below where it was, and the resumed download is
            // completed as it is: nothing is fetched a second time once the whole image has been hashed in this boot.
            long checkpoint = beforeKill / 16384 * 16384;
            Assert.AreEqual(beforeKill + rig.Image.Length - checkpoint, rig.Http.BytesServed, "resumed from the checkpoint, each later byte fetched once");
            rig.RebootInto("2.0.0");
            rig.DriveUntil(() => job.IsTerminal, "terminal status");
            Assert.AreEqual("SUCCEEDED", job.Status);
        }
    
        [TestMethod]
        public void FirmwareJob_IsRejectedWithSlot_OnFirmwareWithoutUpdateSlot()
        {
            var h = new EngineHarness();
            var cloud = new FakeCloud(h.Mqtt);
            var handler = new FirmwareUpdateHandler(null, null, null, null);
            h.Agent.Register(handler);
            CloudJob job = cloud.Add("fw-1", "{\"operation\":\"firmware-update\",\"version\":\"9.0.0\"}");
            h.Connect();
            for (int i = 0; i < 1000 && !job.IsTerminal; i++)
            {
                cloud.Process();
                h.Advance(5);
            }

            Assert.AreEqual("REJECTED", job.Status);
            bool saidSlot = false;
            for (int i = 0; i < h.Mqtt.Count; i++)
            {
                string payload = Encoding.UTF8.GetString(h.Mqtt.At(i).Bytes);
                saidSlot |= payload.Contains("\"reason\":\"slot\"") && payload.Contains("\"detail\":\"this device has no update slot\"");
            }

            Assert.IsTrue(saidSlot);
        }
    }
}
