#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Crypto
{
    [TestClass]
    public class RsaVerifierTests
    {
        private static RsaVerifier Verifier()
        {
            byte[] n = CryptoHex.Decode(RsaTestKey.Modulus);
            byte[] e = { 0x01, 0x00, 0x01 };
            RsaVerifier verifier = new RsaVerifier();
            Assert.AreEqual(VerifyResult.Valid, verifier.SetPublicKey(n, 0, n.Length, e, 0, e.Length));
            return verifier;
        }

        private static byte[] Digest()
        {
            byte[] digest = new byte[32];
            new Sha256().ComputeHash(CryptoHex.Ascii("nf-device"), 0, 9, digest, 0);
            return digest;
        }

        [TestMethod]
        public void Verify_ReturnsValid_ForKnownSignature()
        {
            byte[] sig = CryptoHex.Decode(RsaTestKey.Signature);
            Assert.AreEqual(VerifyResult.Valid, Verifier().Verify(Digest(), 0, sig, 0, sig.Length));
        }

        [TestMethod]
        public void Verify_ReturnsInvalid_WhenSignatureBitFlipped()
        {
            byte[] sig = CryptoHex.Decode(RsaTestKey.Signature);
            sig[100] ^= 0x10;
            Assert.AreEqual(VerifyResult.Invalid, Verifier().Verify(Digest(), 0, sig, 0, sig.Length));
        }

        [TestMethod]
        public void Verify_ReturnsInvalid_WhenDigestDiffers()
        {
            byte[] sig = CryptoHex.Decode(RsaTestKey.Signature);
            byte[] digest = Digest();
            digest[0] ^= 0x80;
            Assert.AreEqual(VerifyResult.Invalid, Verifier().Verify(digest, 0, sig, 0, sig.Length));
        }

        [TestMethod]
        public void Verify_ReturnsInvalid_WhenSignatureIsNotBelowModulus()
        {
            byte[] n = CryptoHex.Decode(RsaTestKey.Modulus);
            Assert.AreEqual(VerifyResult.Invalid, Verifier().Verify(Digest(), 0, n, 0, n.Length));
        }

        [TestMethod]
        public void Verify_ReturnsMalformed_WhenSignatureLengthDiffersFromModulus()
        {
            byte[] sig = CryptoHex.Decode(RsaTestKey.Signature);
            Assert.AreEqual(VerifyResult.MalformedSignature, Verifier().Verify(Digest(), 0, sig, 1, sig.Length - 1));
        }

        [TestMethod]
        public void SetPublicKey_ReturnsBadPublicKey_WhenModulusIsEvenOrExponentIsEven()
        {
            byte[] n = CryptoHex.Decode(RsaTestKey.Modulus);
            byte[] e = { 0x01, 0x00, 0x01 };
            byte[] even = { 0x01, 0x00, 0x00 };
            RsaVerifier verifier = new RsaVerifier();
            Assert.AreEqual(VerifyResult.BadPublicKey, verifier.SetPublicKey(n, 0, n.Length, even, 0, even.Length));
            n[n.Length - 1] ^= 1;
            Assert.AreEqual(VerifyResult.BadPublicKey, verifier.SetPublicKey(n, 0, n.Length, e, 0, e.Length));
            Assert.IsFalse(verifier.HasKey);
        }

        [TestMethod]
        public void SetPublicKey_ReturnsBadPublicKey_WhenModulusIsShorterThan2048Bits()
        {
            byte[] n = CryptoHex.Decode(RsaTestKey.Modulus);
            byte[] e = { 0x01, 0x00, 0x01 };
            Assert.AreEqual(VerifyResult.BadPublicKey, new RsaVerifier().SetPublicKey(n, 1, n.Length - 1, e, 0, e.Length));
        }
    }
}
