namespace NfDevice.Jobs.Crypto
{
    /// <summary>Outcome of a signature verification. Bad input is reported here, never thrown.</summary>
    public enum VerifyResult
    {
        /// <summary>The signature is valid for the digest and key.</summary>
        Valid = 0,

        /// <summary>Well-formed signature that does not verify (includes r or s out of [1, n-1], s &gt;= n for RSA).</summary>
        Invalid = 1,

        /// <summary>The signature bytes are not a strict encoding (DER rules, length of raw r||s or RSA signature).</summary>
        MalformedSignature = 2,

        /// <summary>The public key is not usable (not on the curve, coordinates &gt;= p, bad RSA modulus or exponent).</summary>
        BadPublicKey = 3,

        /// <summary>Null array, range outside the array, or a digest that is not 32 bytes where one is required.</summary>
        BadArgument = 4,

        /// <summary>No key is loaded (the certificate did not parse; see the verifier's status).</summary>
        NoKey = 5,
    }

    /// <summary>Encoding of an ECDSA signature.</summary>
    public enum SignatureFormat
    {
        /// <summary>DER <c>ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }</c> (SEC 1 §C.5, RFC 3279 §2.2.3).</summary>
        Der = 0,

        /// <summary>Fixed-size r || s, 32 bytes each, big-endian (IEEE P1363).</summary>
        Raw = 1,
    }

    /// <summary>Outcome of DER, X.509, PEM and base64 parsing.</summary>
    public enum CryptoStatus
    {
        /// <summary>Parsed.</summary>
        Ok = 0,

        /// <summary>The input ends before the structure does.</summary>
        Truncated = 1,

        /// <summary>The input breaks the encoding rules (DER, PEM armour, base64 alphabet or padding).</summary>
        Malformed = 2,

        /// <summary>Well-formed, but an algorithm or curve this verifier does not implement.</summary>
        Unsupported = 3,

        /// <summary>The key parsed but is not a valid key (point not on the curve, even modulus...).</summary>
        BadPublicKey = 4,

        /// <summary>The caller's output buffer is too small.</summary>
        BufferTooSmall = 5,

        /// <summary>Null array or a range outside the array.</summary>
        BadArgument = 6,
    }

    /// <summary>The public-key algorithm found in a certificate or SubjectPublicKeyInfo.</summary>
    public enum PublicKeyType
    {
        /// <summary>No key.</summary>
        None = 0,

        /// <summary>id-ecPublicKey on prime256v1 (RFC 5480).</summary>
        EcP256 = 1,

        /// <summary>rsaEncryption (RFC 3279 §2.3.1).</summary>
        Rsa = 2,
    }
}
