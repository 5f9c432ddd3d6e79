namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// A public key located in a DER buffer by <see cref="X509"/>: offsets and lengths into
    /// <see cref="Source"/>, nothing copied. Valid only while the source buffer is unchanged.
    /// </summary>
    public sealed class SubjectPublicKey
    {
        /// <summary>The algorithm, or None when nothing was read.</summary>
        public PublicKeyType Type;

        /// <summary>The buffer the offsets refer to.</summary>
        public byte[] Source;

        /// <summary>EC: offset of the 65-byte uncompressed point 0x04 || X || Y.</summary>
        public int PointOffset;

        /// <summary>EC: length of the point (65).</summary>
        public int PointLength;

        /// <summary>RSA: offset of the modulus magnitude (no sign octet).</summary>
        public int ModulusOffset;

        /// <summary>RSA: length of the modulus magnitude.</summary>
        public int ModulusLength;

        /// <summary>RSA: offset of the public exponent magnitude.</summary>
        public int ExponentOffset;

        /// <summary>RSA: length of the public exponent magnitude.</summary>
        public int ExponentLength;

        /// <summary>Forgets the key.</summary>
        public void Clear()
        {
            Type = PublicKeyType.None;
            Source = null;
            PointOffset = PointLength = ModulusOffset = ModulusLength = ExponentOffset = ExponentLength = 0;
        }
    }
}
