using System;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Net.Crypto
{
    /// <summary>
    /// 10,000 random messages and signatures over 2,000 random keys (5 per key: loading a key builds
    /// its comb table, which costs more than a verify) from .NET's ECDsa (OpenSSL on Linux), verified
    /// by the managed code in DER form; every fourth also in raw form and once tampered, where the
    /// result must agree with .NET's VerifyHash. Two partitions run in parallel, each with its own verifier.
    /// </summary>
    [TestClass]
    public class EcdsaCrossCheckTests
    {
        private const int Count = 10000;
        private const int MessagesPerKey = 5;

        [TestMethod]
        public void Verify_AgreesWithDotNetEcdsa_For10000RandomSignaturesOver2000Keys()
        {
            int[] failures = new int[2];
            string[] firstFailure = new string[2];
            Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, part =>
            {
                var random = new Random(1000 + part);
                var verifier = new EcdsaP256Verifier();
                byte[] point = new byte[65];
                ECDsa key = null;
                for (int i = part; i < Count; i += 2)
                {
                    bool newKey = (i / 2) % MessagesPerKey == 0;
                    if (newKey)
                    {
                        key?.Dispose();
                        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                        ECParameters q = key.ExportParameters(false);
                        point[0] = 4;
                        q.Q.X.CopyTo(point, 1);
                        q.Q.Y.CopyTo(point, 33);
                    }

                    byte[] message = new byte[random.Next(0, 200)];
                    random.NextBytes(message);
                    byte[] digest = SHA256.HashData(message);
                    byte[] der = key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);

                    string problem = null;
                    if (newKey && verifier.SetPublicKey(point, 0, 65) != VerifyResult.Valid)
                    {
                        problem = "key rejected";
                    }
                    else if (verifier.Verify(digest, 0, 32, der, 0, der.Length, SignatureFormat.Der) != VerifyResult.Valid)
                    {
                        problem = "DER signature rejected: " + Convert.ToHexString(der);
                    }
                    else if (i % 4 == part)
                    {
                        byte[] raw = key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                        if (verifier.Verify(digest, 0, 32, raw, 0, 64, SignatureFormat.Raw) != VerifyResult.Valid)
                        {
                            problem = "raw signature rejected";
                        }
                        else
                        {
                            // Tamper with one bit of the digest or of r||s; the oracle decides.
                            int bit = random.Next(96 * 8);
                            byte[] d2 = (byte[])digest.Clone();
                            byte[] r2 = (byte[])raw.Clone();
                            if (bit < 256)
                            {
                                d2[bit / 8] ^= (byte)(1 << (bit % 8));
                            }
                            else
                            {
                                r2[(bit - 256) / 8 % 64] ^= (byte)(1 << (bit % 8));
                            }

                            bool oracle = key.VerifyHash(d2, r2, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                            bool ours = verifier.Verify(d2, 0, 32, r2, 0, 64, SignatureFormat.Raw) == VerifyResult.Valid;
                            if (oracle != ours)
                            {
                                problem = $"tampered bit {bit}: .NET {oracle}, managed {ours}";
                            }
                        }
                    }

                    if (problem != null)
                    {
                        if (failures[part]++ == 0)
                        {
                            firstFailure[part] = $"iteration {i}: {problem}";
                        }
                    }
                }

                key?.Dispose();
            });

            Assert.AreEqual(0, failures[0] + failures[1], firstFailure[0] ?? firstFailure[1]);
        }
    }
}
