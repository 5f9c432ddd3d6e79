namespace NfDevice.Jobs.Json
{
    /// <summary>Objects and arrays: skipping, validation and member iteration.</summary>
    public static partial class JsonScanner
    {
        /// <summary>
        /// Advances past one value of any kind (ECMA-404 §5), validating everything it passes.
        /// Objects and arrays are walked with a fixed-depth stack kept in one 64-bit word (bit set =
        /// array), so nesting deeper than <see cref="JsonLimits.MaxDepth"/> is <see cref="JsonResult.TooDeep"/>
        /// rather than a stack overflow.
        /// </summary>
        /// <remarks>
        /// Machine-written JSON has little whitespace, so SkipWhitespace is called only when the next byte could
        /// be whitespace (all four are at most 0x20; any other byte there is rejected by what follows). On an
        /// interpreter the call and its ref argument cost more than the test.
        /// </remarks>
        public static JsonResult SkipValue(byte[] buffer, ref int index, int end)
        {
            int i = index;
            if (i >= end)
            {
                return JsonResult.Partial;
            }

            byte c = buffer[i];
            if (c != (byte)'{' && c != (byte)'[')
            {
                return SkipScalar(buffer, ref index, end);
            }

            ulong arrays = 0;
            int depth = 0;
            JsonResult r;
            while (true)
            {
                // Expecting a value at i.
                c = buffer[i];
                if (c == (byte)'{' || c == (byte)'[')
                {
                    if (depth == JsonLimits.MaxDepth)
                    {
                        return JsonResult.TooDeep;
                    }

                    bool isArray = c == (byte)'[';
                    ulong bit = 1UL << depth;
                    arrays = isArray ? (arrays | bit) : (arrays & ~bit);
                    depth++;
                    i++;
                    if (i < end && buffer[i] <= (byte)' ')
                    {
                        SkipWhitespace(buffer, ref i, end);
                    }
                    if (i >= end)
                    {
                        return JsonResult.Partial;
                    }

                    if (buffer[i] == (byte)(isArray ? ']' : '}'))
                    {
                        i++;
                        depth--;
                    }
                    else
                    {
                        if (!isArray)
                        {
                            r = SkipKeyAndColon(buffer, ref i, end);
                            if (r != JsonResult.Success)
                            {
                                return r;
                            }
                        }

                        continue;
                    }
                }
                else
                {
                    r = c == (byte)'"' ? SkipString(buffer, ref i, end) : SkipScalar(buffer, ref i, end);
                    if (r != JsonResult.Success)
                    {
                        return r;
                    }
                }

                // After a value: close containers or move to the next member/element.
                while (true)
                {
                    if (depth == 0)
                    {
                        index = i;
                        return JsonResult.Success;
                    }

                    if (i < end && buffer[i] <= (byte)' ')

                    {

                        SkipWhitespace(buffer, ref i, end);

                    }
                    if (i >= end)
                    {
                        return JsonResult.Partial;
                    }

                    bool inArray = (arrays & (1UL << (depth - 1))) != 0;
                    c = buffer[i];
                    if (c == (byte)(inArray ? ']' : '}'))
                    {
                        i++;
                        depth--;
                        continue;
                    }

                    if (c != (byte)',')
                    {
                        return JsonResult.Illegal;
                    }

                    i++;
                    if (i < end && buffer[i] <= (byte)' ')
                    {
                        SkipWhitespace(buffer, ref i, end);
                    }
                    if (i >= end)
                    {
                        return JsonResult.Partial;
                    }

                    if (!inArray)
                    {
                        // A '}' here is a trailing comma: SkipString rejects it.
                        r = SkipKeyAndColon(buffer, ref i, end);
                        if (r != JsonResult.Success)
                        {
                            return r;
                        }
                    }

                    break;
                }
            }
        }

        /// <summary>At a member's key: advances past key, whitespace, ':' and whitespace to the value's first byte (which must exist).</summary>
        private static JsonResult SkipKeyAndColon(byte[] buffer, ref int index, int end)
        {
            int i = index;
            JsonResult r = SkipString(buffer, ref i, end);
            if (r != JsonResult.Success)
            {
                return r;
            }

            if (i < end && buffer[i] <= (byte)' ')

            {

                SkipWhitespace(buffer, ref i, end);

            }
            if (i >= end)
            {
                return JsonResult.Partial;
            }

            if (buffer[i] != (byte)':')
            {
                return JsonResult.Illegal;
            }

            i++;
            if (i < end && buffer[i] <= (byte)' ')
            {
                SkipWhitespace(buffer, ref i, end);
            }
            if (i >= end)
            {
                return JsonResult.Partial;
            }

            index = i;
            return JsonResult.Success;
        }

        /// <summary>
        /// Checks that bytes [start, start+count) hold exactly one JSON value with optional surrounding
        /// whitespace (RFC 8259 §2), well-formed UTF-8, at most <see cref="JsonLimits.MaxDocumentBytes"/>
        /// bytes and <see cref="JsonLimits.MaxDepth"/> levels. Empty input is <see cref="JsonResult.Partial"/>.
        /// </summary>
        public static JsonResult Validate(byte[] buffer, int start, int count)
        {
            return Validate(buffer, start, count, JsonLimits.MaxDocumentBytes);
        }

        /// <summary>As <see cref="Validate(byte[], int, int)"/> with a caller-chosen size limit (for reply payloads that wrap a full job document).</summary>
        public static JsonResult Validate(byte[] buffer, int start, int count, int maxBytes)
        {
            JsonResult r = CheckRange(buffer, start, count, maxBytes);
            if (r != JsonResult.Success)
            {
                return r;
            }

            int end = start + count;
            int i = start;
            SkipWhitespace(buffer, ref i, end);
            r = SkipValue(buffer, ref i, end);
            if (r != JsonResult.Success)
            {
                return r;
            }

            SkipWhitespace(buffer, ref i, end);
            return i == end ? JsonResult.Success : JsonResult.Illegal;
        }

        /// <summary>Argument check shared by the public entry points: a bad range is Illegal, a long one TooLarge.</summary>
        internal static JsonResult CheckRange(byte[] buffer, int start, int count, int maxBytes)
        {
            if (buffer == null || start < 0 || count < 0 || start > buffer.Length || count > buffer.Length - start)
            {
                return JsonResult.Illegal;
            }

            return count > maxBytes ? JsonResult.TooLarge : JsonResult.Success;
        }

        /// <summary>
        /// Cursor-style iteration over the members of an object or the elements of an array whose token
        /// is [containerOffset, containerOffset+containerLength). Start with <c>cursor = containerOffset</c>;
        /// each call returns the next entry and moves the cursor past it, or <see cref="JsonResult.NotFound"/>
        /// after the last one. Keys and values are raw tokens (a key includes its quotes); for arrays
        /// <paramref name="keyOffset"/> is -1 and <paramref name="keyLength"/> 0. Every value returned is validated.
        /// </summary>
        public static JsonResult Iterate(byte[] buffer, int containerOffset, int containerLength, ref int cursor,
            out int keyOffset, out int keyLength, out int valueOffset, out int valueLength, out JsonValueType type)
        {
            keyOffset = -1;
            keyLength = 0;
            valueOffset = -1;
            valueLength = 0;
            type = JsonValueType.None;
            JsonResult r = CheckRange(buffer, containerOffset, containerLength, int.MaxValue);
            if (r != JsonResult.Success)
            {
                return r;
            }

            int end = containerOffset + containerLength;
            if (containerLength == 0)
            {
                return JsonResult.Partial;
            }

            byte open = buffer[containerOffset];
            if (open != (byte)'{' && open != (byte)'[')
            {
                return JsonResult.WrongType;
            }

            bool isArray = open == (byte)'[';
            int i = cursor;
            if (i < containerOffset || i > end)
            {
                return JsonResult.Illegal;
            }

            int kOff, kLen;
            r = NextEntry(buffer, ref i, end, isArray, cursor == containerOffset, out kOff, out kLen);
            if (r != JsonResult.Success)
            {
                return r;
            }

            int vOff = i;
            r = SkipValue(buffer, ref i, end);
            if (r != JsonResult.Success)
            {
                return r;
            }

            keyOffset = kOff;
            keyLength = kLen;
            valueOffset = vOff;
            valueLength = i - vOff;
            type = TypeAt(buffer, vOff, end);
            cursor = i;
            return JsonResult.Success;
        }

        /// <summary>
        /// Moves <paramref name="index"/> from the container's opening bracket (<paramref name="first"/>) or from just after
        /// the previous value to the first byte of the next value, past a ',' and, in objects, the key and ':'.
        /// <see cref="JsonResult.NotFound"/> at the closing bracket. The value itself is not skipped, so a search can
        /// step into it without scanning it twice.
        /// </summary>
        private static JsonResult NextEntry(byte[] buffer, ref int index, int end, bool isArray, bool first, out int keyOffset, out int keyLength)
        {
            keyOffset = -1;
            keyLength = 0;
            int i = index;
            if (i < end && buffer[i] <= (byte)' ')
            {
                SkipWhitespace(buffer, ref i, end);
            }
            if (i >= end)
            {
                return JsonResult.Partial;
            }

            if (first)
            {
                i++;
                if (i < end && buffer[i] <= (byte)' ')
                {
                    SkipWhitespace(buffer, ref i, end);
                }
                if (i >= end)
                {
                    return JsonResult.Partial;
                }
            }

            if (buffer[i] == (byte)(isArray ? ']' : '}'))
            {
                return JsonResult.NotFound;
            }

            if (!first)
            {
                if (buffer[i] != (byte)',')
                {
                    return JsonResult.Illegal;
                }

                i++;
                if (i < end && buffer[i] <= (byte)' ')
                {
                    SkipWhitespace(buffer, ref i, end);
                }
            }

            if (!isArray)
            {
                int kOff = i;
                JsonResult r = SkipString(buffer, ref i, end);
                if (r != JsonResult.Success)
                {
                    return r;
                }

                keyOffset = kOff;
                keyLength = i - kOff;
                if (i < end && buffer[i] <= (byte)' ')
                {
                    SkipWhitespace(buffer, ref i, end);
                }
                if (i >= end)
                {
                    return JsonResult.Partial;
                }

                if (buffer[i] != (byte)':')
                {
                    return JsonResult.Illegal;
                }

                i++;
                if (i < end && buffer[i] <= (byte)' ')
                {
                    SkipWhitespace(buffer, ref i, end);
                }
            }

            if (i >= end)
            {
                return JsonResult.Partial;
            }

            index = i;
            return JsonResult.Success;
        }
    }
}
