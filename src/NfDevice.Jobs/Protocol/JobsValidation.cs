namespace NfDevice.Jobs.Protocol
{
    /// <summary>
    /// Identifier and statusDetails checks as AWS defines them (reference §1.3). Each looks at every character once
    /// (through <see cref="Json.JsonText.Chars"/>: no allocation on .NET, one character array on nanoFramework).
    /// </summary>
    public static class JobsValidation
    {
        /// <summary>thingName: 1-128 characters of [a-zA-Z0-9:_-].</summary>
        public static bool IsValidThingName(string thingName)
        {
            return IsIdentifier(thingName, JobsLimits.MaxThingNameLength, true);
        }

        /// <summary>jobId: 1-64 characters of [a-zA-Z0-9_-]; <c>$next</c> only when <paramref name="allowNext"/> (DescribeJobExecution).</summary>
        public static bool IsValidJobId(string jobId, bool allowNext)
        {
            if (allowNext && jobId == JobsLimits.NextJobId)
            {
                return true;
            }

            return IsIdentifier(jobId, JobsLimits.MaxJobIdLength, false);
        }

        /// <summary>jobId check over raw bytes (e.g. the jobId content of a payload or topic).</summary>
        public static bool IsValidJobId(byte[] buffer, int offset, int length, bool allowNext)
        {
            if (buffer == null || offset < 0 || length < 1 || offset > buffer.Length - length)
            {
                return false;
            }

            if (allowNext && length == 5 && buffer[offset] == (byte)'$' && buffer[offset + 1] == (byte)'n'
                && buffer[offset + 2] == (byte)'e' && buffer[offset + 3] == (byte)'x' && buffer[offset + 4] == (byte)'t')
            {
                return true;
            }

            if (length > JobsLimits.MaxJobIdLength)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (!IsIdChar((char)buffer[offset + i], false))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>statusDetails key: 1-128 characters of [a-zA-Z0-9:_-].</summary>
        public static bool IsValidStatusDetailsKey(string key)
        {
            return IsIdentifier(key, JobsLimits.MaxStatusDetailsKeyLength, true);
        }

        /// <summary>
        /// statusDetails value: 1-1024 characters matching <c>[^\p{C}]+</c>. Characters are counted as Unicode
        /// code points. Checked here: controls (Cc), private use (Co), and the
        /// format characters (Cf) of the BMP; unassigned code points (Cn) are not checked because the
        /// device has no Unicode tables. An unpaired surrogate (Cs) counts as U+FFFD, which it is on nanoFramework
        /// (its strings cannot hold one) and in the UTF-8 the writer sends.
        /// </summary>
        public static bool IsValidStatusDetailsValue(string value)
        {
            if (value == null)
            {
                return false;
            }

            int count = 0;
            int i = 0;
            var chars = Json.JsonText.Chars(value);
            int n = chars.Length;
            if (n == 0)
            {
                return false;
            }

            while (i < n)
            {
                int cp = Json.JsonText.NextCodePoint(chars, ref i, n);
                if (IsOtherCategory(cp))
                {
                    return false;
                }

                if (++count > JobsLimits.MaxStatusDetailsValueLength)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>clientToken: 1-64 characters, no control characters (an unpaired surrogate counts as U+FFFD).</summary>
        public static bool IsValidClientToken(string clientToken)
        {
            if (clientToken == null)
            {
                return false;
            }

            var chars = Json.JsonText.Chars(clientToken);
            int n = chars.Length;
            if (n == 0 || n > JobsLimits.MaxClientTokenLength)
            {
                return false;
            }

            int i = 0;
            while (i < n)
            {
                int cp = Json.JsonText.NextCodePoint(chars, ref i, n);
                if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>stepTimeoutInMinutes: 1-10080, or -1 (cancel) when <paramref name="allowCancel"/> (UpdateJobExecution).</summary>
        public static bool IsValidStepTimeout(int minutes, bool allowCancel)
        {
            if (allowCancel && minutes == JobsLimits.CancelStepTimeout)
            {
                return true;
            }

            return minutes >= JobsLimits.MinStepTimeoutInMinutes && minutes <= JobsLimits.MaxStepTimeoutInMinutes;
        }

        private static bool IsIdentifier(string text, int maxLength, bool allowColon)
        {
            if (text == null)
            {
                return false;
            }

            var chars = Json.JsonText.Chars(text);
            int n = chars.Length;
            if (n == 0 || n > maxLength)
            {
                return false;
            }

            for (int i = 0; i < n; i++)
            {
                if (!IsIdChar(chars[i], allowColon))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>[a-zA-Z0-9_-], plus ':' when allowed (jobs.c isValidChar).</summary>
        internal static bool IsIdChar(char c, bool allowColon)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || (allowColon && c == ':');
        }

        /// <summary>Unicode general category C (other), except unassigned: Cc, Cf (BMP), Co.</summary>
        internal static bool IsOtherCategory(int cp)
        {
            if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
            {
                return true; // Cc
            }

            if (cp == 0xAD || (cp >= 0x600 && cp <= 0x605) || cp == 0x61C || cp == 0x6DD || cp == 0x70F || cp == 0x180E
                || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064)
                || (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB))
            {
                return true; // Cf
            }

            return (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000; // Co (BMP and planes 15-16)
        }
    }
}
