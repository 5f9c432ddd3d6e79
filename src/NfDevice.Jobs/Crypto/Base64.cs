namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// Strict base64 decoding (RFC 4648 §4, standard alphabet) into a caller buffer. Padding is
    /// required, '=' only at the end, and the unused bits of the last group must be zero (§3.5), so
    /// each byte string has exactly one accepted text. Used instead of Convert.FromBase64String, which
    /// allocates and whose leniency differs between runtimes.
    /// </summary>
    public static class Base64
    {
        /// <summary>
        /// Decodes [offset, offset + count) of ASCII text. When <paramref name="skipWhitespace"/> is
        /// true, space, tab, CR and LF are ignored (PEM bodies); otherwise they are Malformed.
        /// </summary>
        public static CryptoStatus Decode(byte[] input, int offset, int count, bool skipWhitespace, byte[] output, int outputOffset, out int written)
        {
            written = 0;
            if (input == null || output == null || offset < 0 || count < 0 || offset > input.Length - count
                || outputOffset < 0 || outputOffset > output.Length)
            {
                return CryptoStatus.BadArgument;
            }

            int end = offset + count;
            int outIndex = outputOffset;
            uint group = 0;
            int inGroup = 0;
            int padding = 0;
            for (int i = offset; i < end; i++)
            {
                int c = input[i];
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                {
                    if (!skipWhitespace)
                    {
                        return CryptoStatus.Malformed;
                    }

                    continue;
                }

                int v;
                if (c == '=')
                {
                    // Padding only in the last two positions of the final group.
                    if (inGroup < 2)
                    {
                        return CryptoStatus.Malformed;
                    }

                    padding++;
                    v = 0;
                }
                else
                {
                    if (padding != 0)
                    {
                        return CryptoStatus.Malformed;
                    }

                    v = Value(c);
                    if (v < 0)
                    {
                        return CryptoStatus.Malformed;
                    }
                }

                group = (group << 6) | (uint)v;
                inGroup++;
                if (inGroup == 4)
                {
                    int bytes = 3 - padding;
                    if (bytes < 1)
                    {
                        return CryptoStatus.Malformed;
                    }

                    if ((padding == 1 && (group & 0xFF) != 0) || (padding == 2 && (group & 0xFFFF) != 0))
                    {
                        return CryptoStatus.Malformed;
                    }

                    if (output.Length - outIndex < bytes)
                    {
                        return CryptoStatus.BufferTooSmall;
                    }

                    output[outIndex++] = (byte)(group >> 16);
                    if (bytes > 1)
                    {
                        output[outIndex++] = (byte)(group >> 8);
                    }

                    if (bytes > 2)
                    {
                        output[outIndex++] = (byte)group;
                    }

                    group = 0;
                    inGroup = 0;
                    if (padding != 0)
                    {
                        // Nothing but whitespace may follow a padded group.
                        for (int j = i + 1; j < end; j++)
                        {
                            int d = input[j];
                            if (!skipWhitespace || (d != ' ' && d != '\t' && d != '\r' && d != '\n'))
                            {
                                return CryptoStatus.Malformed;
                            }
                        }

                        break;
                    }
                }
            }

            if (inGroup != 0)
            {
                return CryptoStatus.Malformed;
            }

            written = outIndex - outputOffset;
            return CryptoStatus.Ok;
        }

        private static int Value(int c)
        {
            if (c >= 'A' && c <= 'Z')
            {
                return c - 'A';
            }

            if (c >= 'a' && c <= 'z')
            {
                return c - 'a' + 26;
            }

            if (c >= '0' && c <= '9')
            {
                return c - '0' + 52;
            }

            if (c == '+')
            {
                return 62;
            }

            return c == '/' ? 63 : -1;
        }
    }
}
