namespace NfDevice.Jobs.Tests.Json
{
    /// <summary>One named document per defect class (coreJSON style), and a few valid ones.</summary>
    public static class JsonFixtures
    {
        /// <summary>A valid document with every kind of value.</summary>
        public const string Valid =
            "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"x\\u0041\\n\",\"e\":-0.5e+3},\"f\":[],\"g\":{}}";

        /// <summary>A job document like the ones the agent runs.</summary>
        public const string JobDocument =
            "{ \"execution\" : { \"jobId\" : \"job-1\", \"jobDocument\" : { \"operation\" : \"update\", " +
            "\"files\" : [ { \"name\" : \"a.bin\", \"size\" : 1024 }, { \"name\" : \"b.bin\", \"size\" : 2048 } ] } } }";

        /// <summary>"a":1 "b":2 with no comma.</summary>
        public const string MissingCommaAfterValue = "{\"a\":1 \"b\":2}";

        /// <summary>Cut right after a key.</summary>
        public const string CutAfterKey = "{\"a\":1,\"b\"";

        /// <summary>Cut after the colon.</summary>
        public const string CutAfterColon = "{\"a\":";

        /// <summary>Cut inside a string.</summary>
        public const string CutInString = "{\"a\":\"abc";

        /// <summary>Cut inside a literal.</summary>
        public const string CutInLiteral = "[tru";

        /// <summary>Cut after a number inside an array.</summary>
        public const string CutAfterNumber = "[1";

        /// <summary>Comma before '}'.</summary>
        public const string TrailingCommaInObject = "{\"a\":1,}";

        /// <summary>Comma before ']'.</summary>
        public const string TrailingCommaInArray = "[1,2,]";

        /// <summary>Missing colon between key and value.</summary>
        public const string MissingColon = "{\"a\" 1}";

        /// <summary>Key that is not a string.</summary>
        public const string UnquotedKey = "{a:1}";

        /// <summary>Escape that JSON does not have.</summary>
        public const string BadEscape = "[\"a\\x\"]";

        /// <summary>\u with a non-hex digit.</summary>
        public const string BadUnicodeEscape = "[\"\\u12G4\"]";

        /// <summary>A high surrogate escape with nothing after it.</summary>
        public const string LoneHighSurrogate = "[\"\\uD83D\"]";

        /// <summary>A low surrogate escape on its own.</summary>
        public const string LoneLowSurrogate = "[\"\\uDE00\"]";

        /// <summary>A high surrogate followed by a non-surrogate escape.</summary>
        public const string HighSurrogateThenBmp = "[\"\\uD83D\\u0041\"]";

        /// <summary>A correct surrogate pair (U+1F600).</summary>
        public const string SurrogatePair = "[\"\\uD83D\\uDE00\"]";

        /// <summary>A raw control character inside a string.</summary>
        public const string ControlCharInString = "[\"a\tb\"]";

        /// <summary>Leading zero.</summary>
        public const string LeadingZero = "[01]";

        /// <summary>Negative leading zero.</summary>
        public const string NegativeLeadingZero = "[-01]";

        /// <summary>Explicit plus sign.</summary>
        public const string PlusSign = "[+1]";

        /// <summary>Fraction without digits.</summary>
        public const string DotWithoutDigits = "[1.]";

        /// <summary>Fraction without integer part.</summary>
        public const string DotFirst = "[.5]";

        /// <summary>Exponent without digits.</summary>
        public const string EmptyExponent = "[1e]";

        /// <summary>Misspelled literal.</summary>
        public const string BadLiteral = "[nul]";

        /// <summary>Two top-level values.</summary>
        public const string TwoValues = "{} {}";

        /// <summary>Mismatched brackets.</summary>
        public const string MismatchedBrackets = "[1}";

        /// <summary>Nothing but whitespace.</summary>
        public const string OnlyWhitespace = " \r\n\t ";

        /// <summary>Single quotes.</summary>
        public const string SingleQuotes = "['a']";

        /// <summary>Nested arrays to <paramref name="depth"/> levels: [[[...]]].</summary>
        public static string Nested(int depth)
        {
            System.Text.StringBuilder sb = new System.Text.StringBuilder();
            for (int i = 0; i < depth; i++)
            {
                sb.Append('[');
            }

            for (int i = 0; i < depth; i++)
            {
                sb.Append(']');
            }

            return sb.ToString();
        }

        /// <summary>A valid document of exactly <paramref name="size"/> bytes: {"p":"xxxx..."}.</summary>
        public static byte[] OfSize(int size)
        {
            byte[] b = new byte[size];
            b[0] = (byte)'{';
            b[1] = (byte)'"';
            b[2] = (byte)'p';
            b[3] = (byte)'"';
            b[4] = (byte)':';
            b[5] = (byte)'"';
            for (int i = 6; i < size - 2; i++)
            {
                b[i] = (byte)'x';
            }

            b[size - 2] = (byte)'"';
            b[size - 1] = (byte)'}';
            return b;
        }

        /// <summary>["..."] around the given raw bytes (for UTF-8 cases).</summary>
        public static byte[] StringWithBytes(byte[] raw)
        {
            byte[] b = new byte[raw.Length + 4];
            b[0] = (byte)'[';
            b[1] = (byte)'"';
            for (int i = 0; i < raw.Length; i++)
            {
                b[i + 2] = raw[i];
            }

            b[raw.Length + 2] = (byte)'"';
            b[raw.Length + 3] = (byte)']';
            return b;
        }

        /// <summary>Overlong encoding of '/' (C0 AF).</summary>
        public static readonly byte[] OverlongSlash = { 0xC0, 0xAF };

        /// <summary>Overlong 3-byte encoding of U+007F (E0 81 BF).</summary>
        public static readonly byte[] OverlongThreeByte = { 0xE0, 0x81, 0xBF };

        /// <summary>Overlong 4-byte encoding (F0 80 80 80).</summary>
        public static readonly byte[] OverlongFourByte = { 0xF0, 0x80, 0x80, 0x80 };

        /// <summary>UTF-8-encoded surrogate U+D800 (ED A0 80).</summary>
        public static readonly byte[] EncodedSurrogate = { 0xED, 0xA0, 0x80 };

        /// <summary>Above U+10FFFF (F4 90 80 80).</summary>
        public static readonly byte[] AboveMaxCodePoint = { 0xF4, 0x90, 0x80, 0x80 };

        /// <summary>A lone continuation byte.</summary>
        public static readonly byte[] LoneContinuation = { 0x80 };

        /// <summary>Lead byte followed by ASCII.</summary>
        public static readonly byte[] BadContinuation = { 0xC3, 0x41 };

        /// <summary>Never-valid byte FF.</summary>
        public static readonly byte[] ByteFF = { 0xFF };

        /// <summary>Valid: U+00E9, U+20AC, U+1F600, U+10FFFF.</summary>
        public static readonly byte[] ValidMultibyte = { 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xF4, 0x8F, 0xBF, 0xBF };
    }
}
