namespace NfDevice.Jobs.Crypto
{
    /// <summary>Field multiplication and squaring: the 512-bit product in locals, then the fast reduction.</summary>
    public static partial class P256Field
    {
        // Both are unrolled so that on an interpreter each partial product is a handful of IL instructions on
        // locals: no array access, no loop counter, no 16-word scratch. Rows of the schoolbook product (operand
        // scanning) keep one 64-bit carry c; c = (c >> 32) + xj yi + t never overflows, since
        // (2^32 - 1) + (2^32 - 1)^2 + (2^32 - 1) = 2^64 - 1.

        /// <summary>z = x * y mod p; z may alias x or y.</summary>
        public static void Multiply(uint[] x, uint[] y, uint[] z)
        {
            MultiplyCount++;
            ulong x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
            ulong x4 = x[4], x5 = x[5], x6 = x[6], x7 = x[7];
            uint t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15;
            ulong c;
            ulong yi = y[0];
            c = x0 * yi; t0 = (uint)c;
            c = (c >> 32) + (x1 * yi); t1 = (uint)c;
            c = (c >> 32) + (x2 * yi); t2 = (uint)c;
            c = (c >> 32) + (x3 * yi); t3 = (uint)c;
            c = (c >> 32) + (x4 * yi); t4 = (uint)c;
            c = (c >> 32) + (x5 * yi); t5 = (uint)c;
            c = (c >> 32) + (x6 * yi); t6 = (uint)c;
            c = (c >> 32) + (x7 * yi); t7 = (uint)c;
            t8 = (uint)(c >> 32);

            yi = y[1];
            c = (x0 * yi) + t1; t1 = (uint)c;
            c = (c >> 32) + (x1 * yi) + t2; t2 = (uint)c;
            c = (c >> 32) + (x2 * yi) + t3; t3 = (uint)c;
            c = (c >> 32) + (x3 * yi) + t4; t4 = (uint)c;
            c = (c >> 32) + (x4 * yi) + t5; t5 = (uint)c;
            c = (c >> 32) + (x5 * yi) + t6; t6 = (uint)c;
            c = (c >> 32) + (x6 * yi) + t7; t7 = (uint)c;
            c = (c >> 32) + (x7 * yi) + t8; t8 = (uint)c;
            t9 = (uint)(c >> 32);

            yi = y[2];
            c = (x0 * yi) + t2; t2 = (uint)c;
            c = (c >> 32) + (x1 * yi) + t3; t3 = (uint)c;
            c = (c >> 32) + (x2 * yi) + t4; t4 = (uint)c;
            c = (c >> 32) + (x3 * yi) + t5; t5 = (uint)c;
            c = (c >> 32) + (x4 * yi) + t6; t6 = (uint)c;
            c = (c >> 32) + (x5 * yi) + t7; t7 = (uint)c;
            c = (c >> 32) + (x6 * yi) + t8; t8 = (uint)c;
            c = (c >> 32) + (x7 * yi) + t9; t9 = (uint)c;
            t10 = (uint)(c >> 32);

            yi = y[3];
            c = (x0 * yi) + t3; t3 = (uint)c;
            c = (c >> 32) + (x1 * yi) + t4; t4 = (uint)c;
            c = (c >> 32) + (x2 * yi) + t5; t5 = (uint)c;
            c = (c >> 32) + (x3 * yi) + t6; t6 = (uint)c;
            c = (c >> 32) + (x4 * yi) + t7; t7 = (uint)c;
            c = (c >> 32) + (x5 * yi) + t8; t8 = (uint)c;
            c = (c >> 32) + (x6 * yi) + t9; t9 = (uint)c;
            c = (c >> 32) + (x7 * yi) + t10; t10 = (uint)c;
            t11 = (uint)(c >> 32);

            yi = y[4];
            c = (x0 * yi) + t4; t4 = (uint)c;
            c = (c >> 32) + (x1 * yi) + t5; t5 = (uint)c;
            c = (c >> 32) + (x2 * yi) + t6; t6 = (uint)c;
            c = (c >> 32) + (x3 * yi) + t7; t7 = (uint)c;
            c = (c >> 32) + (x4 * yi) + t8; t8 = (uint)c;
            c = (c >> 32) + (x5 * yi) + t9; t9 = (uint)c;
            c = (c >> 32) + (x6 * yi) + t10; t10 = (uint)c;
            c = (c >> 32) + (x7 * yi) + t11; t11 = (uint)c;
            t12 = (uint)(c >> 32);

            yi = y[5];
            c = (x0 * yi) + t5; t5 = (uint)c;
            c = (c >> 32) + (x1 * yi) + t6; t6 = (uint)c;
            c = (c >> 32) + (x2 * yi) + t7; t7 = (uint)c;
            c = (c >> 32) + (x3 * yi) + t8; t8 = (uint)c;
            c = (c >> 32) + (x4 * yi) + t9; t9 = (uint)c;
            c = (c >> 32) + (x5 * yi) + t10; t10 = (uint)c;
            c = (c >> 32) + (x6 * yi) + t11; t11 = (uint)c;
            c = (c >> 32) + (x7 * yi) + t12; t12 = (uint)c;
            t13 = (uint)(c >> 32);

            yi = y[6];
            c = (x0 * yi) + t6; t6 = (uint)c;
            c = (c >> 32) + (x1 * yi) + t7; t7 = (uint)c;
            c = (c >> 32) + (x2 * yi) + t8; t8 = (uint)c;
            c = (c >> 32) + (x3 * yi) + t9; t9 = (uint)c;
            c = (c >> 32) + (x4 * yi) + t10; t10 = (uint)c;
            c = (c >> 32) + (x5 * yi) + t11; t11 = (uint)c;
            c = (c >> 32) + (x6 * yi) + t12; t12 = (uint)c;
            c = (c >> 32) + (x7 * yi) + t13; t13 = (uint)c;
            t14 = (uint)(c >> 32);

            yi = y[7];
            c = (x0 * yi) + t7; t7 = (uint)c;
            c = (c >> 32) + (x1 * yi) + t8; t8 = (uint)c;
            c = (c >> 32) + (x2 * yi) + t9; t9 = (uint)c;
            c = (c >> 32) + (x3 * yi) + t10; t10 = (uint)c;
            c = (c >> 32) + (x4 * yi) + t11; t11 = (uint)c;
            c = (c >> 32) + (x5 * yi) + t12; t12 = (uint)c;
            c = (c >> 32) + (x6 * yi) + t13; t13 = (uint)c;
            c = (c >> 32) + (x7 * yi) + t14; t14 = (uint)c;
            t15 = (uint)(c >> 32);

            Reduce(t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15, z);
        }

        /// <summary>z = x^2 mod p; z may alias x. 36 word products instead of 64: each cross product x_i x_j (i &lt; j) once, then doubled.</summary>
        public static void Square(uint[] x, uint[] z)
        {
            MultiplyCount++;
            SquareCount++;
            ulong x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
            ulong x4 = x[4], x5 = x[5], x6 = x[6], x7 = x[7];
            uint t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15;
            ulong c, s;

            // Cross products: t1..t14 = sum over i < j of x_i x_j 2^(32 (i + j)), row by row.
            c = x1 * x0; t1 = (uint)c;
            c = (c >> 32) + (x2 * x0); t2 = (uint)c;
            c = (c >> 32) + (x3 * x0); t3 = (uint)c;
            c = (c >> 32) + (x4 * x0); t4 = (uint)c;
            c = (c >> 32) + (x5 * x0); t5 = (uint)c;
            c = (c >> 32) + (x6 * x0); t6 = (uint)c;
            c = (c >> 32) + (x7 * x0); t7 = (uint)c;
            t8 = (uint)(c >> 32);
            c = (x2 * x1) + t3; t3 = (uint)c;
            c = (c >> 32) + (x3 * x1) + t4; t4 = (uint)c;
            c = (c >> 32) + (x4 * x1) + t5; t5 = (uint)c;
            c = (c >> 32) + (x5 * x1) + t6; t6 = (uint)c;
            c = (c >> 32) + (x6 * x1) + t7; t7 = (uint)c;
            c = (c >> 32) + (x7 * x1) + t8; t8 = (uint)c;
            t9 = (uint)(c >> 32);
            c = (x3 * x2) + t5; t5 = (uint)c;
            c = (c >> 32) + (x4 * x2) + t6; t6 = (uint)c;
            c = (c >> 32) + (x5 * x2) + t7; t7 = (uint)c;
            c = (c >> 32) + (x6 * x2) + t8; t8 = (uint)c;
            c = (c >> 32) + (x7 * x2) + t9; t9 = (uint)c;
            t10 = (uint)(c >> 32);
            c = (x4 * x3) + t7; t7 = (uint)c;
            c = (c >> 32) + (x5 * x3) + t8; t8 = (uint)c;
            c = (c >> 32) + (x6 * x3) + t9; t9 = (uint)c;
            c = (c >> 32) + (x7 * x3) + t10; t10 = (uint)c;
            t11 = (uint)(c >> 32);
            c = (x5 * x4) + t9; t9 = (uint)c;
            c = (c >> 32) + (x6 * x4) + t10; t10 = (uint)c;
            c = (c >> 32) + (x7 * x4) + t11; t11 = (uint)c;
            t12 = (uint)(c >> 32);
            c = (x6 * x5) + t11; t11 = (uint)c;
            c = (c >> 32) + (x7 * x5) + t12; t12 = (uint)c;
            t13 = (uint)(c >> 32);
            c = (x7 * x6) + t13; t13 = (uint)c;
            t14 = (uint)(c >> 32);

            // x^2 = 2 cross + sum of x_i^2 2^(64 i): word k gets 2 t_k plus the low or high half of a square;
            // 2 t_k < 2^33, so the carry stays below 4.
            s = x0 * x0; t0 = (uint)s;
            c = (s >> 32) + ((ulong)t1 << 1); t1 = (uint)c;
            s = x1 * x1;
            c = (c >> 32) + ((ulong)t2 << 1) + (uint)s; t2 = (uint)c;
            c = (c >> 32) + ((ulong)t3 << 1) + (s >> 32); t3 = (uint)c;
            s = x2 * x2;
            c = (c >> 32) + ((ulong)t4 << 1) + (uint)s; t4 = (uint)c;
            c = (c >> 32) + ((ulong)t5 << 1) + (s >> 32); t5 = (uint)c;
            s = x3 * x3;
            c = (c >> 32) + ((ulong)t6 << 1) + (uint)s; t6 = (uint)c;
            c = (c >> 32) + ((ulong)t7 << 1) + (s >> 32); t7 = (uint)c;
            s = x4 * x4;
            c = (c >> 32) + ((ulong)t8 << 1) + (uint)s; t8 = (uint)c;
            c = (c >> 32) + ((ulong)t9 << 1) + (s >> 32); t9 = (uint)c;
            s = x5 * x5;
            c = (c >> 32) + ((ulong)t10 << 1) + (uint)s; t10 = (uint)c;
            c = (c >> 32) + ((ulong)t11 << 1) + (s >> 32); t11 = (uint)c;
            s = x6 * x6;
            c = (c >> 32) + ((ulong)t12 << 1) + (uint)s; t12 = (uint)c;
            c = (c >> 32) + ((ulong)t13 << 1) + (s >> 32); t13 = (uint)c;
            s = x7 * x7;
            c = (c >> 32) + ((ulong)t14 << 1) + (uint)s; t14 = (uint)c;
            c = (c >> 32) + (s >> 32); t15 = (uint)c;

            Reduce(t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15, z);
        }
    }
}
