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
        /// is a scratch point. Costs about 30 inversions, so it is done once per key, never per verify.
        /// </summary>
        public void Build(P256Curve curve, uint[] x, uint[] y, P256Point t)
        {
            _infinity[0] = true;

            // Entry 2^i = 2^(i D) P.
            Nat256.Copy(x, _x[1]);
            Nat256.Copy(y, _y[1]);
            _infinity[1] = false;
            for (int i = 1; i < Teeth; i++)
            {
                int previous = 1 << (i - 1);
                int current = 1 << i;
                t.SetAffine(_x[previous], _y[previous]);
                for (int k = 0; k < Spacing; k++)
                {
                    curve.Double(t, t);
                }

                _infinity[current] = !curve.ToAffine(t, _x[current], _y[current]);
            }

            // Entry j = entry (j without its top bit) + entry (top bit).
            for (int j = 3; j < Size; j++)
            {
                int top = 1;
                while ((top << 1) <= j)
                {
                    top <<= 1;
                }

                if (top == j)
                {
                    continue;
                }

                int rest = j ^ top;
                if (_infinity[rest])
                {
                    t.SetInfinity();
                }
                else
                {
                    t.SetAffine(_x[rest], _y[rest]);
                }

                if (!_infinity[top])
                {
                    curve.AddAffine(t, _x[top], _y[top], t);
                }

                _infinity[j] = !curve.ToAffine(t, _x[j], _y[j]);
            }
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
