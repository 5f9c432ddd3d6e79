using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Tests.Net.Json
{
    /// <summary>
    /// The scanner's fast paths (strings checked eight bytes per bounds test, \u escapes by table, complete literals
    /// without a loop, whitespace skipped only when the next byte is at most 0x20) decide exactly as the careful paths
    /// did: every special byte at every position of the unrolled loop, every cut-off point, every misspelling,
    /// against System.Text.Json as the oracle.
    /// </summary>
    [TestClass]
    public class JsonScannerFastPathTests
    {
        private static readonly string[] Specials =
        {
            "\"", "\\n", "\\\"", "\\u00e9", "\\u00E9", "\\u00g9", "\\ud83d\\ude00", "\\ude00", "\\x", "\u0001", "\u001f", "\u007f",
            "é", "€", "😀",
        };

        private static readonly byte[][] RawSpecials =
        {
            new byte[] { 0xC0, 0x80 }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xF4, 0x90, 0x80, 0x80 }, new byte[] { 0x80 }, new byte[] { 0xE2, 0x82 },
        };

        private static bool OracleValid(byte[] doc)
        {
            try
            {
                using JsonDocument d = JsonDocument.Parse(doc);
                Decode(d.RootElement);
                return true;
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is ArgumentException)
            {
                return false;
            }
        }

        private static void Decode(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.String)
            {
                e.GetString();
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement x in e.EnumerateArray())
                {
                    Decode(x);
                }
            }
            else if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty p in e.EnumerateObject())
                {
                    Decode(p.Value);
                }
            }
        }

        private static IEnumerable<byte[]> StringsWithASpecialAtEveryPosition()
        {
            var specials = new List<byte[]>();
            foreach (string s in Specials)
            {
                specials.Add(Encoding.UTF8.GetBytes(s));
            }

            specials.AddRange(RawSpecials);
            foreach (byte[] special in specials)
            {
                for (int before = 0; before <= 18; before++)
                {
                    var doc = new List<byte>();
                    doc.AddRange(Encoding.ASCII.GetBytes("[\"" + new string('a', before)));
                    doc.AddRange(special);
                    doc.AddRange(Encoding.ASCII.GetBytes(new string('b', 18 - before) + "\",1]"));
                    yield return doc.ToArray();
                }
            }
        }

        [TestMethod]
        public void Validate_AgreesWithOracle_ForEverySpecialByteAtEveryPositionOfTheUnrolledStringLoop()
        {
            int checkedDocs = 0;
            foreach (byte[] doc in StringsWithASpecialAtEveryPosition())
            {
                bool expected = OracleValid(doc);
                JsonResult actual = JsonScanner.Validate(doc, 0, doc.Length);
                Assert.AreEqual(expected, actual == JsonResult.Success, Encoding.UTF8.GetString(doc) + " gave " + actual);
                checkedDocs++;
            }

            Assert.AreEqual((Specials.Length + RawSpecials.Length) * 19, checkedDocs);
        }

        [TestMethod]
        public void SkipString_IsPartialAtEveryCutOfAValidString_AndMovesNothing()
        {
            byte[] full = Encoding.UTF8.GetBytes("\"0123456789abcdef\\u00e9\\ud83d\\ude00é€😀 tail of more than eight bytes\"");
            Assert.IsTrue(OracleValid(full));
            int index = 0;
            Assert.AreEqual(JsonResult.Success, JsonScanner.SkipString(full, ref index, full.Length));
            Assert.AreEqual(full.Length, index);
            for (int cut = 0; cut < full.Length; cut++)
            {
                int i = 0;
                JsonResult r = JsonScanner.SkipString(full, ref i, cut);
                Assert.AreEqual(JsonResult.Partial, r, "cut at " + cut);
                Assert.AreEqual(0, i, "index moved at cut " + cut);
            }
        }

        [TestMethod]
        public void SkipValue_DecidesCompleteCutAndMisspeltLiteralsAsTheOracle()
        {
            string[] words = { "true", "false", "null" };
            foreach (string word in words)
            {
                byte[] b = Encoding.ASCII.GetBytes(word);
                int index = 0;
                Assert.AreEqual(JsonResult.Success, JsonScanner.SkipValue(b, ref index, b.Length), word);
                Assert.AreEqual(b.Length, index);
                for (int cut = 1; cut < b.Length; cut++)
                {
                    int i = 0;
                    Assert.AreEqual(JsonResult.Partial, JsonScanner.SkipValue(b, ref i, cut), word + " cut at " + cut);
                    Assert.AreEqual(0, i);
                }

                for (int k = 1; k < b.Length; k++)
                {
                    byte[] wrong = (byte[])b.Clone();
                    wrong[k] = (byte)'x';
                    int i = 0;
                    Assert.AreEqual(JsonResult.Illegal, JsonScanner.SkipValue(wrong, ref i, wrong.Length), Encoding.ASCII.GetString(wrong));
                    Assert.AreEqual(0, i);
                    Assert.IsFalse(OracleValid(wrong));
                }
            }
        }

        [TestMethod]
        public void Validate_AgreesWithOracle_OnWhitespaceAndControlBytesBetweenTokens()
        {
            string[] gaps = { string.Empty, " ", "\t", "\n", "\r", " \r\n\t ", "\u0001", "\u000b", "\u000c", "\u0000", "\u001f" };
            foreach (string gap in gaps)
            {
                string json = "{" + gap + "\"a\"" + gap + ":" + gap + "[" + gap + "1" + gap + "," + gap + "true" + gap + "]" + gap + "," + gap + "\"b\"" + gap + ":" + gap + "{" + gap + "}" + gap + "}";
                byte[] doc = Encoding.UTF8.GetBytes(json);
                bool oracle = OracleValid(doc);
                Assert.AreEqual(oracle, JsonScanner.Validate(doc, 0, doc.Length) == JsonResult.Success, "gap " + (gap.Length > 0 ? ((int)gap[0]).ToString() : "none"));
                bool onlyWhitespace = gap.Trim(' ', '\t', '\r', '\n').Length == 0;
                Assert.AreEqual(onlyWhitespace, oracle, "the oracle accepts exactly the JSON whitespace");
            }
        }
    }
}
