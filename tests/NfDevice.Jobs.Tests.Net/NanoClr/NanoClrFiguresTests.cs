using System;
using System.Globalization;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Jobs.Tests.Net.NanoClr
{
    /// <summary>
    /// Collects the interpreter's figures (DeviceOnly/InterpreterFiguresTests prints them during the nanoCLR run) and
    /// writes them to the test output: the README's nanoCLR rows come from
    /// <c>dotnet test tests/NfDevice.Jobs.Tests.Net --filter "FullyQualifiedName~NanoClrFigures" --logger "console;verbosity=detailed"</c>.
    /// Asserted: every figure was measured (a positive time and ratio), never how fast.
    /// </summary>
    [TestClass]
    public sealed class NanoClrFiguresTests
    {
        private static readonly string[] Expected =
        {
            "reference loop", "SHA-256 over 64 KB", "P-256 public key load", "P-256 ECDSA verify", "RSA-2048", "JSON path lookup", "engine: one message", "code-signing check of one update job", "code-signing key at boot",
        };

        public TestContext TestContext { get; set; }

        [TestMethod]
        public void Figures_AreMeasuredOnNanoClr_AsTimesAndRatiosToTheReferenceLoop()
        {
            NanoClrRun run = NanoClrRun.Current;
            if (run.NotRunReason != null)
            {
                string message = "nanoCLR figures NOT measured: " + run.NotRunReason;
                if (NanoClrTool.InCi)
                {
                    Assert.Fail(message);
                }

                Assert.Inconclusive(message);
            }

            Assert.IsNull(run.BuildError, run.BuildError);
            string[] figures = run.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("FIGURE|", StringComparison.Ordinal)).ToArray();
            TestContext.WriteLine("nanoCLR x64 (" + Environment.ProcessorCount + " cores visible), " + DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture) + "; median of 7 runs (time, and ratio to the reference loop timed just before):");
            foreach (string line in figures)
            {
                TestContext.WriteLine(line);
            }

            foreach (string name in Expected)
            {
                string line = figures.FirstOrDefault(f => f.Split('|')[1].StartsWith(name, StringComparison.Ordinal));
                Assert.IsNotNull(line, "no figure for " + name + "; printed: " + string.Join(" / ", figures));
                string[] parts = line.Split('|');
                Assert.IsTrue(double.Parse(parts[2], CultureInfo.InvariantCulture) > 0, line);
                Assert.IsTrue(double.Parse(parts[3], CultureInfo.InvariantCulture) > 0, line);
            }
        }
    }
}
