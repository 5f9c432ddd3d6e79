#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Application;
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Application
{
    [TestClass]
    public class BundleCheckerTests
    {
        private static BundleResult CheckInChunks(byte[] bundle, int chunk, byte[] digest)
        {
            BundleChecker checker = new BundleChecker();
            BundleResult r = BundleResult.Partial;
            for (int at = 0; at < bundle.Length && r == BundleResult.Partial; at += chunk)
            {
                int n = bundle.Length - at < chunk ? bundle.Length - at : chunk;
                r = checker.Feed(bundle, at, n);
            }

            return r == BundleResult.Partial ? checker.Finish(digest, 0) : r;
        }

        [TestMethod]
        public void Check_AcceptsBundle_InAnyChunkSize_AndGivesTheWholeDigest()
        {
            byte[] bundle = TestBundles.Simple("1.0.0");
            byte[] expected = new byte[32];
            new Sha256().ComputeHash(bundle, 0, bundle.Length, expected, 0);
            int[] chunks = { 1, 7, 16, 64, 1000, bundle.Length };
            for (int i = 0; i < chunks.Length; i++)
            {
                byte[] digest = new byte[32];
                Assert.IsTrue(CheckInChunks(bundle, chunks[i], digest) == BundleResult.Ok, "chunk " + chunks[i].ToString());
                TestSupport.AreEqualBytes(expected, digest, 0, 32);
            }
        }

        [TestMethod]
        public void Check_NamesTheAssembly_WhoseBytesDoNotMatchTheManifest()
        {
            byte[] bundle = TestBundles.Simple("1.0.0");
            bundle[bundle.Length - 10] ^= 1; // inside the second assembly
            BundleChecker checker = new BundleChecker();
            Assert.IsTrue(checker.Feed(bundle, 0, bundle.Length) == BundleResult.HashMismatch);
            Assert.AreEqual(1, checker.FailedAssembly);
        }

        [TestMethod]
        public void Check_FailsWithLengthMismatch_WhenCutShortOrLonger()
        {
            byte[] bundle = TestBundles.Simple("1.0.0");
            byte[] digest = new byte[32];
            BundleChecker checker = new BundleChecker();
            checker.Feed(bundle, 0, bundle.Length - 1);
            Assert.IsTrue(checker.Finish(digest, 0) == BundleResult.LengthMismatch);

            byte[] longer = new byte[bundle.Length + 1];
            System.Array.Copy(bundle, 0, longer, 0, bundle.Length);
            checker.Reset();
            Assert.IsTrue(checker.Feed(longer, 0, longer.Length) == BundleResult.LengthMismatch);
        }

        [TestMethod]
        public void Check_StopsAtABadManifest_BeforeAnyAssemblyIsHashed()
        {
            byte[] bundle = TestBundles.Simple("1.0.0");
            bundle[0] = 0;
            BundleChecker checker = new BundleChecker();
            Assert.IsTrue(checker.Feed(bundle, 0, bundle.Length) == BundleResult.BadMagic);
            Assert.IsFalse(checker.ManifestRead);
        }
    }
}
