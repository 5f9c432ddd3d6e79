#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Tests.Json
{
    /// <summary>Typed reads of tokens.</summary>
    [TestClass]
    public class JsonReaderTests
    {
        private static JsonResult ReadString(string token, out string value)
        {
            byte[] b = TestSupport.Utf8(token);
            return JsonReader.ReadString(b, 0, b.Length, out value);
        }

        private static JsonResult ReadInt64(string token, out long value)
        {
            byte[] b = TestSupport.Utf8(token);
            return JsonReader.ReadInt64(b, 0, b.Length, out value);
        }

        [TestMethod]
        public void ReadString_UnescapesEveryEscapeKind()
        {
            string s;
            JsonAssert.Result(JsonResult.Success, ReadString("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"", out s), "short escapes");
            Assert.AreEqual("a\"b\\c/d\be\ff\ng\rh\ti", s);
            JsonAssert.Result(JsonResult.Success, ReadString("\"\\u0041\\u00e9\\u20AC\"", out s), "BMP escapes");
            Assert.AreEqual("A\u00e9\u20ac", s);
            JsonAssert.Result(JsonResult.Success, ReadString("\"x\\uD83D\\uDE00y\"", out s), "surrogate pair");
            Assert.AreEqual("x\uD83D\uDE00y", s);
            JsonAssert.Result(JsonResult.Success, ReadString("\"\"", out s), "empty");
            Assert.AreEqual("", s);
        }

        [TestMethod]
        public void ReadString_ReturnsUnrepresentable_ForNulEscape_WhileCopyCharsKeepsIt()
        {
            // A nanoFramework string would end at the NUL and silently lose "b": refused on both runtimes.
            string s;
            JsonAssert.Result(JsonResult.Unrepresentable, ReadString("\"a\\u0000b\"", out s), "NUL");
            Assert.IsNull(s);
            byte[] b = TestSupport.Utf8("\"a\\u0000b\"");
            char[] chars = new char[8];
            int written;
            JsonAssert.Result(JsonResult.Success, JsonReader.CopyChars(b, 0, b.Length, chars, 0, chars.Length, out written), "chars");
            Assert.AreEqual(3, written);
            Assert.AreEqual(0, (int)chars[1]);
            Assert.AreEqual((int)'b', (int)chars[2]);
        }

        [TestMethod]
        public void ReadString_DecodesRawUtf8()
        {
            byte[] b = JsonFixtures.StringWithBytes(JsonFixtures.ValidMultibyte);
            string s;
            JsonAssert.Result(JsonResult.Success, JsonReader.ReadString(b, 1, b.Length - 2, out s), "utf8");
            Assert.AreEqual("\u00e9\u20ac\uD83D\uDE00\uDBFF\uDFFF", s);
        }

        [TestMethod]
        public void ReadString_ReturnsWrongType_ForNonString_AndErrorsForBadTokens()
        {
            string s;
            JsonAssert.Result(JsonResult.WrongType, ReadString("12", out s), "number");
            Assert.IsNull(s);
            JsonAssert.Result(JsonResult.Partial, ReadString("\"abc", out s), "cut");
            JsonAssert.Result(JsonResult.Illegal, ReadString("\"a\"b", out s), "junk after");
            JsonAssert.Result(JsonResult.Illegal, ReadString(JsonFixtures.LoneHighSurrogate.Substring(1, 8), out s), "lone surrogate");
        }

        [TestMethod]
        public void CopyChars_ReturnsBufferTooSmall_AndNeverWritesPastCount()
        {
            byte[] b = TestSupport.Utf8("\"hello\"");
            char[] dst = new char[8];
            dst[3] = '#';
            int written;
            JsonAssert.Result(JsonResult.BufferTooSmall, JsonReader.CopyChars(b, 0, b.Length, dst, 0, 3, out written), "3 chars");
            Assert.AreEqual(0, written);
            Assert.AreEqual('#', dst[3]);
            JsonAssert.Result(JsonResult.Success, JsonReader.CopyChars(b, 0, b.Length, dst, 2, 5, out written), "exact fit");
            Assert.AreEqual(5, written);
            Assert.AreEqual("hello", new string(dst, 2, 5));
        }

        [TestMethod]
        public void CopyChars_NeedsTwoSlots_ForSupplementaryCharacter()
        {
            byte[] b = TestSupport.Utf8("\"\\uD83D\\uDE00\"");
            char[] dst = new char[2];
            int written;
            JsonAssert.Result(JsonResult.BufferTooSmall, JsonReader.CopyChars(b, 0, b.Length, dst, 0, 1, out written), "one slot");
            JsonAssert.Result(JsonResult.Success, JsonReader.CopyChars(b, 0, b.Length, dst, 0, 2, out written), "two slots");
            Assert.AreEqual(0xD83D, (int)dst[0]);
            Assert.AreEqual(0xDE00, (int)dst[1]);
        }

        [TestMethod]
        public void CopyUtf8_UnescapesToUtf8Bytes()
        {
            byte[] b = TestSupport.Utf8("\"a\\u00e9\\uD83D\\uDE00\"");
            byte[] dst = new byte[7];
            int written;
            JsonAssert.Result(JsonResult.Success, JsonReader.CopyUtf8(b, 0, b.Length, dst, 0, 7, out written), "copy");
            Assert.AreEqual(7, written);
            TestSupport.AreEqualBytes(new byte[] { 0x61, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80 }, dst, 0, written);
            JsonAssert.Result(JsonResult.BufferTooSmall, JsonReader.CopyUtf8(b, 0, b.Length, dst, 0, 6, out written), "short");
        }

        [TestMethod]
        public void StringEquals_ComparesUnescapedText()
        {
            byte[] b = TestSupport.Utf8("\"IN_\\u0050ROGRESS\"");
            Assert.IsTrue(JsonReader.StringEquals(b, 0, b.Length, "IN_PROGRESS"));
            Assert.IsFalse(JsonReader.StringEquals(b, 0, b.Length, "IN_PROGRES"));
            Assert.IsFalse(JsonReader.StringEquals(b, 0, b.Length, "IN_PROGRESSX"));
            Assert.IsFalse(JsonReader.StringEquals(b, 0, b.Length, null));
            byte[] n = TestSupport.Utf8("12");
            Assert.IsFalse(JsonReader.StringEquals(n, 0, n.Length, "12"));
        }

        [TestMethod]
        public void ReadInt64_ReadsLimits_AndReportsOverflow()
        {
            long v;
            JsonAssert.Result(JsonResult.Success, ReadInt64("9223372036854775807", out v), "max");
            Assert.AreEqual(long.MaxValue, v);
            JsonAssert.Result(JsonResult.Success, ReadInt64("-9223372036854775808", out v), "min");
            Assert.AreEqual(long.MinValue, v);
            JsonAssert.Result(JsonResult.Overflow, ReadInt64("9223372036854775808", out v), "max+1");
            JsonAssert.Result(JsonResult.Overflow, ReadInt64("-9223372036854775809", out v), "min-1");
            JsonAssert.Result(JsonResult.Overflow, ReadInt64("100000000000000000000", out v), "1e20");
            JsonAssert.Result(JsonResult.Success, ReadInt64("1717395845", out v), "timestamp");
            Assert.AreEqual(1717395845L, v);
            JsonAssert.Result(JsonResult.Success, ReadInt64("-0", out v), "-0");
            Assert.AreEqual(0L, v);
        }

        [TestMethod]
        public void ReadInt64_ReturnsWrongType_ForFractionsStringsAndLiterals()
        {
            long v;
            JsonAssert.Result(JsonResult.WrongType, ReadInt64("1.5", out v), "fraction");
            JsonAssert.Result(JsonResult.WrongType, ReadInt64("1e3", out v), "exponent");
            JsonAssert.Result(JsonResult.WrongType, ReadInt64("\"1\"", out v), "string");
            JsonAssert.Result(JsonResult.WrongType, ReadInt64("true", out v), "literal");
            JsonAssert.Result(JsonResult.Illegal, ReadInt64("01", out v), "leading zero");
        }

        [TestMethod]
        public void ReadInt32_ReportsOverflow_OutsideInt32()
        {
            byte[] b = TestSupport.Utf8("2147483648");
            int v;
            JsonAssert.Result(JsonResult.Overflow, JsonReader.ReadInt32(b, 0, b.Length, out v), "max+1");
            b = TestSupport.Utf8("-2147483648");
            JsonAssert.Result(JsonResult.Success, JsonReader.ReadInt32(b, 0, b.Length, out v), "min");
            Assert.AreEqual(int.MinValue, v);
        }

        [TestMethod]
        public void ReadBoolean_AndIsNull_ReadLiterals()
        {
            byte[] b = TestSupport.Utf8("true false null");
            bool v;
            JsonAssert.Result(JsonResult.Success, JsonReader.ReadBoolean(b, 0, 4, out v), "true");
            Assert.IsTrue(v);
            JsonAssert.Result(JsonResult.Success, JsonReader.ReadBoolean(b, 5, 5, out v), "false");
            Assert.IsFalse(v);
            JsonAssert.Result(JsonResult.WrongType, JsonReader.ReadBoolean(b, 11, 4, out v), "null");
            Assert.IsTrue(JsonReader.IsNull(b, 11, 4));
            Assert.IsFalse(JsonReader.IsNull(b, 0, 4));
            JsonAssert.Result(JsonResult.Illegal, JsonReader.ReadBoolean(b, 0, 5, out v), "token too long");
        }

        [TestMethod]
        public void FindHelpers_CombineFindAndRead()
        {
            byte[] b = TestSupport.Utf8(JsonFixtures.JobDocument);
            long size;
            JsonAssert.Result(JsonResult.Success, JsonReader.FindInt64(b, 0, b.Length, "execution.jobDocument.files[0].size", out size), "size");
            Assert.AreEqual(1024L, size);
            string op;
            JsonAssert.Result(JsonResult.Success, JsonReader.FindString(b, 0, b.Length, "execution.jobDocument.operation", out op), "operation");
            Assert.AreEqual("update", op);
            bool flag;
            JsonAssert.Result(JsonResult.NotFound, JsonReader.FindBoolean(b, 0, b.Length, "execution.flag", out flag), "absent");
            JsonAssert.Result(JsonResult.WrongType, JsonReader.FindInt64(b, 0, b.Length, "execution.jobId", out size), "string as int");
        }
    }
}
