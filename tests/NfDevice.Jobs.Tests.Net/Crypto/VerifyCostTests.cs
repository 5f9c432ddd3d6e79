using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Net.Crypto
{
    /// <summary>
    /// Pins the operation count of a verify (a deterministic figure, not a timing): the comb keeps a
    /// P-256 verify near 1,500 field multiplications, where plain double-and-add needs about 5,000.
    /// </summary>
    [TestClass]
    public class VerifyCostTests
    {
        [TestMethod]
        public void Verify_CostsFewerThan1700FieldMultiplications()
        {
            byte[] point = VectorFiles.Hex("0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
            byte[] sig = VectorFiles.Hex("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
            byte[] digest = SHA256.HashData("sample"u8.ToArray());
            var verifier = new EcdsaP256Verifier();
            Assert.AreEqual(VerifyResult.Valid, verifier.SetPublicKey(point, 0, point.Length));

            P256Field.ResetCount();
            Assert.AreEqual(VerifyResult.Valid, verifier.Verify(digest, 0, 32, sig, 0, 64, SignatureFormat.Raw));
            long count = P256Field.MultiplyCount;
            Assert.IsTrue(count > 1000 && count < 1700, $"field multiplications per verify: {count}");
        }
    }
}
