using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Update
{
    /// <summary>
    /// Reads a Content-Range field value (RFC 9110 §14.4) into <see cref="HttpRangeResponse"/>, for
    /// platforms whose HTTP stack hands over the raw header (HttpWebRequest on the device). Pure and
    /// allocation-free.
    /// </summary>
    /// <remarks>
    /// Grammar (§14.4): <c>range-unit SP ( incl-range "/" ( complete-length / "*" ) / "*/" complete-length )</c>,
    /// <c>incl-range = first-pos "-" last-pos</c>, all positions <c>1*DIGIT</c>. Only the "bytes" unit
    /// (compared case-insensitively, §14.1) is understood. Leading and trailing SP/HTAB are ignored as
    /// field-value trimming (§5.5); any other whitespace is not in the grammar and makes the value invalid.
    /// A value is invalid when last-pos &lt; first-pos or complete-length &lt;= last-pos (§14.4).
    /// </remarks>
    public static class ContentRange
    {
        private const string Unit = "bytes";

        /// <summary>
        /// Parses <paramref name="value"/>. On success fills <see cref="HttpRangeResponse.RangeStart"/>,
        /// <see cref="HttpRangeResponse.RangeEnd"/> (both -1 for the unsatisfied form "bytes */length" of a 416)
        /// and <see cref="HttpRangeResponse.RangeTotal"/> (-1 for "*") and returns true. A null, empty or invalid
        /// value, another unit or a number that does not fit a long returns false with all three fields -1.
        /// Other fields of <paramref name="response"/> are not touched.
        /// </summary>
        public static bool Parse(string value, HttpRangeResponse response)
        {
            response.RangeStart = -1;
            response.RangeEnd = -1;
            response.RangeTotal = -1;
            if (value == null)
            {
                return false;
            }

            int i = 0;
            int end = value.Length;
            while (i < end && IsOws(value[i]))
            {
                i++;
            }

            while (end > i && IsOws(value[end - 1]))
            {
                end--;
            }

            // "bytes" SP, then at least "*/0" or "0-0/*" (3 characters).
            if (end - i < Unit.Length + 1 + 3)
            {
                return false;
            }

            for (int k = 0; k < Unit.Length; k++)
            {
                char c = value[i + k];
                if (c >= 'A' && c <= 'Z')
                {
                    c = (char)(c + 32);
                }

                if (c != Unit[k])
                {
                    return false;
                }
            }

            i += Unit.Length;
            if (value[i] != ' ')
            {
                return false;
            }

            i++;
            long first = -1;
            long last = -1;
            long total = -1;
            if (value[i] == '*')
            {
                // unsatisfied-range: "*/" complete-length, the length is mandatory.
                i++;
                if (i >= end || value[i] != '/')
                {
                    return false;
                }

                i++;
                if (!ReadNumber(value, ref i, end, out total) || i != end)
                {
                    return false;
                }
            }
            else
            {
                if (!ReadNumber(value, ref i, end, out first) || i >= end || value[i] != '-')
                {
                    return false;
                }

                i++;
                if (!ReadNumber(value, ref i, end, out last) || i >= end || value[i] != '/')
                {
                    return false;
                }

                i++;
                if (i < end && value[i] == '*')
                {
                    i++;
                }
                else if (!ReadNumber(value, ref i, end, out total))
                {
                    return false;
                }

                if (i != end || last < first || (total >= 0 && total <= last))
                {
                    return false;
                }
            }

            response.RangeStart = first;
            response.RangeEnd = last;
            response.RangeTotal = total;
            return true;
        }

        private static bool IsOws(char c)
        {
            return c == ' ' || c == '\t';
        }

        // 1*DIGIT into a long; leading zeros are allowed, a value above long.MaxValue is not.
        private static bool ReadNumber(string value, ref int i, int end, out long number)
        {
            number = 0;
            int start = i;
            while (i < end)
            {
                int digit = value[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    break;
                }

                if (number > (long.MaxValue - digit) / 10)
                {
                    return false;
                }

                number = (number * 10) + digit;
                i++;
            }

            return i > start;
        }
    }
}
