namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// The update pipeline's signature check: built once from the code-signing certificate stored on
    /// the device (PEM or DER; a certificate or a bare SubjectPublicKeyInfo), then verifies signatures
    /// over SHA-256 digests with the certificate's EC P-256 or RSA key. Construction allocates; a
    /// verify does not. Bad input never throws: see <see cref="Status"/> and the <see cref="VerifyResult"/>.
    /// </summary>
    public sealed class CodeSigningVerifier
    {
        /// <summary>Largest decoded signature accepted by <see cref="VerifyBase64"/> (RSA-4096).</summary>
        public const int MaxSignatureLength = 512;

        private readonly EcdsaP256Verifier _ecdsa;
        private readonly RsaVerifier _rsa;
        private readonly byte[] _signature = new byte[MaxSignatureLength];
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
                _ecdsa = new EcdsaP256Verifier();
                if (_ecdsa.SetPublicKey(key.Source, key.PointOffset, key.PointLength) != VerifyResult.Valid)
                {
                    _status = CryptoStatus.BadPublicKey;
                    return;
                }
            }
            else
            {
                _rsa = new RsaVerifier();
                if (_rsa.SetPublicKey(key.Source, key.ModulusOffset, key.ModulusLength, key.Source, key.ExponentOffset, key.ExponentLength) != VerifyResult.Valid)
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
                return _ecdsa.Verify(sha256Digest32, 0, Sha256.DigestSize, signature, offset, count, format);
            }

            return _rsa.Verify(sha256Digest32, 0, signature, offset, count);
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

            int written;
            CryptoStatus status = Base64.Decode(base64Text, offset, count, false, _signature, 0, out written);
            if (status == CryptoStatus.BadArgument)
            {
                return VerifyResult.BadArgument;
            }

            if (status != CryptoStatus.Ok)
            {
                return VerifyResult.MalformedSignature;
            }

            return Verify(sha256Digest32, _signature, 0, written, format);
        }
    }
}
