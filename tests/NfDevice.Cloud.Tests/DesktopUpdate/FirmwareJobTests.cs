using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.EndToEnd;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Platform;

namespace NfDevice.Cloud.Tests.DesktopUpdate
{
    /// <summary>
    /// The composed firmware handler inside the real agent, driven by the emulator's Jobs service over MQTT, with the
    /// image served from memory (inline document with a literal URL; the S3 path is covered by the end-to-end tests).
    /// </summary>
    [TestClass]
    public sealed class FirmwareJobTests
    {
        internal static (DesktopDevice Device, MemoryRangedClient Http) Device(EndToEndRig rig, FirmwareRig keys, string thing, byte[] image, bool certificate = true,
            Action<FirmwareOptions> firmware = null)
        {
            string path = rig.Emulator.ProvisionBundle(thing, Path.Combine(rig.Directory, thing));
            DeviceSettings settings = DeviceSettings.Load(path);
            if (certificate) File.WriteAllText(settings.CodeSigningCertificatePath, keys.CertificatePem);
            else File.Delete(settings.CodeSigningCertificatePath);
            var http = new MemoryRangedClient(image);
            var options = new FirmwareOptions { RangedClientFactory = _ => http };
            firmware?.Invoke(options);
            var device = new DesktopDevice(settings, new DesktopDeviceOptions
            {
                AgentFactory = DefaultAgent.With(),
                ConfigureMqtt = m => m.ReconnectMaxDelay = TimeSpan.FromSeconds(1),
                Firmware = options,
            });
            return (device, http);
        }

        internal static string Document(FirmwareRig keys, byte[] image, string version, bool allowDowngrade = false) =>
            "{\"operation\":\"firmware-update\",\"version\":\"" + version + "\",\"target\":\"deployment\",\"allowDowngrade\":" + (allowDowngrade ? "true" : "false") + "," +
            "\"image\":{\"url\":\"https://s3.us-east-1.amazonaws.com/fw/app.bin?X-Amz-Signature=00\",\"size\":" + image.Length + "}," +
            "\"codesign\":{\"rawPayloadSize\":" + image.Length + ",\"signature\":\"" +
            Convert.ToBase64String(keys.Signer.SignData(image, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)) +
            "\",\"signatureAlgorithm\":\"SHA256withECDSA\"}}";

        [TestMethod]
        public async Task FirmwareJob_DownloadsVerifiesRebootsSelfTestsAndConfirms_Succeeded()
        {
            await using var rig = await EndToEndRig.StartAsync();
            using var keys = new FirmwareRig();
            byte[] image = DesktopImage.Build("1.1.0", 150_000, seed: 11);
            var (device, http) = Device(rig, keys, "fw-ok", image);
            using (device)
            {
                rig.Emulator.CreateJob("fw-1", Document(keys, image, "1.1.0"), "fw-ok");
                device.Start();
                rig.WaitFor(() => rig.StatusOf("fw-ok", "fw-1") == "SUCCEEDED", "fw-1 SUCCEEDED");

                Assert.AreEqual("1.1.0", device.FirmwareVersion);
                Assert.AreEqual(2, device.Snapshot().Boots);
                Assert.AreEqual(SlotStatus.Confirmed, device.Slot.GetStatus(ImageKind.Deployment));
                CollectionAssert.AreEqual(image, File.ReadAllBytes(device.Slot.PrimaryPath));
                var details = rig.Execution("fw-ok", "fw-1").StatusDetails;
                Assert.AreEqual("confirmed", details["step"]);
                Assert.AreEqual("1.1.0", details["version"]);
            }
        }

        [TestMethod]
        public async Task FirmwareJob_WhoseImageFailsItsSelfTest_IsRevertedAndFailed()
        {
            await using var rig = await EndToEndRig.StartAsync();
            using var keys = new FirmwareRig();
            byte[] image = DesktopImage.Build("1.2.0", 20_000, selfTestPasses: false, seed: 12);
            var (device, _) = Device(rig, keys, "fw-bad", image);
            using (device)
            {
                rig.Emulator.CreateJob("fw-2", Document(keys, image, "1.2.0"), "fw-bad");
                device.Start();
                rig.WaitFor(() => rig.StatusOf("fw-bad", "fw-2") == "FAILED", "fw-2 FAILED");

                var details = rig.Execution("fw-bad", "fw-2").StatusDetails;
                Assert.AreEqual("selftest", details["reason"]);
                Assert.IsTrue(device.WaitUntil(s => s.FirmwareVersion == "1.0.0", FirmwareRig.Wait));
                Assert.AreEqual(SlotStatus.Confirmed, device.Slot.GetStatus(ImageKind.Deployment));
            }
        }

        [TestMethod]
        public async Task FirmwareJob_NotNewerThanTheRunningImage_IsRejected_WithoutDownloading()
        {
            await using var rig = await EndToEndRig.StartAsync();
            using var keys = new FirmwareRig();
            byte[] image = DesktopImage.Build("0.9.0", 20_000, seed: 13);
            var (device, http) = Device(rig, keys, "fw-old", image);
            using (device)
            {
                rig.Emulator.CreateJob("fw-3", Document(keys, image, "0.9.0"), "fw-old");
                device.Start();
                rig.WaitFor(() => rig.StatusOf("fw-old", "fw-3") == "REJECTED", "fw-3 REJECTED");
                Assert.AreEqual(0, http.Requests);
                Assert.AreEqual("1.0.0", device.FirmwareVersion);
            }
        }
    
        [TestMethod]
        public async Task KilledMidDownload_TheNextBootResumesFromTheCheckpoint_NotFromZero()
        {
            await using var rig = await EndToEndRig.StartAsync();
            using var keys = new FirmwareRig();
            byte[] image = DesktopImage.Build("1.3.0", 400_000, seed: 14);
            // A checkpoint on every 64 KiB boundary and 4 KiB reads (the ESP32's policy): the desktop's own, every second
            // or 16 MiB, would take none in this short download.
            var (device, http) = Device(rig, keys, "fw-kill", image, firmware: o => { o.CheckpointInterval = 65_536; o.CheckpointMilliseconds = 0; o.MinimumChunkSize = 0; });
            using (device)
            {
                http.ReadDelayMilliseconds = 3;
                rig.Emulator.CreateJob("fw-4", Document(keys, image, "1.3.0"), "fw-kill");
                device.Start();
                // The host's status shows the download (what `simulate` displays), here past 200 KB of 400 000.
                rig.WaitFor(() => device.Agent is JobAgentHost host && host.Firmware.Download.BytesDone > 200_000
                    && device.Snapshot().Agent.Download is string shown && shown.EndsWith("/400000)", StringComparison.Ordinal), "download past 200 KB");
                device.Kill();
                int before = http.Starts.Count;
                http.ReadDelayMilliseconds = 0;

                device.Start();
                rig.WaitFor(() => rig.StatusOf("fw-kill", "fw-4") == "SUCCEEDED", "fw-4 SUCCEEDED");
                long resumedAt = http.Starts.Skip(before).First();
                Assert.IsTrue(resumedAt >= 196_608 && resumedAt % 65_536 == 0, "resumed at " + resumedAt);
                Assert.AreEqual("1.3.0", device.FirmwareVersion);
                CollectionAssert.AreEqual(image, File.ReadAllBytes(device.Slot.PrimaryPath));
            }
        }

        [TestMethod]
        public async Task AfrOtaJob_WhichCarriesNoVersion_IsRun_NotRejectedAsADowngrade()
        {
            await using var rig = await EndToEndRig.StartAsync();
            using var keys = new FirmwareRig();
            byte[] image = DesktopImage.Build("1.1.0", 20_000, seed: 23);
            var (device, http) = FirmwareJobTests.Device(rig, keys, "fw-afr", image);
            using (device)
            {
                string signature = System.Convert.ToBase64String(keys.Signer.SignData(image, System.Security.Cryptography.HashAlgorithmName.SHA256,
                    System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence));
                string document = "{\"afr_ota\":{\"protocols\":[\"HTTP\"],\"files\":[{\"filepath\":\"app.bin\",\"filesize\":" + image.Length +
                    ",\"fileid\":0,\"certfile\":\"code-signing.cert.pem\",\"update_data_url\":\"https://s3.us-east-1.amazonaws.com/fw/app.bin?X-Amz-Signature=00\"," +
                    "\"auth_scheme\":\"aws.s3.presigned\",\"sig-sha256-ecdsa\":\"" + signature + "\"}]}}";
                rig.Emulator.CreateJob("fw-a", document, "fw-afr");
                device.Start();
                rig.WaitFor(() => rig.StatusOf("fw-afr", "fw-a") is "SUCCEEDED" or "FAILED" or "REJECTED", "fw-a final");
                Assert.AreEqual("SUCCEEDED", rig.StatusOf("fw-afr", "fw-a"), string.Join(", ", rig.Execution("fw-afr", "fw-a").StatusDetails.Select(kv => kv.Key + "=" + kv.Value)));
                Assert.AreEqual("1.1.0", device.FirmwareVersion);
            }
        }

        [TestMethod]
        public async Task FirmwareJob_OnADeviceWithoutCodeSigningCertificate_FailsWithReasonCertificate_NothingActivated()
        {
            await using var rig = await EndToEndRig.StartAsync();
            using var keys = new FirmwareRig();
            byte[] image = DesktopImage.Build("1.1.0", 20_000, seed: 15);
            var (device, _) = Device(rig, keys, "fw-nocert", image, certificate: false);
            using (device)
            {
                rig.Emulator.CreateJob("fw-5", Document(keys, image, "1.1.0"), "fw-nocert");
                device.Start();
                rig.WaitFor(() => rig.StatusOf("fw-nocert", "fw-5") is "SUCCEEDED" or "FAILED" or "REJECTED", "fw-5 final");
                Assert.AreEqual("FAILED", rig.StatusOf("fw-nocert", "fw-5"));
                Assert.AreEqual("certificate", rig.Execution("fw-nocert", "fw-5").StatusDetails["reason"]);
                Assert.IsTrue(device.Log.Lines().Any(l => l.Contains("code-signing certificate not found", StringComparison.Ordinal)));
                Assert.AreEqual("1.0.0", device.FirmwareVersion);
                Assert.AreEqual(SlotStatus.Confirmed, device.Slot.GetStatus(ImageKind.Deployment));
                Assert.AreEqual(1, device.Snapshot().Boots);
            }
        }
    }
}
