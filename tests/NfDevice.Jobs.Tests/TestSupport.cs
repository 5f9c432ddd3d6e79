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

        /// <summary>
        /// False on nanoFramework, whose strings are NUL-terminated UTF-8 (a literal "a\u0000b" is "a" there): tests of
        /// what the core does with U+0000 in a string run only where a string can hold it.
        /// </summary>
        public static bool StringsHoldNul
        {
            get { return "a\u0000b".Length == 3; }
        }

        /// <summary>
        /// A buffer of <paramref name="size"/> bytes for a test that needs a large contiguous block (a 32 KB job
        /// document): on a board without PSRAM (about 100 KB of heap, fragmented) the allocation can fail, and the
        /// test is then skipped with that reason instead of failing. Both runtimes throw OutOfMemoryException.
        /// </summary>
        public static byte[] LargeBuffer(int size)
        {
            try
            {
                return new byte[size];
            }
            catch (System.OutOfMemoryException)
            {
#if NANOFRAMEWORK_1_0
                Assert.SkipTest("needs " + size.ToString() + " contiguous bytes: not for a board without PSRAM");
#else
                Assert.Inconclusive("needs " + size.ToString() + " contiguous bytes: not for a board without PSRAM");
#endif
                return null;
            }
        }

        /// <summary>
        /// <paramref name="prefix"/>, then <paramref name="fill"/> bytes of 'x', then <paramref name="suffix"/>, as
        /// UTF-8, built without a string of that size (a 32 KB string costs 32 KB more on the device, and UTF-16 twice that on .NET).
        /// </summary>
        public static byte[] Padded(string prefix, int fill, string suffix)
        {
            byte[] head = Utf8(prefix);
            byte[] tail = Utf8(suffix);
            byte[] all = LargeBuffer(head.Length + fill + tail.Length);
            System.Array.Copy(head, 0, all, 0, head.Length);
            for (int i = 0; i < fill; i++)
            {
                all[head.Length + i] = (byte)'x';
            }

            System.Array.Copy(tail, 0, all, head.Length + fill, tail.Length);
            return all;
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
