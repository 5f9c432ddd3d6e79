namespace NfDevice.Jobs.Json
{
    /// <summary>
    /// Outcome of every scanner, reader and writer call. The scanner never throws on bad input;
    /// it returns one of these codes and leaves the caller's index where it was.
    /// </summary>
    public enum JsonResult
    {
        /// <summary>The operation succeeded.</summary>
        Success = 0,

        /// <summary>The path, member or element does not exist (or the value on the path is not the container the path needs).</summary>
        NotFound = 1,

        /// <summary>The input ends before the value does: a proper prefix of some valid document (cut off, not wrong).</summary>
        Partial = 2,

        /// <summary>The input breaks the JSON grammar (RFC 8259 / ECMA-404), or a writer call came out of order.</summary>
        Illegal = 3,

        /// <summary>Nesting is deeper than <see cref="JsonLimits.MaxDepth"/>.</summary>
        TooDeep = 4,

        /// <summary>The document is longer than <see cref="JsonLimits.MaxDocumentBytes"/>.</summary>
        TooLarge = 5,

        /// <summary>The value exists but is not of the requested type (e.g. a string read as an integer, a fraction read as Int64).</summary>
        WrongType = 6,

        /// <summary>A string holds bytes that are not well-formed UTF-8 (RFC 3629: overlong, surrogate, out of range, bad continuation).</summary>
        BadUtf8 = 7,

        /// <summary>The caller's destination buffer is too small; nothing useful was produced.</summary>
        BufferTooSmall = 8,

        /// <summary>An integer does not fit the requested type.</summary>
        Overflow = 9,

        /// <summary>The path string is malformed (empty segment, bad or unclosed index).</summary>
        BadPath = 10,

        /// <summary>
        /// A string value holds U+0000 (escaped as \u0000), which a nanoFramework string cannot hold (it ends at the
        /// first NUL), so <see cref="JsonReader.ReadString"/> refuses it on every runtime; CopyChars and CopyUtf8 read it.
        /// </summary>
        Unrepresentable = 11,
    }

    /// <summary>Kind of a JSON value, from its first byte.</summary>
    public enum JsonValueType
    {
        /// <summary>Not a value (or not found).</summary>
        None = 0,

        /// <summary>An object <c>{...}</c>.</summary>
        Object = 1,

        /// <summary>An array <c>[...]</c>.</summary>
        Array = 2,

        /// <summary>A string <c>"..."</c>.</summary>
        String = 3,

        /// <summary>A number.</summary>
        Number = 4,

        /// <summary>The literal <c>true</c>.</summary>
        True = 5,

        /// <summary>The literal <c>false</c>.</summary>
        False = 6,

        /// <summary>The literal <c>null</c>.</summary>
        Null = 7,
    }

    /// <summary>Limits the scanner and writer enforce.</summary>
    public static class JsonLimits
    {
        /// <summary>
        /// Largest document accepted: 32768 bytes, the AWS IoT job document maximum
        /// (per AWS IoT API Reference, JobDocument max length 32768; reference §1.3).
        /// Payloads that embed a full job document plus envelope fields may be slightly larger;
        /// <see cref="MaxPayloadBytes"/> covers those.
        /// </summary>
        public const int MaxDocumentBytes = 32768;

        /// <summary>
        /// Largest reply payload the protocol decoder accepts: a 32768-byte job document plus the
        /// envelope (execution fields, statusDetails of up to 10 pairs of 1024-character values).
        /// </summary>
        public const int MaxPayloadBytes = 65536;

        /// <summary>Deepest nesting of objects and arrays accepted; the scanner keeps its stack in one 64-bit word.</summary>
        public const int MaxDepth = 32;
    }
}
