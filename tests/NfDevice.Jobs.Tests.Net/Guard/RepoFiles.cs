using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Jobs.Tests.Net.Guard
{
    /// <summary>Locates the repository root (the folder holding nf-device.sln) from the test assembly.</summary>
    internal static class RepoFiles
    {
        public static string Root
        {
            get
            {
                string dir = AppContext.BaseDirectory;
                while (dir != null && !File.Exists(Path.Combine(dir, "nf-device.sln")))
                {
                    dir = Path.GetDirectoryName(dir.TrimEnd(Path.DirectorySeparatorChar));
                }

                if (dir == null)
                {
                    Assert.Fail("nf-device.sln not found above " + AppContext.BaseDirectory);
                }

                return dir;
            }
        }

        public static string Combine(params string[] parts) => Path.Combine(Root, Path.Combine(parts));
    }
}
