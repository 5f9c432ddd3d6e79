namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// ECDSA verification on P-256 with a precomputed hash (SEC 1 v2 §4.1.4; SHA256withECDSA when the
    /// digest is SHA-256). u1 G + u2 Q is computed as a joint fixed-base comb over two tables
    /// (<see cref="P256CombTable"/>), both held by the instance: G's copied from constants with the first key, Q's
    /// built whenever a key is loaded, so a verify shares 51 doublings between both scalars and adds at most 104
    /// table points. A verify allocates nothing; a key load allocates the table build's scratch (and G's table the
    /// first time). Not thread-safe: use one instance per thread.
    /// </summary>
    /// <remarks>
    /// G's table is the instance's, not a process-wide static, so that dropping the instance frees all of it: the
    /// device's <see cref="CodeSigningVerifier"/> builds one for the single verify of a job and drops it (6.6 KB with
    /// both tables and the scratch, 2.5 KB more while Q's table is built), rather than keeping it resident between
    /// updates that come days apart.
    /// </remarks>
    public sealed class EcdsaP256Verifier
    {
        private readonly P256Curve _curve = new P256Curve();
        private readonly P256Scalar _scalar = new P256Scalar();
        private readonly P256Point _acc = new P256Point();
        private readonly P256Point _sum = new P256Point();
        private readonly P256CombTable _qTable = new P256CombTable();
        private P256CombTable _gTable;
        private readonly uint[] _ex = new uint[8];
        private readonly uint[] _ey = new uint[8];
        private readonly uint[] _qx = new uint[8];
        private readonly uint[] _qy = new uint[8];
        private readonly uint[] _r = new uint[8];
        private readonly uint[] _s = new uint[8];
        private readonly uint[] _e = new uint[8];
        private readonly uint[] _w = new uint[8];
        private readonly uint[] _u1 = new uint[8];
        private readonly uint[] _u2 = new uint[8];
        private bool _hasKey;

        /// <summary>True once a valid public key is loaded.</summary>
        public bool HasKey
        {
            get { return _hasKey; }
        }

        /// <summary>
        /// Loads the public key from an uncompressed SEC 1 point (0x04 || X || Y, 65 bytes) and validates
        /// it (SEC 1 §3.2.2.1: coordinates &lt; p, on the curve; cofactor 1 so no order check).
        /// </summary>
        /// <returns>Valid, BadPublicKey or BadArgument. On failure no key is loaded.</returns>
        public VerifyResult SetPublicKey(byte[] point, int offset, int length)
        {
            _hasKey = false;
            if (!RangeOk(point, offset, length))
            {
                return VerifyResult.BadArgument;
            }

            if (length != 65 || point[offset] != 0x04)
            {
                return VerifyResult.BadPublicKey;
            }

            return SetPublicKey(point, offset + 1, point, offset + 33);
        }

        /// <summary>
        /// True when <paramref name="point"/> is an uncompressed SEC 1 point (65 bytes) on P-256, the check
        /// <see cref="SetPublicKey(byte[], int, int)"/> makes, without building any table (about 0.3 KB of scratch).
        /// </summary>
        public static bool IsValidPublicKey(byte[] point, int offset, int length)
        {
            if (!RangeOk(point, offset, length) || length != 65 || point[offset] != 0x04)
            {
                return false;
            }

            uint[] x = new uint[8];
            uint[] y = new uint[8];
            Nat256.FromBigEndian(point, offset + 1, x);
            Nat256.FromBigEndian(point, offset + 33, y);
            return new P256Curve().IsOnCurve(x, y);
        }

        /// <summary>Loads the public key from its 32-byte big-endian affine coordinates x and y.</summary>
        /// <returns>Valid, BadPublicKey or BadArgument. On failure no key is loaded.</returns>
        public VerifyResult SetPublicKey(byte[] x, int xOffset, byte[] y, int yOffset)
        {
            _hasKey = false;
            if (!RangeOk(x, xOffset, 32) || !RangeOk(y, yOffset, 32))
            {
                return VerifyResult.BadArgument;
            }

            Nat256.FromBigEndian(x, xOffset, _qx);
            Nat256.FromBigEndian(y, yOffset, _qy);
            if (!_curve.IsOnCurve(_qx, _qy))
            {
                return VerifyResult.BadPublicKey;
            }

            if (_gTable == null)
            {
                _gTable = P256CombTable.ForGenerator();
            }

            _qTable.Build(_curve, _qx, _qy, _sum);
            _hasKey = true;
            return VerifyResult.Valid;
        }

        /// <summary>
        /// Verifies <paramref name="signature"/> over a digest. The digest's leftmost 256 bits are used
        /// (SEC 1 §4.1.4 step 5), so SHA-256 digests are taken whole.
        /// </summary>
        public VerifyResult Verify(byte[] digest, int digestOffset, int digestLength, byte[] signature, int offset, int count, SignatureFormat format)
        {
            if (!_hasKey)
            {
                return VerifyResult.NoKey;
            }

            if (!RangeOk(digest, digestOffset, digestLength) || !RangeOk(signature, offset, count))
            {
                return VerifyResult.BadArgument;
            }

            VerifyResult parsed = format == SignatureFormat.Raw
                ? ParseRaw(signature, offset, count)
                : ParseDer(signature, offset, count);
            if (parsed != VerifyResult.Valid)
            {
                return parsed;
            }

            // SEC 1 §4.1.4 step 1: r, s in [1, n - 1].
            if (!P256Scalar.IsInRange(_r) || !P256Scalar.IsInRange(_s))
            {
                return VerifyResult.Invalid;
            }

            int used = digestLength > 32 ? 32 : digestLength;
            Nat256.FromBigEndianVariable(digest, digestOffset, used, _e);
            if (used == 32)
            {
                P256Scalar.ReduceOnce(_e, _e);
            }

            // w = s^-1 mod n (Montgomery form), u1 = e w, u2 = r w.
            _scalar.InvertToMontgomery(_s, _w);
            _scalar.MultiplyByMontgomery(_e, _w, _u1);
            _scalar.MultiplyByMontgomery(_r, _w, _u2);

            ShamirMultiply();
            return _curve.XModNEquals(_acc, _r) ? VerifyResult.Valid : VerifyResult.Invalid;
        }

        // _acc = u1 G + u2 Q: column by column from the top, one doubling per column and one table
        // addition per scalar whose column is non-zero (Hankerson et al., Algorithm 3.44, interleaved).
        private void ShamirMultiply()
        {
            P256Point acc = _acc;
            P256CombTable g = _gTable;
            P256CombTable q = _qTable;
            acc.SetInfinity();
            for (int column = P256CombTable.Spacing - 1; column >= 0; column--)
            {
                if (!acc.IsInfinity)
                {
                    _curve.Double(acc, acc);
                }

                int i1 = P256CombTable.Index(_u1, column);
                if (i1 != 0 && !g.IsInfinity(i1))
                {
                    g.Load(i1, _ex, _ey);
                    _curve.AddAffine(acc, _ex, _ey, acc);
                }

                int i2 = P256CombTable.Index(_u2, column);
                if (i2 != 0 && !q.IsInfinity(i2))
                {
                    q.Load(i2, _ex, _ey);
                    _curve.AddAffine(acc, _ex, _ey, acc);
                }
            }
        }

        // DER ECDSA-Sig-Value (SEC 1 §C.5): one SEQUENCE of two positive minimal INTEGERs filling the input exactly.
        private VerifyResult ParseDer(byte[] sig, int offset, int count)
        {
            int end = offset + count;
            int index = offset;
            int seqOffset;
            int seqLength;
            if (DerReader.ReadExpected(sig, ref index, end, DerReader.TagSequence, out seqOffset, out seqLength) != CryptoStatus.Ok
                || index != end)
            {
                return VerifyResult.MalformedSignature;
            }

            int seqEnd = seqOffset + seqLength;
            int inner = seqOffset;
            int rOffset, rLength, sOffset, sLength;
            if (DerReader.ReadUnsignedInteger(sig, ref inner, seqEnd, out rOffset, out rLength) != CryptoStatus.Ok
                || DerReader.ReadUnsignedInteger(sig, ref inner, seqEnd, out sOffset, out sLength) != CryptoStatus.Ok
                || inner != seqEnd)
            {
                return VerifyResult.MalformedSignature;
            }

            // Well-formed integers wider than 256 bits cannot be below n.
            if (!Nat256.FromBigEndianVariable(sig, rOffset, rLength, _r) || !Nat256.FromBigEndianVariable(sig, sOffset, sLength, _s))
            {
                return VerifyResult.Invalid;
            }

            return VerifyResult.Valid;
        }

        private VerifyResult ParseRaw(byte[] sig, int offset, int count)
        {
            if (count != 64)
            {
                return VerifyResult.MalformedSignature;
            }

            Nat256.FromBigEndian(sig, offset, _r);
            Nat256.FromBigEndian(sig, offset + 32, _s);
            return VerifyResult.Valid;
        }

        private static bool RangeOk(byte[] buffer, int offset, int count)
        {
            return buffer != null && offset >= 0 && count >= 0 && offset <= buffer.Length - count;
        }
    }
}
