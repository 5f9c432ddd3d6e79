namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// Montgomery arithmetic modulo an odd m of k 32-bit words (least significant first), R = 2^(32k).
    /// Used for RSA (k = 64 or 96) and for the P-256 scalar field (k = 8). The constructor allocates the
    /// scratch; afterwards no operation allocates. Multiplication is CIOS (Koç, Acar, Kaliski,
    /// "Analyzing and Comparing Montgomery Multiplication Algorithms", 1996).
    /// </summary>
    public sealed class Montgomery
    {
        private readonly uint[] _m;
        private readonly uint[] _r2;
        private readonly uint[] _t;
        private readonly uint[] _one;
        private readonly int _k;
        private readonly uint _m0Inv;

        /// <summary>
        /// Prepares arithmetic modulo <paramref name="modulus"/> (k words, odd, top word non-zero, k &gt;= 1).
        /// The array is copied.
        /// </summary>
        public Montgomery(uint[] modulus)
        {
            _k = modulus.Length;
            _m = new uint[_k];
            System.Array.Copy(modulus, _m, _k);
            _t = new uint[_k + 1];
            _r2 = new uint[_k];
            _one = new uint[_k];
            _one[0] = 1;

            // -m^-1 mod 2^32 by Newton iteration: each step doubles the number of correct low bits.
            uint inv = 1;
            for (int i = 0; i < 5; i++)
            {
                inv *= 2 - (_m[0] * inv);
            }

            _m0Inv = (uint)(0 - inv);
            ComputeR2();
        }

        /// <summary>Number of words k.</summary>
        public int Length
        {
            get { return _k; }
        }

        /// <summary>The modulus (do not modify).</summary>
        public uint[] Modulus
        {
            get { return _m; }
        }

        /// <summary>z = a * b * R^-1 mod m for a, b &lt; m; z may alias a or b.</summary>
        public void Multiply(uint[] a, uint[] b, uint[] z)
        {
            int k = _k;
            uint[] t = _t;
            uint[] m = _m;
            for (int i = 0; i <= k; i++)
            {
                t[i] = 0;
            }

            // One pass per word of b, adding a * b[i] and u * m together (u chosen so the low word
            // cancels) and shifting t down one word: t = (t + a b[i] + u m) / 2^32, which stays below 2m.
            for (int i = 0; i < k; i++)
            {
                ulong bi = b[i];
                ulong c1 = (a[0] * bi) + t[0];
                ulong u = (uint)((uint)c1 * _m0Inv);
                ulong c2 = (u * m[0]) + (uint)c1;
                c1 >>= 32;
                c2 >>= 32;
                for (int j = 1; j < k; j++)
                {
                    c1 += (a[j] * bi) + t[j];
                    c2 += (u * m[j]) + (uint)c1;
                    t[j - 1] = (uint)c2;
                    c1 >>= 32;
                    c2 >>= 32;
                }

                c1 += t[k];
                c2 += (uint)c1;
                t[k - 1] = (uint)c2;
                t[k] = (uint)((c2 >> 32) + (c1 >> 32));
            }

            // t < 2m: one conditional subtraction.
            bool subtract = t[k] != 0;
            if (!subtract)
            {
                subtract = true;
                for (int i = k - 1; i >= 0; i--)
                {
                    if (t[i] != m[i])
                    {
                        subtract = t[i] > m[i];
                        break;
                    }
                }
            }

            if (subtract)
            {
                long borrow = 0;
                for (int i = 0; i < k; i++)
                {
                    borrow += (long)t[i] - m[i];
                    z[i] = (uint)borrow;
                    borrow >>= 32;
                }
            }
            else
            {
                for (int i = 0; i < k; i++)
                {
                    z[i] = t[i];
                }
            }
        }

        /// <summary>z = a * R mod m (into the Montgomery domain) for a &lt; m.</summary>
        public void ToMontgomery(uint[] a, uint[] z)
        {
            Multiply(a, _r2, z);
        }

        /// <summary>z = a * R^-1 mod m (out of the Montgomery domain).</summary>
        public void FromMontgomery(uint[] a, uint[] z)
        {
            Multiply(a, _one, z);
        }

        /// <summary>True when a &lt; m (a has k words).</summary>
        public bool IsReduced(uint[] a)
        {
            for (int i = _k - 1; i >= 0; i--)
            {
                if (a[i] != _m[i])
                {
                    return a[i] < _m[i];
                }
            }

            return false;
        }

        // R^2 mod m: (2R mod m) is the Montgomery form of 2; raising it to the power 32k in the
        // Montgomery domain gives the Montgomery form of 2^(32k) = R, that is R * R mod m.
        private void ComputeR2()
        {
            int k = _k;
            uint[] x = _r2;
            uint[] acc = new uint[k];
            x[0] = 1;
            for (int i = 0; i < (32 * k) + 1; i++)
            {
                DoubleMod(x);
            }

            // acc = x^(32k) by left-to-right square and multiply over the bits of 32k.
            int e = 32 * k;
            int top = 30;
            while (((e >> top) & 1) == 0)
            {
                top--;
            }

            System.Array.Copy(x, acc, k);
            for (int bit = top - 1; bit >= 0; bit--)
            {
                Multiply(acc, acc, acc);
                if (((e >> bit) & 1) != 0)
                {
                    Multiply(acc, x, acc);
                }
            }

            System.Array.Copy(acc, _r2, k);
        }

        private void DoubleMod(uint[] x)
        {
            int k = _k;
            uint carry = 0;
            for (int i = 0; i < k; i++)
            {
                uint v = x[i];
                x[i] = (v << 1) | carry;
                carry = v >> 31;
            }

            bool subtract = carry != 0;
            if (!subtract)
            {
                subtract = true;
                for (int i = k - 1; i >= 0; i--)
                {
                    if (x[i] != _m[i])
                    {
                        subtract = x[i] > _m[i];
                        break;
                    }
                }
            }

            if (subtract)
            {
                long borrow = 0;
                for (int i = 0; i < k; i++)
                {
                    borrow += (long)x[i] - _m[i];
                    x[i] = (uint)borrow;
                    borrow >>= 32;
                }
            }
        }
    }
}
