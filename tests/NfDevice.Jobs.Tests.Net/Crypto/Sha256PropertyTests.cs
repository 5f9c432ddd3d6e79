using System;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Net.Crypto
{
    /// <summary>Random inputs against .NET's SHA256, and midstate save/restore at random block boundaries.</summary>
    [TestClass]
    public class Sha256PropertyTests
    {
        [TestMethod]
        public void ComputeHash_MatchesDotNet_ForRandomMessagesAndChunking()
        {
            var random = new Random(1234);
            var sha = new Sha256();
            byte[] output = new byte[32];
            for (int iteration = 0; iteration < 2000; iteration++)
            {
                byte[] data = new byte[random.Next(0, 700)];
                random.NextBytes(data);
                int offset = 0;
                while (offset < data.Length)
                {
                    int n = Math.Min(random.Next(0, 150), data.Length - offset);
                    Assert.IsTrue(sha.Update(data, offset, n));
                    offset += n;
                }

                sha.Final(output, 0);
                CollectionAssert.AreEqual(SHA256.HashData(data), output, $"length {data.Length}");
            }
        }

        [TestMethod]
        public void ComputeHash_MatchesDotNet_OnBothWordLoadPaths_AtEveryOffsetInTheArray()
        {
            // Blocks are read either eight bytes at a time through BitConverter (little-endian machines) or byte by
            // byte (the portable path); both must give the same words wherever the block starts in the array.
            Assert.IsTrue(Sha256.s_littleEndian, "this test machine is little-endian, so the fast path is the default");
            var random = new Random(4321);
            byte[] data = new byte[64 * 5 + 77];
            random.NextBytes(data);
            byte[] output = new byte[32];
            try
            {
                foreach (bool littleEndian in new[] { true, false })
                {
                    Sha256.s_littleEndian = littleEndian;
                    var sha = new Sha256();
                    for (int offset = 0; offset < 9; offset++)
                    {
                        int count = data.Length - offset - random.Next(0, 70);
                        Assert.IsTrue(sha.ComputeHash(data, offset, count, output, 0));
                        CollectionAssert.AreEqual(SHA256.HashData(data.AsSpan(offset, count)), output, $"fast path {littleEndian}, offset {offset}");
                    }
                }
            }
            finally
            {
                Sha256.s_littleEndian = true;
            }
        }

        [TestMethod]
        public void RestoreMidstate_ContinuesIdentically_AtRandomBlockBoundaries()
        {
            var random = new Random(99);
            byte[] midstate = new byte[Sha256.MidstateSize + 7];
            byte[] output = new byte[32];
            for (int iteration = 0; iteration < 1000; iteration++)
            {
                byte[] data = new byte[random.Next(64, 5000)];
                random.NextBytes(data);
                int split = 64 * random.Next(0, (data.Length / 64) + 1);
                int at = random.Next(0, 8);

                var first = new Sha256();
                int fed = 0;
                while (fed < split)
                {
                    int n = Math.Min(random.Next(1, 300), split - fed);
                    first.Update(data, fed, n);
                    fed += n;
                }

                Assert.IsTrue(first.SaveMidstate(midstate, at));
                var resumed = new Sha256();
                resumed.Update(data, 0, 3); // state that the restore must replace
                Assert.IsTrue(resumed.RestoreMidstate(midstate, at));
                Assert.AreEqual((long)split, resumed.TotalLength);
                resumed.Update(data, split, data.Length - split);
                resumed.Final(output, 0);
                CollectionAssert.AreEqual(SHA256.HashData(data), output, $"length {data.Length}, split {split}");
            }
        }
    }
}
