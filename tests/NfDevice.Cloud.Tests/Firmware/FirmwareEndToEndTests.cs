using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Platform;

namespace NfDevice.Cloud.Tests.Firmware
{
    /// <summary>
    /// Issue 3 §5, end to end: desktop agents over MQTT/TLS against the emulator, the image signed by the emulator's
    /// Signer and fetched from its S3 with presigned URLs (the firmware document of the README).
    /// </summary>
    [TestClass]
    public sealed class FirmwareEndToEndTests
    {
        internal static string Logs(FirmwareDevice d) => "\n" + string.Join("\n", d.Device.Log.Lines().TakeLast(25));

        [TestMethod]
        public async Task FirmwareJob_OnFiveDevices_AllSucceed_AndEachRunsTheNewImage()
        {
            await using var rig = await FirmwareEndToEndRig.StartAsync();
            byte[] image = DesktopImage.Build("1.1.0", 96 * 1024, seed: 101);
            string version = rig.UploadAndSign(image);
            // Paced (one chunk per 5 ms, the engine's step slices off) so the sampler below sees the progress reports
            // of a download that would otherwise finish between two samples on a loaded machine.
            var devices = Enumerable.Range(1, 5).Select(i => rig.Device("fw-ok-" + i, configure: o =>
                o.AgentFactory = DefaultAgent.With(a => { a.ProgressThrottleMs = 0; a.StepSliceMs = 0; a.StepIntervalMs = 5; }))).ToArray();
            rig.Job("fw-happy", version, "1.1.0", image.Length, things: devices.Select(d => d.Thing).ToArray());
            // The steps each execution shows in statusDetails on its way, sampled from the service.
            var steps = devices.ToDictionary(d => d.Thing, _ => new System.Collections.Generic.List<string>());
            using var stop = new System.Threading.CancellationTokenSource();
            void Sample()
            {
                foreach (var e in rig.Emulator.Snapshot().Where(e => e.JobId == "fw-happy" && e.StatusDetails != null))
                {
                    string step = e.StatusDetails.TryGetValue("step", out string s) ? s + (e.StatusDetails.TryGetValue("bytes", out string b) ? " " + b : "") : null;
                    var seen = steps[e.ThingName];
                    if (step != null && (seen.Count == 0 || seen[^1] != step)) seen.Add(step);
                }
            }

            Task sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    Sample();
                    await Task.Delay(2);
                }
            });
            foreach (var d in devices) d.Device.Start();

            foreach (var d in devices) rig.WaitTerminal(d.Thing, "fw-happy");
            stop.Cancel();
            await sampler;
            Sample();
            foreach (var d in devices)
            {
                Assert.AreEqual("SUCCEEDED", rig.WaitTerminal(d.Thing, "fw-happy"), rig.Describe(d.Thing, "fw-happy") + Logs(d));
                var seen = steps[d.Thing];
                string trail = string.Join(" | ", seen);
                Assert.IsTrue(seen.Any(x => x.StartsWith("downloading ", StringComparison.Ordinal) && x.EndsWith("/" + image.Length, StringComparison.Ordinal)), trail);
                int announced = seen.IndexOf("awaiting-self-test");
                Assert.IsTrue(announced > 0, "awaiting-self-test reported before the reboot: " + trail);
                Assert.IsTrue(seen.Take(announced).All(x => x.StartsWith("downloading ", StringComparison.Ordinal)), trail);
                Assert.AreEqual("confirmed", seen[^1], trail);
                Assert.AreEqual("1.1.0", d.Device.FirmwareVersion);
                CollectionAssert.AreEqual(image, d.Primary(), d.Thing + " runs the signed image");
                Assert.AreEqual(SlotStatus.Confirmed, d.Device.Slot.GetStatus(ImageKind.Deployment));
                var details = rig.Details(d.Thing, "fw-happy");
                Assert.AreEqual("confirmed", details["step"]);
                Assert.AreEqual("1.1.0", details["version"]);
                // One boot for the download, one into the image on trial, where the self-test confirmed it.
                Assert.AreEqual(2, d.Device.Snapshot().Boots);
                Assert.AreEqual(0, d.Http.Opens.First().From);
                Assert.AreEqual(image.Length, d.Http.Bytes, "each device downloaded the image exactly once");
                StringAssert.Contains(d.Http.Opens.First().Url, "X-Amz-Signature=", "the device used the presigned URL");
            }
        }

        [TestMethod]
        public async Task ImageTamperedAfterSigning_Fails_WithReasonSignature_AndNothingIsActivated()
        {
            await using var rig = await FirmwareEndToEndRig.StartAsync();
            byte[] image = DesktopImage.Build("1.1.0", 64 * 1024, seed: 102);
            string version = rig.UploadAndSign(image);
            // Same key, same version id: the bytes change under the signature (S3 objects are immutable on AWS; the store's array is not).
            rig.Emulator.S3Store.GetObject(FirmwareEndToEndRig.Bucket, FirmwareEndToEndRig.Key, version).Data[40000] ^= 0x5A;
            var d = rig.Device("fw-tamper");
            rig.Job("fw-tamper", version, "1.1.0", image.Length, things: d.Thing);
            d.Device.Start();

            Assert.AreEqual("FAILED", rig.WaitTerminal(d.Thing, "fw-tamper"), rig.Describe(d.Thing, "fw-tamper") + Logs(d));
            Assert.AreEqual("signature", rig.Details(d.Thing, "fw-tamper")["reason"]);
            AssertNothingActivated(d);
        }

        [TestMethod]
        public async Task ImageSignedByAnotherProfile_Fails_WithReasonSignature_AndNothingIsActivated()
        {
            await using var rig = await FirmwareEndToEndRig.StartAsync();
            rig.Emulator.CreateSigningProfile("other_key");
            byte[] image = DesktopImage.Build("1.1.0", 64 * 1024, seed: 103);
            string version = rig.UploadAndSign(image, profile: "other_key");
            var d = rig.Device("fw-otherkey"); // holds the default profile's certificate
            rig.Job("fw-other", version, "1.1.0", image.Length, things: d.Thing);
            d.Device.Start();

            Assert.AreEqual("FAILED", rig.WaitTerminal(d.Thing, "fw-other"), rig.Describe(d.Thing, "fw-other") + Logs(d));
            Assert.AreEqual("signature", rig.Details(d.Thing, "fw-other")["reason"]);
            Assert.AreEqual(image.Length, d.Http.Bytes, "the whole image was fetched before the verdict");
            AssertNothingActivated(d);
        }

        [TestMethod]
        public async Task RoleWithoutGetObject_WithUrlsIssuedAnyway_FailsWithReasonUrl_AfterBoundedRefreshes()
        {
            await using var rig = await FirmwareEndToEndRig.StartAsync();
            // AWS signs the URL whatever the role allows; S3 then answers 403 AccessDenied to every GET.
            rig.Emulator.PresignResolver.FailWhenRoleDenies = false;
            byte[] image = DesktopImage.Build("1.1.0", 64 * 1024, seed: 104);
            string version = rig.UploadAndSign(image);
            var d = rig.Device("fw-noget");
            rig.Job("fw-noget", version, "1.1.0", image.Length, allowGetObject: false, things: d.Thing);
            d.Device.Start();

            Assert.AreEqual("FAILED", rig.WaitTerminal(d.Thing, "fw-noget"), rig.Describe(d.Thing, "fw-noget") + Logs(d));
            Assert.AreEqual("url", rig.Details(d.Thing, "fw-noget")["reason"]);
            Assert.IsTrue(d.Http.Opens.All(o => o.Status == 403), "every GET was refused: " + string.Join(",", d.Http.Opens.Select(o => o.Status)));
            // A fresh document per 403, bounded by the handler (MaxUrlRequests), then the first URL again.
            Assert.AreEqual(NfDevice.Jobs.Update.FirmwareUpdateHandler.MaxUrlRequests + 1, d.Http.Opens.Length);
            Assert.AreEqual(0, d.Http.Bytes);
            AssertNothingActivated(d);
        }

        [TestMethod]
        public async Task RoleWithoutGetObject_DocumentRefused_DeviceFailsTheExecution_WithTheCloudsReason()
        {
            await using var rig = await FirmwareEndToEndRig.StartAsync();
            byte[] image = DesktopImage.Build("1.1.0", 64 * 1024, seed: 105);
            string version = rig.UploadAndSign(image);
            var d = rig.Device("fw-refused");
            rig.Job("fw-refused", version, "1.1.0", image.Length, allowGetObject: false, things: d.Thing);
            d.Device.Start();

            // The emulator refuses to deliver the document (no URL without s3:GetObject); the agent ends the execution
            // rather than leave it QUEUED at the head of the queue, quoting the cloud's message.
            Assert.AreEqual("FAILED", rig.WaitTerminal(d.Thing, "fw-refused"), rig.Describe(d.Thing, "fw-refused") + Logs(d));
            var details = rig.Details(d.Thing, "fw-refused");
            Assert.AreEqual("documentNotDelivered", details["reason"]);
            StringAssert.Contains(details["detail"], "s3:GetObject");
            Assert.IsTrue(rig.Emulator.LogLines.Any(l => l.Contains("document not delivered") && l.Contains("fw-refused")));
            Assert.AreEqual(0, d.Http.Opens.Length, "no URL reached the device");
            AssertNothingActivated(d);
        }

        [TestMethod]
        public async Task ImageWhoseSelfTestFails_IsReverted_AndFailedWithReasonSelftest()
        {
            await using var rig = await FirmwareEndToEndRig.StartAsync();
            byte[] image = DesktopImage.Build("1.2.0", 64 * 1024, selfTestPasses: false, seed: 106);
            string version = rig.UploadAndSign(image);
            var d = rig.Device("fw-selftest");
            byte[] factory = null;
            d.Device.Start();
            rig.Inner.WaitFor(() => d.Device.FirmwareVersion == "1.0.0", "factory boot");
            factory = d.Primary();
            rig.Job("fw-selftest", version, "1.2.0", image.Length, things: d.Thing);

            Assert.AreEqual("FAILED", rig.WaitTerminal(d.Thing, "fw-selftest"), rig.Describe(d.Thing, "fw-selftest") + Logs(d));
            var details = rig.Details(d.Thing, "fw-selftest");
            Assert.AreEqual("selftest", details["reason"]);
            Assert.AreEqual("1.0.0", d.Device.FirmwareVersion);
            CollectionAssert.AreEqual(factory, d.Primary(), "the previous image runs again");
            Assert.AreEqual(SlotStatus.Confirmed, d.Device.Slot.GetStatus(ImageKind.Deployment));
            // Download boot, trial boot (self-test fails), revert boot.
            Assert.AreEqual(3, d.Device.Snapshot().Boots);
        }

        [TestMethod]
        public async Task Downgrade_IsRejected_WithReasonVersion_WithoutDownloading()
        {
            await using var rig = await FirmwareEndToEndRig.StartAsync();
            byte[] image = DesktopImage.Build("0.9.0", 64 * 1024, seed: 107);
            string version = rig.UploadAndSign(image);
            var d = rig.Device("fw-down");
            rig.Job("fw-down", version, "0.9.0", image.Length, things: d.Thing);
            d.Device.Start();

            Assert.AreEqual("REJECTED", rig.WaitTerminal(d.Thing, "fw-down"), rig.Describe(d.Thing, "fw-down") + Logs(d));
            Assert.AreEqual(0, d.Http.Opens.Length);
            Assert.AreEqual("1.0.0", d.Device.FirmwareVersion);
            Assert.AreEqual(1, d.Device.Snapshot().Boots);
            // README "The firmware document": `reason: version`, as FAILED executions carry the word in reason and the text in detail.
            Assert.AreEqual("version", rig.Details(d.Thing, "fw-down")["reason"]);
        }

        internal static void AssertNothingActivated(FirmwareDevice d)
        {
            Assert.AreEqual("1.0.0", d.Device.FirmwareVersion, Logs(d));
            Assert.IsTrue(DesktopImage.TryRead(d.Device.Slot.PrimaryPath, out string running, out _));
            Assert.AreEqual("1.0.0", running, "the primary image is unchanged");
            Assert.AreEqual(SlotStatus.Confirmed, d.Device.Slot.GetStatus(ImageKind.Deployment));
            Assert.IsFalse(File.Exists(d.SecondaryPath), "the secondary slot is erased");
            Assert.AreEqual(1, d.Device.Snapshot().Boots, "no reboot into anything");
        }
    }
}
