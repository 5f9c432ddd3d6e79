using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Crypto;

namespace NfDevice.Cloud.Tests.DesktopUpdate
{
    /// <summary>
    /// The desktop's SHA-256 (libcrypto) against the NIST CAVP vectors in ../shared/vectors and against the core's
    /// managed <see cref="Sha256"/>: same digests, same midstate layout, same refusals, so either can resume the
    /// other's checkpoint.
    /// </summary>
    [TestClass]
    public sealed class OpenSslSha256Tests
    {
        private static ISha256 Native()
        {
            Assert.IsTrue(OpenSslSha256.Available, "libcrypto's SHA-256 did not load on this Linux machine");
            ISha256 sha = OpenSslSha256.Create();
            Assert.IsInstanceOfType<OpenSslSha256>(sha);
            return sha;
        }

        private static string VectorPath(string file)
        {
            string dir = AppContext.BaseDirectory;
            while (dir != null && !File.Exists(Path.Combine(dir, "nf-device.sln")))
            {
                dir = Path.GetDirectoryName(dir.TrimEnd(Path.DirectorySeparatorChar));
            }

            Assert.IsNotNull(dir, "nf-device.sln not found above " + AppContext.BaseDirectory);
            string path = Path.GetFullPath(Path.Combine(dir, "..", "shared", "vectors", "nist-sha256", file));
            Assert.IsTrue(File.Exists(path), "test vector file missing: " + path);
            return path;
        }

        // (message, digest) pairs of a SHAVS byte-oriented message file.
        private static List<(byte[] Message, string Digest)> Vectors(string file)
        {
            var vectors = new List<(byte[], string)>();
            int bits = -1;
            byte[] message = null;
            foreach (string raw in File.ReadAllLines(VectorPath(file)))
            {
                string line = raw.Trim();
                int eq = line.IndexOf('=');
                if (line.Length == 0 || line[0] == '#' || line[0] == '[' || eq < 0) continue;
                string key = line.Substring(0, eq).Trim(), value = line.Substring(eq + 1).Trim();
                if (key == "Len") bits = int.Parse(value);
                else if (key == "Msg") message = Convert.FromHexString(value).AsSpan(0, bits / 8).ToArray();
                else if (key == "MD") vectors.Add((message, value));
            }

            return vectors;
        }

        // Fed in uneven pieces (1, 4, 13, 40, ...) so that both the whole-block and the buffered paths run.
        private static string Digest(ISha256 sha, byte[] message)
        {
            int offset = 0, step = 1;
            while (offset < message.Length)
            {
                int n = Math.Min(step, message.Length - offset);
                Assert.IsTrue(sha.Update(message, offset, n));
                offset += n;
                step = (step * 3) + 1;
            }

            Assert.AreEqual((long)message.Length, sha.TotalLength);
            byte[] digest = new byte[32];
            Assert.IsTrue(sha.Final(digest, 0));
            return Convert.ToHexStringLower(digest);
        }

        [TestMethod]
        public void Create_GivesLibcrypto_OnLinux()
        {
            if (OperatingSystem.IsLinux())
            {
                Native();
            }
            else
            {
                Assert.IsInstanceOfType<Sha256>(OpenSslSha256.Create(), "without libcrypto the core's hasher is the fallback");
            }
        }

        [TestMethod]
        public void ShortAndLongMessages_MatchEveryNistDigest_AndTheManagedHasher()
        {
            ISha256 native = Native();
            var managed = new Sha256();
            int checkedCount = 0;
            foreach (string file in new[] { "SHA256ShortMsg.rsp", "SHA256LongMsg.rsp" })
            {
                foreach (var (message, digest) in Vectors(file))
                {
                    Assert.AreEqual(digest, Digest(native, message), file + ", " + message.Length + " bytes");
                    Assert.AreEqual(digest, Digest(managed, message), file + ", " + message.Length + " bytes (managed)");
                    checkedCount++;
                }
            }

            Assert.AreEqual(65 + 64, checkedCount);
        }

        [TestMethod]
        public void Final_Resets_SoTheNextMessageStartsFromH0()
        {
            ISha256 native = Native();
            byte[] abc = { 0x61, 0x62, 0x63 };
            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Digest(native, abc));
            Assert.AreEqual(0L, native.TotalLength);
            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Digest(native, abc));
        }

        [TestMethod]
        public void Midstate_SavedByEitherHasher_ResumesInTheOther()
        {
            ISha256 native = Native();
            var random = new Random(13);
            for (int round = 0; round < 40; round++)
            {
                byte[] message = new byte[random.Next(0, 300_000)];
                random.NextBytes(message);
                int cut = random.Next(0, (message.Length / 64) + 1) * 64;
                string expected = Convert.ToHexStringLower(SHA256.HashData(message));
                bool nativeFirst = round % 2 == 0;
                ISha256 first = nativeFirst ? native : new Sha256();
                ISha256 second = nativeFirst ? new Sha256() : native;

                first.Reset();
                Assert.IsTrue(first.Update(message, 0, cut));
                byte[] midstate = new byte[Sha256.MidstateSize + 3];
                Assert.IsTrue(first.SaveMidstate(midstate, 3));
                second.Update(new byte[] { 1, 2, 3 }, 0, 3); // whatever it held before is replaced
                Assert.IsTrue(second.RestoreMidstate(midstate, 3));
                Assert.AreEqual((long)cut, second.TotalLength);
                Assert.IsTrue(second.Update(message, cut, message.Length - cut));
                byte[] digest = new byte[32];
                Assert.IsTrue(second.Final(digest, 0));
                Assert.AreEqual(expected, Convert.ToHexStringLower(digest), "round " + round + ", " + message.Length + " bytes cut at " + cut + (nativeFirst ? ", native first" : ", managed first"));
                first.Reset();
            }
        }

        [TestMethod]
        public void Refusals_AreTheManagedHashers()
        {
            foreach (ISha256 sha in new[] { Native(), new Sha256() })
            {
                string name = sha.GetType().Name;
                byte[] data = new byte[100];
                Assert.IsFalse(sha.Update(data, 90, 11), name + ": range past the end");
                Assert.IsFalse(sha.Update(data, -1, 1), name + ": negative offset");
                Assert.IsFalse(sha.Update(null, 0, 0), name + ": null");
                Assert.AreEqual(0L, sha.TotalLength, name + ": nothing absorbed");

                Assert.IsTrue(sha.Update(data, 0, 65));
                Assert.IsFalse(sha.SaveMidstate(new byte[Sha256.MidstateSize], 0), name + ": a buffered tail has no midstate");
                Assert.IsTrue(sha.Update(data, 0, 63));
                Assert.IsFalse(sha.SaveMidstate(new byte[Sha256.MidstateSize - 1], 0), name + ": output too small");
                byte[] midstate = new byte[Sha256.MidstateSize];
                Assert.IsTrue(sha.SaveMidstate(midstate, 0), name);

                midstate[Sha256.MidstateSize - 1] ^= 0x01; // length 129: not a block boundary
                Assert.IsFalse(sha.RestoreMidstate(midstate, 0), name + ": unaligned length");
                Assert.AreEqual(128L, sha.TotalLength, name + ": state unchanged after a refused restore");
                Assert.IsFalse(sha.Final(new byte[31], 0), name + ": digest output too small");
                Assert.AreEqual(128L, sha.TotalLength, name + ": state unchanged after a refused final");
                sha.Reset();
            }
        }
    }
}
