using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Jobs.Tests.Net.NanoClr
{
    /// <summary>
    /// Every shared test (and every device-only test of NFUnitTest.nfproj) executed on the real nanoFramework
    /// interpreter, one MSTest result per nanoFramework test method, plus one for the run as a whole (a crash, a
    /// timeout or a silent stop fails it). On a machine without the interpreter the results are Inconclusive with
    /// the reason, never passed; in CI (CI=true) a missing interpreter fails.
    /// </summary>
    [TestClass]
    public sealed class SharedTestsOnNanoClrTests
    {
        private const string NotRunRow = "(nanoCLR run not done)";

        /// <summary>One row per nanoFramework test method; a single explanatory row when nothing could run.</summary>
        public static IEnumerable<object[]> Methods
        {
            get
            {
                NanoClrRun run = NanoClrRun.Current;
                if (run.Methods.Count == 0)
                {
                    return new[] { new object[] { NotRunRow } };
                }

                return run.Methods.Select(m => new object[] { m });
            }
        }

        [TestMethod]
        [DynamicData(nameof(Methods))]
        public void SharedTest_PassesOnNanoClr(string method)
        {
            NanoClrRun run = RequireRun();
            Assert.AreNotEqual(NotRunRow, method, "no test method was found in the nanoCLR test assembly");
            IReadOnlyList<string> lines = run.LinesFor(method);
            if (lines.Count == 0)
            {
                Assert.Fail(method + " did not run on nanoCLR: " + (run.Crash ?? "no verdict printed"));
            }

            string[] failures = lines.Where(l => l.StartsWith("Test failed", StringComparison.Ordinal)).ToArray();
            Assert.AreEqual(0, failures.Length, string.Join(Environment.NewLine, failures));
            if (lines.All(l => l.StartsWith("Test skipped", StringComparison.Ordinal)))
            {
                Assert.Inconclusive("skipped on nanoCLR: " + string.Join(Environment.NewLine, lines));
            }
        }

        [TestMethod]
        public void SharedTests_RunToTheEndOnNanoClr_WithoutCrash()
        {
            NanoClrRun run = RequireRun();
            Assert.IsTrue(run.Methods.Count > 0, "the nanoCLR test assembly declares no test method");
            Assert.IsNull(run.Crash, run.Crash + Environment.NewLine + run.Summary());
        }

        /// <summary>The run, or Inconclusive/Fail (CI) when the interpreter is missing, Fail when the build failed.</summary>
        private static NanoClrRun RequireRun()
        {
            NanoClrRun run = NanoClrRun.Current;
            if (run.NotRunReason != null)
            {
                string message = "the shared tests were NOT run on nanoCLR: " + run.NotRunReason;
                if (NanoClrTool.InCi)
                {
                    Assert.Fail(message + " (CI=true: the interpreter run is required)");
                }

                Assert.Inconclusive(message);
            }

            if (run.BuildError != null)
            {
                Assert.Fail(run.BuildError);
            }

            return run;
        }
    }
}
