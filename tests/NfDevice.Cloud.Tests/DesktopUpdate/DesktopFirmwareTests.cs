using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Update;

namespace NfDevice.Cloud.Tests.DesktopUpdate
{
    /// <summary>A desktop device boots through its slot, reports the primary image's version and takes firmware jobs.</summary>
    [TestClass]
    public sealed class DesktopFirmwareTests
    {
        private static JobAgentHost Host(DesktopDevice device) => (JobAgentHost)device.Agent;

        private static bool LogHas(DesktopDevice device, string text) => device.Log.Lines().Any(l => l.Contains(text, StringComparison.Ordinal));

        [TestMethod]
        public void FirstBoot_FlashesTheFactoryImage_AndReportsItsVersion()
        {
            using var rig = new FirmwareRig();
            using DesktopDevice device = rig.Device(rig.Settings("2.3.4"));
            Assert.IsFalse(device.Slot.HasImage);
            device.Start();
            Assert.IsTrue(device.WaitUntil(s => s.Boots == 1, FirmwareRig.Wait), device.Snapshot().LastProblem);

            Assert.AreEqual("2.3.4", device.Slot.RunningVersion);
            Assert.AreEqual("2.3.4", device.Snapshot().FirmwareVersion);
            Assert.AreEqual(Path.Combine(device.Settings.StateDirectory, "slot", "primary.bin"), device.Slot.PrimaryPath);
            Assert.IsTrue(LogHas(device, "flashed the factory image 2.3.4"));
            Assert.IsTrue(LogHas(device, "slot: boot: running confirmed image"));
            Assert.IsTrue(LogHas(device, "(firmware 2.3.4)"));
        }

        [TestMethod]
        public void Boot_ReportsThePrimaryImagesVersion_NotTheSettings()
        {
            using var rig = new FirmwareRig();
            DeviceSettings settings = rig.Settings("1.0.0");
            new FileSlot(settings.ResolvedSlotDirectory).Flash(DesktopImage.Build("3.1.0", 2000));
            using DesktopDevice device = rig.Device(settings);
            device.Start();
            Assert.IsTrue(device.WaitUntil(s => s.Boots == 1, FirmwareRig.Wait));
            Assert.AreEqual("3.1.0", device.FirmwareVersion);
            Assert.IsFalse(LogHas(device, "factory image"));
        }

        [TestMethod]
        public void SlotDirectorySetting_MovesTheSlot()
        {
            using var rig = new FirmwareRig();
            string json = File.ReadAllText(rig.SettingsPath).TrimEnd('}') + ",\"slotDirectory\":\"flash\"}";
            File.WriteAllText(rig.SettingsPath, json);
            DeviceSettings settings = DeviceSettings.Load(rig.SettingsPath);
            Assert.AreEqual(Path.Combine(rig.BundleDirectory, "flash"), settings.ResolvedSlotDirectory);
            using DesktopDevice device = rig.Device(settings);
            device.Start();
            Assert.IsTrue(device.WaitUntil(s => s.Boots == 1, FirmwareRig.Wait));
            Assert.IsTrue(File.Exists(Path.Combine(rig.BundleDirectory, "flash", "primary.bin")));
        }

        [TestMethod]
        public void DefaultAgent_RegistersTheFirmwareHandler_AndRecognisesAfrOta()
        {
            using var rig = new FirmwareRig();
            using DesktopDevice device = rig.Device(rig.Settings());
            device.Start();
            Assert.IsTrue(device.WaitUntil(s => s.Boots == 1 && s.Agent.State != "Starting", FirmwareRig.Wait));
            JobAgent agent = Host(device).Agent;
            Assert.IsInstanceOfType<FirmwareUpdateHandler>(agent.Handlers.Get(FirmwareDocument.Operation));
            Assert.AreSame(Host(device).Firmware.Handler, agent.Handlers.Get(FirmwareDocument.Operation));

            byte[] afr = Encoding.UTF8.GetBytes("{\"afr_ota\":{\"protocols\":[\"HTTP\"],\"files\":[{\"filepath\":\"app.bin\",\"filesize\":100," +
                "\"fileid\":0,\"certfile\":\"cs.pem\",\"update_data_url\":\"https://x/y\",\"sig-sha256-ecdsa\":\"MEUCIQ==\"}]}}");
            Assert.AreEqual(EngineReason.None, agent.Handlers.FindOperation(afr, 0, afr.Length, out string operation));
            Assert.AreEqual(FirmwareDocument.Operation, operation);
        }

        [TestMethod]
        public void FirmwareDisabled_LeavesTheHandlerOut_ButStillBootsTheSlot()
        {
            using var rig = new FirmwareRig();
            using DesktopDevice device = rig.Device(rig.Settings("1.4.0"), firmware: false);
            device.Start();
            Assert.IsTrue(device.WaitUntil(s => s.Boots == 1 && s.Agent.State != "Starting", FirmwareRig.Wait));
            Assert.IsNull(Host(device).Agent.Handlers.Get(FirmwareDocument.Operation));
            Assert.IsNull(Host(device).Firmware);
            Assert.AreEqual("1.4.0", device.FirmwareVersion);
        }

        /// <summary>The core's hasher with one bit of its digest flipped: what a platform hash that saw other bytes would give.</summary>
        private sealed class SkewedSha256 : ISha256
        {
            private readonly Sha256 _inner = new Sha256();
            public int Finals;
            public long TotalLength => _inner.TotalLength;
            public void Reset() => _inner.Reset();
            public bool Update(byte[] data, int offset, int count) => _inner.Update(data, offset, count);
            public bool SaveMidstate(byte[] output, int offset) => _inner.SaveMidstate(output, offset);
            public bool RestoreMidstate(byte[] input, int offset) => _inner.RestoreMidstate(input, offset);

            public bool Final(byte[] output, int offset)
            {
                bool done = _inner.Final(output, offset);
                output[offset + 7] ^= 0x10;
                Finals++;
                return done;
            }
        }

        [TestMethod]
        public void Download_HashesWithLibcrypto_AndTheSignedImageVerifies()
        {
            using var rig = new FirmwareRig();
            rig.WriteCertificate();
            byte[] image = DesktopImage.Build("1.1.0", 700_001, seed: 9);
            using DesktopDevice device = rig.Device(rig.Settings("1.0.0"), new MemoryRangedClient(image));
            device.Start();
            Assert.IsTrue(device.WaitUntil(s => s.Boots == 1 && s.Agent.State != "Starting", FirmwareRig.Wait));
            DesktopFirmwareUpdate firmware = Host(device).Firmware;
            Assert.AreEqual(OperatingSystem.IsLinux(), firmware.Download.Hasher is OpenSslSha256, "the desktop hashes with libcrypto where it loads");

            Assert.IsTrue(firmware.Download.Begin(rig.Document(image, "1.1.0"), "job-1", 1));
            Assert.AreEqual(DownloadStep.Downloaded, FirmwareRig.RunToEnd(firmware.Download));
            Assert.AreEqual(UpdateReason.None, firmware.Download.VerifyAndComplete(firmware.Verifier), firmware.Download.Detail);
            Assert.AreEqual(SlotStatus.TestPending, device.Slot.GetStatus(ImageKind.Deployment));
        }

        [TestMethod]
        public void Sha256Factory_IsTheHashTheSignatureIsCheckedAgainst()
        {
            using var rig = new FirmwareRig();
            rig.WriteCertificate();
            byte[] image = DesktopImage.Build("1.1.0", 200_000, seed: 8);
            var skewed = new SkewedSha256();
            using DesktopDevice device = rig.Device(rig.Settings("1.0.0"), new MemoryRangedClient(image), sha: () => skewed);
            device.Start();
            Assert.IsTrue(device.WaitUntil(s => s.Boots == 1 && s.Agent.State != "Starting", FirmwareRig.Wait));
            DesktopFirmwareUpdate firmware = Host(device).Firmware;
            Assert.AreSame(skewed, firmware.Download.Hasher);

            Assert.IsTrue(firmware.Download.Begin(rig.Document(image, "1.1.0"), "job-1", 1));
            Assert.AreEqual(DownloadStep.Downloaded, FirmwareRig.RunToEnd(firmware.Download));
            Assert.AreEqual((long)image.Length, skewed.TotalLength, "every byte went through the given hasher");
            Assert.AreEqual(UpdateReason.Signature, firmware.Download.VerifyAndComplete(firmware.Verifier));
            Assert.IsTrue(skewed.Finals >= 2, "the image digest came from the given hasher (the image id is the other)");
            Assert.AreEqual(SlotStatus.Confirmed, device.Slot.GetStatus(ImageKind.Deployment), "nothing staged");
        }

        [TestMethod]
        public void SignedImage_IsStaged_AndTheRebootRunsItInTesting_ReportingTheNewVersion()
        {
            using var rig = new FirmwareRig();
            rig.WriteCertificate();
            byte[] image = DesktopImage.Build("1.1.0", 300_000, seed: 7);
            var http = new MemoryRangedClient(image);
            AgentPlatform platform = null;
            using DesktopDevice device = rig.Device(rig.Settings("1.0.0"), http, p => platform = p);
            device.Start();
            Assert.IsTrue(device.WaitUntil(s => s.Boots == 1 && s.Agent.State != "Starting", FirmwareRig.Wait));
            DesktopFirmwareUpdate firmware = Host(device).Firmware;
            Assert.IsNotNull(firmware.Verifier);
            Assert.IsTrue(LogHas(device, "code-signing certificate"));

            Assert.IsTrue(firmware.Download.Begin(rig.Document(image, "1.1.0"), "job-1", 1));
            Assert.AreEqual(DownloadStep.Downloaded, FirmwareRig.RunToEnd(firmware.Download));
            Assert.AreEqual(UpdateReason.None, firmware.Download.VerifyAndComplete(firmware.Verifier), firmware.Download.Detail);
            Assert.AreEqual(SlotStatus.TestPending, device.Slot.GetStatus(ImageKind.Deployment));
            Assert.AreEqual("1.0.0", device.FirmwareVersion);

            platform.Power.Reboot(); // what the handler's WaitingForReboot leads to
            Assert.IsTrue(device.WaitUntil(s => s.Boots == 2 && s.Agent.State != "Starting", FirmwareRig.Wait), device.Snapshot().LastProblem);
            Assert.AreEqual("1.1.0", device.FirmwareVersion);
            Assert.AreEqual("1.1.0", platform.DeviceInfo.FirmwareVersion);
            Assert.AreEqual(SlotStatus.Testing, device.Slot.GetStatus(ImageKind.Deployment));
            Assert.IsTrue(LogHas(device, "new image swapped in, running in test mode"));
            Assert.IsNull(new SlotHealthCheck(device.Slot).Check());
            CollectionAssert.AreEqual(image, File.ReadAllBytes(device.Slot.PrimaryPath));
        }

        [TestMethod]
        public void UnconfirmedTestImage_IsRevertedByTheNextBoot_AfterAKill()
        {
            using var rig = new FirmwareRig();
            DeviceSettings settings = rig.Settings("1.0.0");
            var staged = new FileSlot(settings.ResolvedSlotDirectory);
            staged.Flash(DesktopImage.Build("1.0.0", 1000));
            byte[] image = DesktopImage.Build("1.2.0", 5000, selfTestPasses: false);
            staged.StartSession(ImageKind.Deployment, image.Length);
            staged.StoreChunk(image, 0, image.Length);
            Assert.AreEqual(SlotResult.Success, staged.Complete());
            staged.Dispose();

            using DesktopDevice device = rig.Device(settings);
            device.Start();
            Assert.IsTrue(device.WaitUntil(s => s.Boots == 1, FirmwareRig.Wait));
            Assert.AreEqual("1.2.0", device.FirmwareVersion);
            Assert.AreEqual(SlotHealthCheck.Failure, new SlotHealthCheck(device.Slot).Check());

            device.Kill();
            device.Start();
            Assert.IsTrue(device.WaitUntil(s => s.Boots == 2, FirmwareRig.Wait));
            Assert.AreEqual("1.0.0", device.FirmwareVersion);
            Assert.AreEqual(SlotStatus.Confirmed, device.Slot.GetStatus(ImageKind.Deployment));
            Assert.IsTrue(LogHas(device, "test image not confirmed, reverted"));
        }
    }
}
