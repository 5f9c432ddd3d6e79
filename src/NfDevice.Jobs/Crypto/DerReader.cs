namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// Strict DER (ITU-T X.690 §10) tag-length-value reader over a caller's bytes. Calling pattern:
    /// <c>Read...(buffer, ref index, end, ...)</c> moves <c>index</c> past the element only on success.
    /// Only low tag numbers (one identifier byte) and definite, minimally encoded lengths are accepted.
    /// </summary>
    public static class DerReader
    {
        /// <summary>Universal tag INTEGER.</summary>
        public const byte TagInteger = 0x02;

        /// <summary>Universal tag BIT STRING.</summary>
        public const byte TagBitString = 0x03;

        /// <summary>Universal tag OCTET STRING.</summary>
        public const byte TagOctetString = 0x04;

        /// <summary>Universal tag NULL.</summary>
        public const byte TagNull = 0x05;

        /// <summary>Universal tag OBJECT IDENTIFIER.</summary>
        public const byte TagOid = 0x06;

        /// <summary>Constructed SEQUENCE.</summary>
        public const byte TagSequence = 0x30;

        /// <summary>Context-specific constructed [0] (X.509 version).</summary>
        public const byte TagContext0 = 0xA0;

        /// <summary>
        /// Reads the identifier and length at <paramref name="index"/>; on success the content is
        /// [contentOffset, contentOffset + contentLength) inside [index, end) and index moves past the element.
        /// </summary>
        public static CryptoStatus ReadElement(byte[] buffer, ref int index, int end, out byte tag, out int contentOffset, out int contentLength)
        {
            tag = 0;
            contentOffset = 0;
            contentLength = 0;
            int i = index;
            if (i >= end)
            {
                return CryptoStatus.Truncated;
            }

            byte t = buffer[i++];
            if ((t & 0x1F) == 0x1F)
            {
                // X.690 §8.1.2.4: high tag numbers; none occur in the structures read here.
                return CryptoStatus.Malformed;
            }

            if (i >= end)
            {
                return CryptoStatus.Truncated;
            }

            int first = buffer[i++];
            int length;
            if (first < 0x80)
            {
                length = first;
            }
            else if (first == 0x80)
            {
                // X.690 §10.1: indefinite length is not DER.
                return CryptoStatus.Malformed;
            }
            else
            {
                int count = first & 0x7F;
                if (count > 3)
                {
                    return CryptoStatus.Malformed;
                }

                if (end - i < count)
                {
                    return CryptoStatus.Truncated;
                }

                if (buffer[i] == 0)
                {
                    // X.690 §10.1: the fewest possible length octets.
                    return CryptoStatus.Malformed;
                }

                length = 0;
                for (int k = 0; k < count; k++)
                {
                    length = (length << 8) | buffer[i++];
                }

                if (length < 0x80)
                {
                    return CryptoStatus.Malformed;
                }
            }

            if (length > end - i)
            {
                return CryptoStatus.Truncated;
            }

            tag = t;
            contentOffset = i;
            contentLength = length;
            index = i + length;
            return CryptoStatus.Ok;
        }

        /// <summary>Reads an element that must carry <paramref name="expectedTag"/>.</summary>
        public static CryptoStatus ReadExpected(byte[] buffer, ref int index, int end, byte expectedTag, out int contentOffset, out int contentLength)
        {
            int i = index;
            byte tag;
            CryptoStatus status = ReadElement(buffer, ref i, end, out tag, out contentOffset, out contentLength);
            if (status != CryptoStatus.Ok)
            {
                return status;
            }

            if (tag != expectedTag)
            {
                return CryptoStatus.Malformed;
            }

            index = i;
            return CryptoStatus.Ok;
        }

        /// <summary>
        /// Reads a non-negative INTEGER in minimal two's-complement form (X.690 §8.3.2); the magnitude,
        /// without the sign octet, is [valueOffset, valueOffset + valueLength). Negative values are Malformed.
        /// </summary>
        public static CryptoStatus ReadUnsignedInteger(byte[] buffer, ref int index, int end, out int valueOffset, out int valueLength)
        {
            valueOffset = 0;
            valueLength = 0;
            int i = index;
            int offset;
            int length;
            CryptoStatus status = ReadExpected(buffer, ref i, end, TagInteger, out offset, out length);
            if (status != CryptoStatus.Ok)
            {
                return status;
            }

            if (length == 0 || (buffer[offset] & 0x80) != 0)
            {
                return CryptoStatus.Malformed;
            }

            if (buffer[offset] == 0 && length > 1)
            {
                if ((buffer[offset + 1] & 0x80) == 0)
                {
                    return CryptoStatus.Malformed;
                }

                offset++;
                length--;
            }

            valueOffset = offset;
            valueLength = length;
            index = i;
            return CryptoStatus.Ok;
        }

        /// <summary>True when [offset, offset + length) equals <paramref name="expected"/>.</summary>
        public static bool ContentEquals(byte[] buffer, int offset, int length, byte[] expected)
        {
            if (length != expected.Length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (buffer[offset + i] != expected[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
