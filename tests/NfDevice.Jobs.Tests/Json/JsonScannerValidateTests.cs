#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Tests.Json
{
    /// <summary>Validate against one fixture per defect class.</summary>
    [TestClass]
    public class JsonScannerValidateTests
    {
        [TestMethod]
        public void Validate_ReturnsSuccess_ForDocumentWithEveryValueKind()
        {
            JsonAssert.Result(JsonResult.Success, JsonAssert.Validate(JsonFixtures.Valid), "valid");
            JsonAssert.Result(JsonResult.Success, JsonAssert.Validate(JsonFixtures.JobDocument), "job document");
        }

        [TestMethod]
        public void Validate_ReturnsSuccess_ForTopLevelScalarsWithWhitespace()
        {
            JsonAssert.Result(JsonResult.Success, JsonAssert.Validate(" 12 "), "number");
            JsonAssert.Result(JsonResult.Success, JsonAssert.Validate("\"s\""), "string");
            JsonAssert.Result(JsonResult.Success, JsonAssert.Validate("null"), "null");
            JsonAssert.Result(JsonResult.Success, JsonAssert.Validate("-0"), "minus zero");
            JsonAssert.Result(JsonResult.Success, JsonAssert.Validate("1E-7"), "exponent");
        }

        [TestMethod]
        public void Validate_ReturnsIllegal_WhenCommaIsMissingAfterValue()
        {
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.MissingCommaAfterValue), "missing comma");
        }

        [TestMethod]
        public void Validate_ReturnsPartial_WhenDocumentIsCut()
        {
            JsonAssert.Result(JsonResult.Partial, JsonAssert.Validate(JsonFixtures.CutAfterKey), "after key");
            JsonAssert.Result(JsonResult.Partial, JsonAssert.Validate(JsonFixtures.CutAfterColon), "after colon");
            JsonAssert.Result(JsonResult.Partial, JsonAssert.Validate(JsonFixtures.CutInString), "in string");
            JsonAssert.Result(JsonResult.Partial, JsonAssert.Validate(JsonFixtures.CutInLiteral), "in literal");
            JsonAssert.Result(JsonResult.Partial, JsonAssert.Validate(JsonFixtures.CutAfterNumber), "after number");
            JsonAssert.Result(JsonResult.Partial, JsonAssert.Validate(JsonFixtures.OnlyWhitespace), "whitespace");
            JsonAssert.Result(JsonResult.Partial, JsonAssert.Validate(""), "empty");
            JsonAssert.Result(JsonResult.Partial, JsonAssert.Validate("[\"\\u12"), "in unicode escape");
            JsonAssert.Result(JsonResult.Partial, JsonAssert.Validate("[\"\\uD83D"), "after high surrogate");
            JsonAssert.Result(JsonResult.Partial, JsonAssert.Validate("-"), "bare minus");
            JsonAssert.Result(JsonResult.Partial, JsonAssert.Validate("1."), "dot at end");
        }

        [TestMethod]
        public void Validate_ReturnsPartial_ForEveryProperPrefixOfAValidDocument()
        {
            byte[] doc = TestSupport.Utf8(JsonFixtures.Valid);
            for (int n = 0; n < doc.Length; n++)
            {
                JsonResult r = JsonScanner.Validate(doc, 0, n);
                // A prefix ending right after a complete top-level value would be valid; this document has none.
                JsonAssert.Result(JsonResult.Partial, r, "prefix of " + n.ToString());
            }
        }

        [TestMethod]
        public void Validate_ReturnsIllegal_ForTrailingCommas()
        {
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.TrailingCommaInObject), "object");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.TrailingCommaInArray), "array");
        }

        [TestMethod]
        public void Validate_ReturnsIllegal_ForStructuralErrors()
        {
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.MissingColon), "missing colon");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.UnquotedKey), "unquoted key");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.TwoValues), "two values");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.MismatchedBrackets), "mismatched");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.SingleQuotes), "single quotes");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.BadLiteral), "bad literal");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate("[1]]"), "extra bracket");
        }

        [TestMethod]
        public void Validate_ReturnsIllegal_ForBadEscapes()
        {
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.BadEscape), "\\x");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.BadUnicodeEscape), "\\u12G4");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.ControlCharInString), "raw tab");
        }

        [TestMethod]
        public void Validate_ReturnsIllegal_ForLoneSurrogateEscapes()
        {
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.LoneHighSurrogate), "lone high");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.LoneLowSurrogate), "lone low");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.HighSurrogateThenBmp), "high then BMP");
            JsonAssert.Result(JsonResult.Success, JsonAssert.Validate(JsonFixtures.SurrogatePair), "pair");
        }

        [TestMethod]
        public void Validate_ReturnsIllegal_ForBadNumbers()
        {
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.LeadingZero), "01");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.NegativeLeadingZero), "-01");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.PlusSign), "+1");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.DotWithoutDigits), "1.");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.DotFirst), ".5");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(JsonFixtures.EmptyExponent), "1e");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate("[1e+]"), "1e+");
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate("[-a]"), "-a");
        }

        [TestMethod]
        public void Validate_ReturnsBadUtf8_ForOverlongSurrogateAndOutOfRangeSequences()
        {
            JsonAssert.Result(JsonResult.BadUtf8, JsonAssert.Validate(JsonFixtures.StringWithBytes(JsonFixtures.OverlongSlash)), "C0 AF");
            JsonAssert.Result(JsonResult.BadUtf8, JsonAssert.Validate(JsonFixtures.StringWithBytes(JsonFixtures.OverlongThreeByte)), "E0 81 BF");
            JsonAssert.Result(JsonResult.BadUtf8, JsonAssert.Validate(JsonFixtures.StringWithBytes(JsonFixtures.OverlongFourByte)), "F0 80 80 80");
            JsonAssert.Result(JsonResult.BadUtf8, JsonAssert.Validate(JsonFixtures.StringWithBytes(JsonFixtures.EncodedSurrogate)), "ED A0 80");
            JsonAssert.Result(JsonResult.BadUtf8, JsonAssert.Validate(JsonFixtures.StringWithBytes(JsonFixtures.AboveMaxCodePoint)), "F4 90");
            JsonAssert.Result(JsonResult.BadUtf8, JsonAssert.Validate(JsonFixtures.StringWithBytes(JsonFixtures.LoneContinuation)), "80");
            JsonAssert.Result(JsonResult.BadUtf8, JsonAssert.Validate(JsonFixtures.StringWithBytes(JsonFixtures.BadContinuation)), "C3 41");
            JsonAssert.Result(JsonResult.BadUtf8, JsonAssert.Validate(JsonFixtures.StringWithBytes(JsonFixtures.ByteFF)), "FF");
            JsonAssert.Result(JsonResult.Success, JsonAssert.Validate(JsonFixtures.StringWithBytes(JsonFixtures.ValidMultibyte)), "valid multibyte");
        }

        [TestMethod]
        public void Validate_ReturnsPartial_WhenCutInsideMultibyteSequence()
        {
            byte[] doc = { (byte)'"', 0xE2, 0x82 };
            JsonAssert.Result(JsonResult.Partial, JsonAssert.Validate(doc), "cut in euro sign");
        }

        [TestMethod]
        public void Validate_ReturnsIllegal_ForNonAsciiOutsideStrings()
        {
            byte[] doc = { (byte)'[', 0xC3, 0xA9, (byte)']' };
            JsonAssert.Result(JsonResult.Illegal, JsonAssert.Validate(doc), "e-acute as a value");
        }

        [TestMethod]
        public void Validate_ReturnsTooDeep_WhenNestingExceedsLimit()
        {
            JsonAssert.Result(JsonResult.Success, JsonAssert.Validate(JsonFixtures.Nested(JsonLimits.MaxDepth)), "at limit");
            JsonAssert.Result(JsonResult.TooDeep, JsonAssert.Validate(JsonFixtures.Nested(JsonLimits.MaxDepth + 1)), "over limit");
        }

        [TestMethod]
        public void Validate_ReturnsTooLarge_WhenDocumentExceeds32KB()
        {
            JsonAssert.Result(JsonResult.Success, JsonAssert.Validate(JsonFixtures.OfSize(JsonLimits.MaxDocumentBytes)), "32768");
            JsonAssert.Result(JsonResult.TooLarge, JsonAssert.Validate(JsonFixtures.OfSize(JsonLimits.MaxDocumentBytes + 1)), "32769");
        }

        [TestMethod]
        public void Validate_ReturnsIllegal_ForRangeOutsideBuffer()
        {
            byte[] b = TestSupport.Utf8("[1]");
            JsonAssert.Result(JsonResult.Illegal, JsonScanner.Validate(b, 1, 3), "past end");
            JsonAssert.Result(JsonResult.Illegal, JsonScanner.Validate(b, -1, 2), "negative start");
            JsonAssert.Result(JsonResult.Illegal, JsonScanner.Validate(null, 0, 0), "null");
        }

        [TestMethod]
        public void Validate_ChecksOnlyTheGivenRange()
        {
            byte[] b = TestSupport.Utf8("xx[1,2]yy");
            JsonAssert.Result(JsonResult.Success, JsonScanner.Validate(b, 2, 5), "middle");
        }
    }
}
