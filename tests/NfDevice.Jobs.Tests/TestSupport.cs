#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace NfDevice.Jobs.Tests
{
    /// <summary>
    /// Helpers written in the API that MSTest and nanoFramework.TestFramework share, so the same test
    /// sources run on net10.0 in CI and on nanoCLR or a board.
    /// </summary>
    public static class TestSupport
    {
        /// <summary>A call that should throw.</summary>
        public delegate void Action0();

        /// <summary>Asserts that <paramref name="action"/> throws an exception of exactly <paramref name="expected"/>.</summary>
        public static void ExpectException(System.Type expected, Action0 action)
        {
            System.Type thrown = null;
            try
            {
                action();
            }
            catch (System.Exception ex)
            {
                thrown = ex.GetType();
            }

            Assert.IsNotNull(thrown, "expected " + expected.Name + " but nothing was thrown");
            Assert.IsTrue(thrown == expected, "expected " + expected.Name + " but got " + thrown.Name);
        }

        /// <summary>ASCII/UTF-8 bytes of <paramref name="text"/>.</summary>
        public static byte[] Utf8(string text)
        {
            return System.Text.Encoding.UTF8.GetBytes(text);
        }

        /// <summary>The string of <paramref name="count"/> UTF-8 bytes at <paramref name="offset"/>.</summary>
        public static string Text(byte[] bytes, int offset, int count)
        {
            return System.Text.Encoding.UTF8.GetString(bytes, offset, count);
        }

        /// <summary>Asserts that two byte ranges are equal, with a readable message.</summary>
        public static void AreEqualBytes(byte[] expected, byte[] actual, int actualOffset, int actualCount)
        {
            Assert.AreEqual(expected.Length, actualCount, "length");
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], actual[actualOffset + i], "byte " + i.ToString());
            }
        }
    }
}
