namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// Arithmetic modulo p = 2^256 - 2^224 + 2^192 + 2^96 - 1 (SEC 2 §2.4.2, FIPS 186-4 §D.1.2.3) on
    /// <c>uint[8]</c> values in [0, p). Operations are <c>x, y -> z</c> with caller scratch; z may
    /// alias x or y. Nothing is allocated.
    /// </summary>
    public static partial class P256Field
    {
        /// <summary>The prime p.</summary>
        public static readonly uint[] P =
        {
            0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0x00000000, 0x00000000, 0x00000001, 0xFFFFFFFF,
        };

        /// <summary>
        /// Field multiplications and squarings performed since the last <see cref="ResetCount"/>; a
        /// figure that predicts the cost of a verify on an interpreter.
        /// </summary>
        public static long MultiplyCount;

        /// <summary>How many of <see cref="MultiplyCount"/> were squarings (which cost about 60 % of a multiplication).</summary>
        public static long SquareCount;

        /// <summary>Sets <see cref="MultiplyCount"/> and <see cref="SquareCount"/> to zero.</summary>
        public static void ResetCount()
        {
            MultiplyCount = 0;
            SquareCount = 0;
        }

        /// <summary>z = x + y mod p.</summary>
        public static void Add(uint[] x, uint[] y, uint[] z)
        {
            uint c = Nat256.Add(x, y, z);
            if (c != 0 || Nat256.Compare(z, P) >= 0)
            {
                Nat256.Sub(z, P, z);
            }
        }

        /// <summary>z = x - y mod p.</summary>
        public static void Subtract(uint[] x, uint[] y, uint[] z)
        {
            if (Nat256.Sub(x, y, z) != 0)
            {
                Nat256.Add(z, P, z);
            }
        }

        /// <summary>z = 2x mod p.</summary>
        public static void Twice(uint[] x, uint[] z)
        {
            Add(x, x, z);
        }

        /// <summary>
        /// z = x^-1 = x^(p-2) mod p (Fermat); x must be non-zero. <paramref name="t"/> is an 8-word scratch
        /// array; z must not alias x.
        /// </summary>
        public static void Invert(uint[] x, uint[] z, uint[] t)
        {
            // p - 2 = FFFFFFFF 00000001 00000000 00000000 00000000 FFFFFFFF FFFFFFFF FFFFFFFD (big-endian words).
            Nat256.Copy(x, t);
            Nat256.SetSmall(1, z);
            for (int bit = 255; bit >= 0; bit--)
            {
                Square(z, z);
                if (ExponentBit(bit) != 0)
                {
                    Multiply(z, t, z);
                }
            }
        }

        private static uint ExponentBit(int bit)
        {
            int word = bit >> 5;
            uint w = P[word];
            if (word == 0)
            {
                w = 0xFFFFFFFD;
            }

            return (w >> (bit & 31)) & 1;
        }

        /// <summary>
        /// z = tt mod p for a 512-bit tt = (c15..c0), by the fast reduction of FIPS 186-4 §D.2.3:
        /// T + 2 S1 + 2 S2 + S3 + S4 - D1 - D2 - D3 - D4, summed word by word in signed 64-bit.
        /// </summary>
        public static void Reduce(uint[] tt, uint[] z)
        {
            Reduce(tt[0], tt[1], tt[2], tt[3], tt[4], tt[5], tt[6], tt[7], tt[8], tt[9], tt[10], tt[11], tt[12], tt[13], tt[14], tt[15], z);
        }

        // The same reduction on the product's words c0..c15 (least significant first), as Multiply and Square hold them.
        private static void Reduce(long c0, long c1, long c2, long c3, long c4, long c5, long c6, long c7,
            long c8, long c9, long c10, long c11, long c12, long c13, long c14, long c15, uint[] z)
        {
            long acc = c0 + c8 + c9 - c11 - c12 - c13 - c14;
            z[0] = (uint)acc;
            acc >>= 32;
            acc += c1 + c9 + c10 - c12 - c13 - c14 - c15;
            z[1] = (uint)acc;
            acc >>= 32;
            acc += c2 + c10 + c11 - c13 - c14 - c15;
            z[2] = (uint)acc;
            acc >>= 32;
            acc += c3 + (2 * (c11 + c12)) + c13 - c15 - c8 - c9;
            z[3] = (uint)acc;
            acc >>= 32;
            acc += c4 + (2 * (c12 + c13)) + c14 - c9 - c10;
            z[4] = (uint)acc;
            acc >>= 32;
            acc += c5 + (2 * (c13 + c14)) + c15 - c10 - c11;
            z[5] = (uint)acc;
            acc >>= 32;
            acc += c6 + (3 * c14) + (2 * c15) + c13 - c8 - c9;
            z[6] = (uint)acc;
            acc >>= 32;
            acc += c7 + (3 * c15) + c8 - c10 - c11 - c12 - c13;
            z[7] = (uint)acc;
            acc >>= 32;

            FoldCarry(acc, z);
        }

        // Adds carry * 2^256 to z using 2^256 = 2^224 - 2^192 - 2^96 + 1 (mod p), then brings z into [0, p).
        private static void FoldCarry(long carry, uint[] z)
        {
            while (carry != 0)
            {
                long acc = (long)z[0] + carry;
                z[0] = (uint)acc;
                acc >>= 32;
                acc += z[1];
                z[1] = (uint)acc;
                acc >>= 32;
                acc += z[2];
                z[2] = (uint)acc;
                acc >>= 32;
                acc += (long)z[3] - carry;
                z[3] = (uint)acc;
                acc >>= 32;
                acc += z[4];
                z[4] = (uint)acc;
                acc >>= 32;
                acc += z[5];
                z[5] = (uint)acc;
                acc >>= 32;
                acc += (long)z[6] - carry;
                z[6] = (uint)acc;
                acc >>= 32;
                acc += (long)z[7] + carry;
                z[7] = (uint)acc;
                carry = acc >> 32;
            }

            if (Nat256.Compare(z, P) >= 0)
            {
                Nat256.Sub(z, P, z);
            }
        }
    }
}
