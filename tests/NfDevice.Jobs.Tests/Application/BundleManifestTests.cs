#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Application;

namespace NfDevice.Jobs.Tests.Application
{
    [TestClass]
    public class BundleManifestTests
    {
        private static BundleResult Parse(byte[] bundle, out BundleManifest manifest)
        {
            manifest = new BundleManifest();
            return manifest.Parse(bundle, 0, bundle.Length);
        }

        [TestMethod]
        public void Parse_ReadsWhatWriteWrote_InLoadOrder()
        {
            byte[] bundle = TestBundles.Simple("1.2.0");
            BundleManifest m;
            Assert.IsTrue(Parse(bundle, out m) == BundleResult.Ok);
            Assert.AreEqual("Test App", m.AppName);
            Assert.AreEqual("1.2.0", m.Version);
            Assert.AreEqual("Sample.App.Entry", m.EntryType);
            Assert.AreEqual(2, m.AssemblyCount);
            Assert.AreEqual("Sample.Lib", m.Names[0]);
            Assert.AreEqual("Sample.App", m.Names[1]);
            Assert.AreEqual(3000, m.Sizes[0]);
            Assert.AreEqual(8000L, m.AssemblyBytes);
            Assert.AreEqual((long)bundle.Length, m.TotalLength);
            Assert.AreEqual(m.TotalLength - 5000, m.AssemblyOffset(1));
        }

        [TestMethod]
        public void Parse_IsPartial_UntilTheWholeManifestIsThere()
        {
            byte[] bundle = TestBundles.Simple("1.2.0");
            BundleManifest m = new BundleManifest();
            Assert.IsTrue(m.Parse(bundle, 0, 10) == BundleResult.Partial);
            Assert.IsTrue(m.Parse(bundle, 0, BundleManifest.HeaderSize + 5) == BundleResult.Partial);
        }

        [TestMethod]
        public void Parse_RejectsBadMagic_AtTheFirstWrongByte()
        {
            byte[] bundle = TestBundles.Simple("1.2.0");
            bundle[2] = 0x58;
            BundleManifest m = new BundleManifest();
            Assert.IsTrue(m.Parse(bundle, 0, 3) == BundleResult.BadMagic);
        }

        [TestMethod]
        public void Parse_RejectsUnknownFormatVersion()
        {
            byte[] bundle = TestBundles.Simple("1.2.0");
            bundle[8] = 2;
            BundleManifest m;
            Assert.IsTrue(Parse(bundle, out m) == BundleResult.BadFormatVersion);
        }

        [TestMethod]
        public void Parse_RejectsDuplicateAssemblyNames()
        {
            byte[] bundle = TestBundles.Build("1.0.0", "A.B", new string[] { "Same", "Same" }, new byte[][] { TestBundles.Assembly(10, 1), TestBundles.Assembly(20, 2) });
            BundleManifest m;
            Assert.IsTrue(Parse(bundle, out m) == BundleResult.DuplicateAssembly);
        }

        [TestMethod]
        public void Parse_RejectsVersionThatIsNotDottedNumbers()
        {
            byte[] bundle = TestBundles.Build("1.x", "A.B", new string[] { "One" }, new byte[][] { TestBundles.Assembly(10, 1) });
            BundleManifest m;
            Assert.IsTrue(Parse(bundle, out m) == BundleResult.BadVersion);
        }

        [TestMethod]
        public void Parse_RejectsNulAndSpaceInNames()
        {
            byte[] bundle = TestBundles.Build("1.0.0", "A.B", new string[] { "One" }, new byte[][] { TestBundles.Assembly(10, 1) });
            int nameAt = IndexOf(bundle, "One");
            bundle[nameAt + 1] = 0;
            BundleManifest m;
            Assert.IsTrue(Parse(bundle, out m) == BundleResult.BadText);
            bundle[nameAt + 1] = 0x20;
            Assert.IsTrue(Parse(bundle, out m) == BundleResult.BadText);
        }

        [TestMethod]
        public void Parse_RejectsZeroAssemblies_AndZeroSizes()
        {
            byte[] bundle = TestBundles.Build("1.0.0", "A.B", new string[] { "One" }, new byte[][] { TestBundles.Assembly(10, 1) });
            BundleManifest m;
            bundle[10] = 0;
            Assert.IsTrue(Parse(bundle, out m) == BundleResult.BadAssemblyCount);
            bundle[10] = 1;
            int sizeAt = IndexOf(bundle, "One") + 3;
            bundle[sizeAt] = 0;
            Assert.IsTrue(Parse(bundle, out m) == BundleResult.BadSize);
        }

        [TestMethod]
        public void Parse_RejectsManifestWithBytesLeftOver()
        {
            byte[] bundle = TestBundles.Simple("1.0.0");
            bundle[12]++; // the manifest claims one byte more than its fields use
            BundleManifest m;
            Assert.IsTrue(Parse(bundle, out m) == BundleResult.BadManifest);
        }

        [TestMethod]
        public void Parse_RejectsManifestLongerThanTheLimit()
        {
            byte[] bundle = TestBundles.Simple("1.0.0");
            bundle[12] = 0x01;
            bundle[13] = 0x10; // 4097
            BundleManifest m;
            Assert.IsTrue(Parse(bundle, out m) == BundleResult.BadManifest);
        }

        [TestMethod]
        public void Parse_NeverThrows_OnEveryTruncationAndSingleByteMutationOfTheManifest()
        {
            byte[] bundle = TestBundles.Simple("1.0.0");
            BundleManifest probe;
            Parse(bundle, out probe);
            int front = BundleManifest.HeaderSize + probe.ManifestLength;
            BundleManifest m = new BundleManifest();
            for (int cut = 0; cut < front; cut++)
            {
                Assert.IsTrue(m.Parse(bundle, 0, cut) != BundleResult.Ok, "cut " + cut.ToString());
            }

            for (int i = 0; i < front; i++)
            {
                byte saved = bundle[i];
                bundle[i] = (byte)(saved ^ 0xFF);
                m.Parse(bundle, 0, bundle.Length); // any result, no exception
                bundle[i] = saved;
            }
        }

        private static int IndexOf(byte[] bytes, string ascii)
        {
            for (int i = 0; i + ascii.Length <= bytes.Length; i++)
            {
                bool match = true;
                for (int j = 0; j < ascii.Length && match; j++)
                {
                    match = bytes[i + j] == (byte)ascii[j];
                }

                if (match)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
