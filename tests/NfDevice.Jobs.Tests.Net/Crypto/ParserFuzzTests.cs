using System;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Net.Crypto
{
    /// <summary>
    /// Mutated real certificates (from CertificateRequest), PEM text, base64 and DER signatures: no
    /// exception may escape, every result is a declared enum value, offsets stay inside the input,
    /// and nothing is written outside the caller's output range. Bounded by iteration counts.
    /// </summary>
    [TestClass]
    public class ParserFuzzTests
    {
        private static void Mutate(Random random, byte[] data)
        {
            int edits = random.Next(1, 5);
            for (int e = 0; e < edits; e++)
            {
                int at = random.Next(data.Length);
                switch (random.Next(4))
                {
                    case 0: data[at] ^= (byte)(1 << random.Next(8)); break;
                    case 1: data[at] = (byte)random.Next(256); break;
                    case 2: data[at] = (byte)(random.Next(2) == 0 ? 0x80 : 0xFF); break;
                    default: data[at] = (byte)(data[at] + (random.Next(2) == 0 ? 1 : -1)); break;
                }
            }
        }

        private static void AssertKeyInside(SubjectPublicKey spk, int length)
        {
            if (spk.Type == PublicKeyType.EcP256)
            {
                Assert.IsTrue(spk.PointOffset >= 0 && spk.PointOffset + spk.PointLength <= length);
            }
            else if (spk.Type == PublicKeyType.Rsa)
            {
                Assert.IsTrue(spk.ModulusOffset >= 0 && spk.ModulusOffset + spk.ModulusLength <= length);
                Assert.IsTrue(spk.ExponentOffset >= 0 && spk.ExponentOffset + spk.ExponentLength <= length);
            }
        }

        [TestMethod]
        public void ReadCertificate_NeverThrows_OnMutatedAndTruncatedCertificates()
        {
            var random = new Random(2024);
            using ECDsa ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using RSA rsa = RSA.Create(2048);
            byte[][] seeds = { CertificateTests.MakeEcCertificate(ec), CertificateTests.MakeRsaCertificate(rsa), ec.ExportSubjectPublicKeyInfo() };
            var spk = new SubjectPublicKey();
            int ok = 0;
            for (int i = 0; i < 30000; i++)
            {
                byte[] seed = seeds[i % seeds.Length];
                byte[] data = (byte[])seed.Clone();
                Mutate(random, data);
                int count = random.Next(4) == 0 ? random.Next(data.Length + 1) : data.Length;
                CryptoStatus status = X509.ReadCertificate(data, 0, count, spk);
                Assert.IsTrue(Enum.IsDefined(status));
                AssertKeyInside(spk, count);
                if (status == CryptoStatus.Ok)
                {
                    ok++;
                }

                if (i % 10 == 0)
                {
                    var verifier = new CodeSigningVerifier(data, 0, count);
                    Assert.IsTrue(Enum.IsDefined(verifier.Status));
                    Assert.AreEqual(verifier.Status == CryptoStatus.Ok, verifier.KeyType != PublicKeyType.None);
                }
            }

            Assert.IsTrue(ok > 0, "some mutations (e.g. inside names) must still parse");
        }

        [TestMethod]
        public void PemDecode_NeverThrows_OrWritesOutsideOutput_OnMutatedPem()
        {
            var random = new Random(5);
            using ECDsa ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] pem = Encoding.ASCII.GetBytes(PemEncoding.WriteString("CERTIFICATE", CertificateTests.MakeEcCertificate(ec)));
            for (int i = 0; i < 5000; i++)
            {
                byte[] data = (byte[])pem.Clone();
                Mutate(random, data);
                byte[] output = new byte[data.Length + 32];
                int outOffset = 16, room = random.Next(0, data.Length);
                byte[] window = new byte[outOffset + room];
                int written;
                bool isCertificate;
                CryptoStatus status = Pem.Decode(data, 0, data.Length, window, outOffset, out written, out isCertificate);
                Assert.IsTrue(Enum.IsDefined(status));
                Assert.IsTrue(written >= 0 && outOffset + written <= window.Length);
                for (int k = 0; k < outOffset; k++)
                {
                    Assert.AreEqual(0, window[k], "written before the output offset");
                }

                var verifier = new CodeSigningVerifier(data, 0, data.Length);
                Assert.IsTrue(Enum.IsDefined(verifier.Status));
            }
        }

        [TestMethod]
        public void Base64Decode_AcceptsExactlyWhatDotNetDecodesCanonically()
        {
            var random = new Random(6);
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \n*";
            byte[] output = new byte[64];
            for (int i = 0; i < 20000; i++)
            {
                char[] chars = new char[random.Next(0, 24)];
                for (int k = 0; k < chars.Length; k++)
                {
                    chars[k] = alphabet[random.Next(random.Next(3) == 0 ? alphabet.Length : 64)];
                }

                string text = new string(chars);
                byte[] input = Encoding.ASCII.GetBytes(text);
                int written;
                CryptoStatus status = Base64.Decode(input, 0, input.Length, false, output, 0, out written);
                byte[] expected = null;
                try
                {
                    byte[] decoded = Convert.FromBase64String(text);
                    // .NET also accepts whitespace and non-zero trailing bits; canonical means re-encoding gives the text back.
                    if (Convert.ToBase64String(decoded) == text)
                    {
                        expected = decoded;
                    }
                }
                catch (FormatException)
                {
                }

                if (expected == null)
                {
                    Assert.AreEqual(CryptoStatus.Malformed, status, text);
                }
                else
                {
                    Assert.AreEqual(CryptoStatus.Ok, status, text);
                    CollectionAssert.AreEqual(expected, output.AsSpan(0, written).ToArray(), text);
                }
            }
        }

        [TestMethod]
        public void EcdsaVerify_NeverThrows_OnMutatedDerSignatures()
        {
            var random = new Random(8);
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            ECParameters q = key.ExportParameters(false);
            byte[] point = new byte[65];
            point[0] = 4;
            q.Q.X.CopyTo(point, 1);
            q.Q.Y.CopyTo(point, 33);
            var verifier = new EcdsaP256Verifier();
            Assert.AreEqual(VerifyResult.Valid, verifier.SetPublicKey(point, 0, 65));
            byte[] digest = SHA256.HashData(new byte[] { 1, 2, 3 });
            byte[] der = key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
            int valid = 0;
            for (int i = 0; i < 3000; i++)
            {
                byte[] data = (byte[])der.Clone();
                Mutate(random, data);
                int count = random.Next(3) == 0 ? random.Next(data.Length + 1) : data.Length;
                VerifyResult result = verifier.Verify(digest, 0, 32, data, 0, count, SignatureFormat.Der);
                Assert.IsTrue(Enum.IsDefined(result));
                bool oracle = key.VerifyHash(digest, data.AsSpan(0, count), DSASignatureFormat.Rfc3279DerSequence);
                if (result == VerifyResult.Valid)
                {
                    valid++;
                    Assert.IsTrue(oracle, "accepted a signature .NET rejects: " + Convert.ToHexString(data, 0, count));
                }
            }

            Assert.IsTrue(valid < 3000);
        }
    }
}
