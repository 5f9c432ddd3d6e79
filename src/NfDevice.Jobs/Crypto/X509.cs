namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// Reads the SubjectPublicKeyInfo of an X.509 certificate (RFC 5280 §4.1) or a bare
    /// SubjectPublicKeyInfo. Only the path to the key is parsed; names, validity and extensions are
    /// skipped as opaque elements, and the certificate's own signature is not checked (the device
    /// trusts the certificate it was provisioned with).
    /// </summary>
    public static class X509
    {
        // id-ecPublicKey 1.2.840.10045.2.1 (RFC 5480 §2.1.1).
        private static readonly byte[] OidEcPublicKey = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01 };

        // prime256v1 / secp256r1 1.2.840.10045.3.1.7 (RFC 5480 §2.1.1.1).
        private static readonly byte[] OidPrime256v1 = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07 };

        // rsaEncryption 1.2.840.113549.1.1.1 (RFC 3279 §2.3.1).
        private static readonly byte[] OidRsaEncryption = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01 };

        /// <summary>
        /// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } filling
        /// [offset, offset + count) exactly; the key of tbsCertificate goes to <paramref name="key"/>.
        /// </summary>
        public static CryptoStatus ReadCertificate(byte[] der, int offset, int count, SubjectPublicKey key)
        {
            if (der == null || key == null || offset < 0 || count < 0 || offset > der.Length - count)
            {
                return CryptoStatus.BadArgument;
            }

            key.Clear();
            int end = offset + count;
            int index = offset;
            int certOffset, certLength;
            CryptoStatus status = DerReader.ReadExpected(der, ref index, end, DerReader.TagSequence, out certOffset, out certLength);
            if (status != CryptoStatus.Ok)
            {
                return status;
            }

            if (index != end)
            {
                return CryptoStatus.Malformed;
            }

            int certEnd = certOffset + certLength;
            int inner = certOffset;
            int tbsOffset, tbsLength, algOffset, algLength, sigOffset, sigLength;
            status = DerReader.ReadExpected(der, ref inner, certEnd, DerReader.TagSequence, out tbsOffset, out tbsLength);
            if (status == CryptoStatus.Ok)
            {
                status = DerReader.ReadExpected(der, ref inner, certEnd, DerReader.TagSequence, out algOffset, out algLength);
            }

            if (status == CryptoStatus.Ok)
            {
                status = DerReader.ReadExpected(der, ref inner, certEnd, DerReader.TagBitString, out sigOffset, out sigLength);
            }

            if (status != CryptoStatus.Ok)
            {
                return Malformed(status);
            }

            if (inner != certEnd)
            {
                return CryptoStatus.Malformed;
            }

            // TBSCertificate: [0] version (optional), serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, ...
            int tbsEnd = tbsOffset + tbsLength;
            int t = tbsOffset;
            byte tag;
            int o, l;
            int peek = t;
            status = DerReader.ReadElement(der, ref peek, tbsEnd, out tag, out o, out l);
            if (status != CryptoStatus.Ok)
            {
                return Malformed(status);
            }

            if (tag == DerReader.TagContext0)
            {
                t = peek;
            }

            status = DerReader.ReadExpected(der, ref t, tbsEnd, DerReader.TagInteger, out o, out l);
            for (int i = 0; i < 4 && status == CryptoStatus.Ok; i++)
            {
                status = DerReader.ReadExpected(der, ref t, tbsEnd, DerReader.TagSequence, out o, out l);
            }

            if (status != CryptoStatus.Ok)
            {
                return Malformed(status);
            }

            status = ReadSubjectPublicKeyInfo(der, ref t, tbsEnd, key);
            return status == CryptoStatus.Truncated ? CryptoStatus.Malformed : status;
        }

        /// <summary>
        /// SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
        /// (RFC 5280 §4.1.2.7) at <paramref name="index"/>; index moves past it on success.
        /// </summary>
        public static CryptoStatus ReadSubjectPublicKeyInfo(byte[] der, ref int index, int end, SubjectPublicKey key)
        {
            if (der == null || key == null || index < 0 || end > der.Length || index > end)
            {
                return CryptoStatus.BadArgument;
            }

            key.Clear();
            int i = index;
            int spkiOffset, spkiLength;
            CryptoStatus status = DerReader.ReadExpected(der, ref i, end, DerReader.TagSequence, out spkiOffset, out spkiLength);
            if (status != CryptoStatus.Ok)
            {
                return status;
            }

            int spkiEnd = spkiOffset + spkiLength;
            int s = spkiOffset;
            int algOffset, algLength, oidOffset, oidLength, bitsOffset, bitsLength;
            status = DerReader.ReadExpected(der, ref s, spkiEnd, DerReader.TagSequence, out algOffset, out algLength);
            if (status == CryptoStatus.Ok)
            {
                status = DerReader.ReadExpected(der, ref s, spkiEnd, DerReader.TagBitString, out bitsOffset, out bitsLength);
            }
            else
            {
                bitsOffset = bitsLength = 0;
            }

            if (status != CryptoStatus.Ok)
            {
                return Malformed(status);
            }

            // X.690 §8.6.2: the first content octet counts unused bits; keys are whole octets.
            if (s != spkiEnd || bitsLength < 1 || der[bitsOffset] != 0)
            {
                return CryptoStatus.Malformed;
            }

            int algEnd = algOffset + algLength;
            int a = algOffset;
            status = DerReader.ReadExpected(der, ref a, algEnd, DerReader.TagOid, out oidOffset, out oidLength);
            if (status != CryptoStatus.Ok)
            {
                return Malformed(status);
            }

            int keyOffset = bitsOffset + 1;
            int keyLength = bitsLength - 1;
            if (DerReader.ContentEquals(der, oidOffset, oidLength, OidEcPublicKey))
            {
                int curveOffset, curveLength;
                status = DerReader.ReadExpected(der, ref a, algEnd, DerReader.TagOid, out curveOffset, out curveLength);
                if (status != CryptoStatus.Ok || a != algEnd)
                {
                    // RFC 5480 §2.1.1: namedCurve is the only form allowed here.
                    return status == CryptoStatus.Ok ? CryptoStatus.Malformed : Malformed(status);
                }

                if (!DerReader.ContentEquals(der, curveOffset, curveLength, OidPrime256v1))
                {
                    return CryptoStatus.Unsupported;
                }

                // SEC 1 §2.3.3: only the uncompressed form 0x04 || X || Y is supported.
                if (keyLength != 65 || der[keyOffset] != 0x04)
                {
                    return keyLength > 0 && (der[keyOffset] == 0x02 || der[keyOffset] == 0x03) ? CryptoStatus.Unsupported : CryptoStatus.BadPublicKey;
                }

                key.Type = PublicKeyType.EcP256;
                key.Source = der;
                key.PointOffset = keyOffset;
                key.PointLength = keyLength;
                index = i;
                return CryptoStatus.Ok;
            }

            if (DerReader.ContentEquals(der, oidOffset, oidLength, OidRsaEncryption))
            {
                // RFC 3279 §2.3.1: parameters MUST be NULL.
                int nullOffset, nullLength;
                status = DerReader.ReadExpected(der, ref a, algEnd, DerReader.TagNull, out nullOffset, out nullLength);
                if (status != CryptoStatus.Ok || nullLength != 0 || a != algEnd)
                {
                    return CryptoStatus.Malformed;
                }

                // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 §A.1.1).
                int k = keyOffset;
                int keyEnd = keyOffset + keyLength;
                int rsaOffset, rsaLength, nOffset, nLength, eOffset, eLength;
                status = DerReader.ReadExpected(der, ref k, keyEnd, DerReader.TagSequence, out rsaOffset, out rsaLength);
                if (status != CryptoStatus.Ok || k != keyEnd)
                {
                    return CryptoStatus.Malformed;
                }

                int r = rsaOffset;
                int rsaEnd = rsaOffset + rsaLength;
                status = DerReader.ReadUnsignedInteger(der, ref r, rsaEnd, out nOffset, out nLength);
                if (status == CryptoStatus.Ok)
                {
                    status = DerReader.ReadUnsignedInteger(der, ref r, rsaEnd, out eOffset, out eLength);
                }
                else
                {
                    eOffset = eLength = 0;
                }

                if (status != CryptoStatus.Ok || r != rsaEnd)
                {
                    return CryptoStatus.Malformed;
                }

                key.Type = PublicKeyType.Rsa;
                key.Source = der;
                key.ModulusOffset = nOffset;
                key.ModulusLength = nLength;
                key.ExponentOffset = eOffset;
                key.ExponentLength = eLength;
                index = i;
                return CryptoStatus.Ok;
            }

            return CryptoStatus.Unsupported;
        }

        // Inside an element whose length was already checked, running out of bytes is a malformed encoding.
        private static CryptoStatus Malformed(CryptoStatus status)
        {
            return status == CryptoStatus.Truncated ? CryptoStatus.Malformed : status;
        }
    }
}
