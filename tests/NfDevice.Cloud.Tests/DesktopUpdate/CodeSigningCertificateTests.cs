using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Platform;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Update;

namespace NfDevice.Cloud.Tests.DesktopUpdate
{
    /// <summary>The device's code-signing certificate decides; without a usable one every firmware job fails with reason certificate.</summary>
    [TestClass]
    public sealed class CodeSigningCertificateTests
    {
        private static string Warning(DesktopDevice device) =>
            device.Log.Lines().FirstOrDefault(l => l.Contains("firmware jobs will fail with reason certificate", StringComparison.Ordinal));

        /// <summary>Boots a device with the given certificate file state, downloads a correctly signed image through its composed pipeline.</summary>
        private static (UpdateReason Reason, string Warning, SlotStatus Status, int Staged) Run(Action<FirmwareRig> certificate)
        {
            using var rig = new FirmwareRig();
            certificate(rig);
            byte[] image = DesktopImage.Build("1.1.0", 20_000, seed: 3);
            using DesktopDevice device = rig.Device(rig.Settings("1.0.0"), new MemoryRangedClient(image));
            device.Start();
            Assert.IsTrue(device.WaitUntil(s => s.Boots == 1, FirmwareRig.Wait));
            DesktopFirmwareUpdate firmware = ((JobAgentHost)device.Agent).Firmware;
            Assert.IsTrue(firmware.Download.Begin(rig.Document(image, "1.1.0"), "job-c", 1));
            Assert.AreEqual(DownloadStep.Downloaded, FirmwareRig.RunToEnd(firmware.Download));
            UpdateReason reason = firmware.Download.VerifyAndComplete(firmware.Verifier);
            return (reason, Warning(device), device.Slot.GetStatus(ImageKind.Deployment), device.Slot.NextOffset);
        }

        [TestMethod]
        public void MissingCertificate_WarnsAtBoot_AndTheJobFailsWithReasonCertificate_NothingStaged()
        {
            var result = Run(_ => { });
            StringAssert.Contains(result.Warning, "code-signing certificate not found");
            StringAssert.Contains(result.Warning, "code-signing.cert.pem");
            Assert.AreEqual(UpdateReason.Certificate, result.Reason);
            Assert.AreEqual("certificate", UpdateReasons.Name(result.Reason));
            Assert.AreEqual(SlotStatus.Confirmed, result.Status);
            Assert.AreEqual(0, result.Staged);
        }

        [TestMethod]
        public void GarbageCertificate_WarnsThatItIsNotUsable_AndTheJobFailsWithReasonCertificate()
        {
            var result = Run(rig => File.WriteAllText(rig.CodeSigningPath, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"));
            StringAssert.Contains(result.Warning, "is not usable");
            Assert.AreEqual(UpdateReason.Certificate, result.Reason);
            Assert.AreEqual(SlotStatus.Confirmed, result.Status);
            Assert.AreEqual(0, result.Staged);
        }

        [TestMethod]
        public void EmptyCertificateFile_WarnsThatItIsNotUsable_AndTheJobFailsWithReasonCertificate()
        {
            // A 0-byte file (a copy that failed, a placeholder): an agent once allocated a 0-length certificate and went on
            // (amazon-freertos PR #94). Here it is refused like any unusable certificate, before anything is downloaded.
            var result = Run(rig => File.WriteAllBytes(rig.CodeSigningPath, Array.Empty<byte>()));
            StringAssert.Contains(result.Warning, "is not usable");
            Assert.AreEqual(UpdateReason.Certificate, result.Reason);
            Assert.AreEqual(SlotStatus.Confirmed, result.Status);
            Assert.AreEqual(0, result.Staged);
        }

        [TestMethod]
        public void CertificateOfAnotherKey_FailsWithReasonSignature()
        {
            var result = Run(rig =>
            {
                using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other", other, HashAlgorithmName.SHA256);
                using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
                File.WriteAllText(rig.CodeSigningPath, cert.ExportCertificatePem());
            });
            Assert.IsNull(result.Warning);
            Assert.AreEqual(UpdateReason.Signature, result.Reason);
            Assert.AreEqual(SlotStatus.Confirmed, result.Status);
        }

        [TestMethod]
        public void TheDevicesCertificate_AcceptsTheImage()
        {
            var result = Run(rig => rig.WriteCertificate());
            Assert.IsNull(result.Warning);
            Assert.AreEqual(UpdateReason.None, result.Reason);
            Assert.AreEqual(SlotStatus.TestPending, result.Status);
        }

        [TestMethod]
        public void LoadVerifier_ReadsADerCertificateToo()
        {
            using var rig = new FirmwareRig();
            string der = Path.Combine(rig.BundleDirectory, "cs.der");
            File.WriteAllBytes(der, Convert.FromBase64String(string.Concat(rig.CertificatePem.Split('\n').Where(l => !l.StartsWith("-----")))));
            var log = new RecentLog(10);
            Assert.IsNotNull(DesktopFirmware.LoadVerifier(der, log));
            Assert.IsNull(log.LastProblem);
            Assert.IsNull(DesktopFirmware.LoadVerifier(null, log));
            StringAssert.Contains(log.LastProblem, "no code-signing certificate configured");
        }
    }
}
