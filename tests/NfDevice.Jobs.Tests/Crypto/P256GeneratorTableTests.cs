#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Crypto
{
    [TestClass]
    public class P256GeneratorTableTests
    {
        [TestMethod]
        public void GeneratorTableConstants_EqualTheTableBuiltFromG_WordForWord()
        {
            P256CombTable built = new P256CombTable();
            built.Build(new P256Curve(), P256Curve.GX, P256Curve.GY, new P256Point());
            P256CombTable constants = P256CombTable.ForGenerator();
            uint[] bx = new uint[8], by = new uint[8], cx = new uint[8], cy = new uint[8];
            for (int j = 1; j < P256CombTable.Size; j++)
            {
                Assert.IsFalse(built.IsInfinity(j), "no multiple of G below n is the point at infinity");
                Assert.IsFalse(constants.IsInfinity(j));
                built.Load(j, bx, by);
                constants.Load(j, cx, cy);
                for (int w = 0; w < 8; w++)
                {
                    Assert.AreEqual(bx[w], cx[w], "entry " + j.ToString() + " x word " + w.ToString());
                    Assert.AreEqual(by[w], cy[w], "entry " + j.ToString() + " y word " + w.ToString());
                }
            }
        }
    }
}
