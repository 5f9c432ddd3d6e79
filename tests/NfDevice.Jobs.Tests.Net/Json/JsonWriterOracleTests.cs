using System;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Tests.Net.Json
{
    /// <summary>Writer output read back by System.Text.Json, for random text and structures.</summary>
    [TestClass]
    public class JsonWriterOracleTests
    {
        [TestMethod]
        public void StringValue_RoundTripsThroughSystemTextJson_ForRandomText()
        {
            var gen = new RandomJson(77);
            var clock = Stopwatch.StartNew();
            byte[] buffer = new byte[1024];
            var writer = new JsonWriter(buffer, 0, buffer.Length);
            for (int n = 0; n < 5000 && clock.Elapsed < TimeSpan.FromSeconds(2); n++)
            {
                string text = gen.RandomText();
                writer.Reset(buffer, 0, buffer.Length);
                long number = gen.Random.NextInt64(long.MinValue, long.MaxValue);
                writer.BeginArray();
                writer.BeginObject();
                writer.String(text, text);
                writer.EndObject();
                writer.Int64Value(number);
                writer.EndArray();
                Assert.AreEqual(JsonResult.Success, writer.Result);
                using JsonDocument d = JsonDocument.Parse(buffer.AsMemory(0, writer.Length));
                Assert.AreEqual(text, d.RootElement[0].GetProperty(text).GetString());
                Assert.AreEqual(number, d.RootElement[1].GetInt64());
            }
        }

        [TestMethod]
        public void StringValue_EscapesEveryControlCharacter()
        {
            byte[] buffer = new byte[16];
            var writer = new JsonWriter(buffer, 0, buffer.Length);
            for (int c = 0; c < 0x20; c++)
            {
                writer.Reset(buffer, 0, buffer.Length);
                writer.StringValue(((char)c).ToString());
                string written = Encoding.ASCII.GetString(buffer, 0, writer.Length);
                Assert.IsTrue(written.StartsWith("\"\\", StringComparison.Ordinal), c + ": " + written);
                Assert.AreEqual(((char)c).ToString(), JsonSerializer.Deserialize<string>(written));
            }
        }

        [TestMethod]
        public void Writer_NeverWritesOutsideRange_ForRandomSizes()
        {
            var gen = new RandomJson(78);
            for (int n = 0; n < 2000; n++)
            {
                string text = gen.RandomText();
                int size = gen.Random.Next(0, 64);
                byte[] buffer = new byte[size + 8];
                buffer.AsSpan().Fill(0xA5);
                var writer = new JsonWriter(buffer, 4, size);
                writer.BeginArray();
                writer.StringValue(text);
                writer.Int64Value(gen.Random.Next());
                writer.EndArray();
                for (int i = 0; i < 4; i++)
                {
                    Assert.AreEqual(0xA5, buffer[i]);
                    Assert.AreEqual(0xA5, buffer[size + 4 + i]);
                }

                if (writer.Result == JsonResult.Success)
                {
                    Assert.AreEqual(JsonResult.Success, JsonScanner.Validate(buffer, 4, writer.Length));
                }
                else
                {
                    Assert.AreEqual(JsonResult.BufferTooSmall, writer.Result);
                }
            }
        }
    }
}
