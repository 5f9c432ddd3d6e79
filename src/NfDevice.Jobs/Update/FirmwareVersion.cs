namespace NfDevice.Jobs.Update
{
    /// <summary>
    /// Dotted numeric versions ("1.4.2", "2.0.0.17"), compared component by component; a missing
    /// component counts as 0. Anything else (letters, empty parts, more than 4 parts) is invalid.
    /// </summary>
    public static class FirmwareVersion
    {
        /// <summary>Most components a version may have (as System.Version).</summary>
        public const int MaxComponents = 4;

        /// <summary>Result of <see cref="Compare"/> when either version is not a dotted numeric version.</summary>
        public const int Invalid = int.MinValue;

        /// <summary>True if <paramref name="version"/> is 1 to 4 dot-separated decimal numbers.</summary>
        public static bool IsValid(string version)
        {
            return Compare(version, version) == 0;
        }

        /// <summary>Returns -1, 0 or 1 as <paramref name="a"/> is older, equal or newer than <paramref name="b"/>, or <see cref="Invalid"/>.</summary>
        public static int Compare(string a, string b)
        {
            if (a == null || b == null || a.Length == 0 || b.Length == 0)
            {
                return Invalid;
            }

            int ia = 0;
            int ib = 0;
            int result = 0;
            for (int component = 0; component < MaxComponents; component++)
            {
                long va;
                long vb;
                if (!NextComponent(a, ref ia, out va) || !NextComponent(b, ref ib, out vb))
                {
                    return Invalid;
                }

                if (result == 0 && va != vb)
                {
                    result = va < vb ? -1 : 1;
                }

                if (ia >= a.Length && ib >= b.Length)
                {
                    return result;
                }
            }

            return Invalid;
        }

        // Reads the component at index (0 past the end), leaving index after its dot.
        private static bool NextComponent(string text, ref int index, out long value)
        {
            value = 0;
            if (index >= text.Length)
            {
                return true;
            }

            int digits = 0;
            while (index < text.Length && text[index] != '.')
            {
                char c = text[index];
                if (c < '0' || c > '9' || digits >= 9)
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
                digits++;
                index++;
            }

            if (digits == 0)
            {
                return false;
            }

            if (index < text.Length)
            {
                index++; // the dot
                if (index >= text.Length)
                {
                    return false; // "1.2."
                }
            }

            return true;
        }
    }
}
