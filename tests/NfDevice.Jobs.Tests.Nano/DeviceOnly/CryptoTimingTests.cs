#if NANOFRAMEWORK_1_0
using System;
using nanoFramework.TestFramework;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Tests.Crypto;

namespace NfDevice.Jobs.Tests.DeviceOnly
{
    /// <summary>
    /// Prints how long SHA-256 over 64 KB and one P-256 verification take on the device (the figures the update
    /// path budgets with). Timings are printed, never asserted; the assertions only pin the results, so a broken
    /// primitive still fails here. mscorlib 1.17 has no Environment.TickCount64, hence DateTime.UtcNow.
    /// </summary>
    [TestClass]
    public class CryptoTimingTests
    {
        private const int ChunkSize = 64 * 1024;

        private static long ElapsedMilliseconds(DateTime start)
        {
            return (DateTime.UtcNow - start).Ticks / TimeSpan.TicksPerMillisecond;
        }

        [TestMethod]
        public void Sha256_Over64KB_PrintsTimeAndMatchesDigest()
        {
            byte[] data = new byte[ChunkSize];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)i;
            }

            byte[] digest = new byte[Sha256.DigestSize];
            Sha256 sha = new Sha256();
            DateTime start = DateTime.UtcNow;
            Assert.IsTrue(sha.ComputeHash(data, 0, data.Length, digest, 0));
            long ms = ElapsedMilliseconds(start);

            OutputHelper.WriteLine("SHA-256 64 KB: " + ms.ToString() + " ms");
            // Bytes 0x00..0xFF repeated 256 times (computed with an independent implementation).
            Assert.AreEqual("7daca2095d0438260fa849183dfc67faa459fdf4936e1bc91eec6b281b27e4c2",
                CryptoHex.Encode(digest, 0, digest.Length));
        }

        [TestMethod]
        public void EcdsaP256_OneVerify_PrintsTimeAndFieldMultiplications()
        {
            // RFC 6979 §A.2.5 (P-256, SHA-256, message "sample").
            byte[] key = CryptoHex.Decode(
                "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
                + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
            byte[] signature = CryptoHex.Decode(
                "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
                + "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
            byte[] message = CryptoHex.Ascii("sample");
            byte[] digest = new byte[Sha256.DigestSize];
            Assert.IsTrue(new Sha256().ComputeHash(message, 0, message.Length, digest, 0));

            EcdsaP256Verifier verifier = new EcdsaP256Verifier();
            DateTime keyStart = DateTime.UtcNow;
            Assert.AreEqual((int)VerifyResult.Valid, (int)verifier.SetPublicKey(key, 0, key.Length));
            long keyMs = ElapsedMilliseconds(keyStart);

            P256Field.ResetCount();
            DateTime start = DateTime.UtcNow;
            VerifyResult result = verifier.Verify(digest, 0, digest.Length, signature, 0, signature.Length, SignatureFormat.Raw);
            long ms = ElapsedMilliseconds(start);
            long multiplies = P256Field.MultiplyCount;

            OutputHelper.WriteLine("P-256 SetPublicKey (table build): " + keyMs.ToString() + " ms");
            OutputHelper.WriteLine("P-256 verify: " + ms.ToString() + " ms, " + multiplies.ToString() + " field multiplications");
            Assert.AreEqual((int)VerifyResult.Valid, (int)result);
            Assert.IsTrue(multiplies > 0);
        }
    }
}
#endif
