#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Tests.Json
{
    /// <summary>Skip helpers, Find by path and Iterate.</summary>
    [TestClass]
    public class JsonScannerFindTests
    {
        private static string FindText(string json, string path, out JsonResult result, out JsonValueType type)
        {
            byte[] b = TestSupport.Utf8(json);
            int off, len;
            result = JsonScanner.Find(b, 0, b.Length, path, out off, out len, out type);
            return result == JsonResult.Success ? TestSupport.Text(b, off, len) : null;
        }

        private static JsonResult FindResult(string json, string path)
        {
            JsonResult r;
            JsonValueType t;
            FindText(json, path, out r, out t);
            return r;
        }

        [TestMethod]
        public void Skip_AdvancesIndexOnlyOnSuccess()
        {
            byte[] b = TestSupport.Utf8("\"abc\" 12 true [1,{\"a\":2}]");
            int i = 0;
            JsonAssert.Result(JsonResult.Success, JsonScanner.SkipString(b, ref i, b.Length), "string");
            Assert.AreEqual(5, i);
            JsonScanner.SkipWhitespace(b, ref i, b.Length);
            Assert.AreEqual(6, i);
            JsonAssert.Result(JsonResult.Success, JsonScanner.SkipNumber(b, ref i, b.Length), "number");
            Assert.AreEqual(8, i);
            i = 9;
            JsonAssert.Result(JsonResult.Success, JsonScanner.SkipLiteral(b, ref i, b.Length), "literal");
            Assert.AreEqual(13, i);
            i = 14;
            JsonAssert.Result(JsonResult.Success, JsonScanner.SkipValue(b, ref i, b.Length), "array");
            Assert.AreEqual(b.Length, i);

            i = 0;
            JsonAssert.Result(JsonResult.Illegal, JsonScanner.SkipNumber(b, ref i, b.Length), "not a number");
            Assert.AreEqual(0, i);
            i = 14;
            JsonAssert.Result(JsonResult.Partial, JsonScanner.SkipValue(b, ref i, b.Length - 1), "cut array");
            Assert.AreEqual(14, i);
        }

        [TestMethod]
        public void Find_ReturnsValueToken_ForNestedPathWithIndex()
        {
            JsonResult r;
            JsonValueType t;
            Assert.AreEqual("2048", FindText(JsonFixtures.JobDocument, "execution.jobDocument.files[1].size", out r, out t));
            Assert.AreEqual((int)JsonValueType.Number, (int)t);
            Assert.AreEqual("\"a.bin\"", FindText(JsonFixtures.JobDocument, "execution.jobDocument.files[0].name", out r, out t));
            Assert.AreEqual((int)JsonValueType.String, (int)t);
            Assert.AreEqual("{ \"name\" : \"a.bin\", \"size\" : 1024 }", FindText(JsonFixtures.JobDocument, "execution.jobDocument.files[0]", out r, out t));
            Assert.AreEqual((int)JsonValueType.Object, (int)t);
        }

        [TestMethod]
        public void Find_ReturnsWholeDocument_ForEmptyPath()
        {
            JsonResult r;
            JsonValueType t;
            Assert.AreEqual("[1,2]", FindText("  [1,2] ", "", out r, out t));
            Assert.AreEqual((int)JsonValueType.Array, (int)t);
        }

        [TestMethod]
        public void Find_ReturnsElement_ForTopLevelIndexAndIndexChains()
        {
            JsonResult r;
            JsonValueType t;
            Assert.AreEqual("5", FindText("[[1,2],[3,[4,5]]]", "[1][1][1]", out r, out t));
            Assert.AreEqual("true", FindText("{\"a\":[{\"b\":[null,true]}]}", "a[0].b[1]", out r, out t));
        }

        [TestMethod]
        public void Find_ReturnsNotFound_WhenMemberOrElementIsAbsent()
        {
            JsonAssert.Result(JsonResult.NotFound, FindResult(JsonFixtures.JobDocument, "execution.nothing"), "member");
            JsonAssert.Result(JsonResult.NotFound, FindResult(JsonFixtures.JobDocument, "execution.jobDocument.files[2]"), "index");
            JsonAssert.Result(JsonResult.NotFound, FindResult(JsonFixtures.JobDocument, "execution.jobId.x"), "into a string");
            JsonAssert.Result(JsonResult.NotFound, FindResult(JsonFixtures.JobDocument, "execution[0]"), "index into object");
            JsonAssert.Result(JsonResult.NotFound, FindResult("{}", "a"), "empty object");
            JsonAssert.Result(JsonResult.NotFound, FindResult("[]", "[0]"), "empty array");
        }

        [TestMethod]
        public void Find_ReturnsPartial_WhenDocumentIsCutAfterKey()
        {
            JsonAssert.Result(JsonResult.Partial, FindResult(JsonFixtures.CutAfterKey, "b"), "cut after key");
            JsonAssert.Result(JsonResult.Partial, FindResult(JsonFixtures.CutAfterKey, "c"), "search runs into the cut");
            JsonAssert.Result(JsonResult.Partial, FindResult("{\"a\":{\"b\":[1,2", "a.b"), "value cut");
        }

        [TestMethod]
        public void Find_ReturnsIllegal_WhenSearchMeetsMalformedJson()
        {
            JsonAssert.Result(JsonResult.Illegal, FindResult(JsonFixtures.MissingCommaAfterValue, "b"), "missing comma");
            JsonAssert.Result(JsonResult.Illegal, FindResult("{\"a\":01,\"b\":1}", "b"), "leading zero on the way");
            JsonAssert.Result(JsonResult.Illegal, FindResult("{\"a\":[1,],\"b\":1}", "b"), "trailing comma on the way");
        }

        [TestMethod]
        public void Find_ReturnsBadPath_ForMalformedPath()
        {
            JsonAssert.Result(JsonResult.BadPath, FindResult("{}", "a..b"), "empty segment");
            JsonAssert.Result(JsonResult.BadPath, FindResult("{}", "a."), "trailing dot");
            JsonAssert.Result(JsonResult.BadPath, FindResult("{}", ".a"), "leading dot");
            JsonAssert.Result(JsonResult.BadPath, FindResult("[]", "[x]"), "letter index");
            JsonAssert.Result(JsonResult.BadPath, FindResult("[]", "[1"), "unclosed index");
            JsonAssert.Result(JsonResult.BadPath, FindResult("[]", "[]"), "empty index");
            JsonAssert.Result(JsonResult.BadPath, FindResult("[]", "[0]a"), "name glued to index");
            JsonAssert.Result(JsonResult.BadPath, FindResult("[]", null), "null");
        }

        [TestMethod]
        public void Find_ReturnsFirstMember_WhenKeysAreDuplicated()
        {
            JsonResult r;
            JsonValueType t;
            Assert.AreEqual("1", FindText("{\"a\":1,\"a\":2}", "a", out r, out t));
        }

        [TestMethod]
        public void Find_ComparesUnescapedKeys()
        {
            JsonResult r;
            JsonValueType t;
            Assert.AreEqual("1", FindText("{\"\\u0061b\":1}", "ab", out r, out t));
            Assert.AreEqual("2", FindText("{\"\\u00e9\":2}", "\u00e9", out r, out t));
            Assert.AreEqual("3", FindText("{\"\\uD83D\\uDE00\":3}", "\uD83D\uDE00", out r, out t));
            Assert.AreEqual("4", FindText("{\"sig-sha256-ecdsa\":4}", "sig-sha256-ecdsa", out r, out t));
            JsonAssert.Result(JsonResult.NotFound, FindResult("{\"abc\":1}", "ab"), "prefix is not a match");
            JsonAssert.Result(JsonResult.NotFound, FindResult("{\"ab\":1}", "abc"), "longer is not a match");
        }

        [TestMethod]
        public void Find_ReturnsTooLarge_WhenDocumentExceeds32KB()
        {
            byte[] b = JsonFixtures.OfSize(JsonLimits.MaxDocumentBytes + 1);
            int off, len;
            JsonValueType t;
            JsonAssert.Result(JsonResult.TooLarge, JsonScanner.Find(b, 0, b.Length, "p", out off, out len, out t), "32769");
            b = JsonFixtures.OfSize(JsonLimits.MaxDocumentBytes);
            JsonAssert.Result(JsonResult.Success, JsonScanner.Find(b, 0, b.Length, "p", out off, out len, out t), "32768");
            Assert.AreEqual(JsonLimits.MaxDocumentBytes - 6, len);
        }

        [TestMethod]
        public void Find_ReturnsTooDeep_WhenValueOnPathNestsTooDeep()
        {
            JsonAssert.Result(JsonResult.TooDeep, FindResult("{\"a\":" + JsonFixtures.Nested(JsonLimits.MaxDepth + 1) + "}", "a"), "deep value");
        }

        [TestMethod]
        public void Find_DoesNotLookPastTheGivenRange()
        {
            byte[] b = TestSupport.Utf8("{\"a\":1,\"b\":2}");
            int off, len;
            JsonValueType t;
            JsonAssert.Result(JsonResult.Partial, JsonScanner.Find(b, 0, 8, "b", out off, out len, out t), "b is outside");
        }

        [TestMethod]
        public void Iterate_ReturnsMembersInOrder_ThenNotFound()
        {
            byte[] b = TestSupport.Utf8("{ \"a\" : 1 , \"b\":[2] ,\"c\":{} }");
            int cursor = 0;
            int kOff, kLen, vOff, vLen;
            JsonValueType t;
            string seen = "";
            JsonResult r;
            while ((r = JsonScanner.Iterate(b, 0, b.Length, ref cursor, out kOff, out kLen, out vOff, out vLen, out t)) == JsonResult.Success)
            {
                seen += TestSupport.Text(b, kOff, kLen) + "=" + TestSupport.Text(b, vOff, vLen) + ";";
            }

            JsonAssert.Result(JsonResult.NotFound, r, "end");
            Assert.AreEqual("\"a\"=1;\"b\"=[2];\"c\"={};", seen);
        }

        [TestMethod]
        public void Iterate_ReturnsElementsWithoutKeys_ForArrays()
        {
            byte[] b = TestSupport.Utf8("[1, \"x\" ,[]]");
            int cursor = 0;
            int kOff, kLen, vOff, vLen;
            JsonValueType t;
            int n = 0;
            while (JsonScanner.Iterate(b, 0, b.Length, ref cursor, out kOff, out kLen, out vOff, out vLen, out t) == JsonResult.Success)
            {
                Assert.AreEqual(-1, kOff);
                n++;
            }

            Assert.AreEqual(3, n);
        }

        [TestMethod]
        public void Iterate_ReturnsNotFound_ForEmptyContainers_AndWrongType_ForScalars()
        {
            byte[] b = TestSupport.Utf8("{ }");
            int cursor = 0;
            int kOff, kLen, vOff, vLen;
            JsonValueType t;
            JsonAssert.Result(JsonResult.NotFound, JsonScanner.Iterate(b, 0, b.Length, ref cursor, out kOff, out kLen, out vOff, out vLen, out t), "empty");
            b = TestSupport.Utf8("12");
            cursor = 0;
            JsonAssert.Result(JsonResult.WrongType, JsonScanner.Iterate(b, 0, b.Length, ref cursor, out kOff, out kLen, out vOff, out vLen, out t), "scalar");
        }

        [TestMethod]
        public void Iterate_ReturnsIllegal_ForTrailingCommaAndMissingComma()
        {
            byte[] b = TestSupport.Utf8(JsonFixtures.TrailingCommaInObject);
            int cursor = 0;
            int kOff, kLen, vOff, vLen;
            JsonValueType t;
            JsonAssert.Result(JsonResult.Success, JsonScanner.Iterate(b, 0, b.Length, ref cursor, out kOff, out kLen, out vOff, out vLen, out t), "first");
            JsonAssert.Result(JsonResult.Illegal, JsonScanner.Iterate(b, 0, b.Length, ref cursor, out kOff, out kLen, out vOff, out vLen, out t), "trailing comma");

            b = TestSupport.Utf8(JsonFixtures.MissingCommaAfterValue);
            cursor = 0;
            JsonScanner.Iterate(b, 0, b.Length, ref cursor, out kOff, out kLen, out vOff, out vLen, out t);
            JsonAssert.Result(JsonResult.Illegal, JsonScanner.Iterate(b, 0, b.Length, ref cursor, out kOff, out kLen, out vOff, out vLen, out t), "missing comma");
        }

        [TestMethod]
        public void TypeAt_ReportsKindFromFirstByte()
        {
            byte[] b = TestSupport.Utf8("{[\"tfn-1x");
            Assert.AreEqual((int)JsonValueType.Object, (int)JsonScanner.TypeAt(b, 0, b.Length));
            Assert.AreEqual((int)JsonValueType.Array, (int)JsonScanner.TypeAt(b, 1, b.Length));
            Assert.AreEqual((int)JsonValueType.String, (int)JsonScanner.TypeAt(b, 2, b.Length));
            Assert.AreEqual((int)JsonValueType.True, (int)JsonScanner.TypeAt(b, 3, b.Length));
            Assert.AreEqual((int)JsonValueType.False, (int)JsonScanner.TypeAt(b, 4, b.Length));
            Assert.AreEqual((int)JsonValueType.Null, (int)JsonScanner.TypeAt(b, 5, b.Length));
            Assert.AreEqual((int)JsonValueType.Number, (int)JsonScanner.TypeAt(b, 6, b.Length));
            Assert.AreEqual((int)JsonValueType.Number, (int)JsonScanner.TypeAt(b, 7, b.Length));
            Assert.AreEqual((int)JsonValueType.None, (int)JsonScanner.TypeAt(b, 8, b.Length));
            Assert.AreEqual((int)JsonValueType.None, (int)JsonScanner.TypeAt(b, 9, b.Length));
        }
    }
}
