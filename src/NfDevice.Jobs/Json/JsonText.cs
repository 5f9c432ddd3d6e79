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

        /// <summary>Decodes the code point of a UTF-16 string at <paramref name="index"/>; an unpaired surrogate gives -1.</summary>
        internal static int NextCodePoint(string text, ref int index, int end)
        {
            int i = index;
            int c = text[i];
            if (c >= 0xD800 && c <= 0xDBFF)
            {
                if (i + 1 < end && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF)
                {
                    index = i + 2;
                    return 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                }

                index = i + 1;
                return -1;
            }

            index = i + 1;
            return (c >= 0xDC00 && c <= 0xDFFF) ? -1 : c;
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
