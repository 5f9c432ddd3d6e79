namespace NfDevice.Jobs.Json
{
    /// <summary>
    /// Decoding of string tokens that the scanner has already validated: one Unicode code point at a
    /// time from UTF-8 bytes and escapes (RFC 8259 §7), so comparisons and copies allocate nothing.
    /// </summary>
    internal static class JsonText
    {
        /// <summary>
        /// Decodes the code point at <paramref name="index"/> inside a validated string body and advances past
        /// it. A \uD83D\uDE00 pair gives one code point.
        /// </summary>
        internal static int NextCodePoint(byte[] buffer, ref int index)
        {
            int i = index;
            int c = buffer[i];
            if (c == '\\')
            {
                byte e = buffer[i + 1];
                int cp;
                switch (e)
                {
                    case (byte)'b': cp = 0x08; break;
                    case (byte)'f': cp = 0x0C; break;
                    case (byte)'n': cp = 0x0A; break;
                    case (byte)'r': cp = 0x0D; break;
                    case (byte)'t': cp = 0x09; break;
                    case (byte)'u':
                        JsonScanner.ReadHex4(buffer, i + 2, buffer.Length, out cp);
                        if (cp >= 0xD800 && cp <= 0xDBFF)
                        {
                            int low;
                            JsonScanner.ReadHex4(buffer, i + 8, buffer.Length, out low);
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            index = i + 12;
                            return cp;
                        }

                        index = i + 6;
                        return cp;
                    default: cp = e; break; // '"', '\\', '/'
                }

                index = i + 2;
                return cp;
            }

            if (c < 0x80)
            {
                index = i + 1;
                return c;
            }

            if (c < 0xE0)
            {
                index = i + 2;
                return ((c & 0x1F) << 6) | (buffer[i + 1] & 0x3F);
            }

            if (c < 0xF0)
            {
                index = i + 3;
                return ((c & 0x0F) << 12) | ((buffer[i + 1] & 0x3F) << 6) | (buffer[i + 2] & 0x3F);
            }

            index = i + 4;
            return ((c & 0x07) << 18) | ((buffer[i + 1] & 0x3F) << 12) | ((buffer[i + 2] & 0x3F) << 6) | (buffer[i + 3] & 0x3F);
        }

        /// <summary>
        /// Decodes the code point of a string at <paramref name="index"/> and advances past it. An unpaired surrogate
        /// gives U+FFFD, as it is on nanoCLR (whose strings are UTF-8 inside and cannot hold one) and as .NET's UTF-8
        /// encoder writes it, so both runtimes see the same text.
        /// </summary>
        internal static int NextCodePoint(string text, ref int index, int end)
        {
            int i = index;
            int c = text[i];
            index = i + 1;
            if (c < 0xD800 || c > 0xDFFF)
            {
                return c;
            }

            if (c > 0xDBFF || i + 1 >= end)
            {
                return Replacement;
            }

            // nanoCLR's indexer returns the high surrogate for both halves of a supplementary character, so the pair
            // is read with ToCharArray (right on both runtimes). Supplementary characters are rare: the allocation is accepted.
            char[] pair = text.ToCharArray(i, 2);
            return Pair(pair[0], pair[1], ref index);
        }

        /// <summary>As <see cref="NextCodePoint(string, ref int, int)"/>, over characters (device code loops over ToCharArray once).</summary>
        internal static int NextCodePoint(char[] text, ref int index, int end)
        {
            int i = index;
            int c = text[i];
            index = i + 1;
            if (c < 0xD800 || c > 0xDFFF)
            {
                return c;
            }

            if (c > 0xDBFF || i + 1 >= end)
            {
                return Replacement;
            }

            return Pair(text[i], text[i + 1], ref index);
        }

#if NANOFRAMEWORK_1_0
        /// <summary>
        /// The characters of <paramref name="text"/> for a loop over all of them: on nanoCLR a string is UTF-8 inside,
        /// so Length and the indexer walk it from the start on every call (a loop would be quadratic) and the indexer
        /// gives the high surrogate for both halves of a pair; ToCharArray decodes it once, correctly. Callers write
        /// <c>var chars = JsonText.Chars(s)</c> and index <c>chars</c>, the same source on both runtimes.
        /// </summary>
        internal static char[] Chars(string text)
        {
            return text.ToCharArray();
        }
#else
        /// <summary>The string itself: on .NET its indexer is O(1) and allocation-free (see the nanoFramework twin).</summary>
        internal static string Chars(string text)
        {
            return text;
        }
#endif

        /// <summary>U+FFFD REPLACEMENT CHARACTER, what an unpaired surrogate becomes.</summary>
        internal const int Replacement = 0xFFFD;

        private static int Pair(char high, char low, ref int index)
        {
            if (low < 0xDC00 || low > 0xDFFF)
            {
                return Replacement;
            }

            index++;
            return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
        }

        /// <summary>True when the validated string token [offset, offset+length) (quotes included) decodes to text[start, end).</summary>
        internal static bool KeyEquals(byte[] buffer, int offset, int length, string text, int start, int end)
        {
            int i = offset + 1;
            int last = offset + length - 1;
            int t = start;
            while (i < last)
            {
                if (t >= end)
                {
                    return false;
                }

                int a = NextCodePoint(buffer, ref i);
                int b = NextCodePoint(text, ref t, end);
                if (a != b)
                {
                    return false;
                }
            }

            return t == end;
        }
    }
}
