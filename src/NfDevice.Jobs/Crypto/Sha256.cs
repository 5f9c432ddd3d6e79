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
    public sealed partial class Sha256 : ISha256
    {
        /// <summary>Digest length in bytes.</summary>
        public const int DigestSize = 32;

        /// <summary>Block length in bytes (FIPS 180-4 §1: 512 bits).</summary>
        public const int BlockSize = 64;

        /// <summary>Bytes written by <see cref="SaveMidstate"/>: 32 bytes of state and an 8-byte length.</summary>
        public const int MidstateSize = 40;

        // H0..H7 as fields rather than a uint[8]: each block reads and updates all eight, and a field access is
        // fewer IL instructions than an array element (and one heap object less).
        private uint _h0, _h1, _h2, _h3, _h4, _h5, _h6, _h7;
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
            _h0 = 0x6a09e667; _h1 = 0xbb67ae85; _h2 = 0x3c6ef372; _h3 = 0xa54ff53a;
            _h4 = 0x510e527f; _h5 = 0x9b05688c; _h6 = 0x1f83d9ab; _h7 = 0x5be0cd19;
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
            WriteState(output, offset);
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

            WriteState(output, offset);
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

            _h0 = ReadUInt32(input, offset);
            _h1 = ReadUInt32(input, offset + 4);
            _h2 = ReadUInt32(input, offset + 8);
            _h3 = ReadUInt32(input, offset + 12);
            _h4 = ReadUInt32(input, offset + 16);
            _h5 = ReadUInt32(input, offset + 20);
            _h6 = ReadUInt32(input, offset + 24);
            _h7 = ReadUInt32(input, offset + 28);

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

        // H0..H7 big-endian at p (the digest, and the first 32 bytes of a midstate).
        private void WriteState(byte[] b, int p)
        {
            WriteUInt32(_h0, b, p);
            WriteUInt32(_h1, b, p + 4);
            WriteUInt32(_h2, b, p + 8);
            WriteUInt32(_h3, b, p + 12);
            WriteUInt32(_h4, b, p + 16);
            WriteUInt32(_h5, b, p + 20);
            WriteUInt32(_h6, b, p + 24);
            WriteUInt32(_h7, b, p + 28);
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
