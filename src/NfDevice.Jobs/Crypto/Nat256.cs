namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// Raw 256-bit unsigned integers as <c>uint[8]</c>, least significant word first. No reduction;
    /// callers supply every output array, nothing is allocated.
    /// </summary>
    public static class Nat256
    {
        // Add and Sub are unrolled: they run about ten times per point operation, and on an interpreter a loop
        // counter costs as much as the arithmetic. z may alias x or y: word i is read before it is written.

        /// <summary>z = x + y; returns the carry (0 or 1).</summary>
        public static uint Add(uint[] x, uint[] y, uint[] z)
        {
            ulong c = (ulong)x[0] + y[0]; z[0] = (uint)c;
            c = (c >> 32) + x[1] + y[1]; z[1] = (uint)c;
            c = (c >> 32) + x[2] + y[2]; z[2] = (uint)c;
            c = (c >> 32) + x[3] + y[3]; z[3] = (uint)c;
            c = (c >> 32) + x[4] + y[4]; z[4] = (uint)c;
            c = (c >> 32) + x[5] + y[5]; z[5] = (uint)c;
            c = (c >> 32) + x[6] + y[6]; z[6] = (uint)c;
            c = (c >> 32) + x[7] + y[7]; z[7] = (uint)c;
            return (uint)(c >> 32);
        }

        /// <summary>z = x - y; returns the borrow (0 or 1).</summary>
        public static uint Sub(uint[] x, uint[] y, uint[] z)
        {
            long c = (long)x[0] - y[0]; z[0] = (uint)c;
            c = (c >> 32) + x[1] - y[1]; z[1] = (uint)c;
            c = (c >> 32) + x[2] - y[2]; z[2] = (uint)c;
            c = (c >> 32) + x[3] - y[3]; z[3] = (uint)c;
            c = (c >> 32) + x[4] - y[4]; z[4] = (uint)c;
            c = (c >> 32) + x[5] - y[5]; z[5] = (uint)c;
            c = (c >> 32) + x[6] - y[6]; z[6] = (uint)c;
            c = (c >> 32) + x[7] - y[7]; z[7] = (uint)c;
            return (uint)(-(c >> 32));
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
