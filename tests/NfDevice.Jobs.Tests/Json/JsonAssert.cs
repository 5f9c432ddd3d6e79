#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Json;
using NfDevice.Jobs.Tests;

namespace NfDevice.Jobs.Tests.Json
{
    /// <summary>Assertions on result codes, written as int comparisons so both test frameworks agree.</summary>
    public static class JsonAssert
    {
        /// <summary>Asserts the scanner result.</summary>
        public static void Result(JsonResult expected, JsonResult actual, string what)
        {
            Assert.AreEqual((int)expected, (int)actual, what);
        }

        /// <summary>Validates the UTF-8 of <paramref name="json"/>.</summary>
        public static JsonResult Validate(string json)
        {
            byte[] b = TestSupport.Utf8(json);
            return JsonScanner.Validate(b, 0, b.Length);
        }

        /// <summary>Validates bytes.</summary>
        public static JsonResult Validate(byte[] b)
        {
            return JsonScanner.Validate(b, 0, b.Length);
        }
    }
}
