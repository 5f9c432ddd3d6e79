using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Tests.Fakes;
using NfDevice.Jobs.Tests.Update;
using NfDevice.Jobs.Update;

namespace NfDevice.Jobs.Tests.Net.Update
{
    /// <summary>
    /// The gate before activation, with real signatures made by .NET (the same SHA256withECDSA / DER that
    /// AWS Signer produces) and certificates made by CertificateRequest.
    /// </summary>
    [TestClass]
    public class FirmwareVerifyTests
    {
        private static byte[] Image(int size, int seed)
        {
            var image = new byte[size];
            new Random(seed).NextBytes(image);
            return image;
        }

        private static byte[] CodeSigningCertificate(ECDsa key)
        {
            var request = new CertificateRequest("CN=nf-device test code signing", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.3") }, false));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            return System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem());
        }

        private static byte[] CodeSigningCertificate(RSA key)
        {
            var request = new CertificateRequest("CN=nf-device test RSA code signing", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            return System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem());
        }

        private static (UpdateReason reason, MemorySlot slot, string detail) Run(byte[] served, byte[] signedImage, ECDsa signer, byte[] certificatePem, int chunk = 4096, SignatureKind kind = SignatureKind.EcdsaSha256)
        {
            string signature = Convert.ToBase64String(signer.SignData(signedImage, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            return Run(served, signature, certificatePem, chunk, kind);
        }

        private static (UpdateReason reason, MemorySlot slot, string detail) Run(byte[] served, string signature, byte[] certificatePem, int chunk, SignatureKind kind)
        {
            var http = new FakeRangedHttp(served);
            var slot = new MemorySlot();
            var store = new FakeStateStore();
            var document = new FirmwareDocument
            {
                Url = http.ValidUrl,
                Size = served.Length,
                RawPayloadSize = served.Length,
                Signature = signature,
                SignatureKind = kind,
                Version = "2.0.0",
                Target = ImageKind.Deployment,
            };
            var download = new FirmwareDownload(http, slot, store, new FakeClock(), new FakeRandom { Mode = 1 }, null, chunk, 16384);
            Assert.IsTrue(download.Begin(document, "job-1", 1));
            DownloadStep step;
            int guard = 0;
            while ((step = download.Step()) == DownloadStep.Working && guard++ < 100000)
            {
            }

            Assert.AreEqual(DownloadStep.Downloaded, step);
            var verifier = new CodeSigningVerifier(certificatePem, 0, certificatePem.Length);
            return (download.VerifyAndComplete(verifier), slot, download.Detail);
        }

        [TestMethod]
        public void VerifyAndComplete_CompletesSlot_WhenSignatureVerifies()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] image = Image(100_003, 1);
            var (reason, slot, _) = Run(image, image, key, CodeSigningCertificate(key));
            Assert.AreEqual(UpdateReason.None, reason);
            Assert.IsTrue(slot.Completed);
        }

        [TestMethod]
        public void VerifyAndComplete_ErasesSlot_WhenImageWasTamperedAfterSigning()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] image = Image(50_000, 2);
            byte[] tampered = (byte[])image.Clone();
            tampered[12_345] ^= 0x01;
            var (reason, slot, _) = Run(tampered, image, key, CodeSigningCertificate(key));
            Assert.AreEqual(UpdateReason.Signature, reason);
            Assert.IsFalse(slot.Completed);
            Assert.AreEqual(0, slot.NextOffset);
        }

        [TestMethod]
        public void VerifyAndComplete_Fails_WhenSignedWithAnotherKey()
        {
            using var deviceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] image = Image(20_000, 3);
            var (reason, slot, detail) = Run(image, image, otherKey, CodeSigningCertificate(deviceKey));
            Assert.AreEqual(UpdateReason.Signature, reason);
            Assert.IsFalse(slot.Completed);
            // The usual cause in the field (amazon-freertos#3240): the device's certificate is not the signing profile's.
            StringAssert.Contains(detail, "code-signing certificate on the device");
            StringAssert.Contains(detail, "another profile's key");
        }

        [TestMethod]
        public void VerifyAndComplete_Fails_NamingBothAlgorithms_WhenTheJobsSignatureIsRsaAndTheDeviceCertificateEcdsa()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] image = Image(20_000, 5);
            var (reason, slot, detail) = Run(image, image, key, CodeSigningCertificate(key), kind: SignatureKind.RsaSha256);
            Assert.AreEqual(UpdateReason.Signature, reason);
            Assert.IsFalse(slot.Completed);
            Assert.AreEqual("the job's signature is SHA256withRSA but the code-signing certificate on the device holds a P-256 ECDSA key", detail);
        }

        [TestMethod]
        public void VerifyAndComplete_CompletesSlot_ForASha256WithRsaSignature_WithTheDevicesRsaCertificate()
        {
            // README: SHA256withRSA (RSA 2048/3072, PKCS#1 v1.5) is accepted as well as ECDSA; the whole pipeline, not only the verifier.
            foreach (int bits in new[] { 2048, 3072 })
            {
                using var key = RSA.Create(bits);
                using var other = RSA.Create(bits);
                byte[] image = Image(30_001, bits);
                string signature = Convert.ToBase64String(key.SignData(image, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
                var (reason, slot, detail) = Run(image, signature, CodeSigningCertificate(key), 4096, SignatureKind.RsaSha256);
                Assert.AreEqual(UpdateReason.None, reason, bits + ": " + detail);
                Assert.IsTrue(slot.Completed);

                var (refused, refusedSlot, why) = Run(image, signature, CodeSigningCertificate(other), 4096, SignatureKind.RsaSha256);
                Assert.AreEqual(UpdateReason.Signature, refused, bits.ToString());
                Assert.IsFalse(refusedSlot.Completed);
                StringAssert.Contains(why, "code-signing certificate on the device");
            }
        }

        [TestMethod]
        public void VerifyAndComplete_Fails_WhenDeviceCertificateIsGarbage()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] image = Image(5_000, 4);
            var (reason, _, _) = Run(image, image, key, System.Text.Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
            Assert.AreEqual(UpdateReason.Certificate, reason);
        }

        [TestMethod]
        public void Digest_CoversWholeImage_AcrossOddChunkSizes()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] image = Image(77_777, 5);
            foreach (int chunk in new[] { 256, 1000, 4096, 65536 })
            {
                var (reason, _, _) = Run(image, image, key, CodeSigningCertificate(key), chunk);
                Assert.AreEqual(UpdateReason.None, reason, "chunk " + chunk);
            }
        }
    }
}
