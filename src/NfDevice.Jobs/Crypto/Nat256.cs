namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// Raw 256-bit unsigned integers as <c>uint[8]</c>, least significant word first. No reduction;
    /// callers supply every output array, nothing is allocated.
    /// </summary>
    public static class Nat256
    {
        /// <summary>z = x + y; returns the carry (0 or 1).</summary>
        public static uint Add(uint[] x, uint[] y, uint[] z)
        {
            ulong c = 0;
            for (int i = 0; i < 8; i++)
            {
                c += (ulong)x[i] + y[i];
                z[i] = (uint)c;
                c >>= 32;
            }

            return (uint)c;
        }

        /// <summary>z = x - y; returns the borrow (0 or 1).</summary>
        public static uint Sub(uint[] x, uint[] y, uint[] z)
        {
            long c = 0;
            for (int i = 0; i < 8; i++)
            {
                c += (long)x[i] - y[i];
                z[i] = (uint)c;
                c >>= 32;
            }

            return (uint)(-c);
        }

        /// <summary>zz[0..16) = x * y (schoolbook, one row per word of y). <paramref name="zz"/> must not alias x or y.</summary>
        public static void Mul(uint[] x, uint[] y, uint[] zz)
        {
            // x is held in locals so each row is straight-line code: no inner loop, no array reads of x.
            ulong x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3], x4 = x[4], x5 = x[5], x6 = x[6], x7 = x[7];
            ulong yi = y[0];
            ulong c;
            c = x0 * yi; zz[0] = (uint)c; c >>= 32;
            c += x1 * yi; zz[1] = (uint)c; c >>= 32;
            c += x2 * yi; zz[2] = (uint)c; c >>= 32;
            c += x3 * yi; zz[3] = (uint)c; c >>= 32;
            c += x4 * yi; zz[4] = (uint)c; c >>= 32;
            c += x5 * yi; zz[5] = (uint)c; c >>= 32;
            c += x6 * yi; zz[6] = (uint)c; c >>= 32;
            c += x7 * yi; zz[7] = (uint)c; c >>= 32;
            zz[8] = (uint)c;
            for (int i = 1; i < 8; i++)
            {
                yi = y[i];
                c = (x0 * yi) + zz[i]; zz[i] = (uint)c; c >>= 32;
                c += (x1 * yi) + zz[i + 1]; zz[i + 1] = (uint)c; c >>= 32;
                c += (x2 * yi) + zz[i + 2]; zz[i + 2] = (uint)c; c >>= 32;
                c += (x3 * yi) + zz[i + 3]; zz[i + 3] = (uint)c; c >>= 32;
                c += (x4 * yi) + zz[i + 4]; zz[i + 4] = (uint)c; c >>= 32;
                c += (x5 * yi) + zz[i + 5]; zz[i + 5] = (uint)c; c >>= 32;
                c += (x6 * yi) + zz[i + 6]; zz[i + 6] = (uint)c; c >>= 32;
                c += (x7 * yi) + zz[i + 7]; zz[i + 7] = (uint)c; c >>= 32;
                zz[i + 8] = (uint)c;
            }
        }

        /// <summary>Returns -1, 0 or 1 as x is less than, equal to or greater than y.</summary>
        public static int Compare(uint[] x, uint[] y)
        {
            for (int i = 7; i >= 0; i--)
            {
                if (x[i] != y[i])
                {
                    return x[i] < y[i] ? -1 : 1;
                }
            }

            return 0;
        }

        /// <summary>True when every word is zero.</summary>
        public static bool IsZero(uint[] x)
        {
            return (x[0] | x[1] | x[2] | x[3] | x[4] | x[5] | x[6] | x[7]) == 0;
        }

        /// <summary>z = x.</summary>
        public static void Copy(uint[] x, uint[] z)
        {
            for (int i = 0; i < 8; i++)
            {
                z[i] = x[i];
            }
        }

        /// <summary>z = v (a small value).</summary>
        public static void SetSmall(uint v, uint[] z)
        {
            z[0] = v;
            for (int i = 1; i < 8; i++)
            {
                z[i] = 0;
            }
        }

        /// <summary>Bit <paramref name="bit"/> (0 = least significant) of x.</summary>
        public static uint GetBit(uint[] x, int bit)
        {
            return (x[bit >> 5] >> (bit & 31)) & 1;
        }

        /// <summary>Reads 32 big-endian bytes at <paramref name="offset"/> into z.</summary>
        public static void FromBigEndian(byte[] bs, int offset, uint[] z)
        {
            for (int i = 0; i < 8; i++)
            {
                int p = offset + 28 - (i * 4);
                z[i] = ((uint)bs[p] << 24) | ((uint)bs[p + 1] << 16) | ((uint)bs[p + 2] << 8) | bs[p + 3];
            }
        }

        /// <summary>
        /// Reads a big-endian unsigned value of <paramref name="length"/> bytes (at most 32 after
        /// leading zeros) into z; returns false when it does not fit in 256 bits.
        /// </summary>
        public static bool FromBigEndianVariable(byte[] bs, int offset, int length, uint[] z)
        {
            while (length > 32 && bs[offset] == 0)
            {
                offset++;
                length--;
            }

            if (length > 32)
            {
                return false;
            }

            for (int i = 0; i < 8; i++)
            {
                z[i] = 0;
            }

            for (int k = 0; k < length; k++)
            {
                int byteIndex = length - 1 - k;
                z[k >> 2] |= (uint)bs[offset + byteIndex] << ((k & 3) * 8);
            }

            return true;
        }

        /// <summary>Writes x as 32 big-endian bytes at <paramref name="offset"/>.</summary>
        public static void ToBigEndian(uint[] x, byte[] bs, int offset)
        {
            for (int i = 0; i < 8; i++)
            {
                uint v = x[7 - i];
                int p = offset + (i * 4);
                bs[p] = (byte)(v >> 24);
                bs[p + 1] = (byte)(v >> 16);
                bs[p + 2] = (byte)(v >> 8);
                bs[p + 3] = (byte)v;
            }
        }
    }
}
