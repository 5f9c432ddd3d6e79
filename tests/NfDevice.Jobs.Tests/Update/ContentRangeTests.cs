#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Update;

namespace NfDevice.Jobs.Tests.Update
{
    [TestClass]
    public class ContentRangeTests
    {
        private static HttpRangeResponse Dirty()
        {
            // Values no parse result can produce, so a test sees whether each field was written.
            HttpRangeResponse r = new HttpRangeResponse();
            r.StatusCode = 206;
            r.RangeStart = 77;
            r.RangeEnd = 88;
            r.RangeTotal = 99;
            r.ContentLength = 1234;
            return r;
        }

        private static void AssertRejected(string value)
        {
            HttpRangeResponse r = Dirty();
            Assert.IsFalse(ContentRange.Parse(value, r), "accepted: [" + (value == null ? "null" : value) + "]");
            Assert.AreEqual(-1L, r.RangeStart, "start of [" + value + "]");
            Assert.AreEqual(-1L, r.RangeEnd, "end of [" + value + "]");
            Assert.AreEqual(-1L, r.RangeTotal, "total of [" + value + "]");
        }

        private static void AssertParsed(string value, long start, long end, long total)
        {
            HttpRangeResponse r = Dirty();
            Assert.IsTrue(ContentRange.Parse(value, r), "rejected: [" + value + "]");
            Assert.AreEqual(start, r.RangeStart, "start of [" + value + "]");
            Assert.AreEqual(end, r.RangeEnd, "end of [" + value + "]");
            Assert.AreEqual(total, r.RangeTotal, "total of [" + value + "]");
        }

        [TestMethod]
        public void Parse_ReadsFirstLastAndCompleteLength()
        {
            AssertParsed("bytes 0-4095/1048576", 0, 4095, 1048576);
            AssertParsed("bytes 4096-1048575/1048576", 4096, 1048575, 1048576);
        }

        [TestMethod]
        public void Parse_ReadsSingleByteRanges()
        {
            AssertParsed("bytes 0-0/1", 0, 0, 1);
            AssertParsed("bytes 41-41/42", 41, 41, 42);
        }

        [TestMethod]
        public void Parse_LeavesTotalUnknown_WhenCompleteLengthIsStar()
        {
            AssertParsed("bytes 100-199/*", 100, 199, -1);
        }

        [TestMethod]
        public void Parse_ReadsUnsatisfiedRangeOf416_WithStartAndEndAbsent()
        {
            AssertParsed("bytes */1048576", -1, -1, 1048576);
            AssertParsed("bytes */0", -1, -1, 0);
        }

        [TestMethod]
        public void Parse_DoesNotTouchStatusOrContentLength()
        {
            HttpRangeResponse r = Dirty();
            Assert.IsTrue(ContentRange.Parse("bytes 0-9/10", r));
            Assert.AreEqual(206, r.StatusCode);
            Assert.AreEqual(1234L, r.ContentLength);

            Assert.IsFalse(ContentRange.Parse("garbage", r));
            Assert.AreEqual(206, r.StatusCode);
            Assert.AreEqual(1234L, r.ContentLength);
        }

        [TestMethod]
        public void Parse_ComparesUnitCaseInsensitively()
        {
            AssertParsed("BYTES 0-9/10", 0, 9, 10);
            AssertParsed("Bytes 0-9/10", 0, 9, 10);
            AssertParsed("bYtEs */10", -1, -1, 10);
        }

        [TestMethod]
        public void Parse_RejectsOtherUnits()
        {
            AssertRejected("items 0-9/10");
            AssertRejected("byte 0-9/10");
            AssertRejected("bytesx 0-9/10");
            AssertRejected("bytez 0-9/10");
        }

        [TestMethod]
        public void Parse_IgnoresLeadingAndTrailingOws()
        {
            AssertParsed("  bytes 0-9/10", 0, 9, 10);
            AssertParsed("bytes 0-9/10 \t ", 0, 9, 10);
            AssertParsed("\tbytes */10\t", -1, -1, 10);
            AssertParsed(" bytes 0-9/* ", 0, 9, -1);
        }

        [TestMethod]
        public void Parse_RejectsWhitespaceThatTheGrammarDoesNotAllow()
        {
            AssertRejected("bytes0-9/10");
            AssertRejected("bytes  0-9/10");
            AssertRejected("bytes\t0-9/10");
            AssertRejected("bytes 0 -9/10");
            AssertRejected("bytes 0- 9/10");
            AssertRejected("bytes 0-9 /10");
            AssertRejected("bytes 0-9/ 10");
            AssertRejected("bytes 0-9/1 0");
            AssertRejected("bytes * /10");
            AssertRejected("bytes */ 10");
        }

        [TestMethod]
        public void Parse_RejectsNullEmptyAndBlank()
        {
            AssertRejected(null);
            AssertRejected("");
            AssertRejected("   ");
            AssertRejected("bytes");
            AssertRejected("bytes ");
            AssertRejected("bytes  \t");
        }

        [TestMethod]
        public void Parse_RejectsMissingParts()
        {
            AssertRejected("bytes 0-9");
            AssertRejected("bytes 0-9/");
            AssertRejected("bytes 0-/10");
            AssertRejected("bytes -9/10");
            AssertRejected("bytes 0/10");
            AssertRejected("bytes /10");
            AssertRejected("bytes */");
            AssertRejected("bytes *");
            AssertRejected("bytes */*");
            AssertRejected("bytes *-9/10");
            AssertRejected("bytes 0-*/10");
        }

        [TestMethod]
        public void Parse_RejectsSignsAndNonDigits()
        {
            AssertRejected("bytes -1-9/10");
            AssertRejected("bytes +0-9/10");
            AssertRejected("bytes 0-+9/10");
            AssertRejected("bytes 0-9/+10");
            AssertRejected("bytes 0-9/-10");
            AssertRejected("bytes 0x0-9/10");
            AssertRejected("bytes 0-9/1e3");
            AssertRejected("bytes 0-9/10;");
            AssertRejected("bytes 0-9/10,bytes 10-19/20");
            AssertRejected("bytes 0-9/10/10");
            AssertRejected("bytes 0-9-10/20");
            AssertRejected("bytes \u0660-9/10");
        }

        [TestMethod]
        public void Parse_RejectsLastBeforeFirst()
        {
            AssertRejected("bytes 10-9/100");
            AssertRejected("bytes 10-9/*");
        }

        [TestMethod]
        public void Parse_RejectsCompleteLengthNotAboveLastPos()
        {
            // RFC 9110 §14.4: invalid if complete-length <= last-pos.
            AssertRejected("bytes 0-9/9");
            AssertRejected("bytes 0-9/5");
            AssertRejected("bytes 0-0/0");
            AssertParsed("bytes 0-9/10", 0, 9, 10);
        }

        [TestMethod]
        public void Parse_AcceptsLeadingZeros()
        {
            AssertParsed("bytes 0000-0009/00010", 0, 9, 10);
        }

        [TestMethod]
        public void Parse_ReadsTheLargestLong()
        {
            // long.MaxValue = 9223372036854775807
            AssertParsed("bytes 9223372036854775805-9223372036854775806/9223372036854775807", 9223372036854775805L, 9223372036854775806L, 9223372036854775807L);
            AssertParsed("bytes */9223372036854775807", -1, -1, 9223372036854775807L);
            AssertParsed("bytes 0-9/000000000000000000000000000000010", 0, 9, 10);
        }

        [TestMethod]
        public void Parse_RejectsNumbersAboveLongMaxValue()
        {
            AssertRejected("bytes 0-9/9223372036854775808");
            AssertRejected("bytes */9223372036854775808");
            AssertRejected("bytes 9223372036854775808-9223372036854775809/*");
            AssertRejected("bytes 0-9223372036854775808/*");
            AssertRejected("bytes 0-9/99999999999999999999999999");
            AssertRejected("bytes 0-9/18446744073709551626");
        }

        [TestMethod]
        public void Parse_ClearsFieldsOfAnEarlierParse_WhenTheNextValueIsInvalid()
        {
            HttpRangeResponse r = new HttpRangeResponse();
            r.Reset();
            Assert.IsTrue(ContentRange.Parse("bytes 0-9/10", r));
            Assert.AreEqual(9L, r.RangeEnd);
            Assert.IsFalse(ContentRange.Parse("bytes 0-9/9", r));
            Assert.AreEqual(-1L, r.RangeStart);
            Assert.AreEqual(-1L, r.RangeEnd);
            Assert.AreEqual(-1L, r.RangeTotal);
        }

        [TestMethod]
        public void Parse_AgreesWithRangeCheck_ForAnExactAnswer()
        {
            // The parsed head of an exact S3 answer is accepted; a shifted one is retried.
            HttpRangeResponse r = new HttpRangeResponse();
            r.Reset();
            r.StatusCode = 206;
            r.ContentLength = 4096;
            Assert.IsTrue(ContentRange.Parse("bytes 4096-8191/20000", r));
            Assert.AreEqual((int)RangeVerdict.Accept, (int)RangeCheck.Classify(r, 4096, 8191, 20000));

            Assert.IsTrue(ContentRange.Parse("bytes 4097-8192/20000", r));
            Assert.AreEqual((int)RangeVerdict.Retry, (int)RangeCheck.Classify(r, 4096, 8191, 20000));
        }
    }
}
