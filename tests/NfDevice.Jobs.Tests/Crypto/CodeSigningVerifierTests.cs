#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Crypto
{
    [TestClass]
    public class CodeSigningVerifierTests
    {
        // The RFC 6979 §A.2.5 P-256 key as a PUBLIC KEY PEM, and its DER signature of "sample" in base64.
        internal const string PublicKeyPem =
            "-----BEGIN PUBLIC KEY-----\n"
            + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYP7UuiVanTHJYet0xjVtaMBJuJI7\n"
            + "Yfps5mliLmDyn7Z5A/4QCLi8maQa6elWKLxk8vGyDC1+n1F3o8KU1EYimQ==\n"
            + "-----END PUBLIC KEY-----\n";

        private const string SignatureBase64 =
            "MEYCIQDv1IsqrLao/RFA3ZzUXoHWnSyHe1aq+ZHDTQ6oTq83FgIhAPfLHJQtZXxB1DbHobbin2Xz6QDbua/0Bk3Eqy+EOs2o";

        private static byte[] SampleDigest()
        {
            byte[] digest = new byte[32];
            new Sha256().ComputeHash(CryptoHex.Ascii("sample"), 0, 6, digest, 0);
            return digest;
        }

        private static CodeSigningVerifier FromPem()
        {
            byte[] pem = CryptoHex.Ascii(PublicKeyPem);
            return new CodeSigningVerifier(pem, 0, pem.Length);
        }

        [TestMethod]
        public void Constructor_LoadsEcKey_FromPublicKeyPem()
        {
            CodeSigningVerifier verifier = FromPem();
            Assert.AreEqual(CryptoStatus.Ok, verifier.Status);
            Assert.AreEqual(PublicKeyType.EcP256, verifier.KeyType);
        }

        [TestMethod]
        public void VerifyBase64_ReturnsValid_ForKnownDerSignature()
        {
            byte[] sig = CryptoHex.Ascii(SignatureBase64);
            Assert.AreEqual(VerifyResult.Valid, FromPem().VerifyBase64(SampleDigest(), sig, 0, sig.Length, SignatureFormat.Der));
        }

        [TestMethod]
        public void VerifyBase64_ReturnsMalformed_WhenBase64IsBroken()
        {
            byte[] sig = CryptoHex.Ascii(SignatureBase64);
            sig[10] = (byte)'!';
            Assert.AreEqual(VerifyResult.MalformedSignature, FromPem().VerifyBase64(SampleDigest(), sig, 0, sig.Length, SignatureFormat.Der));
        }

        [TestMethod]
        public void Verify_ReturnsBadArgument_WhenDigestIsNot32Bytes()
        {
            byte[] sig = CryptoHex.Ascii(SignatureBase64);
            Assert.AreEqual(VerifyResult.BadArgument, FromPem().VerifyBase64(new byte[31], sig, 0, sig.Length, SignatureFormat.Der));
        }

        [TestMethod]
        public void Constructor_ReportsMalformed_AndVerifyReturnsNoKey_ForGarbage()
        {
            byte[] garbage = CryptoHex.Decode("30050203010001");
            CodeSigningVerifier verifier = new CodeSigningVerifier(garbage, 0, garbage.Length);
            Assert.AreEqual(CryptoStatus.Malformed, verifier.Status);
            Assert.AreEqual(PublicKeyType.None, verifier.KeyType);
            Assert.AreEqual(VerifyResult.NoKey, verifier.Verify(SampleDigest(), garbage, 0, garbage.Length, SignatureFormat.Der));
        }
    }
}
