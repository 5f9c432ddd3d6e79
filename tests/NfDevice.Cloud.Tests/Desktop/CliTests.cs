using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud;

namespace NfDevice.Cloud.Tests.Desktop
{
    [TestClass]
    public sealed class CliTests
    {
        private static async Task<(int Code, string Out, string Err)> Invoke(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            TextWriter oldOut = Console.Out, oldErr = Console.Error;
            Console.SetOut(output);
            Console.SetError(error);
            try
            {
                int code = await NfDevice.Desktop.Cli.Program.BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
                return (code, output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }

        [TestMethod]
        public async Task ImageCreate_WritesAnImageTheDesktopSlotReadsTheVersionOf()
        {
            string file = Path.Combine(Path.GetTempPath(), "nfdevice-image-" + Guid.NewGuid().ToString("N"), "app-1.2.0.bin");
            var (code, output, err) = await Invoke("image", "create", "--version", "1.2.0", "--size", "5000", "--fail-self-test", "--out", file);

            Assert.AreEqual(0, code, err);
            Assert.AreEqual(5000, new FileInfo(file).Length);
            Assert.IsTrue(NfDevice.Desktop.Update.DesktopImage.TryRead(file, out string version, out bool passes));
            Assert.AreEqual("1.2.0", version);
            Assert.IsFalse(passes);
            StringAssert.Contains(output, "\"size\": 5000");
        }

        [TestMethod]
        public async Task ImageCreate_RefusesAVersionThatIsNotDottedNumbers()
        {
            string file = Path.Combine(Path.GetTempPath(), "nfdevice-image-" + Guid.NewGuid().ToString("N") + ".bin");
            var (code, _, err) = await Invoke("image", "create", "--version", "v1.2", "--out", file);

            Assert.AreEqual(2, code);
            StringAssert.Contains(err, "--version");
            Assert.IsFalse(File.Exists(file));
        }

        [TestMethod]
        public async Task Simulate_RefusesBothBundlesAndTemplate()
        {
            var (code, _, err) = await Invoke("simulate", "--bundles", "a", "--template", "b", "--count", "2");
            Assert.AreNotEqual(0, code);
            StringAssert.Contains(err, "exactly one of --bundles or --template");
        }

        [TestMethod]
        public async Task Run_ReportsAMissingSettingsFile_WithExitCode2()
        {
            var (code, _, err) = await Invoke("run", "--settings", "/nonexistent/nfdevice.json");
            Assert.AreEqual(2, code);
            StringAssert.Contains(err, "Settings file not found");
        }

        [TestMethod]
        public async Task Simulate_ExitsZeroWithASummary_WhenEveryDeviceSucceeds_AndOneWhenAJobIsRejected()
        {
            using var dir = new TempDir();
            await using var emulator = new Emulator(new EmulatorOptions { MqttPort = 0, HttpPort = 0, DataDirectory = null });
            await emulator.StartAsync();
            string[] things = { "cli-1", "cli-2" };
            foreach (string t in things) emulator.ProvisionBundle(t, Path.Combine(dir.Path, t));
            emulator.CreateJob("diag", "{\"operation\":\"diagnostics\"}", things);

            var (code, output, err) = await Invoke("simulate", "--bundles", dir.Path, "--until-idle", "1", "--duration", "60", "--plain");
            Assert.AreEqual(0, code, output + err);
            StringAssert.Contains(output, "thing\tlast job\tstatus");
            foreach (string t in things) Assert.IsTrue(output.Split('\n').Any(l => l.StartsWith(t + "\tdiag\tSUCCEEDED")), output);

            emulator.CreateJob("bogus", "{\"operation\":\"no-such-operation\"}", "cli-1");
            (code, output, err) = await Invoke("simulate", "--bundles", dir.Path, "--count", "1", "--until-idle", "1", "--duration", "60", "--plain");
            Assert.AreEqual(1, code, output + err);
            Assert.IsTrue(output.Split('\n').Any(l => l.StartsWith("cli-1\tbogus\tREJECTED")), output);
        }
    }
}
