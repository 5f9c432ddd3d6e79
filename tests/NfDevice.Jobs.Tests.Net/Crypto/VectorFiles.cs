using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Jobs.Tests.Net.Crypto
{
    /// <summary>
    /// Finds ../shared/vectors: walks up from the test assembly to the folder holding nf-device.sln.
    /// Missing vectors fail the test (never skip): the vectors are part of the test suite.
    /// </summary>
    internal static class VectorFiles
    {
        public static string Path(string relative)
        {
            string dir = AppContext.BaseDirectory;
            while (dir != null && !File.Exists(System.IO.Path.Combine(dir, "nf-device.sln")))
            {
                dir = System.IO.Path.GetDirectoryName(dir.TrimEnd(System.IO.Path.DirectorySeparatorChar));
            }

            if (dir == null)
            {
                Assert.Fail("nf-device.sln not found above " + AppContext.BaseDirectory + "; cannot locate ../shared/vectors");
            }

            string path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, "..", "shared", "vectors", relative));
            if (!File.Exists(path))
            {
                Assert.Fail("Test vector file missing: " + path + " (expected ../shared/vectors next to the repository)");
            }

            return path;
        }

        public static byte[] Hex(string hex) => Convert.FromHexString(hex);
    }
}
