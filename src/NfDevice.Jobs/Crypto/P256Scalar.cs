namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// Arithmetic modulo the P-256 group order n (SEC 2 §2.4.2) for ECDSA's scalars, in the
    /// Montgomery domain (<see cref="Montgomery"/>, R = 2^256). Only what verification needs: the
    /// inverse of s and two products. Scratch is allocated in the constructor.
    /// </summary>
    public sealed class P256Scalar
    {
        /// <summary>The group order n.</summary>
        public static readonly uint[] N =
        {
            0xFC632551, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF,
        };

        // n - 2, the exponent of Fermat's inversion s^-1 = s^(n-2) mod n.
        private static readonly uint[] NMinus2 =
        {
            0xFC63254F, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF,
        };

        private readonly Montgomery _mont = new Montgomery(N);
        private readonly uint[] _base = new uint[8];

        /// <summary>True when 1 &lt;= x &lt; n.</summary>
        public static bool IsInRange(uint[] x)
        {
            return !Nat256.IsZero(x) && Nat256.Compare(x, N) < 0;
        }

        /// <summary>z = x mod n for any 256-bit x (x &lt; 2^256 &lt; 2n, so one subtraction).</summary>
        public static void ReduceOnce(uint[] x, uint[] z)
        {
            if (Nat256.Compare(x, N) >= 0)
            {
                Nat256.Sub(x, N, z);
            }
            else
            {
                Nat256.Copy(x, z);
            }
        }

        /// <summary>
        /// z = s^-1 * R mod n (the inverse in Montgomery form) for 1 &lt;= s &lt; n, so that
        /// <see cref="MultiplyByMontgomery"/>(e, z) yields e * s^-1 mod n. z must not alias s.
        /// </summary>
        public void InvertToMontgomery(uint[] s, uint[] z)
        {
            _mont.ToMontgomery(s, _base);
            Nat256.Copy(_base, z);
            for (int bit = 254; bit >= 0; bit--)
            {
                _mont.Multiply(z, z, z);
                if (Nat256.GetBit(NMinus2, bit) != 0)
                {
                    _mont.Multiply(z, _base, z);
                }
            }
        }

        /// <summary>z = a * bMont * R^-1 mod n, which is a * b mod n when bMont = b * R mod n; a &lt; n.</summary>
        public void MultiplyByMontgomery(uint[] a, uint[] bMont, uint[] z)
        {
            _mont.Multiply(a, bMont, z);
        }
    }
}
