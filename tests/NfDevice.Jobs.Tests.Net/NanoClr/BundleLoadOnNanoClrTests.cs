using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Tests.Net.Guard;

namespace NfDevice.Jobs.Tests.Net.NanoClr
{
    /// <summary>
    /// Issue 9 §5: the device path of an application bundle minus the file system, on the real interpreter. A small
    /// application is compiled for nanoFramework and converted to its .pe; a host program (the ESP32 application's
    /// own <c>NanoAssemblyHost</c>, compiled from src/NfDevice.Esp32/Adapters) gets those bytes as an array, loads
    /// them with <c>Assembly.Load</c>, finds the entry type and starts it, runs its SelfTest, and refuses a
    /// corrupted copy. The host prints one "CHECK|what|result" line per step.
    /// </summary>
    [TestClass]
    public sealed class BundleLoadOnNanoClrTests
    {
        private const string AppSource = @"
namespace Sample
{
    public static class HeartbeatApp
    {
        public static void Start() { System.Console.WriteLine(""APP|started""); }
        public static bool SelfTest() { return true; }
        public static void Stop() { System.Console.WriteLine(""APP|stopped""); }
    }
}";

        private const string HostSource = @"
using System;
using NfDevice.Esp32.Adapters;
using NfDevice.Jobs.Platform;

public sealed class ConsoleLog : ILog
{
    public void Write(LogLevel level, string message) { Console.WriteLine(""LOG|"" + message); }
}

public static class HostProgram
{
    public static void Main()
    {
        NanoAssemblyHost host = new NanoAssemblyHost(""I:\\app"", new ConsoleLog());
        byte[] image = AppImage.Bytes;
        byte[] bad = new byte[image.Length];
        Array.Copy(image, bad, image.Length);
        bad[bad.Length / 2] ^= 0xFF;
        Console.WriteLine(""CHECK|corrupt|"" + Say(host.Load(""Sample"", bad)));
        Console.WriteLine(""CHECK|load|"" + Say(host.Load(""Sample"", image)));
        Console.WriteLine(""CHECK|start|"" + Say(host.Start(""Sample.HeartbeatApp"", 10000)));
        Console.WriteLine(""CHECK|selftest|"" + Say(host.SelfTest(""Sample.HeartbeatApp"", 10000)));
        Console.WriteLine(""CHECK|stop|"" + Say(host.Stop(""Sample.HeartbeatApp"", 10000)));
        Console.WriteLine(""CHECK|unknown|"" + Say(host.Start(""Sample.Missing"", 10000)));
        Console.WriteLine(""CHECK|done"");
    }

    private static string Say(string problem) { return problem == null ? ""ok"" : problem; }
}";

        [TestMethod]
        public void ApplicationPe_LoadedFromBytes_EntryTypeFoundStartedAndSelfTested_CorruptCopyRefused()
        {
            string missing = NanoClrTool.MissingReason();
            if (missing != null)
            {
                string message = "Assembly.Load of a bundle was NOT exercised on nanoCLR: " + missing;
                if (NanoClrTool.InCi)
                {
                    Assert.Fail(message);
                }

                Assert.Inconclusive(message);
            }

            NanoClrBuild core = NanoClrBuild.Create();
            Assert.IsNull(core.Error, core.Error);
            string dir = Path.Combine(Path.GetTempPath(), "nfdevice-bundleload-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string appSource = Path.Combine(dir, "App.cs");
                File.WriteAllText(appSource, AppSource);
                string appDll = Path.Combine(dir, "Sample.dll");
                string appPe = Path.Combine(dir, "Sample.pe");
                string error = NanoClrBuild.CompileForNano(new[] { appSource }, Array.Empty<string>(), appDll, false, appPe);
                Assert.IsNull(error, error);

                // The .pe's bytes become an array in the host, as the loader reads them from I:\ on a board.
                byte[] pe = File.ReadAllBytes(appPe);
                string imageSource = Path.Combine(dir, "AppImage.cs");
                File.WriteAllText(imageSource, "public static class AppImage { public static readonly byte[] Bytes = { "
                    + string.Join(",", pe.Select(b => "0x" + b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))) + " }; }");
                string hostSource = Path.Combine(dir, "Host.cs");
                File.WriteAllText(hostSource, HostSource);
                string assemblyHost = RepoFiles.Combine("src", "NfDevice.Esp32", "Adapters", "NanoAssemblyHost.cs");
                string hostExe = Path.Combine(dir, "Host.exe");
                string hostPe = Path.Combine(dir, "Host.pe");
                error = NanoClrBuild.CompileForNano(new[] { hostSource, imageSource, assemblyHost }, new[] { core.CoreDll }, hostExe, true, hostPe,
                    "NfDevice.Jobs", core.CoreDll);
                Assert.IsNull(error, error);

                ProcessOutcome run = NanoClrTool.Run(new List<string> { "run", "-t", "300", core.CorePe, hostPe }, TimeSpan.FromMinutes(6));
                string output = run.StandardOutput;
                Assert.AreEqual(0, run.ExitCode, "nanoCLR: " + output + run.StandardError);
                Assert.IsTrue(output.Contains("CHECK|done", StringComparison.Ordinal), "the host stopped early: " + output);
                StringAssert.Contains(output, "CHECK|corrupt|not a valid nanoFramework 1.x assembly");
                StringAssert.Contains(output, "CHECK|load|ok");
                StringAssert.Contains(output, "APP|started");
                StringAssert.Contains(output, "CHECK|start|ok");
                StringAssert.Contains(output, "CHECK|selftest|ok");
                StringAssert.Contains(output, "APP|stopped");
                StringAssert.Contains(output, "CHECK|stop|ok");
                StringAssert.Contains(output, "CHECK|unknown|entry type Sample.Missing not found");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
