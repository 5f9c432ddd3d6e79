namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// Fixed-base comb table for a point P of P-256 (Lim and Lee, CRYPTO '94; Hankerson, Menezes,
    /// Vanstone, "Guide to Elliptic Curve Cryptography", Algorithm 3.44): with W = 5 teeth spaced
    /// D = 52 bits apart, entry j (1 &lt;= j &lt; 32) is sum over the set bits i of j of 2^(i D) P, in
    /// affine form. A scalar multiplication then needs D - 1 doublings and at most D additions.
    /// </summary>
    /// <remarks>
    /// The 31 entries live in one packed uint[] (x then y, 16 words per entry): 2,004 bytes on nanoCLR's heap,
    /// where an array per coordinate (62 arrays and two arrays of references) took 4,776. A reader copies an
    /// entry out with <see cref="Load"/> (16 words, a few hundred IL against the ~17 k of the addition it feeds).
    /// </remarks>
    public sealed class P256CombTable
    {
        /// <summary>Number of teeth W.</summary>
        public const int Teeth = 5;

        /// <summary>Spacing D = ceil(256 / W).</summary>
        public const int Spacing = 52;

        /// <summary>Number of entries, 2^W (entry 0, the point at infinity, is unused).</summary>
        public const int Size = 32;

        // Words per entry: affine x (8) then y (8). Entry j starts at (j - 1) * EntryWords.
        private const int EntryWords = 16;

        private readonly uint[] _points;

        // Bit j set: entry j is the point at infinity (bit 0 always: entry 0 is never used).
        private uint _infinity = 1;

        /// <summary>Allocates an empty table (fill it with <see cref="Build"/>).</summary>
        public P256CombTable()
        {
            _points = new uint[(Size - 1) * EntryWords];
        }

        private P256CombTable(uint[] points)
        {
            _points = points;
        }

        /// <summary>
        /// G's table, copied from the constants of <see cref="P256GeneratorTable"/> rather than built: a new table each
        /// call (2 KB), equal to one that <see cref="Build"/> fills from G (no entry of G's table is the point at infinity).
        /// </summary>
        public static P256CombTable ForGenerator()
        {
            return new P256CombTable(P256GeneratorTable.NewPoints());
        }

        /// <summary>True when entry j is the point at infinity (then it is skipped).</summary>
        public bool IsInfinity(int j)
        {
            return ((_infinity >> j) & 1) != 0;
        }

        /// <summary>Copies the affine coordinates of entry j (1 &lt;= j &lt; <see cref="Size"/>) into x and y.</summary>
        public void Load(int j, uint[] x, uint[] y)
        {
            // Unrolled: this runs up to 104 times per verify, and the interpreter pays for every loop test.
            uint[] p = _points;
            int a = (j - 1) * EntryWords;
            x[0] = p[a]; x[1] = p[a + 1]; x[2] = p[a + 2]; x[3] = p[a + 3];
            x[4] = p[a + 4]; x[5] = p[a + 5]; x[6] = p[a + 6]; x[7] = p[a + 7];
            y[0] = p[a + 8]; y[1] = p[a + 9]; y[2] = p[a + 10]; y[3] = p[a + 11];
            y[4] = p[a + 12]; y[5] = p[a + 13]; y[6] = p[a + 14]; y[7] = p[a + 15];
        }

        /// <summary>
        /// Fills the table for the affine point (x, y), which must be on the curve; <paramref name="t"/>
        /// is a scratch point. The W entries 2^(i D) P (one set bit) are brought to affine form with one
        /// inversion (Montgomery's simultaneous inversion); every other entry is a Jacobian entry with one bit
        /// fewer plus an affine one-bit entry (a mixed addition), and all of them are brought to affine form
        /// with a second simultaneous inversion, so a build costs 2 field inversions. Allocates about 2.3 KB
        /// of scratch for the build (the entries' Z and the inversion's prefix products), dropped when it returns.
        /// </summary>
        public void Build(P256Curve curve, uint[] x, uint[] y, P256Point t)
        {
            Scratch s = new Scratch();
            _infinity = 1;

            // Level 1: entry 2^i = 2^(i D) P.
            t.SetAffine(x, y);
            Store(1, t, s.Z);
            for (int i = 1; i < Teeth; i++)
            {
                for (int k = 0; k < Spacing; k++)
                {
                    curve.Double(t, t);
                }

                Store(1 << i, t, s.Z);
            }

            ToAffine(1, 1, s);

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
                    if (IsInfinity(rest))
                    {
                        t.SetInfinity();
                    }
                    else
                    {
                        Load(rest, t.X, t.Y);
                        Get(s.Z, rest, t.Z);
                    }

                    if (!IsInfinity(top))
                    {
                        Load(top, s.A, s.B);
                        curve.AddAffine(t, s.A, s.B, t);
                    }

                    Store(j, t, s.Z);
                }
            }

            ToAffine(2, Teeth, s);
        }

        // The build's working storage: Z of every entry and the prefix products, packed 8 words per entry.
        private sealed class Scratch
        {
            public readonly uint[] Z = new uint[Size * 8];
            public readonly uint[] Prefix = new uint[Size * 8];
            public readonly uint[] A = new uint[8];
            public readonly uint[] B = new uint[8];
            public readonly uint[] C = new uint[8];
            public readonly uint[] Inv = new uint[8];
            public readonly uint[] ZInv = new uint[8];
        }

        private void Store(int j, P256Point p, uint[] z)
        {
            int a = (j - 1) * EntryWords;
            for (int i = 0; i < 8; i++)
            {
                _points[a + i] = p.X[i];
                _points[a + 8 + i] = p.Y[i];
            }

            Put(p.Z, z, j);
            if (p.IsInfinity)
            {
                _infinity |= 1u << j;
            }
            else
            {
                _infinity &= ~(1u << j);
            }
        }

        // Simultaneous inversion of the Z of every finite entry whose level (number of set bits) is in
        // [fromLevel, toLevel]: prefix[j] = Z_a ... Z_j, one inversion of the last product, then
        // Z_j^-1 = (Z_a ... Z_j)^-1 (Z_a ... Z_(j-1)) walking back.
        private void ToAffine(int fromLevel, int toLevel, Scratch s)
        {
            uint[] z = s.Z, prefix = s.Prefix, a = s.A, b = s.B, t = s.C, inv = s.Inv, zInv = s.ZInv;
            int last = -1;
            for (int j = 1; j < Size; j++)
            {
                if (!InLevels(j, fromLevel, toLevel) || IsInfinity(j))
                {
                    continue;
                }

                Get(z, j, b);
                if (last >= 0)
                {
                    Get(prefix, last, a);
                    P256Field.Multiply(a, b, b);
                }

                Put(b, prefix, j);
                last = j;
            }

            if (last < 0)
            {
                return;
            }

            Get(prefix, last, a);
            P256Field.Invert(a, inv, t);
            for (int j = last; j >= 1; j--)
            {
                if (!InLevels(j, fromLevel, toLevel) || IsInfinity(j))
                {
                    continue;
                }

                int previous = j - 1;
                while (previous >= 1 && (!InLevels(previous, fromLevel, toLevel) || IsInfinity(previous)))
                {
                    previous--;
                }

                if (previous >= 1)
                {
                    Get(prefix, previous, a);
                    P256Field.Multiply(inv, a, zInv);
                    Get(z, j, b);
                    P256Field.Multiply(inv, b, inv);
                }
                else
                {
                    Nat256.Copy(inv, zInv);
                }

                // x = X / Z^2, y = Y / Z^3.
                Load(j, a, b);
                P256Field.Square(zInv, t);
                P256Field.Multiply(a, t, a);
                P256Field.Multiply(t, zInv, t);
                P256Field.Multiply(b, t, b);
                int at = (j - 1) * EntryWords;
                for (int i = 0; i < 8; i++)
                {
                    _points[at + i] = a[i];
                    _points[at + 8 + i] = b[i];
                }

                // The entry is affine now; entries built from it later read its Z.
                Nat256.SetSmall(1, b);
                Put(b, z, j);
            }
        }

        private static void Get(uint[] packed, int j, uint[] to)
        {
            int a = j * 8;
            for (int i = 0; i < 8; i++)
            {
                to[i] = packed[a + i];
            }
        }

        private static void Put(uint[] from, uint[] packed, int j)
        {
            int a = j * 8;
            for (int i = 0; i < 8; i++)
            {
                packed[a + i] = from[i];
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
