namespace NfDevice.Jobs.Json
{
    /// <summary>Path lookup: <c>execution.jobDocument.files[0].size</c>.</summary>
    public static partial class JsonScanner
    {
        /// <summary>
        /// Finds the value at <paramref name="path"/> in the document [start, start+count) and returns its raw
        /// token as (offset, length). Path syntax: member names separated by '.', array indices as <c>[n]</c>
        /// (<c>a.b[2].c</c>, <c>[0]</c>); an empty path is the whole document. Names are compared with the
        /// keys' unescaped text; a name cannot contain '.' or '['. The path is parsed in place and nothing is
        /// allocated. With duplicate keys the first one wins (as coreJSON). Only the parts of the document
        /// the search passes through are validated; call <see cref="Validate(byte[], int, int)"/> first to
        /// reject a document that is malformed after the value found.
        /// </summary>
        public static JsonResult Find(byte[] buffer, int start, int count, string path,
            out int valueOffset, out int valueLength, out JsonValueType type)
        {
            valueOffset = -1;
            valueLength = 0;
            type = JsonValueType.None;
            if (path == null)
            {
                return JsonResult.BadPath;
            }

            JsonResult r = CheckRange(buffer, start, count, JsonLimits.MaxDocumentBytes);
            if (r != JsonResult.Success)
            {
                return r;
            }

            int end = start + count;
            int i = start;
            SkipWhitespace(buffer, ref i, end);
            if (i >= end)
            {
                return JsonResult.Partial;
            }

            int p = 0;
            int plen = path.Length;
            int depth = 0;
            while (p < plen)
            {
                if (++depth > JsonLimits.MaxDepth)
                {
                    return JsonResult.TooDeep;
                }

                if (path[p] == '[')
                {
                    int n = 0;
                    int q = p + 1;
                    while (q < plen && path[q] >= '0' && path[q] <= '9')
                    {
                        if (n > 100000000)
                        {
                            return JsonResult.BadPath;
                        }

                        n = (n * 10) + (path[q] - '0');
                        q++;
                    }

                    if (q == p + 1 || q >= plen || path[q] != ']')
                    {
                        return JsonResult.BadPath;
                    }

                    p = q + 1;
                    r = AfterSegment(path, ref p);
                    if (r != JsonResult.Success)
                    {
                        return r;
                    }

                    r = StepIntoElement(buffer, ref i, end, n);
                }
                else
                {
                    int segStart = p;
                    while (p < plen && path[p] != '.' && path[p] != '[')
                    {
                        p++;
                    }

                    if (p == segStart)
                    {
                        return JsonResult.BadPath;
                    }

                    int segEnd = p;
                    r = AfterSegment(path, ref p);
                    if (r != JsonResult.Success)
                    {
                        return r;
                    }

                    r = StepIntoMember(buffer, ref i, end, path, segStart, segEnd);
                }

                if (r != JsonResult.Success)
                {
                    return r;
                }
            }

            int v = i;
            r = SkipValue(buffer, ref i, end);
            if (r != JsonResult.Success)
            {
                return r;
            }

            valueOffset = v;
            valueLength = i - v;
            type = TypeAt(buffer, v, end);
            return JsonResult.Success;
        }

        /// <summary>After a segment: consume a '.' separator (which must be followed by a name) or stop before '['.</summary>
        private static JsonResult AfterSegment(string path, ref int p)
        {
            if (p >= path.Length || path[p] == '[')
            {
                return JsonResult.Success;
            }

            if (path[p] != '.' || p + 1 >= path.Length || path[p + 1] == '.' || path[p + 1] == '[')
            {
                return JsonResult.BadPath;
            }

            p++;
            return JsonResult.Success;
        }

        /// <summary>At an object: moves <paramref name="index"/> to the value of the first member named path[segStart, segEnd).</summary>
        private static JsonResult StepIntoMember(byte[] buffer, ref int index, int end, string path, int segStart, int segEnd)
        {
            if (buffer[index] != (byte)'{')
            {
                return (TypeAt(buffer, index, end) != JsonValueType.None) ? JsonResult.NotFound : JsonResult.Illegal;
            }

            int i = index;
            for (bool first = true; ; first = false)
            {
                int kOff, kLen;
                JsonResult r = NextEntry(buffer, ref i, end, false, first, out kOff, out kLen);
                if (r != JsonResult.Success)
                {
                    return r;
                }

                if (JsonText.KeyEquals(buffer, kOff, kLen, path, segStart, segEnd))
                {
                    index = i;
                    return JsonResult.Success;
                }

                r = SkipValue(buffer, ref i, end);
                if (r != JsonResult.Success)
                {
                    return r;
                }
            }
        }

        /// <summary>At an array: moves <paramref name="index"/> to element <paramref name="n"/>.</summary>
        private static JsonResult StepIntoElement(byte[] buffer, ref int index, int end, int n)
        {
            if (buffer[index] != (byte)'[')
            {
                return (TypeAt(buffer, index, end) != JsonValueType.None) ? JsonResult.NotFound : JsonResult.Illegal;
            }

            int i = index;
            for (int k = 0; ; k++)
            {
                int kOff, kLen;
                JsonResult r = NextEntry(buffer, ref i, end, true, k == 0, out kOff, out kLen);
                if (r != JsonResult.Success)
                {
                    return r;
                }

                if (k == n)
                {
                    index = i;
                    return JsonResult.Success;
                }

                r = SkipValue(buffer, ref i, end);
                if (r != JsonResult.Success)
                {
                    return r;
                }
            }
        }
    }
}
