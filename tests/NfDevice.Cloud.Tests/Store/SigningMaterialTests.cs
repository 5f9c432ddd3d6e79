using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Acm;
using NfDevice.Cloud.S3;
using NfDevice.Cloud.Signer;
using NfDevice.Cloud.Store;

namespace NfDevice.Cloud.Tests.Store
{
    [TestClass]
    public sealed class SigningMaterialTests
    {
        private const string Platform = "AWSIoTDeviceManagement-SHA256-ECDSA";

        private static (S3Store S3, AcmStore Acm, SignerService Signer) Open(StateDatabase db)
        {
            var s3 = new S3Store(null, db);
            var acm = new AcmStore(db: db);
            return (s3, acm, new SignerService(s3, acm: acm, db: db));
        }

        // What the FreeRTOS guide makes with openssl: a P-256 key and a self-signed code-signing certificate.
        private static (string CertPem, string KeyPem, ECDsa Key) DeveloperCertificate(string cn = "dev code signing")
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=" + cn, key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.3") }, false));
            using X509Certificate2 cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            return (cert.ExportCertificatePem(), key.ExportECPrivateKeyPem(), key);
        }

        [TestMethod]
        public void GeneratedProfileKey_IsTheSameAfterARestart_AndSignaturesVerifyWithTheOldCertificate()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                string certBefore, version;
                using (var db = StateDatabase.Open(dir))
                {
                    var (s3, _, signer) = Open(db);
                    SigningProfile p = signer.PutSigningProfile("fw_signing", Platform);
                    certBefore = p.CertificatePem;
                    s3.CreateBucket("b");
                    s3.SetVersioning("b", "Enabled");
                    version = s3.PutObject("b", "image.bin", new byte[] { 1, 2, 3, 4 }).VersionId;
                }
                using var reopened = StateDatabase.Open(dir);
                var (_, _, restarted) = Open(reopened);
                Assert.AreEqual(certBefore, restarted.GetSigningProfile("fw_signing").CertificatePem);
                SigningJob job = restarted.StartSigningJob("fw_signing", "b", "image.bin", version, "b", "signed/");
                Assert.AreEqual("Succeeded", job.Status, job.StatusReason);
                using ECDsa devicesKey = X509Certificate2.CreateFromPem(certBefore).GetECDsaPublicKey();
                Assert.IsTrue(devicesKey.VerifyData(new byte[] { 1, 2, 3, 4 }, job.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            }
            finally { StoreTestSupport.Delete(dir); }
        }

        [TestMethod]
        public void PutSigningProfile_OnAnExistingName_NeverReplacesTheKeyUnasked()
        {
            var (_, _, signer) = Open(null);
            SigningProfile first = signer.PutSigningProfile("fw_signing", Platform);

            SigningProfile same = signer.PutSigningProfile("fw_signing", Platform);
            SigningProfile otherPlatform = signer.PutSigningProfile("fw_signing", "AmazonFreeRTOS-Default");

            Assert.AreEqual(first.ProfileVersion, same.ProfileVersion, "the same request again is the same profile version");
            Assert.AreEqual(first.CertificatePem, same.CertificatePem);
            Assert.AreNotEqual(first.ProfileVersion, otherPlatform.ProfileVersion, "a changed profile is a new version");
            Assert.AreEqual(first.CertificatePem, otherPlatform.CertificatePem, "with the key devices already trust");
        }

        [TestMethod]
        public void ImportedCertificate_IsWhatTheProfileSignsWith_AndSurvivesARestart()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                var (certPem, keyPem, key) = DeveloperCertificate();
                string arn;
                using (var db = StateDatabase.Open(dir))
                {
                    var (_, acm, signer) = Open(db);
                    signer.PutSigningProfile("generated", Platform);
                    arn = acm.Import(certPem, keyPem).CertificateArn;
                    SigningProfile p = signer.PutSigningProfile("fw_signing", Platform, arn);
                    Assert.AreEqual(arn, p.CertificateArn);
                    // Naming other material on an existing profile is asking for the change: the imported key takes over.
                    SigningProfile switched = signer.PutSigningProfile("generated", Platform, arn);
                    Assert.AreEqual(X509Certificate2.CreateFromPem(certPem).Thumbprint, switched.Certificate.Thumbprint);
                }
                using var reopened = StateDatabase.Open(dir);
                var (s3, acm2, restarted) = Open(reopened);
                Assert.AreEqual(arn, acm2.Get(arn).CertificateArn);
                s3.CreateBucket("b");
                s3.SetVersioning("b", "Enabled");
                string version = s3.PutObject("b", "image.bin", Encoding.ASCII.GetBytes("firmware")).VersionId;
                SigningJob job = restarted.StartSigningJob("fw_signing", "b", "image.bin", version, "b", "signed/");
                Assert.IsTrue(key.VerifyData(Encoding.ASCII.GetBytes("firmware"), job.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
                Assert.AreEqual(certPem.Trim(), restarted.ExportCertificatePem("fw_signing").Trim());
                var refused = Assert.ThrowsExactly<AcmException>(() => acm2.Delete(arn));
                Assert.AreEqual("ResourceInUseException", refused.Code);
            }
            finally { StoreTestSupport.Delete(dir); }
        }

        [TestMethod]
        public void Import_RefusesAKeyThatIsNotTheCertificates_AndAnUnknownArnInAProfile()
        {
            var (_, acm, signer) = Open(null);
            var (certPem, _, _) = DeveloperCertificate();
            var (_, otherKey, _) = DeveloperCertificate("other");

            var mismatch = Assert.ThrowsExactly<AcmException>(() => acm.Import(certPem, otherKey));
            Assert.AreEqual("ValidationException", mismatch.Code);
            var unknown = Assert.ThrowsExactly<SignerException>(() => signer.PutSigningProfile("fw_signing", Platform, "arn:aws:acm:us-east-1:123456789012:certificate/none"));
            Assert.AreEqual("ValidationException", unknown.Code);
            StringAssert.Contains(unknown.Message, "import-certificate");
        }
    }
}
