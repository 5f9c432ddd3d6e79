#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Crypto
{
    [TestClass]
    public class Sha256Tests
    {
        private static string Digest(byte[] data)
        {
            Sha256 sha = new Sha256();
            byte[] output = new byte[32];
            Assert.IsTrue(sha.ComputeHash(data, 0, data.Length, output, 0));
            return CryptoHex.Encode(output, 0, 32);
        }

        [TestMethod]
        public void ComputeHash_MatchesFips180Example_ForAbc()
        {
            // FIPS 180-4 examples (NIST CSRC "SHA256.pdf"), one-block message.
            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Digest(CryptoHex.Ascii("abc")));
        }

        [TestMethod]
        public void ComputeHash_MatchesKnownDigest_ForEmptyMessage()
        {
            Assert.AreEqual("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest(new byte[0]));
        }

        [TestMethod]
        public void ComputeHash_MatchesFips180Example_ForTwoBlockMessage()
        {
            byte[] data = CryptoHex.Ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
            Assert.AreEqual("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", Digest(data));
        }

        [TestMethod]
        public void Update_GivesSameDigest_WhenInputIsFedInPieces()
        {
            byte[] data = CryptoHex.Ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
            Sha256 sha = new Sha256();
            for (int i = 0; i < data.Length; i += 5)
            {
                int n = data.Length - i < 5 ? data.Length - i : 5;
                Assert.IsTrue(sha.Update(data, i, n));
            }

            byte[] output = new byte[32];
            Assert.IsTrue(sha.Final(output, 0));
            Assert.AreEqual("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", CryptoHex.Encode(output, 0, 32));
        }

        [TestMethod]
        public void RestoreMidstate_ContinuesHash_WhenSavedAtBlockBoundary()
        {
            byte[] data = new byte[200];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)(i * 7);
            }

            string expected = Digest(data);
            Sha256 first = new Sha256();
            first.Update(data, 0, 128);
            byte[] midstate = new byte[Sha256.MidstateSize];
            Assert.IsTrue(first.SaveMidstate(midstate, 0));

            Sha256 resumed = new Sha256();
            Assert.IsTrue(resumed.RestoreMidstate(midstate, 0));
            Assert.AreEqual(128L, resumed.TotalLength);
            resumed.Update(data, 128, 72);
            byte[] output = new byte[32];
            resumed.Final(output, 0);
            Assert.AreEqual(expected, CryptoHex.Encode(output, 0, 32));
        }

        [TestMethod]
        public void SaveMidstate_ReturnsFalse_WhenBytesAreBuffered()
        {
            Sha256 sha = new Sha256();
            sha.Update(new byte[70], 0, 70);
            Assert.IsFalse(sha.SaveMidstate(new byte[Sha256.MidstateSize], 0));
        }

        [TestMethod]
        public void RestoreMidstate_ReturnsFalse_WhenLengthIsNotWholeBlocks()
        {
            byte[] midstate = new byte[Sha256.MidstateSize];
            midstate[39] = 65;
            Assert.IsFalse(new Sha256().RestoreMidstate(midstate, 0));
        }

        [TestMethod]
        public void Update_ReturnsFalse_WhenRangeIsOutsideArray()
        {
            Sha256 sha = new Sha256();
            Assert.IsFalse(sha.Update(new byte[4], 2, 3));
            Assert.IsFalse(sha.Update(null, 0, 0));
            Assert.AreEqual(0L, sha.TotalLength);
        }
    }
}
