using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Tests.Net.Json
{
    /// <summary>
    /// Property tests against System.Text.Json: on random and mutated documents the scanner agrees on validity
    /// and values, returns a documented code, never throws and never reads outside the range it was given.
    /// Seeded and bounded in count and time.
    /// </summary>
    [TestClass]
    public class JsonOracleTests
    {
        private const int Seed = 20261123;
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

        /// <summary>System.Text.Json's verdict, stricter than JsonDocument.Parse alone: every string must decode.</summary>
        private static bool OracleValid(byte[] doc)
        {
            // RFC 8259 §8.1: a parser MAY ignore a BOM; System.Text.Json does, this scanner does not. Callers skip those inputs.
            try
            {
                using JsonDocument d = JsonDocument.Parse(doc, new JsonDocumentOptions { MaxDepth = 64 });
                DecodeAll(d.RootElement);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                // GetString on ill-formed UTF-8 or an unpaired \u surrogate.
                return false;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private static void DecodeAll(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    e.GetString();
                    break;
                case JsonValueKind.Object:
                    foreach (JsonProperty p in e.EnumerateObject())
                    {
                        _ = p.Name;
                        DecodeAll(p.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (JsonElement x in e.EnumerateArray())
                    {
                        DecodeAll(x);
                    }

                    break;
            }
        }

        private static bool StartsWithBom(byte[] doc)
        {
            return doc.Length >= 3 && doc[0] == 0xEF && doc[1] == 0xBB && doc[2] == 0xBF;
        }

        /// <summary>Validate on an exact-size array (an over-read throws) and inside padding (a read outside changes nothing).</summary>
        private static JsonResult ValidateGuarded(byte[] doc)
        {
            JsonResult exact = JsonScanner.Validate(doc, 0, doc.Length);
            foreach (byte pad in new byte[] { (byte)'"', (byte)'1', (byte)']', (byte)' ' })
            {
                byte[] padded = new byte[doc.Length + 14];
                padded.AsSpan().Fill(pad);
                Array.Copy(doc, 0, padded, 7, doc.Length);
                byte[] copy = (byte[])padded.Clone();
                JsonResult inside = JsonScanner.Validate(padded, 7, doc.Length);
                Assert.AreEqual(exact, inside, "result depends on bytes outside the range");
                CollectionAssert.AreEqual(copy, padded, "scanner wrote to its input");
            }

            return exact;
        }

        private static readonly JsonResult[] Documented =
        {
            JsonResult.Success, JsonResult.Partial, JsonResult.Illegal, JsonResult.TooDeep, JsonResult.TooLarge, JsonResult.BadUtf8,
        };

        [TestMethod]
        public void Validate_AgreesWithSystemTextJson_OnRandomValidDocuments()
        {
            var gen = new RandomJson(Seed);
            var clock = Stopwatch.StartNew();
            int n = 0;
            for (; n < 3000 && clock.Elapsed < Budget; n++)
            {
                byte[] doc = Encoding.UTF8.GetBytes(gen.Document(5));
                Assert.IsTrue(OracleValid(doc), "generator made invalid JSON: " + Encoding.UTF8.GetString(doc));
                Assert.AreEqual(JsonResult.Success, ValidateGuarded(doc), Encoding.UTF8.GetString(doc));
            }

            Assert.IsTrue(n >= 200, "too few documents checked: " + n);
        }

        [TestMethod]
        public void Validate_AgreesWithSystemTextJson_OnMutatedDocuments()
        {
            var gen = new RandomJson(Seed + 1);
            var clock = Stopwatch.StartNew();
            int n = 0, valid = 0, invalid = 0;
            for (; n < 20000 && clock.Elapsed < Budget; n++)
            {
                byte[] doc = gen.Mutate(Encoding.UTF8.GetBytes(gen.Document(5)));
                if (StartsWithBom(doc))
                {
                    continue;
                }

                JsonResult ours;
                try
                {
                    ours = ValidateGuarded(doc);
                }
                catch (AssertFailedException)
                {
                    throw;
                }
                catch (Exception ex)
                {
                    Assert.Fail("scanner threw " + ex.GetType().Name + " on " + Convert.ToHexString(doc));
                    return;
                }

                CollectionAssert.Contains(Documented, ours);
                bool oracle = OracleValid(doc);
                Assert.AreEqual(oracle, ours == JsonResult.Success, "disagreement (" + ours + ") on " + Convert.ToHexString(doc) + " = " + Encoding.UTF8.GetString(doc));
                if (oracle)
                {
                    valid++;
                }
                else
                {
                    invalid++;
                }
            }

            Assert.IsTrue(valid > 50 && invalid > 50, "mutations too one-sided: " + valid + " valid, " + invalid + " invalid");
        }

        [TestMethod]
        public void Validate_ReturnsPartial_ForEveryTruncationOfAValidDocument()
        {
            var gen = new RandomJson(Seed + 2);
            var clock = Stopwatch.StartNew();
            for (int n = 0; n < 300 && clock.Elapsed < Budget; n++)
            {
                byte[] doc = Encoding.UTF8.GetBytes(gen.Document(4));
                for (int len = 0; len < doc.Length; len++)
                {
                    byte[] cut = doc.AsSpan(0, len).ToArray();
                    JsonResult r = JsonScanner.Validate(cut, 0, cut.Length);
                    // Top-level containers: any proper prefix is cut off, never wrong.
                    Assert.AreEqual(JsonResult.Partial, r, "prefix " + len + " of " + Encoding.UTF8.GetString(doc));
                }
            }
        }

        [TestMethod]
        public void Find_ReturnsSameValuesAsSystemTextJson_ForEveryPathOfRandomDocuments()
        {
            var gen = new RandomJson(Seed + 3);
            var clock = Stopwatch.StartNew();
            int checkedValues = 0;
            for (int n = 0; n < 1500 && clock.Elapsed < Budget; n++)
            {
                byte[] doc = Encoding.UTF8.GetBytes(gen.Document(5));
                using JsonDocument d = JsonDocument.Parse(doc);
                var paths = new List<(string Path, JsonElement Element)>();
                CollectPaths(d.RootElement, "", paths);
                foreach (var (path, element) in paths)
                {
                    CompareValue(doc, path, element);
                    checkedValues++;
                }
            }

            Assert.IsTrue(checkedValues > 1000, "too few values compared: " + checkedValues);
        }

        private static void CollectPaths(JsonElement e, string path, List<(string, JsonElement)> into)
        {
            into.Add((path, e));
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty p in e.EnumerateObject())
                {
                    if (p.Name.Length > 0)
                    {
                        CollectPaths(p.Value, path.Length == 0 ? p.Name : path + "." + p.Name, into);
                    }
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (JsonElement x in e.EnumerateArray())
                {
                    CollectPaths(x, path + "[" + i + "]", into);
                    i++;
                }
            }
        }

        private static void CompareValue(byte[] doc, string path, JsonElement expected)
        {
            JsonResult r = JsonScanner.Find(doc, 0, doc.Length, path, out int off, out int len, out JsonValueType type);
            Assert.AreEqual(JsonResult.Success, r, path);
            Assert.AreEqual(expected.GetRawText(), Encoding.UTF8.GetString(doc, off, len), path);
            switch (expected.ValueKind)
            {
                case JsonValueKind.String:
                    Assert.AreEqual(JsonValueType.String, type, path);
                    // A value holding U+0000 cannot be a nanoFramework string: ReadString refuses it on every runtime.
                    bool holdsNul = expected.GetString().Contains('\0', StringComparison.Ordinal);
                    Assert.AreEqual(holdsNul ? JsonResult.Unrepresentable : JsonResult.Success, JsonReader.ReadString(doc, off, len, out string s), path);
                    Assert.AreEqual(holdsNul ? null : expected.GetString(), s, path);
                    Assert.IsTrue(JsonReader.StringEquals(doc, off, len, expected.GetString()), path);
                    char[] chars = new char[len];
                    Assert.AreEqual(JsonResult.Success, JsonReader.CopyChars(doc, off, len, chars, 0, chars.Length, out int w), path);
                    Assert.AreEqual(expected.GetString(), new string(chars, 0, w), path);
                    byte[] utf8 = new byte[len * 2];
                    Assert.AreEqual(JsonResult.Success, JsonReader.CopyUtf8(doc, off, len, utf8, 0, utf8.Length, out int wb), path);
                    CollectionAssert.AreEqual(Encoding.UTF8.GetBytes(expected.GetString()), utf8.AsSpan(0, wb).ToArray(), path);
                    break;
                case JsonValueKind.Number:
                    Assert.AreEqual(JsonValueType.Number, type, path);
                    JsonResult ri = JsonReader.ReadInt64(doc, off, len, out long v);
                    string raw = expected.GetRawText();
                    bool integerSyntax = raw.IndexOfAny(new[] { '.', 'e', 'E' }) < 0;
                    if (expected.TryGetInt64(out long ev) && integerSyntax)
                    {
                        Assert.AreEqual(JsonResult.Success, ri, path);
                        Assert.AreEqual(ev, v, path);
                    }
                    else
                    {
                        Assert.AreEqual(integerSyntax ? JsonResult.Overflow : JsonResult.WrongType, ri, path + " = " + raw);
                    }

                    break;
                case JsonValueKind.True:
                case JsonValueKind.False:
                    Assert.AreEqual(JsonResult.Success, JsonReader.ReadBoolean(doc, off, len, out bool b), path);
                    Assert.AreEqual(expected.GetBoolean(), b, path);
                    break;
                case JsonValueKind.Null:
                    Assert.IsTrue(JsonReader.IsNull(doc, off, len), path);
                    break;
                case JsonValueKind.Object:
                    Assert.AreEqual(JsonValueType.Object, type, path);
                    Assert.AreEqual(CountMembers(expected), CountIterated(doc, off, len), path);
                    break;
                case JsonValueKind.Array:
                    Assert.AreEqual(JsonValueType.Array, type, path);
                    Assert.AreEqual(expected.GetArrayLength(), CountIterated(doc, off, len), path);
                    break;
            }
        }

        private static int CountMembers(JsonElement e)
        {
            int n = 0;
            foreach (JsonProperty _ in e.EnumerateObject())
            {
                n++;
            }

            return n;
        }

        private static int CountIterated(byte[] doc, int off, int len)
        {
            int cursor = off;
            int n = 0;
            JsonResult r;
            while ((r = JsonScanner.Iterate(doc, off, len, ref cursor, out _, out _, out _, out _, out _)) == JsonResult.Success)
            {
                n++;
            }

            Assert.AreEqual(JsonResult.NotFound, r);
            return n;
        }

        [TestMethod]
        public void Find_NeverThrows_OnMutatedDocumentsAndRandomPaths()
        {
            var gen = new RandomJson(Seed + 4);
            var clock = Stopwatch.StartNew();
            string[] paths = { "", "a", "[0]", "[1].a", "a.b[2]", "x..y", "[", "[99999999999]", "a[0][0].b" };
            for (int n = 0; n < 20000 && clock.Elapsed < Budget; n++)
            {
                byte[] doc = gen.Mutate(Encoding.UTF8.GetBytes(gen.Document(4)));
                string path = gen.Random.Next(3) == 0 ? paths[gen.Random.Next(paths.Length)] : gen.RandomText();
                try
                {
                    JsonResult r = JsonScanner.Find(doc, 0, doc.Length, path, out int off, out int len, out JsonValueType type);
                    if (r == JsonResult.Success)
                    {
                        Assert.IsTrue(off >= 0 && len > 0 && off + len <= doc.Length, "range outside the document");
                        JsonReader.ReadString(doc, off, len, out _);
                        JsonReader.ReadInt64(doc, off, len, out _);
                    }
                }
                catch (Exception ex) when (ex is not AssertFailedException)
                {
                    Assert.Fail("Find threw " + ex.GetType().Name + " on " + Convert.ToHexString(doc) + " path " + path);
                }
            }
        }

        [TestMethod]
        public void Validate_AgreesWithSystemTextJson_OnSingleTokens()
        {
            // Short hand-picked inputs around the number, literal and escape grammar.
            string[] inputs =
            {
                "0", "-0", "00", "-", "1.0", "1.", ".1", "1e5", "1E+5", "1e-5", "1e", "1e+", "-1.5e-10", "01.5", "1.5.5", "+1",
                "true", "tru", "truex", "nul", "null ", " null", "\"\\u00e9\"", "\"\\uD83D\\uDE00\"", "\"\\uD83D\"", "\"\\uDE00\"",
                "\"\\u\"", "\"\\ud83d\\u0041\"", "\"a\\\"b\"", "\"\\a\"", "[1,]", "{,}", "[,1]", "{\"a\":1,}", "{\"a\"}", "[]", "{}", "[[]]",
                "[1 2]", "{\"a\":1 \"b\":2}", "\"\t\"", "\"\u007f\"", "1 2", "[\"a\"\"b\"]",
            };
            foreach (string s in inputs)
            {
                byte[] b = Encoding.UTF8.GetBytes(s);
                bool oracle = OracleValid(b);
                JsonResult ours = ValidateGuarded(b);
                Assert.AreEqual(oracle, ours == JsonResult.Success, s + " -> " + ours);
            }
        }
    }
}
