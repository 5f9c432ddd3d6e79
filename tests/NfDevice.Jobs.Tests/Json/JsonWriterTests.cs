#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Tests.Json
{
    /// <summary>The writer's bytes, escaping and failure behaviour.</summary>
    [TestClass]
    public class JsonWriterTests
    {
        private static string Text(JsonWriter w, byte[] b)
        {
            return TestSupport.Text(b, w.Offset, w.Length);
        }

        [TestMethod]
        public void Writer_WritesNestedDocumentWithCommas()
        {
            byte[] b = new byte[128];
            JsonWriter w = new JsonWriter(b, 0, b.Length);
            w.BeginObject();
            w.String("a", "x");
            w.Int64("b", -12);
            w.PropertyName("c");
            w.BeginArray();
            w.BooleanValue(true);
            w.NullValue();
            w.BeginObject();
            w.EndObject();
            w.BeginArray();
            w.EndArray();
            w.EndArray();
            w.Boolean("d", false);
            w.EndObject();
            JsonAssert.Result(JsonResult.Success, w.Result, "result");
            Assert.IsTrue(w.IsComplete);
            Assert.AreEqual("{\"a\":\"x\",\"b\":-12,\"c\":[true,null,{},[]],\"d\":false}", Text(w, b));
        }

        [TestMethod]
        public void Writer_EscapesQuotesBackslashesAndControlCharacters()
        {
            byte[] b = new byte[128];
            JsonWriter w = new JsonWriter(b, 0, b.Length);
            w.StringValue("q\"b\\/\b\f\n\r\t\u0001\u001f\u007f");
            Assert.AreEqual("\"q\\\"b\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\"", Text(w, b));
        }

        [TestMethod]
        public void Writer_EscapesNul_WhereStringsCanHoldIt()
        {
            byte[] b = new byte[16];
            JsonWriter w = new JsonWriter(b, 0, b.Length);
            w.StringValue("a\u0000b");
            // On nanoFramework the literal is "a" (strings end at NUL); on .NET the NUL is escaped.
            Assert.AreEqual(TestSupport.StringsHoldNul ? "\"a\\u0000b\"" : "\"a\"", Text(w, b));
        }

        [TestMethod]
        public void Writer_EscapesInPlace_WhenTheEscapedTextFillsTheBufferExactly()
        {
            // 7 bytes of UTF-8 grow to 15 with escapes; with the quotes exactly 17 fit, 16 do not.
            byte[] b = new byte[17];
            JsonWriter w = new JsonWriter(b, 0, b.Length);
            JsonAssert.Result(JsonResult.Success, w.StringValue("\"\\\n\u0002\u00e9x"), "fits");
            Assert.AreEqual("\"\\\"\\\\\\n\\u0002\u00e9x\"", Text(w, b));
            byte[] small = new byte[16];
            w.Reset(small, 0, small.Length);
            JsonAssert.Result(JsonResult.BufferTooSmall, w.StringValue("\"\\\n\u0002\u00e9x"), "one short");
            Assert.AreEqual(0, w.Length);
        }

        [TestMethod]
        public void Writer_WritesNonAsciiAsUtf8()
        {
            byte[] b = new byte[32];
            JsonWriter w = new JsonWriter(b, 0, b.Length);
            w.StringValue("\u00e9\u20ac\uD83D\uDE00");
            TestSupport.AreEqualBytes(new byte[] { 0x22, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0x22 }, b, 0, w.Length);
        }

        [TestMethod]
        public void Writer_WritesReplacementCharacter_ForUnpairedSurrogateInString()
        {
            // nanoFramework strings cannot hold an unpaired surrogate (it is U+FFFD from the start); .NET's UTF-8
            // encoder replaces it the same way, so both runtimes send the same bytes.
            byte[] b = new byte[32];
            JsonWriter w = new JsonWriter(b, 0, b.Length);
            JsonAssert.Result(JsonResult.Success, w.StringValue("a\uD800b"), "lone high");
            TestSupport.AreEqualBytes(new byte[] { 0x22, 0x61, 0xEF, 0xBF, 0xBD, 0x62, 0x22 }, b, 0, w.Length);
            w.Reset(b, 0, b.Length);
            JsonAssert.Result(JsonResult.Success, w.StringValue("\uDC00"), "lone low");
            TestSupport.AreEqualBytes(new byte[] { 0x22, 0xEF, 0xBF, 0xBD, 0x22 }, b, 0, w.Length);
        }

        [TestMethod]
        public void Writer_WritesInt64Extremes()
        {
            byte[] b = new byte[64];
            JsonWriter w = new JsonWriter(b, 0, b.Length);
            w.BeginArray();
            w.Int64Value(long.MinValue);
            w.Int64Value(long.MaxValue);
            w.Int64Value(0);
            w.Int64Value(7);
            w.EndArray();
            Assert.AreEqual("[-9223372036854775808,9223372036854775807,0,7]", Text(w, b));
        }

        [TestMethod]
        public void Writer_ReturnsBufferTooSmall_AtEveryCutAndNeverWritesPastRange()
        {
            byte[] full = new byte[128];
            JsonWriter w = new JsonWriter(full, 0, full.Length);
            WriteSample(w);
            int needed = w.Length;
            for (int size = 0; size < needed; size++)
            {
                byte[] b = new byte[size + 4];
                for (int i = 0; i < b.Length; i++)
                {
                    b[i] = 0xEE;
                }

                w.Reset(b, 2, size);
                WriteSample(w);
                JsonAssert.Result(JsonResult.BufferTooSmall, w.Result, "size " + size.ToString());
                Assert.IsFalse(w.IsComplete);
                Assert.IsTrue(w.Length <= size);
                Assert.AreEqual(0xEE, (int)b[0]);
                Assert.AreEqual(0xEE, (int)b[1]);
                Assert.AreEqual(0xEE, (int)b[size + 2]);
                Assert.AreEqual(0xEE, (int)b[size + 3]);
            }

            byte[] exact = new byte[needed];
            w.Reset(exact, 0, needed);
            WriteSample(w);
            JsonAssert.Result(JsonResult.Success, w.Result, "exact size");
        }

        private static void WriteSample(JsonWriter w)
        {
            w.BeginObject();
            w.String("k\u00e9y", "v\"\n\u0001");
            w.Int64("n", -1234567890123L);
            w.PropertyName("a");
            w.BeginArray();
            w.BooleanValue(true);
            w.NullValue();
            w.EndArray();
            w.EndObject();
        }

        [TestMethod]
        public void Writer_ReturnsIllegal_ForCallsOutOfOrder_AndTheFailureSticks()
        {
            byte[] b = new byte[64];
            JsonWriter w = new JsonWriter(b, 0, b.Length);
            w.BeginObject();
            JsonAssert.Result(JsonResult.Illegal, w.Int64Value(1), "value without name");
            JsonAssert.Result(JsonResult.Illegal, w.EndObject(), "sticky");
            w.Reset(b, 0, b.Length);
            w.BeginArray();
            JsonAssert.Result(JsonResult.Illegal, w.PropertyName("x"), "name in array");
            w.Reset(b, 0, b.Length);
            w.BeginArray();
            JsonAssert.Result(JsonResult.Illegal, w.EndObject(), "mismatched close");
            w.Reset(b, 0, b.Length);
            w.Int64Value(1);
            JsonAssert.Result(JsonResult.Illegal, w.Int64Value(2), "second top-level value");
            w.Reset(b, 0, b.Length);
            w.BeginObject();
            w.PropertyName("a");
            JsonAssert.Result(JsonResult.Illegal, w.EndObject(), "name without value");
        }

        [TestMethod]
        public void Writer_ReturnsTooDeep_BeyondMaxDepth()
        {
            byte[] b = new byte[128];
            JsonWriter w = new JsonWriter(b, 0, b.Length);
            for (int i = 0; i < JsonLimits.MaxDepth; i++)
            {
                JsonAssert.Result(JsonResult.Success, w.BeginArray(), "level " + i.ToString());
            }

            JsonAssert.Result(JsonResult.TooDeep, w.BeginArray(), "one more");
        }

        [TestMethod]
        public void RawValue_CopiesValidJson_AndRefusesInvalid()
        {
            byte[] src = TestSupport.Utf8("xx{\"operation\":\"reboot\"}yy");
            byte[] b = new byte[64];
            JsonWriter w = new JsonWriter(b, 0, b.Length);
            w.BeginObject();
            w.Raw("jobDocument", src, 2, 22);
            w.EndObject();
            Assert.AreEqual("{\"jobDocument\":{\"operation\":\"reboot\"}}", Text(w, b));

            w.Reset(b, 0, b.Length);
            w.BeginObject();
            JsonAssert.Result(JsonResult.Illegal, w.Raw("d", src, 2, 10), "cut source");
        }

        [TestMethod]
        public void Reset_ReturnsIllegal_ForRangeOutsideBuffer()
        {
            JsonWriter w = new JsonWriter(new byte[4], 2, 3);
            JsonAssert.Result(JsonResult.Illegal, w.Result, "range");
            JsonAssert.Result(JsonResult.Illegal, w.BeginObject(), "no write");
        }

        [TestMethod]
        public void Writer_OutputValidatesWithScanner()
        {
            byte[] b = new byte[128];
            JsonWriter w = new JsonWriter(b, 0, b.Length);
            WriteSample(w);
            JsonAssert.Result(JsonResult.Success, JsonScanner.Validate(b, 0, w.Length), "round trip");
            string s;
            int off, len;
            JsonValueType t;
            JsonScanner.Find(b, 0, w.Length, "k\u00e9y", out off, out len, out t);
            JsonReader.ReadString(b, off, len, out s);
            Assert.AreEqual("v\"\n\u0001", s);
        }
    }
}
