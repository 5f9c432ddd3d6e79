using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Update;

namespace NfDevice.Cloud.Tests.Firmware
{
    /// <summary>Issue 3 §5: the download against S3 misbehaving — URL expiring, Range ignored, wrong Content-Range, job canceled.</summary>
    [TestClass]
    public sealed class FirmwareDownloadFaultTests
    {
        private static string Opens(FirmwareDevice d) => string.Join(" ", d.Http.Opens.Select(o => "[boot" + o.Boot + " " + o.From + ":" + o.Status + " cr=" + o.RangeStart + "]"));

        [TestMethod]
        public async Task UrlExpiringMidDownload_IsRefreshed_AndTheDownloadContinuesAtTheSameOffset()
        {
            await using var rig = await FirmwareEndToEndRig.StartAsync();
            byte[] image = DesktopImage.Build("1.1.0", 128 * 1024, seed: 201);
            string version = rig.UploadAndSign(image);
            var d = rig.Device("fw-expire");
            // The connection drops halfway; by then the 60 s URL has expired (fake clock moved on at the first response).
            rig.Emulator.S3Endpoint.Faults.KeyFilter = FirmwareEndToEndRig.Key;
            rig.Emulator.S3Endpoint.Faults.ThrottleBytesPerSecond = 256 * 1024;
            rig.Emulator.S3Endpoint.Faults.DropAfterBytes = 50_000;
            rig.Emulator.S3Endpoint.Faults.DropTimes = 1;
            int advanced = 0;
            d.Http.OnOpen = o =>
            {
                if (o.Status == 206 && Interlocked.Exchange(ref advanced, 1) == 0) rig.Clock.Advance(TimeSpan.FromSeconds(120));
            };
            rig.Job("fw-expire", version, "1.1.0", image.Length, expiresInSec: 60, things: d.Thing);
            d.Device.Start();

            Assert.AreEqual("SUCCEEDED", rig.WaitTerminal(d.Thing, "fw-expire"), rig.Describe(d.Thing, "fw-expire") + " " + Opens(d) + FirmwareEndToEndTests.Logs(d));
            CollectionAssert.AreEqual(image, d.Primary());
            RangeOpen[] opens = d.Http.Opens;
            StringAssert.Contains(opens[0].Url, "X-Amz-Expires=60&");
            Assert.AreEqual(0, opens[0].From);
            RangeOpen refused = opens.First(o => o.Status == 403);
            Assert.IsTrue(refused.From > 0 && refused.From <= 50_000, Opens(d));
            RangeOpen resumed = opens.First(o => o.Status == 206 && o.From > 0);
            Assert.AreEqual(refused.From, resumed.From, "continued where the expired URL stopped: " + Opens(d));
            Assert.AreNotEqual(opens[0].Url, resumed.Url, "with a freshly presigned URL");
            Assert.IsTrue(d.Http.Bytes < 2L * image.Length, "bytes served " + d.Http.Bytes);
            Assert.AreEqual((long)image.Length, d.Http.Bytes, "not one byte fetched twice");
        }

        [TestMethod]
        public async Task ServerAnswering200ToAResumedRangeRequest_IsHandled_AndTheJobSucceeds()
        {
            await using var rig = await FirmwareEndToEndRig.StartAsync();
            byte[] image = DesktopImage.Build("1.1.0", 96 * 1024, seed: 202);
            string version = rig.UploadAndSign(image);
            var d = rig.Device("fw-200");
            var faults = rig.Emulator.S3Endpoint.Faults;
            faults.KeyFilter = FirmwareEndToEndRig.Key;
            faults.DropAfterBytes = 40_000;
            faults.DropTimes = 1;
            // Only the request that resumes after the drop gets the whole object.
            d.Http.OnOpen = o => { if (o.From == 0 && o.Status == 206) faults.IgnoreRangeTimes = 1; };
            rig.Job("fw-200", version, "1.1.0", image.Length, things: d.Thing);
            d.Device.Start();

            Assert.AreEqual("SUCCEEDED", rig.WaitTerminal(d.Thing, "fw-200"), rig.Describe(d.Thing, "fw-200") + " " + Opens(d) + FirmwareEndToEndTests.Logs(d));
            CollectionAssert.AreEqual(image, d.Primary());
            Assert.IsTrue(d.Http.Opens.Any(o => o.From > 0 && o.Status == 200), "a resumed Range request was answered 200: " + Opens(d));
        }

        [TestMethod]
        public async Task WrongContentRangeOnAResumedRequest_IsRetried_AndTheJobSucceeds()
        {
            await using var rig = await FirmwareEndToEndRig.StartAsync();
            byte[] image = DesktopImage.Build("1.1.0", 96 * 1024, seed: 203);
            string version = rig.UploadAndSign(image);
            var d = rig.Device("fw-cr");
            var faults = rig.Emulator.S3Endpoint.Faults;
            faults.KeyFilter = FirmwareEndToEndRig.Key;
            faults.DropAfterBytes = 40_000;
            faults.DropTimes = 1;
            faults.ContentRangeShift = 1000;
            d.Http.OnOpen = o => { if (o.From == 0 && o.Status == 206) faults.WrongContentRangeTimes = 1; };
            rig.Job("fw-cr", version, "1.1.0", image.Length, things: d.Thing);
            d.Device.Start();

            Assert.AreEqual("SUCCEEDED", rig.WaitTerminal(d.Thing, "fw-cr"), rig.Describe(d.Thing, "fw-cr") + " " + Opens(d) + FirmwareEndToEndTests.Logs(d));
            CollectionAssert.AreEqual(image, d.Primary(), "no shifted byte reached the slot");
            RangeOpen[] opens = d.Http.Opens;
            RangeOpen wrong = opens.FirstOrDefault(o => o.Status == 206 && o.RangeStart != o.From);
            Assert.IsNotNull(wrong, "the wrong Content-Range was served: " + Opens(d));
            Assert.IsTrue(opens.Any(o => o.From == wrong.From && o.Status == 206 && o.RangeStart == o.From), "asked again for the same range: " + Opens(d));
            Assert.IsTrue(d.Http.Bytes < 2L * image.Length);
        }

        [TestMethod]
        [DataRow(true, DisplayName = "CancelJob force")]
        [DataRow(false, DisplayName = "CancelJobExecution force")]
        public async Task JobCanceledMidDownload_StopsTheDownload_ErasesTheSlot_AndReportsNothing(bool wholeJob)
        {
            await using var rig = await FirmwareEndToEndRig.StartAsync();
            byte[] image = DesktopImage.Build("1.1.0", 256 * 1024, seed: 204);
            string version = rig.UploadAndSign(image);
            var d = rig.Device("fw-cancel");
            rig.Emulator.S3Endpoint.Faults.KeyFilter = FirmwareEndToEndRig.Key;
            rig.Emulator.S3Endpoint.Faults.ThrottleBytesPerSecond = 64 * 1024;
            rig.Job("fw-cancel", version, "1.1.0", image.Length, things: d.Thing);
            d.Device.Start();
            rig.Inner.WaitFor(() => d.Http.Bytes >= 40_000 && File.Exists(d.SecondaryPath), "download under way");

            int mark = rig.Inner.Mark();
            if (wholeJob) rig.Emulator.Jobs.CancelJob("fw-cancel", true, null, "test");
            else rig.Emulator.Jobs.CancelExecution(d.Thing, "fw-cancel", true, null, null);
            rig.Inner.WaitFor(() => !File.Exists(d.SecondaryPath), "secondary slot erased");
            long bytes = d.Http.Bytes;
            int opens = d.Http.Opens.Length;
            Thread.Sleep(1500);

            Assert.AreEqual("CANCELED", rig.Inner.StatusOf(d.Thing, "fw-cancel"));
            Assert.IsTrue(d.Http.Bytes - bytes <= FirmwareEndToEndRig.ChunkSize, "download stopped: " + bytes + " then " + d.Http.Bytes);
            Assert.AreEqual(opens, d.Http.Opens.Length, "no new request");
            Assert.IsTrue(d.Http.Bytes < image.Length);
            // A progress report the agent published before the cancel reached it may cross the cancel (AWS rejects it, as the
            // emulator does: the execution stays CANCELED above); none may be sent once the agent learned of the cancel.
            Assert.IsTrue(rig.Inner.Updates(d.Thing, "fw-cancel", mark) <= 1, "at most the one report in flight crossed the cancel" + FirmwareEndToEndTests.Logs(d));
            string[] log = d.Device.Log.Lines();
            int learned = Array.FindIndex(log, l => l.Contains("job fw-cancel ended on the cloud side", StringComparison.Ordinal));
            Assert.IsTrue(learned >= 0, "the agent logged the cancel" + FirmwareEndToEndTests.Logs(d));
            Assert.IsFalse(log.Skip(learned).Any(l => l.Contains("--> Reporting", StringComparison.Ordinal) || l.Contains("--> Finishing", StringComparison.Ordinal)),
                "nothing reported for the canceled execution after the agent learned of it" + FirmwareEndToEndTests.Logs(d));
            Assert.IsFalse(File.Exists(d.SecondaryPath));
            Assert.AreEqual("1.0.0", d.Device.FirmwareVersion);
            Assert.IsTrue(d.Device.Snapshot().Agent.Idle, FirmwareEndToEndTests.Logs(d));
        }
    }
}
