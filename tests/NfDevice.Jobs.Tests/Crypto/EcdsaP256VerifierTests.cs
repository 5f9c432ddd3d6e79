#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Crypto
{
    [TestClass]
    public class EcdsaP256VerifierTests
    {
        // RFC 6979 §A.2.5: P-256, SHA-256, message "sample".
        private const string PublicKey =
            "04" + "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
            + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";

        private const string R = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716";
        private const string S = "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
        private const string N = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

        private static EcdsaP256Verifier Verifier()
        {
            EcdsaP256Verifier verifier = new EcdsaP256Verifier();
            byte[] key = CryptoHex.Decode(PublicKey);
            Assert.AreEqual(VerifyResult.Valid, verifier.SetPublicKey(key, 0, key.Length));
            return verifier;
        }

        private static byte[] SampleDigest()
        {
            byte[] digest = new byte[32];
            new Sha256().ComputeHash(CryptoHex.Ascii("sample"), 0, 6, digest, 0);
            return digest;
        }

        private static VerifyResult VerifyDer(string derHex)
        {
            byte[] sig = CryptoHex.Decode(derHex);
            return Verifier().Verify(SampleDigest(), 0, 32, sig, 0, sig.Length, SignatureFormat.Der);
        }

        [TestMethod]
        public void Verify_ReturnsValid_ForRfc6979RawSignature()
        {
            byte[] sig = CryptoHex.Decode(R + S);
            Assert.AreEqual(VerifyResult.Valid, Verifier().Verify(SampleDigest(), 0, 32, sig, 0, 64, SignatureFormat.Raw));
        }

        [TestMethod]
        public void Verify_ReturnsValid_ForRfc6979DerSignature()
        {
            Assert.AreEqual(VerifyResult.Valid, VerifyDer("3046022100" + R + "022100" + S));
        }

        [TestMethod]
        public void Verify_ReturnsInvalid_WhenDigestDiffers()
        {
            byte[] digest = SampleDigest();
            digest[31] ^= 1;
            byte[] sig = CryptoHex.Decode(R + S);
            Assert.AreEqual(VerifyResult.Invalid, Verifier().Verify(digest, 0, 32, sig, 0, 64, SignatureFormat.Raw));
        }

        [TestMethod]
        public void Verify_ReturnsInvalid_WhenSIsZeroOrN()
        {
            Assert.AreEqual(VerifyResult.Invalid, VerifyDer("3026022100" + R + "020100"));
            Assert.AreEqual(VerifyResult.Invalid, VerifyDer("3046022100" + R + "022100" + N));
        }

        [TestMethod]
        public void Verify_ReturnsMalformed_WhenDerHasTrailingByte()
        {
            Assert.AreEqual(VerifyResult.MalformedSignature, VerifyDer("3046022100" + R + "022100" + S + "00"));
        }

        [TestMethod]
        public void Verify_ReturnsMalformed_WhenDerLengthIsLongForm()
        {
            Assert.AreEqual(VerifyResult.MalformedSignature, VerifyDer("308146022100" + R + "022100" + S));
        }

        [TestMethod]
        public void Verify_ReturnsMalformed_WhenIntegerIsNegativeOrNotMinimal()
        {
            Assert.AreEqual(VerifyResult.MalformedSignature, VerifyDer("30450220" + R + "022100" + S));
            Assert.AreEqual(VerifyResult.MalformedSignature, VerifyDer("3047022200" + "00" + R + "022100" + S));
        }

        [TestMethod]
        public void Verify_ReturnsMalformed_WhenRawSignatureIsNot64Bytes()
        {
            byte[] sig = CryptoHex.Decode(R + S + "00");
            Assert.AreEqual(VerifyResult.MalformedSignature, Verifier().Verify(SampleDigest(), 0, 32, sig, 0, 65, SignatureFormat.Raw));
        }

        [TestMethod]
        public void SetPublicKey_ReturnsBadPublicKey_WhenPointIsNotOnCurve()
        {
            byte[] key = CryptoHex.Decode(PublicKey);
            key[64] ^= 1;
            EcdsaP256Verifier verifier = new EcdsaP256Verifier();
            Assert.AreEqual(VerifyResult.BadPublicKey, verifier.SetPublicKey(key, 0, key.Length));
            Assert.IsFalse(verifier.HasKey);
            byte[] sig = CryptoHex.Decode(R + S);
            Assert.AreEqual(VerifyResult.NoKey, verifier.Verify(SampleDigest(), 0, 32, sig, 0, 64, SignatureFormat.Raw));
        }

        [TestMethod]
        public void Verify_ReturnsBadArgument_WhenRangeIsOutsideArray()
        {
            byte[] sig = CryptoHex.Decode(R + S);
            Assert.AreEqual(VerifyResult.BadArgument, Verifier().Verify(SampleDigest(), 0, 32, sig, 10, 64, SignatureFormat.Raw));
            Assert.AreEqual(VerifyResult.BadArgument, Verifier().Verify(null, 0, 32, sig, 0, 64, SignatureFormat.Raw));
        }
    }
}
