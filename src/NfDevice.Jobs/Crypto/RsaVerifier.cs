namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// RSASSA-PKCS1-v1_5 verification with SHA-256 (RFC 8017 §8.2.2) for moduli of 2048 to 4096 bits
    /// and odd public exponents 3 &lt;= e &lt; 2^32. s^e mod n uses Montgomery multiplication; the
    /// decoded block is compared byte for byte with the expected EMSA-PKCS1-v1_5 encoding (§9.2),
    /// never parsed. Scratch is sized and allocated when the key is loaded; a verify allocates nothing.
    /// Not thread-safe.
    /// </summary>
    public sealed class RsaVerifier
    {
        /// <summary>Smallest accepted modulus, in bits.</summary>
        public const int MinModulusBits = 2048;

        /// <summary>Largest accepted modulus, in bits.</summary>
        public const int MaxModulusBits = 4096;

        // RFC 8017 §9.2 note 1: DER of DigestInfo for SHA-256, followed by the 32-byte digest.
        private static readonly byte[] Sha256DigestInfoPrefix =
        {
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
        };

        private Montgomery _mont;
        private uint[] _s;
        private uint[] _sMont;
        private uint[] _x;
        private byte[] _em;
        private byte[] _expected;
        private int _modulusBytes;
        private uint _e;
        private bool _hasKey;

        /// <summary>True once a valid public key is loaded.</summary>
        public bool HasKey
        {
            get { return _hasKey; }
        }

        /// <summary>Length of the modulus (and of every signature) in bytes; 0 without a key.</summary>
        public int ModulusLength
        {
            get { return _hasKey ? _modulusBytes : 0; }
        }

        /// <summary>
        /// Loads the key (n, e) from big-endian unsigned magnitudes, as held in an RSAPublicKey
        /// (RFC 8017 §A.1.1). Leading zero bytes are ignored. Allocates the scratch for this key size.
        /// </summary>
        /// <returns>Valid, BadPublicKey or BadArgument. On failure no key is loaded.</returns>
        public VerifyResult SetPublicKey(byte[] modulus, int modulusOffset, int modulusLength, byte[] exponent, int exponentOffset, int exponentLength)
        {
            _hasKey = false;
            if (!RangeOk(modulus, modulusOffset, modulusLength) || !RangeOk(exponent, exponentOffset, exponentLength))
            {
                return VerifyResult.BadArgument;
            }

            while (modulusLength > 0 && modulus[modulusOffset] == 0)
            {
                modulusOffset++;
                modulusLength--;
            }

            while (exponentLength > 0 && exponent[exponentOffset] == 0)
            {
                exponentOffset++;
                exponentLength--;
            }

            int bits = modulusLength * 8;
            if (modulusLength > 0)
            {
                int top = modulus[modulusOffset];
                while ((top & 0x80) == 0)
                {
                    top <<= 1;
                    bits--;
                }
            }

            if (bits < MinModulusBits || bits > MaxModulusBits || (modulus[modulusOffset + modulusLength - 1] & 1) == 0)
            {
                return VerifyResult.BadPublicKey;
            }

            if (exponentLength == 0 || exponentLength > 4)
            {
                return VerifyResult.BadPublicKey;
            }

            uint e = 0;
            for (int i = 0; i < exponentLength; i++)
            {
                e = (e << 8) | exponent[exponentOffset + i];
            }

            if (e < 3 || (e & 1) == 0)
            {
                return VerifyResult.BadPublicKey;
            }

            int words = (modulusLength + 3) / 4;
            uint[] n = new uint[words];
            BytesToWords(modulus, modulusOffset, modulusLength, n);
            _mont = new Montgomery(n);
            _s = new uint[words];
            _sMont = new uint[words];
            _x = new uint[words];
            _em = new byte[modulusLength];
            _expected = new byte[modulusLength];
            _modulusBytes = modulusLength;
            _e = e;

            // EM = 0x00 || 0x01 || PS (0xFF...) || 0x00 || DigestInfo prefix || H (RFC 8017 §9.2 step 5).
            int tLen = Sha256DigestInfoPrefix.Length + Sha256.DigestSize;
            int psEnd = modulusLength - tLen - 1;
            _expected[0] = 0x00;
            _expected[1] = 0x01;
            for (int i = 2; i < psEnd; i++)
            {
                _expected[i] = 0xFF;
            }

            _expected[psEnd] = 0x00;
            System.Array.Copy(Sha256DigestInfoPrefix, 0, _expected, psEnd + 1, Sha256DigestInfoPrefix.Length);
            _hasKey = true;
            return VerifyResult.Valid;
        }

        /// <summary>Verifies a signature of exactly <see cref="ModulusLength"/> bytes over a 32-byte SHA-256 digest.</summary>
        public VerifyResult Verify(byte[] digest, int digestOffset, byte[] signature, int offset, int count)
        {
            if (!_hasKey)
            {
                return VerifyResult.NoKey;
            }

            if (!RangeOk(digest, digestOffset, Sha256.DigestSize) || !RangeOk(signature, offset, count))
            {
                return VerifyResult.BadArgument;
            }

            // RFC 8017 §8.2.2 step 1: the signature has length k.
            if (count != _modulusBytes)
            {
                return VerifyResult.MalformedSignature;
            }

            // RSAVP1 (§5.2.2): s must be below n.
            BytesToWords(signature, offset, count, _s);
            if (!_mont.IsReduced(_s))
            {
                return VerifyResult.Invalid;
            }

            // m = s^e mod n, left-to-right over the bits of e in the Montgomery domain.
            _mont.ToMontgomery(_s, _sMont);
            int top = 31;
            while (((_e >> top) & 1) == 0)
            {
                top--;
            }

            System.Array.Copy(_sMont, _x, _x.Length);
            for (int bit = top - 1; bit >= 0; bit--)
            {
                _mont.Multiply(_x, _x, _x);
                if (((_e >> bit) & 1) != 0)
                {
                    _mont.Multiply(_x, _sMont, _x);
                }
            }

            _mont.FromMontgomery(_x, _x);
            WordsToBytes(_x, _em);

            System.Array.Copy(digest, digestOffset, _expected, _modulusBytes - Sha256.DigestSize, Sha256.DigestSize);
            int diff = 0;
            for (int i = 0; i < _modulusBytes; i++)
            {
                diff |= _em[i] ^ _expected[i];
            }

            return diff == 0 ? VerifyResult.Valid : VerifyResult.Invalid;
        }

        private static void BytesToWords(byte[] bs, int offset, int length, uint[] z)
        {
            for (int i = 0; i < z.Length; i++)
            {
                z[i] = 0;
            }

            for (int k = 0; k < length; k++)
            {
                z[k >> 2] |= (uint)bs[offset + length - 1 - k] << ((k & 3) * 8);
            }
        }

        // I2OSP (RFC 8017 §4.1) into the whole of bs; the value is below n, so it fits.
        private static void WordsToBytes(uint[] x, byte[] bs)
        {
            int length = bs.Length;
            for (int k = 0; k < length; k++)
            {
                bs[length - 1 - k] = (byte)(x[k >> 2] >> ((k & 3) * 8));
            }
        }

        private static bool RangeOk(byte[] buffer, int offset, int count)
        {
            return buffer != null && offset >= 0 && count >= 0 && offset <= buffer.Length - count;
        }
    }
}
