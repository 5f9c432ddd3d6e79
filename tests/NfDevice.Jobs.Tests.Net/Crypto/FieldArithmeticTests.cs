using System;
using System.Numerics;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Net.Crypto
{
    /// <summary>The 256-bit, field, scalar and Montgomery layers against BigInteger, on random and edge values.</summary>
    [TestClass]
    public class FieldArithmeticTests
    {
        private static readonly BigInteger P = ToBig(P256Field.P);
        private static readonly BigInteger N = ToBig(P256Scalar.N);

        private static BigInteger ToBig(uint[] x)
        {
            byte[] bytes = new byte[x.Length * 4];
            Buffer.BlockCopy(x, 0, bytes, 0, bytes.Length);
            return new BigInteger(bytes, isUnsigned: true);
        }

        private static uint[] FromBig(BigInteger v, int words = 8)
        {
            byte[] bytes = new byte[words * 4];
            v.TryWriteBytes(bytes, out _, isUnsigned: true);
            uint[] x = new uint[words];
            Buffer.BlockCopy(bytes, 0, x, 0, bytes.Length);
            return x;
        }

        private static BigInteger RandomBelow(Random random, BigInteger bound)
        {
            byte[] bytes = new byte[33];
            random.NextBytes(bytes);
            bytes[32] = 0;
            return new BigInteger(bytes) % bound;
        }

        private static BigInteger[] Samples(Random random, BigInteger modulus, int count)
        {
            BigInteger[] edge = { 0, 1, 2, modulus - 1, modulus - 2, (BigInteger.One << 255) % modulus, (BigInteger.One << 224) % modulus, (BigInteger.One << 32) - 1 };
            var samples = new BigInteger[edge.Length + count];
            edge.CopyTo(samples, 0);
            for (int i = edge.Length; i < samples.Length; i++)
            {
                samples[i] = RandomBelow(random, modulus);
            }

            return samples;
        }

        [TestMethod]
        public void FieldOperations_MatchBigInteger()
        {
            var random = new Random(7);
            BigInteger[] xs = Samples(random, P, 300);
            uint[] z = new uint[8];
            foreach (BigInteger a in xs)
            {
                BigInteger b = xs[random.Next(xs.Length)];
                uint[] x = FromBig(a), y = FromBig(b);
                P256Field.Multiply(x, y, z);
                Assert.AreEqual(a * b % P, ToBig(z), $"{a} * {b}");
                P256Field.Square(x, z);
                Assert.AreEqual(a * a % P, ToBig(z));
                P256Field.Add(x, y, z);
                Assert.AreEqual((a + b) % P, ToBig(z));
                P256Field.Subtract(x, y, z);
                Assert.AreEqual(((a - b) % P + P) % P, ToBig(z));
            }
        }

        [TestMethod]
        public void FieldMultiplyAndSquare_MatchBigInteger_ForExtremeWords_AndWhenTheOutputAliasesAnInput()
        {
            // Words of 0 and 0xFFFFFFFF drive every carry of the unrolled products to its maximum.
            var random = new Random(10);
            for (int i = 0; i < 5000; i++)
            {
                uint[] x = ExtremeBelowP(random), y = ExtremeBelowP(random);
                BigInteger a = ToBig(x), b = ToBig(y);

                uint[] z = (uint[])x.Clone();
                P256Field.Multiply(z, y, z);
                Assert.AreEqual(a * b % P, ToBig(z), $"x * y into x: {a} * {b}");

                z = (uint[])y.Clone();
                P256Field.Multiply(x, z, z);
                Assert.AreEqual(a * b % P, ToBig(z), $"x * y into y: {a} * {b}");

                z = (uint[])x.Clone();
                P256Field.Square(z, z);
                Assert.AreEqual(a * a % P, ToBig(z), $"x^2 into x: {a}");
                Assert.AreEqual(a, ToBig(x), "the input array was written");
            }
        }

        private static uint[] ExtremeBelowP(Random random)
        {
            var words = new uint[8];
            for (int k = 0; k < 8; k++)
            {
                int kind = random.Next(3);
                words[k] = kind == 0 ? 0u : kind == 1 ? uint.MaxValue : (uint)random.NextInt64(0, 1L << 32);
            }

            return FromBig(ToBig(words) % P);
        }

        [TestMethod]
        public void FieldReduce_MatchesBigInteger_ForExtremeProducts()
        {
            var random = new Random(8);
            uint[] tt = new uint[16], z = new uint[8];
            for (int i = 0; i < 20000; i++)
            {
                for (int k = 0; k < 16; k++)
                {
                    int kind = random.Next(4);
                    tt[k] = kind == 0 ? 0u : kind == 1 ? uint.MaxValue : (uint)random.NextInt64(0, 1L << 32);
                }

                BigInteger value = ToBig(tt);
                P256Field.Reduce(tt, z);
                Assert.AreEqual(value % P, ToBig(z));
            }
        }

        [TestMethod]
        public void FieldInvert_MatchesModPow()
        {
            var random = new Random(9);
            uint[] z = new uint[8], t = new uint[8];
            foreach (BigInteger a in Samples(random, P, 20))
            {
                if (a.IsZero)
                {
                    continue;
                }

                P256Field.Invert(FromBig(a), z, t);
                Assert.AreEqual(BigInteger.ModPow(a, P - 2, P), ToBig(z));
                Assert.AreEqual(BigInteger.One, ToBig(z) * a % P);
            }
        }

        [TestMethod]
        public void ScalarInverseAndProduct_MatchBigInteger()
        {
            var random = new Random(10);
            var scalar = new P256Scalar();
            uint[] w = new uint[8], u = new uint[8];
            foreach (BigInteger s in Samples(random, N, 50))
            {
                if (s.IsZero)
                {
                    continue;
                }

                BigInteger e = RandomBelow(random, N);
                scalar.InvertToMontgomery(FromBig(s), w);
                scalar.MultiplyByMontgomery(FromBig(e), w, u);
                Assert.AreEqual(e * BigInteger.ModPow(s, N - 2, N) % N, ToBig(u));
            }
        }

        [TestMethod]
        public void MontgomeryMultiply_MatchesBigInteger_ForRsaSizedModuli()
        {
            var random = new Random(11);
            foreach (int words in new[] { 8, 64, 96 })
            {
                byte[] bytes = new byte[(words * 4) + 1];
                random.NextBytes(bytes);
                bytes[^1] = 0;
                bytes[0] |= 1;
                bytes[^2] |= 0x80;
                BigInteger m = new BigInteger(bytes);
                BigInteger r = BigInteger.One << (32 * words);
                BigInteger rInv = ModInverse(r % m, m);
                var mont = new Montgomery(FromBig(m, words));
                uint[] z = new uint[words];
                for (int i = 0; i < 30; i++)
                {
                    BigInteger a = i == 0 ? m - 1 : RandomBelowBits(random, words) % m;
                    BigInteger b = i == 0 ? m - 1 : RandomBelowBits(random, words) % m;
                    mont.Multiply(FromBig(a, words), FromBig(b, words), z);
                    Assert.AreEqual(a * b * rInv % m, ToBig(z), $"{words} words");
                    mont.ToMontgomery(FromBig(a, words), z);
                    Assert.AreEqual(a * r % m, ToBig(z));
                    mont.FromMontgomery(z, z);
                    Assert.AreEqual(a, ToBig(z));
                }
            }
        }

        private static BigInteger RandomBelowBits(Random random, int words)
        {
            byte[] bytes = new byte[(words * 4) + 1];
            random.NextBytes(bytes);
            bytes[^1] = 0;
            return new BigInteger(bytes);
        }

        private static BigInteger ModInverse(BigInteger a, BigInteger m)
        {
            BigInteger t = 0, newT = 1, r = m, newR = a;
            while (!newR.IsZero)
            {
                BigInteger q = r / newR;
                (t, newT) = (newT, t - (q * newT));
                (r, newR) = (newR, r - (q * newR));
            }

            return t < 0 ? t + m : t;
        }
    }
}
