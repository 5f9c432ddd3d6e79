using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Net.Crypto
{
    /// <summary>NIST CAVP SHAVS byte-oriented SHA-256 files: ShortMsg, LongMsg and the Monte Carlo test.</summary>
    [TestClass]
    public class NistSha256Tests
    {
        // "Key = value" pairs in file order; '#' comments and [L = 32] headers skipped; LF or CRLF.
        private static List<KeyValuePair<string, string>> ReadPairs(string file)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (string raw in File.ReadAllLines(VectorFiles.Path("nist-sha256/" + file)))
            {
                string line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == '[')
                {
                    continue;
                }

                int eq = line.IndexOf('=');
                pairs.Add(new KeyValuePair<string, string>(line.Substring(0, eq).Trim(), line.Substring(eq + 1).Trim()));
            }

            return pairs;
        }

        private static int RunMessageFile(string file)
        {
            var sha = new Sha256();
            byte[] output = new byte[32];
            int checkedCount = 0;
            int bits = -1;
            byte[] msg = null;
            foreach (var pair in ReadPairs(file))
            {
                if (pair.Key == "Len")
                {
                    bits = int.Parse(pair.Value);
                }
                else if (pair.Key == "Msg")
                {
                    msg = Convert.FromHexString(pair.Value).AsSpan(0, bits / 8).ToArray();
                }
                else if (pair.Key == "MD")
                {
                    // Fed in uneven pieces so the buffering path is exercised as well.
                    int offset = 0, step = 1;
                    while (offset < msg.Length)
                    {
                        int n = Math.Min(step, msg.Length - offset);
                        Assert.IsTrue(sha.Update(msg, offset, n));
                        offset += n;
                        step = (step * 3) + 1;
                    }

                    Assert.IsTrue(sha.Final(output, 0));
                    Assert.AreEqual(pair.Value, Convert.ToHexStringLower(output), $"{file}, Len = {bits}");
                    checkedCount++;
                }
            }

            return checkedCount;
        }

        [TestMethod]
        public void ShortMsg_MatchesEveryDigest() => Assert.AreEqual(65, RunMessageFile("SHA256ShortMsg.rsp"));

        [TestMethod]
        public void LongMsg_MatchesEveryDigest() => Assert.AreEqual(64, RunMessageFile("SHA256LongMsg.rsp"));

        [TestMethod]
        public void Monte_MatchesEveryCheckpoint()
        {
            // SHAVS §6.4: MD0 = MD1 = MD2 = Seed; MDi = SHA256(MD(i-3) || MD(i-2) || MD(i-1)) for i = 3..1002.
            var pairs = ReadPairs("SHA256Monte.rsp");
            byte[] seed = Convert.FromHexString(pairs.Find(p => p.Key == "Seed").Value);
            var sha = new Sha256();
            byte[] window = new byte[96];
            int checkpoints = 0;
            foreach (var pair in pairs)
            {
                if (pair.Key != "MD")
                {
                    continue;
                }

                Buffer.BlockCopy(seed, 0, window, 0, 32);
                Buffer.BlockCopy(seed, 0, window, 32, 32);
                Buffer.BlockCopy(seed, 0, window, 64, 32);
                for (int i = 3; i < 1003; i++)
                {
                    sha.Update(window, 0, 96);
                    Buffer.BlockCopy(window, 32, window, 0, 64);
                    sha.Final(window, 64);
                }

                seed = window.AsSpan(64, 32).ToArray();
                Assert.AreEqual(pair.Value, Convert.ToHexStringLower(seed), $"checkpoint {checkpoints}");
                checkpoints++;
            }

            Assert.AreEqual(100, checkpoints);
        }
    }
}
