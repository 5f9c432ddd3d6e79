using System;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Net.Crypto
{
    /// <summary>
    /// RSA PKCS#1 v1.5 SHA-256 signatures from .NET's RSA, 2048- and 3072-bit keys. Key generation is
    /// slow, so 200 random messages are spread over 4 keys of 2048 bits and 2 of 3072 bits; each is
    /// also tampered once and the result compared with .NET's VerifyHash.
    /// </summary>
    [TestClass]
    public class RsaCrossCheckTests
    {
        [TestMethod]
        public void Verify_AgreesWithDotNetRsa_For200SignaturesOn2048And3072BitKeys()
        {
            var random = new Random(77);
            int[] sizes = { 2048, 2048, 2048, 2048, 3072, 3072 };
            int total = 0;
            for (int k = 0; k < sizes.Length; k++)
            {
                using RSA rsa = RSA.Create(sizes[k]);
                RSAParameters p = rsa.ExportParameters(false);
                var verifier = new RsaVerifier();
                Assert.AreEqual(VerifyResult.Valid, verifier.SetPublicKey(p.Modulus, 0, p.Modulus.Length, p.Exponent, 0, p.Exponent.Length));
                Assert.AreEqual(sizes[k] / 8, verifier.ModulusLength);
                int perKey = k == sizes.Length - 1 ? 200 - total : 34;
                for (int i = 0; i < perKey; i++, total++)
                {
                    byte[] message = new byte[random.Next(0, 300)];
                    random.NextBytes(message);
                    byte[] digest = SHA256.HashData(message);
                    byte[] sig = rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    Assert.AreEqual(VerifyResult.Valid, verifier.Verify(digest, 0, sig, 0, sig.Length), $"key {k}, message {i}");

                    int bit = random.Next((32 + sig.Length) * 8);
                    byte[] d2 = (byte[])digest.Clone();
                    byte[] s2 = (byte[])sig.Clone();
                    if (bit < 256)
                    {
                        d2[bit / 8] ^= (byte)(1 << (bit % 8));
                    }
                    else
                    {
                        s2[(bit - 256) / 8] ^= (byte)(1 << (bit % 8));
                    }

                    bool oracle = rsa.VerifyHash(d2, s2, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    VerifyResult ours = verifier.Verify(d2, 0, s2, 0, s2.Length);
                    Assert.AreEqual(oracle, ours == VerifyResult.Valid, $"key {k}, message {i}, tampered bit {bit}: managed {ours}");
                }
            }

            Assert.AreEqual(200, total);
        }
    }
}
