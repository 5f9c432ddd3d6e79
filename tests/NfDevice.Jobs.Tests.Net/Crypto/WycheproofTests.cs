using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Net.Crypto
{
    /// <summary>
    /// Every case of the Wycheproof files in ../shared/vectors/wycheproof: "valid" must verify,
    /// "invalid" must not. Encoding faults (flags BerEncodedSignature, InvalidEncoding,
    /// InvalidTypesInSignature, MissingZero, SignatureSize) must be reported as MalformedSignature.
    /// The one "acceptable" case (RSA tcId 8, MissingNull: DigestInfo without the NULL parameters) is
    /// rejected, because the expected encoding of RFC 8017 §9.2 is compared byte for byte.
    /// </summary>
    [TestClass]
    public class WycheproofTests
    {
        private static readonly HashSet<string> EncodingFlags = new HashSet<string>
        {
            "BerEncodedSignature", "InvalidEncoding", "InvalidTypesInSignature", "MissingZero", "SignatureSize",
        };

        private static JsonDocument Load(string file) => JsonDocument.Parse(File.ReadAllBytes(VectorFiles.Path("wycheproof/" + file)));

        private static List<string> Flags(JsonElement test)
        {
            var flags = new List<string>();
            foreach (JsonElement f in test.GetProperty("flags").EnumerateArray())
            {
                flags.Add(f.GetString());
            }

            return flags;
        }

        private static void RunEcdsa(string file, SignatureFormat format, int expectedCount)
        {
            using JsonDocument doc = Load(file);
            var failures = new List<string>();
            int count = 0;
            foreach (JsonElement group in doc.RootElement.GetProperty("testGroups").EnumerateArray())
            {
                string sha = group.GetProperty("sha").GetString();
                byte[] spki = VectorFiles.Hex(group.GetProperty("publicKeyDer").GetString());
                var facade = new CodeSigningVerifier(spki, 0, spki.Length);
                Assert.AreEqual(CryptoStatus.Ok, facade.Status, file + ": public key did not load");
                Assert.AreEqual(PublicKeyType.EcP256, facade.KeyType);
                var direct = new EcdsaP256Verifier();
                byte[] point = VectorFiles.Hex(group.GetProperty("publicKey").GetProperty("uncompressed").GetString());
                Assert.AreEqual(VerifyResult.Valid, direct.SetPublicKey(point, 0, point.Length));
                foreach (JsonElement test in group.GetProperty("tests").EnumerateArray())
                {
                    count++;
                    int id = test.GetProperty("tcId").GetInt32();
                    byte[] msg = VectorFiles.Hex(test.GetProperty("msg").GetString());
                    byte[] sig = VectorFiles.Hex(test.GetProperty("sig").GetString());
                    string expected = test.GetProperty("result").GetString();
                    byte[] digest = sha == "SHA-256" ? SHA256.HashData(msg) : SHA512.HashData(msg);
                    VerifyResult result = direct.Verify(digest, 0, digest.Length, sig, 0, sig.Length, format);
                    if (sha == "SHA-256")
                    {
                        VerifyResult viaFacade = facade.Verify(digest, sig, 0, sig.Length, format);
                        if (viaFacade != result)
                        {
                            failures.Add($"tcId {id}: facade {viaFacade} but verifier {result}");
                        }
                    }

                    List<string> flags = Flags(test);
                    if (expected == "valid" && result != VerifyResult.Valid)
                    {
                        failures.Add($"tcId {id} ({test.GetProperty("comment").GetString()}): valid but {result}");
                    }
                    else if (expected == "invalid" && result == VerifyResult.Valid)
                    {
                        failures.Add($"tcId {id} ({test.GetProperty("comment").GetString()}): invalid but Valid");
                    }
                    else if (expected == "invalid" && flags.Exists(EncodingFlags.Contains) && result != VerifyResult.MalformedSignature)
                    {
                        failures.Add($"tcId {id} ({test.GetProperty("comment").GetString()}): encoding fault reported as {result}");
                    }
                }
            }

            Assert.AreEqual(expectedCount, count, file + ": number of tests read");
            Assert.AreEqual(0, failures.Count, string.Join("\n", failures));
        }

        [TestMethod]
        public void EcdsaP256Sha256Der_PassesEveryWycheproofCase() =>
            RunEcdsa("ecdsa_secp256r1_sha256_test.json", SignatureFormat.Der, 484);

        [TestMethod]
        public void EcdsaP256Sha256P1363_PassesEveryWycheproofCase() =>
            RunEcdsa("ecdsa_secp256r1_sha256_p1363_test.json", SignatureFormat.Raw, 262);

        [TestMethod]
        public void EcdsaP256Sha512Der_PassesEveryWycheproofCase_WithDigestTruncatedTo256Bits() =>
            RunEcdsa("ecdsa_secp256r1_sha512_test.json", SignatureFormat.Der, 554);

        [TestMethod]
        public void RsaPkcs1Sha256_2048_PassesEveryWycheproofCase()
        {
            using JsonDocument doc = Load("rsa_signature_2048_sha256_test.json");
            var failures = new List<string>();
            int count = 0, acceptable = 0;
            foreach (JsonElement group in doc.RootElement.GetProperty("testGroups").EnumerateArray())
            {
                byte[] spki = VectorFiles.Hex(group.GetProperty("publicKeyDer").GetString());
                var facade = new CodeSigningVerifier(spki, 0, spki.Length);
                Assert.AreEqual(CryptoStatus.Ok, facade.Status);
                Assert.AreEqual(PublicKeyType.Rsa, facade.KeyType);
                foreach (JsonElement test in group.GetProperty("tests").EnumerateArray())
                {
                    count++;
                    int id = test.GetProperty("tcId").GetInt32();
                    byte[] digest = SHA256.HashData(VectorFiles.Hex(test.GetProperty("msg").GetString()));
                    byte[] sig = VectorFiles.Hex(test.GetProperty("sig").GetString());
                    string expected = test.GetProperty("result").GetString();
                    VerifyResult result = facade.Verify(digest, sig, 0, sig.Length, SignatureFormat.Der);
                    if (expected == "valid" && result != VerifyResult.Valid)
                    {
                        failures.Add($"tcId {id}: valid but {result}");
                    }
                    else if (expected == "invalid" && result == VerifyResult.Valid)
                    {
                        failures.Add($"tcId {id} ({test.GetProperty("comment").GetString()}): invalid but Valid");
                    }
                    else if (expected == "acceptable")
                    {
                        acceptable++;
                        CollectionAssert.Contains(Flags(test), "MissingNull");
                        Assert.AreEqual(VerifyResult.Invalid, result, "MissingNull is rejected by the strict comparison");
                    }
                }
            }

            Assert.AreEqual(259, count);
            Assert.AreEqual(1, acceptable);
            Assert.AreEqual(0, failures.Count, string.Join("\n", failures));
        }
    }
}
