namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// SHA-256 per FIPS 180-4 §6.2, incremental, with an exportable midstate so a resumed download
    /// continues the hash instead of re-reading flash. Buffers are allocated once in the constructor;
    /// <see cref="Update"/> and <see cref="Final"/> allocate nothing.
    /// </summary>
    /// <remarks>
    /// Midstate layout (<see cref="MidstateSize"/> = 40 bytes): H0..H7 big-endian (32 bytes), then the
    /// total message length in bytes as a big-endian 64-bit integer. A midstate can be saved only when
    /// the total length is a multiple of 64 (no buffered tail): the update pipeline checkpoints at
    /// erase-block boundaries, which are multiples of 64, so the tail is never needed.
    /// </remarks>
    public sealed class Sha256
    {
        /// <summary>Digest length in bytes.</summary>
        public const int DigestSize = 32;

        /// <summary>Block length in bytes (FIPS 180-4 §1: 512 bits).</summary>
        public const int BlockSize = 64;

        /// <summary>Bytes written by <see cref="SaveMidstate"/>: 32 bytes of state and an 8-byte length.</summary>
        public const int MidstateSize = 40;

        // FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube roots of the first 64 primes.
        private static readonly uint[] K =
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };

        private readonly uint[] _h = new uint[8];
        private readonly uint[] _w = new uint[64];
        private readonly byte[] _buffer = new byte[BlockSize];
        private int _bufferLength;
        private long _totalLength;

        /// <summary>Creates a hasher in the initial state.</summary>
        public Sha256()
        {
            Reset();
        }

        /// <summary>Total number of message bytes absorbed so far.</summary>
        public long TotalLength
        {
            get { return _totalLength; }
        }

        /// <summary>Returns to the initial hash value H(0) of FIPS 180-4 §5.3.3.</summary>
        public void Reset()
        {
            _h[0] = 0x6a09e667; _h[1] = 0xbb67ae85; _h[2] = 0x3c6ef372; _h[3] = 0xa54ff53a;
            _h[4] = 0x510e527f; _h[5] = 0x9b05688c; _h[6] = 0x1f83d9ab; _h[7] = 0x5be0cd19;
            _bufferLength = 0;
            _totalLength = 0;
        }

        /// <summary>Absorbs <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        /// <returns>False (and nothing absorbed) when the range is outside the array.</returns>
        public bool Update(byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 0 || offset > data.Length - count)
            {
                return false;
            }

            _totalLength += count;
            if (_bufferLength > 0)
            {
                int take = BlockSize - _bufferLength;
                if (take > count)
                {
                    take = count;
                }

                System.Array.Copy(data, offset, _buffer, _bufferLength, take);
                _bufferLength += take;
                offset += take;
                count -= take;
                if (_bufferLength < BlockSize)
                {
                    return true;
                }

                ProcessBlock(_buffer, 0);
                _bufferLength = 0;
            }

            while (count >= BlockSize)
            {
                ProcessBlock(data, offset);
                offset += BlockSize;
                count -= BlockSize;
            }

            if (count > 0)
            {
                System.Array.Copy(data, offset, _buffer, 0, count);
                _bufferLength = count;
            }

            return true;
        }

        /// <summary>
        /// Pads (FIPS 180-4 §5.1.1), writes the 32-byte digest at <paramref name="offset"/> and resets.
        /// </summary>
        /// <returns>False (state unchanged) when the output range is too small.</returns>
        public bool Final(byte[] output, int offset)
        {
            if (output == null || offset < 0 || offset > output.Length - DigestSize)
            {
                return false;
            }

            long bitLength = _totalLength << 3;
            _buffer[_bufferLength++] = 0x80;
            if (_bufferLength > BlockSize - 8)
            {
                while (_bufferLength < BlockSize)
                {
                    _buffer[_bufferLength++] = 0;
                }

                ProcessBlock(_buffer, 0);
                _bufferLength = 0;
            }

            while (_bufferLength < BlockSize - 8)
            {
                _buffer[_bufferLength++] = 0;
            }

            WriteUInt64(bitLength, _buffer, BlockSize - 8);
            ProcessBlock(_buffer, 0);
            for (int i = 0; i < 8; i++)
            {
                WriteUInt32(_h[i], output, offset + (i * 4));
            }

            Reset();
            return true;
        }

        /// <summary>
        /// Writes the 40-byte midstate (H0..H7, then the byte length, all big-endian) at <paramref name="offset"/>.
        /// </summary>
        /// <returns>False when bytes are buffered (length not a multiple of 64) or the output is too small.</returns>
        public bool SaveMidstate(byte[] output, int offset)
        {
            if (_bufferLength != 0 || output == null || offset < 0 || offset > output.Length - MidstateSize)
            {
                return false;
            }

            for (int i = 0; i < 8; i++)
            {
                WriteUInt32(_h[i], output, offset + (i * 4));
            }

            WriteUInt64(_totalLength, output, offset + 32);
            return true;
        }

        /// <summary>Restores a midstate written by <see cref="SaveMidstate"/>.</summary>
        /// <returns>False (state unchanged) when the range is too small or the length is not a multiple of 64.</returns>
        public bool RestoreMidstate(byte[] input, int offset)
        {
            if (input == null || offset < 0 || offset > input.Length - MidstateSize)
            {
                return false;
            }

            long length = 0;
            for (int i = 0; i < 8; i++)
            {
                length = (length << 8) | input[offset + 32 + i];
            }

            if (length < 0 || (length & (BlockSize - 1)) != 0)
            {
                return false;
            }

            for (int i = 0; i < 8; i++)
            {
                _h[i] = ReadUInt32(input, offset + (i * 4));
            }

            _totalLength = length;
            _bufferLength = 0;
            return true;
        }

        /// <summary>One-shot convenience: digest of <paramref name="count"/> bytes into <paramref name="output"/>.</summary>
        public bool ComputeHash(byte[] data, int offset, int count, byte[] output, int outputOffset)
        {
            Reset();
            return Update(data, offset, count) && Final(output, outputOffset);
        }

        // FIPS 180-4 §6.2.2, steps 1-4.
        private void ProcessBlock(byte[] block, int offset)
        {
            uint[] w = _w;
            for (int t = 0; t < 16; t++)
            {
                int p = offset + (t * 4);
                w[t] = ((uint)block[p] << 24) | ((uint)block[p + 1] << 16) | ((uint)block[p + 2] << 8) | block[p + 3];
            }

            for (int t = 16; t < 64; t++)
            {
                uint w15 = w[t - 15];
                uint w2 = w[t - 2];
                uint sigma0 = ((w15 >> 7) | (w15 << 25)) ^ ((w15 >> 18) | (w15 << 14)) ^ (w15 >> 3);
                uint sigma1 = ((w2 >> 17) | (w2 << 15)) ^ ((w2 >> 19) | (w2 << 13)) ^ (w2 >> 10);
                w[t] = sigma1 + w[t - 7] + sigma0 + w[t - 16];
            }

            uint a = _h[0], b = _h[1], c = _h[2], d = _h[3], e = _h[4], f = _h[5], g = _h[6], h = _h[7];
            uint[] k = K;

            // Eight rounds per pass with the working variables renamed instead of shifted (§6.2.2 step 3):
            // T1 = h + Σ1(e) + Ch(e, f, g) + Kt + Wt; d += T1; h = T1 + Σ0(a) + Maj(a, b, c).
            // Ch(e, f, g) = g ^ (e & (f ^ g)) and Maj(a, b, c) = (a & b) | (c & (a | b)) are §4.1.2's functions rewritten.
            for (int t = 0; t < 64; t += 8)
            {
                h += (((e >> 6) | (e << 26)) ^ ((e >> 11) | (e << 21)) ^ ((e >> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + k[t] + w[t];
                d += h;
                h += (((a >> 2) | (a << 30)) ^ ((a >> 13) | (a << 19)) ^ ((a >> 22) | (a << 10))) + ((a & b) | (c & (a | b)));
                g += (((d >> 6) | (d << 26)) ^ ((d >> 11) | (d << 21)) ^ ((d >> 25) | (d << 7))) + (f ^ (d & (e ^ f))) + k[t + 1] + w[t + 1];
                c += g;
                g += (((h >> 2) | (h << 30)) ^ ((h >> 13) | (h << 19)) ^ ((h >> 22) | (h << 10))) + ((h & a) | (b & (h | a)));
                f += (((c >> 6) | (c << 26)) ^ ((c >> 11) | (c << 21)) ^ ((c >> 25) | (c << 7))) + (e ^ (c & (d ^ e))) + k[t + 2] + w[t + 2];
                b += f;
                f += (((g >> 2) | (g << 30)) ^ ((g >> 13) | (g << 19)) ^ ((g >> 22) | (g << 10))) + ((g & h) | (a & (g | h)));
                e += (((b >> 6) | (b << 26)) ^ ((b >> 11) | (b << 21)) ^ ((b >> 25) | (b << 7))) + (d ^ (b & (c ^ d))) + k[t + 3] + w[t + 3];
                a += e;
                e += (((f >> 2) | (f << 30)) ^ ((f >> 13) | (f << 19)) ^ ((f >> 22) | (f << 10))) + ((f & g) | (h & (f | g)));
                d += (((a >> 6) | (a << 26)) ^ ((a >> 11) | (a << 21)) ^ ((a >> 25) | (a << 7))) + (c ^ (a & (b ^ c))) + k[t + 4] + w[t + 4];
                h += d;
                d += (((e >> 2) | (e << 30)) ^ ((e >> 13) | (e << 19)) ^ ((e >> 22) | (e << 10))) + ((e & f) | (g & (e | f)));
                c += (((h >> 6) | (h << 26)) ^ ((h >> 11) | (h << 21)) ^ ((h >> 25) | (h << 7))) + (b ^ (h & (a ^ b))) + k[t + 5] + w[t + 5];
                g += c;
                c += (((d >> 2) | (d << 30)) ^ ((d >> 13) | (d << 19)) ^ ((d >> 22) | (d << 10))) + ((d & e) | (f & (d | e)));
                b += (((g >> 6) | (g << 26)) ^ ((g >> 11) | (g << 21)) ^ ((g >> 25) | (g << 7))) + (a ^ (g & (h ^ a))) + k[t + 6] + w[t + 6];
                f += b;
                b += (((c >> 2) | (c << 30)) ^ ((c >> 13) | (c << 19)) ^ ((c >> 22) | (c << 10))) + ((c & d) | (e & (c | d)));
                a += (((f >> 6) | (f << 26)) ^ ((f >> 11) | (f << 21)) ^ ((f >> 25) | (f << 7))) + (h ^ (f & (g ^ h))) + k[t + 7] + w[t + 7];
                e += a;
                a += (((b >> 2) | (b << 30)) ^ ((b >> 13) | (b << 19)) ^ ((b >> 22) | (b << 10))) + ((b & c) | (d & (b | c)));
            }

            _h[0] += a; _h[1] += b; _h[2] += c; _h[3] += d;
            _h[4] += e; _h[5] += f; _h[6] += g; _h[7] += h;
        }

        private static uint ReadUInt32(byte[] b, int p)
        {
            return ((uint)b[p] << 24) | ((uint)b[p + 1] << 16) | ((uint)b[p + 2] << 8) | b[p + 3];
        }

        private static void WriteUInt32(uint v, byte[] b, int p)
        {
            b[p] = (byte)(v >> 24);
            b[p + 1] = (byte)(v >> 16);
            b[p + 2] = (byte)(v >> 8);
            b[p + 3] = (byte)v;
        }

        private static void WriteUInt64(long v, byte[] b, int p)
        {
            for (int i = 7; i >= 0; i--)
            {
                b[p + i] = (byte)v;
                v >>= 8;
            }
        }
    }
}
