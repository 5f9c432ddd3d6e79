namespace NfDevice.Jobs.Json
{
    /// <summary>
    /// Validating JSON scanner over UTF-8 bytes (RFC 8259 / ECMA-404), in the spirit of coreJSON.
    /// Written by hand because nanoFramework.Json deserializes into object trees (Hashtable/ArrayList)
    /// and cannot scan a payload in place; the agent needs a few fields of a 32 KB job document
    /// without building a tree.
    /// </summary>
    /// <remarks>
    /// One calling pattern: <c>SkipX(buffer, ref index, end)</c> advances <c>index</c> beyond an X that
    /// starts at <c>index</c> and ends before <c>end</c>, and moves it only on success. Values are
    /// reported as (offset, length) of their raw token in the caller's buffer; a string token includes
    /// its quotes. Nesting is tracked in one 64-bit word, so there is no recursion and no allocation.
    /// <see cref="JsonResult.Partial"/> means "the input stops too early"; <see cref="JsonResult.Illegal"/>
    /// means "no continuation can make this valid".
    /// </remarks>
    public static partial class JsonScanner
    {
        /// <summary>Advances past JSON whitespace (ECMA-404 §4: tab, LF, CR, space). Always succeeds.</summary>
        public static void SkipWhitespace(byte[] buffer, ref int index, int end)
        {
            int i = index;
            while (i < end)
            {
                byte c = buffer[i];
                if (c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D)
                {
                    break;
                }

                i++;
            }

            index = i;
        }

        /// <summary>
        /// Advances past a string token (ECMA-404 §9) starting with its opening quote. Validates escapes,
        /// rejects unescaped control characters, lone or reversed \u surrogates, and ill-formed UTF-8.
        /// </summary>
        public static JsonResult SkipString(byte[] buffer, ref int index, int end)
        {
            int i = index;
            if (i >= end)
            {
                return JsonResult.Partial;
            }

            if (buffer[i] != (byte)'"')
            {
                return JsonResult.Illegal;
            }

            i++;
            byte[] plain = PlainStringBytes;
            while (true)
            {
                // Most of a job document is plain ASCII inside strings: one table load per byte, and one bounds
                // check per eight bytes (on an interpreter every IL instruction of this loop is paid per byte).
                int last = end - 8;
                while (i <= last)
                {
                    if (plain[buffer[i]] == 0) { goto NotPlain; }
                    if (plain[buffer[i + 1]] == 0) { i += 1; goto NotPlain; }
                    if (plain[buffer[i + 2]] == 0) { i += 2; goto NotPlain; }
                    if (plain[buffer[i + 3]] == 0) { i += 3; goto NotPlain; }
                    if (plain[buffer[i + 4]] == 0) { i += 4; goto NotPlain; }
                    if (plain[buffer[i + 5]] == 0) { i += 5; goto NotPlain; }
                    if (plain[buffer[i + 6]] == 0) { i += 6; goto NotPlain; }
                    if (plain[buffer[i + 7]] == 0) { i += 7; goto NotPlain; }
                    i += 8;
                }

                while (i < end && plain[buffer[i]] != 0)
                {
                    i++;
                }

                if (i >= end)
                {
                    return JsonResult.Partial;
                }

            // i is at a byte that ends the string or needs a closer look.
            NotPlain:
                byte c = buffer[i];
                if (c == (byte)'"')
                {
                    index = i + 1;
                    return JsonResult.Success;
                }

                JsonResult r;
                if (c == (byte)'\\')
                {
                    r = SkipEscape(buffer, ref i, end);
                }
                else if (c < 0x20)
                {
                    // RFC 8259 §7: control characters U+0000..U+001F must be escaped.
                    return JsonResult.Illegal;
                }
                else if (c < 0x80)
                {
                    i++;
                    continue;
                }
                else
                {
                    r = SkipUtf8(buffer, ref i, end);
                }

                if (r != JsonResult.Success)
                {
                    return r;
                }
            }
        }

        /// <summary>1 for the bytes a string may hold as they are: ASCII from U+0020 except '"' and '\\'.</summary>
        private static readonly byte[] PlainStringBytes = MakePlainStringBytes();

        private static byte[] MakePlainStringBytes()
        {
            byte[] t = new byte[256];
            for (int c = 0x20; c < 0x80; c++)
            {
                t[c] = 1;
            }

            t['"'] = 0;
            t['\\'] = 0;
            return t;
        }

        /// <summary>Advances past one escape sequence starting at the backslash; a \uD800-\uDBFF must be followed by a \uDC00-\uDFFF.</summary>
        private static JsonResult SkipEscape(byte[] buffer, ref int index, int end)
        {
            int i = index + 1;
            if (i >= end)
            {
                return JsonResult.Partial;
            }

            byte c = buffer[i];
            if (c == (byte)'"' || c == (byte)'\\' || c == (byte)'/' || c == (byte)'b' || c == (byte)'f'
                || c == (byte)'n' || c == (byte)'r' || c == (byte)'t')
            {
                index = i + 1;
                return JsonResult.Success;
            }

            if (c != (byte)'u')
            {
                return JsonResult.Illegal;
            }

            int unit;
            JsonResult r = ReadHex4(buffer, i + 1, end, out unit);
            if (r != JsonResult.Success)
            {
                return r;
            }

            i += 5;
            if (unit >= 0xDC00 && unit <= 0xDFFF)
            {
                // A low surrogate with no high surrogate before it encodes no character.
                return JsonResult.Illegal;
            }

            if (unit >= 0xD800 && unit <= 0xDBFF)
            {
                if (i >= end)
                {
                    return JsonResult.Partial;
                }

                if (buffer[i] != (byte)'\\')
                {
                    return JsonResult.Illegal;
                }

                if (i + 1 >= end)
                {
                    return JsonResult.Partial;
                }

                if (buffer[i + 1] != (byte)'u')
                {
                    return JsonResult.Illegal;
                }

                int low;
                r = ReadHex4(buffer, i + 2, end, out low);
                if (r != JsonResult.Success)
                {
                    return r;
                }

                if (low < 0xDC00 || low > 0xDFFF)
                {
                    return JsonResult.Illegal;
                }

                i += 6;
            }

            index = i;
            return JsonResult.Success;
        }

        /// <summary>Reads four hex digits at <paramref name="index"/>.</summary>
        internal static JsonResult ReadHex4(byte[] buffer, int index, int end, out int value)
        {
            value = 0;
            if (index >= 0 && index + 4 <= end)
            {
                // All four digits are there: one table load each, one sign test for all (-1 marks a non-digit).
                sbyte[] hex = HexDigitValues;
                int d0 = hex[buffer[index]], d1 = hex[buffer[index + 1]], d2 = hex[buffer[index + 2]], d3 = hex[buffer[index + 3]];
                if ((d0 | d1 | d2 | d3) < 0)
                {
                    return JsonResult.Illegal;
                }

                value = (d0 << 12) | (d1 << 8) | (d2 << 4) | d3;
                return JsonResult.Success;
            }

            for (int k = 0; k < 4; k++)
            {
                if (index + k >= end)
                {
                    return JsonResult.Partial;
                }

                int d = HexValue(buffer[index + k]);
                if (d < 0)
                {
                    return JsonResult.Illegal;
                }

                value = (value << 4) | d;
            }

            return JsonResult.Success;
        }

        /// <summary>The value of each hex digit byte (ECMA-404 §9: 0-9, a-f, A-F), -1 for every other byte.</summary>
        private static readonly sbyte[] HexDigitValues = MakeHexDigitValues();

        private static sbyte[] MakeHexDigitValues()
        {
            sbyte[] t = new sbyte[256];
            for (int c = 0; c < 256; c++)
            {
                t[c] = (sbyte)HexValue((byte)c);
            }

            return t;
        }

        private static int HexValue(byte c)
        {
            if (c >= (byte)'0' && c <= (byte)'9')
            {
                return c - (byte)'0';
            }

            if (c >= (byte)'a' && c <= (byte)'f')
            {
                return c - (byte)'a' + 10;
            }

            if (c >= (byte)'A' && c <= (byte)'F')
            {
                return c - (byte)'A' + 10;
            }

            return -1;
        }

        /// <summary>
        /// Advances past one multi-byte UTF-8 sequence, checked against RFC 3629 §4 (Table 3-7 of the
        /// Unicode standard): no overlongs (C0, C1, E0 80..9F, F0 80..8F), no surrogates (ED A0..BF),
        /// nothing above U+10FFFF (F4 90.., F5..FF).
        /// </summary>
        private static JsonResult SkipUtf8(byte[] buffer, ref int index, int end)
        {
            int i = index;
            byte lead = buffer[i];
            int trail;
            byte lo = 0x80;
            byte hi = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF)
            {
                trail = 1;
            }
            else if (lead >= 0xE0 && lead <= 0xEF)
            {
                trail = 2;
                if (lead == 0xE0)
                {
                    lo = 0xA0;
                }
                else if (lead == 0xED)
                {
                    hi = 0x9F;
                }
            }
            else if (lead >= 0xF0 && lead <= 0xF4)
            {
                trail = 3;
                if (lead == 0xF0)
                {
                    lo = 0x90;
                }
                else if (lead == 0xF4)
                {
                    hi = 0x8F;
                }
            }
            else
            {
                return JsonResult.BadUtf8;
            }

            for (int k = 1; k <= trail; k++)
            {
                if (i + k >= end)
                {
                    return JsonResult.Partial;
                }

                byte t = buffer[i + k];
                if (t < lo || t > hi)
                {
                    return JsonResult.BadUtf8;
                }

                lo = 0x80;
                hi = 0xBF;
            }

            index = i + trail + 1;
            return JsonResult.Success;
        }

        /// <summary>
        /// Advances past a number (ECMA-404 §8): <c>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</c>.
        /// Leading zeros, a bare sign, '+', '.5' and '1.' are rejected. A number may legitimately end at
        /// <paramref name="end"/>; whether more input was expected is decided by the caller's context.
        /// </summary>
        public static JsonResult SkipNumber(byte[] buffer, ref int index, int end)
        {
            int i = index;
            if (i >= end)
            {
                return JsonResult.Partial;
            }

            if (buffer[i] == (byte)'-')
            {
                i++;
                if (i >= end)
                {
                    return JsonResult.Partial;
                }
            }

            byte c = buffer[i];
            if (c == (byte)'0')
            {
                i++;
                if (i < end && IsDigit(buffer[i]))
                {
                    return JsonResult.Illegal;
                }
            }
            else if (c >= (byte)'1' && c <= (byte)'9')
            {
                i++;

                // IsDigit inlined: (uint)(b - '0') <= 9 is one test per digit and no call.
                while (i < end && (uint)(buffer[i] - (byte)'0') <= 9)
                {
                    i++;
                }
            }
            else
            {
                return JsonResult.Illegal;
            }

            if (i < end && buffer[i] == (byte)'.')
            {
                i++;
                JsonResult r = SkipDigits(buffer, ref i, end);
                if (r != JsonResult.Success)
                {
                    return r;
                }
            }

            if (i < end && (buffer[i] == (byte)'e' || buffer[i] == (byte)'E'))
            {
                i++;
                if (i < end && (buffer[i] == (byte)'+' || buffer[i] == (byte)'-'))
                {
                    i++;
                }

                JsonResult r = SkipDigits(buffer, ref i, end);
                if (r != JsonResult.Success)
                {
                    return r;
                }
            }

            index = i;
            return JsonResult.Success;
        }

        private static JsonResult SkipDigits(byte[] buffer, ref int index, int end)
        {
            int i = index;
            if (i >= end)
            {
                return JsonResult.Partial;
            }

            if (!IsDigit(buffer[i]))
            {
                return JsonResult.Illegal;
            }

            while (i < end && IsDigit(buffer[i]))
            {
                i++;
            }

            index = i;
            return JsonResult.Success;
        }

        internal static bool IsDigit(byte c)
        {
            return c >= (byte)'0' && c <= (byte)'9';
        }

        /// <summary>Advances past <c>true</c>, <c>false</c> or <c>null</c> (ECMA-404 §5).</summary>
        public static JsonResult SkipLiteral(byte[] buffer, ref int index, int end)
        {
            int i = index;
            if (i >= end)
            {
                return JsonResult.Partial;
            }

            // Complete literals are matched byte by byte without a loop; the loop below decides the cut-off
            // (Partial) and misspelt (Illegal) cases.
            string word;
            byte c = buffer[i];
            if (c == (byte)'t')
            {
                if (i + 4 <= end && buffer[i + 1] == (byte)'r' && buffer[i + 2] == (byte)'u' && buffer[i + 3] == (byte)'e')
                {
                    index = i + 4;
                    return JsonResult.Success;
                }

                word = "true";
            }
            else if (c == (byte)'f')
            {
                if (i + 5 <= end && buffer[i + 1] == (byte)'a' && buffer[i + 2] == (byte)'l' && buffer[i + 3] == (byte)'s' && buffer[i + 4] == (byte)'e')
                {
                    index = i + 5;
                    return JsonResult.Success;
                }

                word = "false";
            }
            else if (c == (byte)'n')
            {
                if (i + 4 <= end && buffer[i + 1] == (byte)'u' && buffer[i + 2] == (byte)'l' && buffer[i + 3] == (byte)'l')
                {
                    index = i + 4;
                    return JsonResult.Success;
                }

                word = "null";
            }
            else
            {
                return JsonResult.Illegal;
            }

            for (int k = 1; k < word.Length; k++)
            {
                if (i + k >= end)
                {
                    return JsonResult.Partial;
                }

                if (buffer[i + k] != (byte)word[k])
                {
                    return JsonResult.Illegal;
                }
            }

            index = i + word.Length;
            return JsonResult.Success;
        }

        /// <summary>Kind of the value whose first byte is at <paramref name="index"/>; <see cref="JsonValueType.None"/> if none can start there.</summary>
        public static JsonValueType TypeAt(byte[] buffer, int index, int end)
        {
            if (buffer == null || index < 0 || index >= end || end > buffer.Length)
            {
                return JsonValueType.None;
            }

            byte c = buffer[index];
            switch (c)
            {
                case (byte)'{':
                    return JsonValueType.Object;
                case (byte)'[':
                    return JsonValueType.Array;
                case (byte)'"':
                    return JsonValueType.String;
                case (byte)'t':
                    return JsonValueType.True;
                case (byte)'f':
                    return JsonValueType.False;
                case (byte)'n':
                    return JsonValueType.Null;
                default:
                    return (c == (byte)'-' || IsDigit(c)) ? JsonValueType.Number : JsonValueType.None;
            }
        }

        /// <summary>Advances past one scalar (string, number, literal).</summary>
        private static JsonResult SkipScalar(byte[] buffer, ref int index, int end)
        {
            if (index >= end)
            {
                return JsonResult.Partial;
            }

            byte c = buffer[index];
            if (c == (byte)'"')
            {
                return SkipString(buffer, ref index, end);
            }

            if (c == (byte)'-' || IsDigit(c))
            {
                return SkipNumber(buffer, ref index, end);
            }

            return SkipLiteral(buffer, ref index, end);
        }
    }
}
