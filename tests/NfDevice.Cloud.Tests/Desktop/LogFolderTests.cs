using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Platform;
using NfDevice.Jobs.Platform;

namespace NfDevice.Cloud.Tests.Desktop
{
    [TestClass]
    public sealed class LogFolderTests
    {
        [TestMethod]
        public void EachLogGetsItsOwnFile_WithEveryLineInOrder_AndLevelsBelowTheMinimumDropped()
        {
            using var dir = new TempDir();
            using (var folder = new LogFolder(dir.Path))
            {
                ILog a = folder.Open("dev-a", LogLevel.Info);
                ILog b = folder.Open("dev-b", LogLevel.Debug);
                for (int i = 0; i < 100; i++)
                {
                    a.Write(LogLevel.Info, "a line " + i);
                    b.Write(LogLevel.Debug, "b line " + i);
                }
                a.Write(LogLevel.Debug, "dropped");
            }

            string[] linesA = File.ReadAllLines(Path.Combine(dir.Path, "dev-a.log"));
            string[] linesB = File.ReadAllLines(Path.Combine(dir.Path, "dev-b.log"));
            CollectionAssert.AreEqual(Enumerable.Range(0, 100).Select(i => "a line " + i).ToArray(), linesA.Select(l => l.Substring(l.IndexOf("a line"))).ToArray());
            Assert.AreEqual(100, linesB.Length);
            StringAssert.Contains(linesB[0], "DEBUG");
            Assert.IsFalse(linesA.Any(l => l.Contains("dropped")));
        }

        [TestMethod]
        public void ManyLogs_HoldNoDescriptorEach_BetweenFlushes()
        {
            using var dir = new TempDir();
            using var folder = new LogFolder(dir.Path);
            int before = ProcessPeaks.OpenDescriptors();
            Assert.IsTrue(before > 0, "descriptors are counted from /proc/self/fd (Linux)");
            var logs = Enumerable.Range(0, 300).Select(i => folder.Open("dev-" + i, LogLevel.Info)).ToArray();
            foreach (ILog log in logs) log.Write(LogLevel.Info, "booted");
            folder.Flush();

            Assert.AreEqual(300, Directory.GetFiles(dir.Path, "*.log").Length);
            // TextLog.File would hold 300 more here; other tests in the process may open a few meanwhile.
            Assert.IsTrue(ProcessPeaks.OpenDescriptors() - before < 100, "descriptors " + before + " -> " + ProcessPeaks.OpenDescriptors());
        }
    }
}
