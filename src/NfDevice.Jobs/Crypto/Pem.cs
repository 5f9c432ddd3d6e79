namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// PEM decoding (RFC 7468 §2, strict base64 body with line breaks) of the first
    /// "CERTIFICATE" or "PUBLIC KEY" block in a text, into a caller buffer.
    /// </summary>
    public static class Pem
    {
        private static readonly byte[] Dashes = { 0x2D, 0x2D, 0x2D, 0x2D, 0x2D };
        private static readonly byte[] BeginWord = { 0x42, 0x45, 0x47, 0x49, 0x4E, 0x20 };
        private static readonly byte[] EndWord = { 0x45, 0x4E, 0x44, 0x20 };

        /// <summary>Label "CERTIFICATE" (RFC 7468 §5).</summary>
        public static readonly byte[] LabelCertificate = { 0x43, 0x45, 0x52, 0x54, 0x49, 0x46, 0x49, 0x43, 0x41, 0x54, 0x45 };

        /// <summary>Label "PUBLIC KEY" (RFC 7468 §13).</summary>
        public static readonly byte[] LabelPublicKey = { 0x50, 0x55, 0x42, 0x4C, 0x49, 0x43, 0x20, 0x4B, 0x45, 0x59 };

        /// <summary>True when the text contains "-----BEGIN " (used to tell PEM from DER input).</summary>
        public static bool LooksLikePem(byte[] input, int offset, int count)
        {
            int labelOffset;
            return FindBegin(input, offset, offset + count, out labelOffset) >= 0;
        }

        /// <summary>
        /// Decodes the first PEM block labelled CERTIFICATE or PUBLIC KEY. <paramref name="isCertificate"/>
        /// tells which. Text before the BEGIN line (explanatory text, RFC 7468 §2) is ignored.
        /// </summary>
        public static CryptoStatus Decode(byte[] input, int offset, int count, byte[] output, int outputOffset, out int written, out bool isCertificate)
        {
            written = 0;
            isCertificate = false;
            if (input == null || output == null || offset < 0 || count < 0 || offset > input.Length - count)
            {
                return CryptoStatus.BadArgument;
            }

            int end = offset + count;
            int labelOffset;
            int begin = FindBegin(input, offset, end, out labelOffset);
            while (begin >= 0)
            {
                byte[] label = null;
                if (Matches(input, labelOffset, end, LabelCertificate) && Matches(input, labelOffset + LabelCertificate.Length, end, Dashes))
                {
                    label = LabelCertificate;
                }
                else if (Matches(input, labelOffset, end, LabelPublicKey) && Matches(input, labelOffset + LabelPublicKey.Length, end, Dashes))
                {
                    label = LabelPublicKey;
                }

                if (label != null)
                {
                    isCertificate = label == LabelCertificate;
                    int bodyStart = labelOffset + label.Length + Dashes.Length;
                    int bodyEnd = IndexOf(input, bodyStart, end, Dashes);
                    if (bodyEnd < 0)
                    {
                        return CryptoStatus.Truncated;
                    }

                    int endLabel = bodyEnd + Dashes.Length;
                    if (!Matches(input, endLabel, end, EndWord)
                        || !Matches(input, endLabel + EndWord.Length, end, label)
                        || !Matches(input, endLabel + EndWord.Length + label.Length, end, Dashes))
                    {
                        return CryptoStatus.Malformed;
                    }

                    return Base64.Decode(input, bodyStart, bodyEnd - bodyStart, true, output, outputOffset, out written);
                }

                begin = FindBegin(input, labelOffset, end, out labelOffset);
            }

            return CryptoStatus.Malformed;
        }

        // Index of the next "-----BEGIN " at or after start, with labelOffset just after it; -1 if none.
        private static int FindBegin(byte[] input, int start, int end, out int labelOffset)
        {
            labelOffset = 0;
            int i = start;
            while (true)
            {
                int at = IndexOf(input, i, end, Dashes);
                if (at < 0)
                {
                    return -1;
                }

                if (Matches(input, at + Dashes.Length, end, BeginWord))
                {
                    labelOffset = at + Dashes.Length + BeginWord.Length;
                    return at;
                }

                i = at + 1;
            }
        }

        private static int IndexOf(byte[] input, int start, int end, byte[] pattern)
        {
            for (int i = start; i <= end - pattern.Length; i++)
            {
                if (Matches(input, i, end, pattern))
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool Matches(byte[] input, int at, int end, byte[] pattern)
        {
            if (at < 0 || end - at < pattern.Length)
            {
                return false;
            }

            for (int i = 0; i < pattern.Length; i++)
            {
                if (input[at + i] != pattern[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
