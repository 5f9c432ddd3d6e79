using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Tests.Net.Guard;
using NfDevice.Jobs.Tests.Net.NanoClr;

namespace NfDevice.Jobs.Tests.Esp32
{
    /// <summary>
    /// Issue 8, "the same transaction rules hold for every slot": the ESP32 InFieldUpdate adapter, which no build of this
    /// repository compiles (its package exists only for the CoreLibrary 2.0 preview), is compiled here against a
    /// test-only stand-in of the documented InFieldUpdate API (InFieldUpdateStandIn.cs) and held to the slot contract:
    /// under MSTest on .NET, and compiled against nanoFramework's own mscorlib and run on nanoCLR.
    /// </summary>
    [TestClass]
    public sealed class InFieldUpdateSlotTests
    {
        public static IEnumerable<object[]> Checks => InFieldUpdateSlotContract.Names.Select((name, index) => new object[] { index, name });

        private const string HostSource = @"using System;
using NfDevice.Jobs.Tests.Esp32;

public static class ContractProgram
{
    public static void Main()
    {
        for (int i = 0; i < InFieldUpdateSlotContract.Names.Length; i++)
        {
            string problem = InFieldUpdateSlotContract.Run(i);
            Console.WriteLine(""CHECK|"" + InFieldUpdateSlotContract.Names[i] + ""|"" + (problem == null ? ""ok"" : problem));
        }

        Console.WriteLine(""CHECK|done"");
    }
}";

        [TestMethod]
        [DynamicData(nameof(Checks))]
        public void InFieldUpdateAdapter_KeepsTheSlotContract(int index, string name)
        {
            string problem = InFieldUpdateSlotContract.Run(index);
            Assert.IsNull(problem, name + ": " + problem);
        }

        [TestMethod]
        public void InFieldUpdateAdapter_CompilesForNanoFramework_AndKeepsTheSlotContractOnNanoClr()
        {
            string missing = NanoClrTool.MissingReason();
            if (missing != null)
            {
                string message = "the InFieldUpdate adapter was NOT compiled for nanoFramework: " + missing;
                if (NanoClrTool.InCi) Assert.Fail(message);
                Assert.Inconclusive(message);
            }

            NanoClrBuild core = NanoClrBuild.Create();
            Assert.IsNull(core.Error, core.Error);
            string dir = Path.Combine(Path.GetTempPath(), "nfdevice-ifu-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                // The adapter exactly as in the ESP32 project, with the symbol its IFU build defines.
                string adapter = Path.Combine(dir, "InFieldUpdateSlot.cs");
                File.WriteAllText(adapter, "#define NFDEVICE_IFU\n" + File.ReadAllText(RepoFiles.Combine("src", "NfDevice.Esp32", "Adapters", "InFieldUpdateSlot.cs")));
                string here = RepoFiles.Combine("tests", "NfDevice.Jobs.Tests.Net", "Esp32");
                string host = Path.Combine(dir, "Program.cs");
                File.WriteAllText(host, HostSource);
                string exe = Path.Combine(dir, "IfuContract.exe");
                string pe = Path.Combine(dir, "IfuContract.pe");
                string error = NanoClrBuild.CompileForNano(
                    new[] { adapter, Path.Combine(here, "InFieldUpdateStandIn.cs"), Path.Combine(here, "InFieldUpdateSlotContract.cs"), host },
                    new[] { core.CoreDll }, exe, true, pe, "NfDevice.Jobs", core.CoreDll);
                Assert.IsNull(error, error);

                ProcessOutcome run = NanoClrTool.Run(new List<string> { "run", "-t", "300", core.CorePe, pe }, TimeSpan.FromMinutes(6));
                string output = run.StandardOutput;
                Assert.AreEqual(0, run.ExitCode, "nanoCLR: " + output + run.StandardError);
                Assert.IsTrue(output.Contains("CHECK|done", StringComparison.Ordinal), "the program stopped early: " + output);
                foreach (string name in InFieldUpdateSlotContract.Names)
                {
                    StringAssert.Contains(output, "CHECK|" + name + "|ok", output);
                }
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
