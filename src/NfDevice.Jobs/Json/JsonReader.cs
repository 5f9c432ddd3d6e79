namespace NfDevice.Jobs.Json
{
    /// <summary>
    /// Typed reads of one value token (offset, length) returned by <see cref="JsonScanner"/>. Every method
    /// re-checks that the token is what it claims, so a wrong or stale range gives a result code, not an exception.
    /// </summary>
    public static class JsonReader
    {
        /// <summary>Checks that [offset, offset+length) is exactly one valid string token (quotes included).</summary>
        private static JsonResult CheckString(byte[] buffer, int offset, int length)
        {
            JsonResult r = JsonScanner.CheckRange(buffer, offset, length, int.MaxValue);
            if (r != JsonResult.Success)
            {
                return r;
            }

            if (length == 0 || buffer[offset] != (byte)'"')
            {
                return length == 0 ? JsonResult.Partial : JsonResult.WrongType;
            }

            int i = offset;
            r = JsonScanner.SkipString(buffer, ref i, offset + length);
            if (r != JsonResult.Success)
            {
                return r;
            }

            return i == offset + length ? JsonResult.Success : JsonResult.Illegal;
        }

        /// <summary>
        /// Unescapes the string token into a new string (the only reader that allocates). A value holding U+0000 is
        /// <see cref="JsonResult.Unrepresentable"/>: nanoFramework strings end at the first NUL.
        /// </summary>
        public static JsonResult ReadString(byte[] buffer, int offset, int length, out string value)
        {
            value = null;
            JsonResult r = CheckString(buffer, offset, length);
            if (r != JsonResult.Success)
            {
                return r;
            }

            // Fast path: no escapes, so the body is already the UTF-8 of the value.
            int last = offset + length - 1;
            bool escaped = false;
            for (int k = offset + 1; k < last; k++)
            {
                if (buffer[k] == (byte)'\\')
                {
                    escaped = true;
                    break;
                }
            }

            if (!escaped)
            {
                value = length == 2 ? string.Empty : System.Text.Encoding.UTF8.GetString(buffer, offset + 1, length - 2);
                return JsonResult.Success;
            }

            // An escape never makes the UTF-16 text longer than the token.
            char[] chars = new char[length];
            int written;
            r = CopyChars(buffer, offset, length, chars, 0, chars.Length, out written);
            if (r != JsonResult.Success)
            {
                return r;
            }

            // A NUL would silently cut the string on nanoCLR; refuse it on both runtimes instead.
            for (int k = 0; k < written; k++)
            {
                if (chars[k] == '\0')
                {
                    return JsonResult.Unrepresentable;
                }
            }

            value = new string(chars, 0, written);
            return JsonResult.Success;
        }

        /// <summary>
        /// Unescapes the string token into <paramref name="destination"/> as UTF-16 (supplementary characters
        /// as surrogate pairs). <see cref="JsonResult.BufferTooSmall"/> if it does not fit; nothing is written
        /// past destinationOffset+destinationCount.
        /// </summary>
        public static JsonResult CopyChars(byte[] buffer, int offset, int length, char[] destination, int destinationOffset, int destinationCount, out int written)
        {
            written = 0;
            JsonResult r = CheckString(buffer, offset, length);
            if (r != JsonResult.Success)
            {
                return r;
            }

            if (destination == null || destinationOffset < 0 || destinationCount < 0 || destinationOffset > destination.Length
                || destinationCount > destination.Length - destinationOffset)
            {
                return JsonResult.Illegal;
            }

            int i = offset + 1;
            int last = offset + length - 1;
            int d = destinationOffset;
            int dEnd = destinationOffset + destinationCount;
            while (i < last)
            {
                int cp = JsonText.NextCodePoint(buffer, ref i);
                if (cp >= 0x10000)
                {
                    if (d + 2 > dEnd)
                    {
                        return JsonResult.BufferTooSmall;
                    }

                    cp -= 0x10000;
                    destination[d++] = (char)(0xD800 + (cp >> 10));
                    destination[d++] = (char)(0xDC00 + (cp & 0x3FF));
                }
                else
                {
                    if (d >= dEnd)
                    {
                        return JsonResult.BufferTooSmall;
                    }

                    destination[d++] = (char)cp;
                }
            }

            written = d - destinationOffset;
            return JsonResult.Success;
        }

        /// <summary>Unescapes the string token into <paramref name="destination"/> as UTF-8 bytes.</summary>
        public static JsonResult CopyUtf8(byte[] buffer, int offset, int length, byte[] destination, int destinationOffset, int destinationCount, out int written)
        {
            written = 0;
            JsonResult r = CheckString(buffer, offset, length);
            if (r != JsonResult.Success)
            {
                return r;
            }

            if (destination == null || destinationOffset < 0 || destinationCount < 0 || destinationOffset > destination.Length
                || destinationCount > destination.Length - destinationOffset)
            {
                return JsonResult.Illegal;
            }

            int i = offset + 1;
            int last = offset + length - 1;
            int d = destinationOffset;
            int dEnd = destinationOffset + destinationCount;
            while (i < last)
            {
                int cp = JsonText.NextCodePoint(buffer, ref i);
                int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (d + n > dEnd)
                {
                    return JsonResult.BufferTooSmall;
                }

                d = JsonUtf8.Encode(cp, destination, d);
            }

            written = d - destinationOffset;
            return JsonResult.Success;
        }

        /// <summary>True when the token is a string whose unescaped text equals <paramref name="text"/> (no allocation).</summary>
        public static bool StringEquals(byte[] buffer, int offset, int length, string text)
        {
            if (text == null || CheckString(buffer, offset, length) != JsonResult.Success)
            {
                return false;
            }

            return JsonText.KeyEquals(buffer, offset, length, text, 0, text.Length);
        }

        /// <summary>
        /// Reads an integer token. Fractions and exponents are <see cref="JsonResult.WrongType"/> (AWS sends
        /// timestamps, versions and execution numbers as integers); values outside Int64 are <see cref="JsonResult.Overflow"/>.
        /// </summary>
        public static JsonResult ReadInt64(byte[] buffer, int offset, int length, out long value)
        {
            value = 0;
            JsonResult r = JsonScanner.CheckRange(buffer, offset, length, int.MaxValue);
            if (r != JsonResult.Success)
            {
                return r;
            }

            int i = offset;
            int end = offset + length;
            if (JsonScanner.TypeAt(buffer, offset, end) != JsonValueType.Number)
            {
                return length == 0 ? JsonResult.Partial : JsonResult.WrongType;
            }

            r = JsonScanner.SkipNumber(buffer, ref i, end);
            if (r != JsonResult.Success)
            {
                return r;
            }

            if (i != end)
            {
                return JsonResult.Illegal;
            }

            i = offset;
            bool negative = buffer[i] == (byte)'-';
            if (negative)
            {
                i++;
            }

            // Accumulate negatively so long.MinValue fits.
            long acc = 0;
            for (; i < end; i++)
            {
                byte c = buffer[i];
                if (!JsonScanner.IsDigit(c))
                {
                    return JsonResult.WrongType;
                }

                int d = c - (byte)'0';
                if (acc < (long.MinValue + d) / 10)
                {
                    return JsonResult.Overflow;
                }

                acc = (acc * 10) - d;
            }

            if (!negative)
            {
                if (acc == long.MinValue)
                {
                    return JsonResult.Overflow;
                }

                acc = -acc;
            }

            value = acc;
            return JsonResult.Success;
        }

        /// <summary>As <see cref="ReadInt64"/>, for Int32.</summary>
        public static JsonResult ReadInt32(byte[] buffer, int offset, int length, out int value)
        {
            value = 0;
            long v;
            JsonResult r = ReadInt64(buffer, offset, length, out v);
            if (r != JsonResult.Success)
            {
                return r;
            }

            if (v < int.MinValue || v > int.MaxValue)
            {
                return JsonResult.Overflow;
            }

            value = (int)v;
            return JsonResult.Success;
        }

        /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
        public static JsonResult ReadBoolean(byte[] buffer, int offset, int length, out bool value)
        {
            value = false;
            JsonResult r = JsonScanner.CheckRange(buffer, offset, length, int.MaxValue);
            if (r != JsonResult.Success)
            {
                return r;
            }

            int i = offset;
            int end = offset + length;
            JsonValueType t = JsonScanner.TypeAt(buffer, offset, end);
            if (t != JsonValueType.True && t != JsonValueType.False)
            {
                return length == 0 ? JsonResult.Partial : JsonResult.WrongType;
            }

            r = JsonScanner.SkipLiteral(buffer, ref i, end);
            if (r != JsonResult.Success)
            {
                return r;
            }

            if (i != end)
            {
                return JsonResult.Illegal;
            }

            value = t == JsonValueType.True;
            return JsonResult.Success;
        }

        /// <summary>True when the token is exactly <c>null</c>.</summary>
        public static bool IsNull(byte[] buffer, int offset, int length)
        {
            if (JsonScanner.CheckRange(buffer, offset, length, int.MaxValue) != JsonResult.Success || length != 4)
            {
                return false;
            }

            return buffer[offset] == (byte)'n' && buffer[offset + 1] == (byte)'u' && buffer[offset + 2] == (byte)'l' && buffer[offset + 3] == (byte)'l';
        }

        /// <summary>Find + <see cref="ReadString"/>.</summary>
        public static JsonResult FindString(byte[] buffer, int start, int count, string path, out string value)
        {
            value = null;
            int off, len;
            JsonValueType t;
            JsonResult r = JsonScanner.Find(buffer, start, count, path, out off, out len, out t);
            return r != JsonResult.Success ? r : ReadString(buffer, off, len, out value);
        }

        /// <summary>Find + <see cref="ReadInt64"/>.</summary>
        public static JsonResult FindInt64(byte[] buffer, int start, int count, string path, out long value)
        {
            value = 0;
            int off, len;
            JsonValueType t;
            JsonResult r = JsonScanner.Find(buffer, start, count, path, out off, out len, out t);
            return r != JsonResult.Success ? r : ReadInt64(buffer, off, len, out value);
        }

        /// <summary>Find + <see cref="ReadBoolean"/>.</summary>
        public static JsonResult FindBoolean(byte[] buffer, int start, int count, string path, out bool value)
        {
            value = false;
            int off, len;
            JsonValueType t;
            JsonResult r = JsonScanner.Find(buffer, start, count, path, out off, out len, out t);
            return r != JsonResult.Success ? r : ReadBoolean(buffer, off, len, out value);
        }
    }
}
