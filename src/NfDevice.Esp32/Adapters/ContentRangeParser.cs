using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>
    /// Parses a Content-Range header value (RFC 9110 section 14.4: "bytes first-last/complete",
    /// "bytes */complete" on 416, and "*" for an unknown complete length) into
    /// <see cref="HttpRangeResponse"/>. Pure and allocation-free, so it can move to the core and be
    /// tested there; the device adapter only feeds it the header string.
    /// </summary>
    public static class ContentRangeParser
    {
        /// <summary>
        /// Fills RangeStart, RangeEnd and RangeTotal from <paramref name="value"/>. Fields that are
        /// absent or unreadable stay -1. Returns true when a first-last range was read.
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
            SkipSpaces(value, ref i, end);

            const string Unit = "bytes";
            if (end - i < Unit.Length + 1)
            {
                return false;
            }

            for (int k = 0; k < Unit.Length; k++)
            {
                char c = value[i + k];
                if (c != Unit[k] && c != (char)(Unit[k] - 32))
                {
                    return false;
                }
            }

            i += Unit.Length;
            if (value[i] != ' ')
            {
                return false;
            }

            SkipSpaces(value, ref i, end);

            long first = -1;
            long last = -1;
            bool haveRange = false;
            if (i < end && value[i] == '*')
            {
                i++;
            }
            else
            {
                if (!ReadNumber(value, ref i, end, out first) || i >= end || value[i] != '-')
                {
                    return false;
                }

                i++;
                if (!ReadNumber(value, ref i, end, out last) || last < first)
                {
                    return false;
                }

                haveRange = true;
            }

            if (i >= end || value[i] != '/')
            {
                return false;
            }

            i++;
            long total = -1;
            if (i < end && value[i] == '*')
            {
                i++;
            }
            else if (!ReadNumber(value, ref i, end, out total))
            {
                return false;
            }

            SkipSpaces(value, ref i, end);
            if (i != end || (haveRange && total >= 0 && last >= total))
            {
                return false;
            }

            response.RangeStart = first;
            response.RangeEnd = last;
            response.RangeTotal = total;
            return haveRange;
        }

        private static void SkipSpaces(string value, ref int i, int end)
        {
            while (i < end && (value[i] == ' ' || value[i] == '\t'))
            {
                i++;
            }
        }

        // At most 18 digits, so the value cannot overflow a long.
        private static bool ReadNumber(string value, ref int i, int end, out long number)
        {
            number = 0;
            int start = i;
            while (i < end && value[i] >= '0' && value[i] <= '9')
            {
                if (i - start == 18)
                {
                    return false;
                }

                number = number * 10 + (value[i] - '0');
                i++;
            }

            return i > start;
        }
    }
}
