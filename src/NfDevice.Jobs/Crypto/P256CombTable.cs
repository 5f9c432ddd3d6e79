namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// Fixed-base comb table for a point P of P-256 (Lim and Lee, CRYPTO '94; Hankerson, Menezes,
    /// Vanstone, "Guide to Elliptic Curve Cryptography", Algorithm 3.44): with W = 5 teeth spaced
    /// D = 52 bits apart, entry j (1 &lt;= j &lt; 32) is sum over the set bits i of j of 2^(i D) P, in
    /// affine form. A scalar multiplication then needs D - 1 doublings and at most D additions.
    /// Built once (for G, and per public key for Q); about 2 KB.
    /// </summary>
    public sealed class P256CombTable
    {
        /// <summary>Number of teeth W.</summary>
        public const int Teeth = 5;

        /// <summary>Spacing D = ceil(256 / W).</summary>
        public const int Spacing = 52;

        /// <summary>Number of entries, 2^W (entry 0, the point at infinity, is unused).</summary>
        public const int Size = 32;

        private readonly uint[][] _x = new uint[Size][];
        private readonly uint[][] _y = new uint[Size][];
        private readonly bool[] _infinity = new bool[Size];

        /// <summary>Allocates an empty table.</summary>
        public P256CombTable()
        {
            for (int j = 0; j < Size; j++)
            {
                _x[j] = new uint[8];
                _y[j] = new uint[8];
            }
        }

        /// <summary>Affine x of entry j.</summary>
        public uint[] X(int j)
        {
            return _x[j];
        }

        /// <summary>Affine y of entry j.</summary>
        public uint[] Y(int j)
        {
            return _y[j];
        }

        /// <summary>True when entry j is the point at infinity (then it is skipped).</summary>
        public bool IsInfinity(int j)
        {
            return _infinity[j];
        }

        /// <summary>
        /// Fills the table for the affine point (x, y), which must be on the curve; <paramref name="t"/>
        /// is a scratch point. The W entries 2^(i D) P (one set bit) are brought to affine form with one
        /// inversion (Montgomery's simultaneous inversion); every other entry is a Jacobian entry with one bit
        /// fewer plus an affine one-bit entry (a mixed addition), and all of them are brought to affine form
        /// with a second simultaneous inversion, so a build costs 2 field inversions. Done once per key, never
        /// per verify; allocates about 2 KB of temporary scratch.
        /// </summary>
        public void Build(P256Curve curve, uint[] x, uint[] y, P256Point t)
        {
            uint[][] z = new uint[Size][];
            uint[][] prefix = new uint[Size][];
            for (int j = 0; j < Size; j++)
            {
                z[j] = new uint[8];
                prefix[j] = new uint[8];
            }

            _infinity[0] = true;

            // Level 1: entry 2^i = 2^(i D) P.
            t.SetAffine(x, y);
            Store(1, t, z);
            for (int i = 1; i < Teeth; i++)
            {
                for (int k = 0; k < Spacing; k++)
                {
                    curve.Double(t, t);
                }

                Store(1 << i, t, z);
            }

            ToAffine(1, 1, z, prefix);

            // Level L: entry j = entry (j without its top bit, level L - 1, Jacobian) + entry (top bit, affine).
            for (int level = 2; level <= Teeth; level++)
            {
                for (int j = 3; j < Size; j++)
                {
                    if (BitCount(j) != level)
                    {
                        continue;
                    }

                    int top = 1;
                    while ((top << 1) <= j)
                    {
                        top <<= 1;
                    }

                    int rest = j ^ top;
                    if (_infinity[rest])
                    {
                        t.SetInfinity();
                    }
                    else
                    {
                        Nat256.Copy(_x[rest], t.X);
                        Nat256.Copy(_y[rest], t.Y);
                        Nat256.Copy(z[rest], t.Z);
                    }

                    if (!_infinity[top])
                    {
                        curve.AddAffine(t, _x[top], _y[top], t);
                    }

                    Store(j, t, z);
                }
            }

            ToAffine(2, Teeth, z, prefix);
        }

        private void Store(int j, P256Point p, uint[][] z)
        {
            Nat256.Copy(p.X, _x[j]);
            Nat256.Copy(p.Y, _y[j]);
            Nat256.Copy(p.Z, z[j]);
            _infinity[j] = p.IsInfinity;
        }

        // Simultaneous inversion of the Z of every finite entry whose level (number of set bits) is in
        // [fromLevel, toLevel]: prefix[j] = Z_a ... Z_j, one inversion of the last product, then
        // Z_j^-1 = (Z_a ... Z_j)^-1 (Z_a ... Z_(j-1)) walking back.
        private void ToAffine(int fromLevel, int toLevel, uint[][] z, uint[][] prefix)
        {
            uint[] inv = new uint[8];
            uint[] zInv = new uint[8];
            uint[] t = new uint[8];
            int last = -1;
            for (int j = 1; j < Size; j++)
            {
                if (!InLevels(j, fromLevel, toLevel) || _infinity[j])
                {
                    continue;
                }

                if (last < 0)
                {
                    Nat256.Copy(z[j], prefix[j]);
                }
                else
                {
                    P256Field.Multiply(prefix[last], z[j], prefix[j]);
                }

                last = j;
            }

            if (last < 0)
            {
                return;
            }

            P256Field.Invert(prefix[last], inv, t);
            for (int j = last; j >= 1; j--)
            {
                if (!InLevels(j, fromLevel, toLevel) || _infinity[j])
                {
                    continue;
                }

                int previous = j - 1;
                while (previous >= 1 && (!InLevels(previous, fromLevel, toLevel) || _infinity[previous]))
                {
                    previous--;
                }

                if (previous >= 1)
                {
                    P256Field.Multiply(inv, prefix[previous], zInv);
                    P256Field.Multiply(inv, z[j], inv);
                }
                else
                {
                    Nat256.Copy(inv, zInv);
                }

                // x = X / Z^2, y = Y / Z^3.
                P256Field.Square(zInv, t);
                P256Field.Multiply(_x[j], t, _x[j]);
                P256Field.Multiply(t, zInv, t);
                P256Field.Multiply(_y[j], t, _y[j]);

                // The entry is affine now; entries built from it later read its Z.
                Nat256.SetSmall(1, z[j]);
            }
        }

        private static bool InLevels(int j, int fromLevel, int toLevel)
        {
            int level = BitCount(j);
            return level >= fromLevel && level <= toLevel;
        }

        private static int BitCount(int v)
        {
            int count = 0;
            while (v != 0)
            {
                count += v & 1;
                v >>= 1;
            }

            return count;
        }

        /// <summary>
        /// Column <paramref name="column"/> of scalar k: bit i of the result is bit (i D + column) of k
        /// (bits at 256 and above are zero).
        /// </summary>
        public static int Index(uint[] k, int column)
        {
            int index = 0;
            for (int i = Teeth - 1; i >= 0; i--)
            {
                int bit = (i * Spacing) + column;
                index <<= 1;
                if (bit < 256)
                {
                    index |= (int)((k[bit >> 5] >> (bit & 31)) & 1);
                }
            }

            return index;
        }
    }
}
