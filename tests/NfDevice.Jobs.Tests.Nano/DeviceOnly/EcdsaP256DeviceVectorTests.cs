#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Tests.Crypto;

namespace NfDevice.Jobs.Tests.DeviceOnly
{
    /// <summary>
    /// A few Wycheproof ecdsa_secp256r1_sha256_test.json cases (second test group, message "123400"), run on the
    /// device so the field and scalar arithmetic is checked under the nanoCLR; the full file runs on the host
    /// (tests/NfDevice.Jobs.Tests.Net).
    /// </summary>
    [TestClass]
    public class EcdsaP256DeviceVectorTests
    {
        private const string PublicKey =
            "042927b10512bae3eddcfe467828128bad2903269919f7086069c8c4df6c732838"
            + "c7787964eaac00e5921fb1498a60f4606766b3d9685001558d1a974e7341513e";

        private const string Message = "313233343030";

        private const string R = "2ba3a8be6b94d5ec80a6d9d1190a436effe50d85a1eee859b8cc6af9bd5c2e18";
        private const string S = "00b329f479a2bbd0a5c384ee1493b1f5186a87139cac5df4087c134b49156847db";

        private static int VerifyDer(string signatureHex)
        {
            EcdsaP256Verifier verifier = new EcdsaP256Verifier();
            byte[] key = CryptoHex.Decode(PublicKey);
            Assert.AreEqual((int)VerifyResult.Valid, (int)verifier.SetPublicKey(key, 0, key.Length));

            byte[] message = CryptoHex.Decode(Message);
            byte[] digest = new byte[Sha256.DigestSize];
            Assert.IsTrue(new Sha256().ComputeHash(message, 0, message.Length, digest, 0));

            byte[] signature = CryptoHex.Decode(signatureHex);
            return (int)verifier.Verify(digest, 0, digest.Length, signature, 0, signature.Length, SignatureFormat.Der);
        }

        [TestMethod]
        public void Verify_ReturnsValid_ForWycheproofCase7()
        {
            Assert.AreEqual((int)VerifyResult.Valid, VerifyDer("3045" + "0220" + R + "0221" + S));
        }

        [TestMethod]
        public void Verify_ReturnsInvalid_ForWycheproofCase156_RReplacedByNMinusR()
        {
            Assert.AreEqual((int)VerifyResult.Invalid,
                VerifyDer("3046" + "0221" + "00d45c5740946b2a147f59262ee6f5bc90bd01ed280528b62b3aed5fc93f06f739" + "0221" + S));
        }

        [TestMethod]
        public void Verify_ReturnsInvalid_ForWycheproofCase152_RReplacedByRPlusN()
        {
            // SEC 1 §4.1.4 step 1: r must lie in [1, n - 1]; r + n is a well-formed 257-bit INTEGER.
            Assert.AreEqual((int)VerifyResult.Invalid,
                VerifyDer("3046" + "0221" + "012ba3a8bd6b94d5ed80a6d9d1190a436ebccc0833490686deac8635bcb9bf5369" + "0221" + S));
        }

        [TestMethod]
        public void Verify_ReturnsMalformed_ForWycheproofCase8_LongFormSequenceLength()
        {
            // DER (X.690 §10.1) requires the short length form below 128 bytes.
            Assert.AreEqual((int)VerifyResult.MalformedSignature, VerifyDer("308145" + "0220" + R + "0221" + S));
        }
    }
}
#endif
