namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// The update pipeline's signature check: built once from the code-signing certificate stored on
    /// the device (PEM or DER; a certificate or a bare SubjectPublicKeyInfo), then verifies signatures
    /// over SHA-256 digests with the certificate's EC P-256 or RSA key. Bad input never throws: see
    /// <see cref="Status"/> and the <see cref="VerifyResult"/>.
    /// </summary>
    /// <remarks>
    /// Only the key stays resident (the 65-byte P-256 point, or RSA's modulus and exponent): the key is
    /// validated when the certificate is read (on the curve, modulus size), and each verify builds the verifier
    /// it needs and drops it. A job verifies one signature, and an update that succeeds restarts the device, so
    /// a table kept between jobs would almost never be used again; building it per verify keeps 6.6 KB (P-256: the
    /// comb tables of G and Q and the field scratch) off the heap between updates. A P-256 job then costs 6.7 M IL
    /// instructions (G's table copied from constants, Q's built, the verify) and boot 10 k instead of about 8.4 M.
    /// See the README's performance section for the options weighed.
    /// </remarks>
    public sealed class CodeSigningVerifier
    {
        /// <summary>Largest decoded signature accepted by <see cref="VerifyBase64"/> (RSA-4096).</summary>
        public const int MaxSignatureLength = 512;

        private readonly byte[] _point;
        private readonly byte[] _modulus;
        private readonly byte[] _exponent;
        private readonly CryptoStatus _status;
        private readonly PublicKeyType _keyType;

        /// <summary>Reads the key of <paramref name="certificate"/> [offset, offset + count).</summary>
        public CodeSigningVerifier(byte[] certificate, int offset, int count)
        {
            _keyType = PublicKeyType.None;
            if (certificate == null || offset < 0 || count < 0 || offset > certificate.Length - count)
            {
                _status = CryptoStatus.BadArgument;
                return;
            }

            byte[] der = certificate;
            int derOffset = offset;
            int derLength = count;
            bool isCertificate = true;
            bool tryBoth = true;
            if (Pem.LooksLikePem(certificate, offset, count))
            {
                der = new byte[((count / 4) * 3) + 3];
                derOffset = 0;
                _status = Pem.Decode(certificate, offset, count, der, 0, out derLength, out isCertificate);
                tryBoth = false;
                if (_status != CryptoStatus.Ok)
                {
                    return;
                }
            }

            SubjectPublicKey key = new SubjectPublicKey();
            CryptoStatus status = CryptoStatus.Malformed;
            if (isCertificate)
            {
                status = X509.ReadCertificate(der, derOffset, derLength, key);
            }

            if (!isCertificate || (tryBoth && status == CryptoStatus.Malformed))
            {
                int index = derOffset;
                CryptoStatus spki = X509.ReadSubjectPublicKeyInfo(der, ref index, derOffset + derLength, key);
                if (spki == CryptoStatus.Ok && index != derOffset + derLength)
                {
                    spki = CryptoStatus.Malformed;
                }

                if (!isCertificate || spki == CryptoStatus.Ok)
                {
                    status = spki;
                }
            }

            _status = status;
            if (status != CryptoStatus.Ok)
            {
                return;
            }

            if (key.Type == PublicKeyType.EcP256)
            {
                if (!EcdsaP256Verifier.IsValidPublicKey(key.Source, key.PointOffset, key.PointLength))
                {
                    _status = CryptoStatus.BadPublicKey;
                    return;
                }

                _point = Copy(key.Source, key.PointOffset, key.PointLength);
            }
            else
            {
                _modulus = Copy(key.Source, key.ModulusOffset, key.ModulusLength);
                _exponent = Copy(key.Source, key.ExponentOffset, key.ExponentLength);
                if (NewRsa() == null)
                {
                    _status = CryptoStatus.BadPublicKey;
                    return;
                }
            }

            _keyType = key.Type;
        }

        /// <summary>Ok when a key was loaded; otherwise why the certificate was refused.</summary>
        public CryptoStatus Status
        {
            get { return _status; }
        }

        /// <summary>The certificate's key algorithm, or None when <see cref="Status"/> is not Ok.</summary>
        public PublicKeyType KeyType
        {
            get { return _keyType; }
        }

        /// <summary>
        /// Verifies a signature over a 32-byte SHA-256 digest of the image. <paramref name="format"/>
        /// applies to EC keys (AWS Signer produces DER); an RSA signature is always the k-byte integer.
        /// </summary>
        public VerifyResult Verify(byte[] sha256Digest32, byte[] signature, int offset, int count, SignatureFormat format)
        {
            if (_keyType == PublicKeyType.None)
            {
                return VerifyResult.NoKey;
            }

            if (sha256Digest32 == null || sha256Digest32.Length != Sha256.DigestSize)
            {
                return VerifyResult.BadArgument;
            }

            if (_keyType == PublicKeyType.EcP256)
            {
                // Built for this verify and dropped with it (see remarks): the key was validated when the certificate was read.
                EcdsaP256Verifier ecdsa = new EcdsaP256Verifier();
                VerifyResult loaded = ecdsa.SetPublicKey(_point, 0, _point.Length);
                return loaded != VerifyResult.Valid ? loaded : ecdsa.Verify(sha256Digest32, 0, Sha256.DigestSize, signature, offset, count, format);
            }

            RsaVerifier rsa = NewRsa();
            return rsa == null ? VerifyResult.BadPublicKey : rsa.Verify(sha256Digest32, 0, signature, offset, count);
        }

        /// <summary>
        /// Decodes a base64 signature (the job document's <c>signature</c> field, ASCII bytes, strict
        /// RFC 4648) into an internal buffer and verifies it as <see cref="Verify"/> does.
        /// </summary>
        public VerifyResult VerifyBase64(byte[] sha256Digest32, byte[] base64Text, int offset, int count, SignatureFormat format)
        {
            if (_keyType == PublicKeyType.None)
            {
                return VerifyResult.NoKey;
            }

            if (base64Text == null || offset < 0 || count < 0 || offset > base64Text.Length - count)
            {
                return VerifyResult.BadArgument;
            }

            // Once per job: the decoded bytes are allocated here rather than held between jobs.
            int room = ((count / 4) * 3) + 3;
            byte[] decoded = new byte[room < MaxSignatureLength ? room : MaxSignatureLength];
            int written;
            CryptoStatus status = Base64.Decode(base64Text, offset, count, false, decoded, 0, out written);
            if (status == CryptoStatus.BadArgument)
            {
                return VerifyResult.BadArgument;
            }

            if (status != CryptoStatus.Ok)
            {
                return VerifyResult.MalformedSignature;
            }

            return Verify(sha256Digest32, decoded, 0, written, format);
        }

        private RsaVerifier NewRsa()
        {
            RsaVerifier rsa = new RsaVerifier();
            return rsa.SetPublicKey(_modulus, 0, _modulus.Length, _exponent, 0, _exponent.Length) == VerifyResult.Valid ? rsa : null;
        }

        private static byte[] Copy(byte[] source, int offset, int count)
        {
            byte[] copy = new byte[count];
            System.Array.Copy(source, offset, copy, 0, count);
            return copy;
        }
    }
}
