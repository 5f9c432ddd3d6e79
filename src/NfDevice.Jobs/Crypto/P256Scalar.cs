namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// Arithmetic modulo the P-256 group order n (SEC 2 §2.4.2) for ECDSA's scalars. Products use the
    /// Montgomery domain (<see cref="Montgomery"/>, R = 2^256); the inverse of s uses the binary
    /// extended Euclidean algorithm (Menezes et al., Handbook of Applied Cryptography, Algorithm 14.61,
    /// specialised to an odd modulus), about three times cheaper than Fermat's s^(n-2) here. It is not
    /// constant-time, which is fine for verification, where s is public. Scratch is allocated in the constructor.
    /// </summary>
    public sealed class P256Scalar
    {
        /// <summary>The group order n.</summary>
        public static readonly uint[] N =
        {
            0xFC632551, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF,
        };

        private readonly Montgomery _mont = new Montgomery(N);
        private readonly uint[] _base = new uint[8];
        private readonly uint[] _u = new uint[8];
        private readonly uint[] _v = new uint[8];
        private readonly uint[] _x1 = new uint[8];
        private readonly uint[] _x2 = new uint[8];

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
            Invert(s, _base);
            _mont.ToMontgomery(_base, z);
        }

        /// <summary>z = s^-1 mod n for 1 &lt;= s &lt; n (binary extended Euclid); z must not alias s.</summary>
        public void Invert(uint[] s, uint[] z)
        {
            // Invariants: x1 s = u and x2 s = v (mod n); gcd(u, v) = gcd(s, n) = 1.
            uint[] u = _u, v = _v, x1 = _x1, x2 = _x2;
            Nat256.Copy(s, u);
            Nat256.Copy(N, v);
            Nat256.SetSmall(1, x1);
            Nat256.SetSmall(0, x2);
            while (!IsOne(u) && !IsOne(v))
            {
                while ((u[0] & 1) == 0)
                {
                    ShiftRight(u, 0);
                    HalveMod(x1);
                }

                while ((v[0] & 1) == 0)
                {
                    ShiftRight(v, 0);
                    HalveMod(x2);
                }

                if (Nat256.Compare(u, v) >= 0)
                {
                    Nat256.Sub(u, v, u);
                    SubtractMod(x1, x2, x1);
                }
                else
                {
                    Nat256.Sub(v, u, v);
                    SubtractMod(x2, x1, x2);
                }
            }

            Nat256.Copy(IsOne(u) ? x1 : x2, z);
        }

        private static bool IsOne(uint[] x)
        {
            return x[0] == 1 && (x[1] | x[2] | x[3] | x[4] | x[5] | x[6] | x[7]) == 0;
        }

        // x = x / 2 mod n: halve x, or x + n (even, since n is odd) when x is odd.
        private static void HalveMod(uint[] x)
        {
            uint carry = 0;
            if ((x[0] & 1) != 0)
            {
                carry = Nat256.Add(x, N, x);
            }

            ShiftRight(x, carry);
        }

        // Unrolled: the inverse shifts about 500 times per verify.
        private static void ShiftRight(uint[] x, uint topBit)
        {
            uint x1 = x[1], x2 = x[2], x3 = x[3], x4 = x[4], x5 = x[5], x6 = x[6], x7 = x[7];
            x[0] = (x[0] >> 1) | (x1 << 31);
            x[1] = (x1 >> 1) | (x2 << 31);
            x[2] = (x2 >> 1) | (x3 << 31);
            x[3] = (x3 >> 1) | (x4 << 31);
            x[4] = (x4 >> 1) | (x5 << 31);
            x[5] = (x5 >> 1) | (x6 << 31);
            x[6] = (x6 >> 1) | (x7 << 31);
            x[7] = (x7 >> 1) | (topBit << 31);
        }

        private static void SubtractMod(uint[] x, uint[] y, uint[] z)
        {
            if (Nat256.Sub(x, y, z) != 0)
            {
                Nat256.Add(z, N, z);
            }
        }

        /// <summary>z = a * bMont * R^-1 mod n, which is a * b mod n when bMont = b * R mod n; a &lt; n.</summary>
        public void MultiplyByMontgomery(uint[] a, uint[] bMont, uint[] z)
        {
            _mont.Multiply(a, bMont, z);
        }
    }
}
