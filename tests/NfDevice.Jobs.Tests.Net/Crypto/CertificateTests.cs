using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Net.Crypto
{
    /// <summary>
    /// Certificates and keys made with .NET's CertificateRequest, read by X509/Pem and used through
    /// CodeSigningVerifier the way the update pipeline does (DER and PEM, certificate and PUBLIC KEY).
    /// </summary>
    [TestClass]
    public class CertificateTests
    {
        internal static byte[] MakeEcCertificate(ECDsa key)
        {
            var request = new CertificateRequest("CN=nf-device code signing", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.3") }, false));
            using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            return cert.RawData;
        }

        internal static byte[] MakeRsaCertificate(RSA key)
        {
            var request = new CertificateRequest("CN=nf-device rsa signer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            return cert.RawData;
        }

        private static string Pem(string label, byte[] der) => PemEncoding.WriteString(label, der) + "\n";

        [TestMethod]
        public void ReadCertificate_FindsEcPoint_InDotNetCertificate()
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] der = MakeEcCertificate(key);
            var spk = new SubjectPublicKey();
            Assert.AreEqual(CryptoStatus.Ok, X509.ReadCertificate(der, 0, der.Length, spk));
            Assert.AreEqual(PublicKeyType.EcP256, spk.Type);
            ECParameters q = key.ExportParameters(false);
            CollectionAssert.AreEqual(q.Q.X, der.AsSpan(spk.PointOffset + 1, 32).ToArray());
            CollectionAssert.AreEqual(q.Q.Y, der.AsSpan(spk.PointOffset + 33, 32).ToArray());
        }

        [TestMethod]
        public void ReadCertificate_FindsModulusAndExponent_InDotNetRsaCertificate()
        {
            using RSA key = RSA.Create(3072);
            byte[] der = MakeRsaCertificate(key);
            var spk = new SubjectPublicKey();
            Assert.AreEqual(CryptoStatus.Ok, X509.ReadCertificate(der, 0, der.Length, spk));
            Assert.AreEqual(PublicKeyType.Rsa, spk.Type);
            RSAParameters p = key.ExportParameters(false);
            CollectionAssert.AreEqual(p.Modulus, der.AsSpan(spk.ModulusOffset, spk.ModulusLength).ToArray());
            CollectionAssert.AreEqual(p.Exponent, der.AsSpan(spk.ExponentOffset, spk.ExponentLength).ToArray());
        }

        [TestMethod]
        public void CodeSigningVerifier_VerifiesEcSignature_FromPemCertificateAndBase64Der()
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] pem = Encoding.ASCII.GetBytes(Pem("CERTIFICATE", MakeEcCertificate(key)));
            var verifier = new CodeSigningVerifier(pem, 0, pem.Length);
            Assert.AreEqual(CryptoStatus.Ok, verifier.Status);
            Assert.AreEqual(PublicKeyType.EcP256, verifier.KeyType);

            byte[] image = Encoding.ASCII.GetBytes("firmware image bytes");
            byte[] digest = SHA256.HashData(image);
            byte[] der = key.SignData(image, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            byte[] base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(der));
            Assert.AreEqual(VerifyResult.Valid, verifier.VerifyBase64(digest, base64, 0, base64.Length, SignatureFormat.Der));
            Assert.AreEqual(VerifyResult.Valid, verifier.Verify(digest, der, 0, der.Length, SignatureFormat.Der));
            digest[5] ^= 1;
            Assert.AreEqual(VerifyResult.Invalid, verifier.VerifyBase64(digest, base64, 0, base64.Length, SignatureFormat.Der));
        }

        [TestMethod]
        public void CodeSigningVerifier_VerifiesRsaSignature_FromDerCertificateAndPublicKeyPem()
        {
            using RSA key = RSA.Create(2048);
            byte[] image = new byte[1000];
            new Random(3).NextBytes(image);
            byte[] digest = SHA256.HashData(image);
            byte[] sig = key.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

            byte[] der = MakeRsaCertificate(key);
            var fromCert = new CodeSigningVerifier(der, 0, der.Length);
            Assert.AreEqual(CryptoStatus.Ok, fromCert.Status);
            Assert.AreEqual(VerifyResult.Valid, fromCert.Verify(digest, sig, 0, sig.Length, SignatureFormat.Der));

            byte[] pem = Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem());
            var fromPem = new CodeSigningVerifier(pem, 0, pem.Length);
            Assert.AreEqual(CryptoStatus.Ok, fromPem.Status);
            Assert.AreEqual(PublicKeyType.Rsa, fromPem.KeyType);
            Assert.AreEqual(VerifyResult.Valid, fromPem.Verify(digest, sig, 0, sig.Length, SignatureFormat.Der));
        }

        [TestMethod]
        public void CodeSigningVerifier_ReportsUnsupported_ForP384Certificate()
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            byte[] der = MakeEcCertificate(key);
            var verifier = new CodeSigningVerifier(der, 0, der.Length);
            Assert.AreEqual(CryptoStatus.Unsupported, verifier.Status);
            Assert.AreEqual(VerifyResult.NoKey, verifier.Verify(new byte[32], new byte[64], 0, 64, SignatureFormat.Raw));
        }

        [TestMethod]
        public void CodeSigningVerifier_ReportsTruncated_ForCutCertificate()
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] der = MakeEcCertificate(key);
            var verifier = new CodeSigningVerifier(der, 0, der.Length - 1);
            Assert.AreEqual(CryptoStatus.Truncated, verifier.Status);
        }

        [TestMethod]
        public void CodeSigningVerifier_ReportsBadPublicKey_WhenPointIsOffCurve()
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] spki = key.ExportSubjectPublicKeyInfo();
            spki[^1] ^= 1;
            var verifier = new CodeSigningVerifier(spki, 0, spki.Length);
            Assert.AreEqual(CryptoStatus.BadPublicKey, verifier.Status);
        }
    }
}
