using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Bundles;
using NfDevice.Jobs.Application;

namespace NfDevice.Cloud.Tests.Application
{
    /// <summary>`nfdevice bundle create` and `inspect` on real build outputs, and their errors.</summary>
    [TestClass]
    public sealed class BundleCommandTests
    {
        private static (int Code, string Out, string Err) Run(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            TextWriter oldOut = Console.Out, oldErr = Console.Error;
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try
            {
                int code = NfDevice.Desktop.Cli.Program.BuildRoot().Parse(args).Invoke();
                return (code, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }

        private static string Temp(string name)
        {
            string dir = Path.Combine(Path.GetTempPath(), "nfdevice-bundle-tests-" + Environment.ProcessId, name);
            Directory.CreateDirectory(dir);
            return dir;
        }

        [TestMethod]
        public void Create_ThenInspect_RoundTrips_InDependencyOrder()
        {
            string output = Path.Combine(Temp("roundtrip"), "app.nfb");
            var (code, text, err) = Run("bundle", "create", "--from", TestApps.TwoAssemblies("1.0.0"), "--entry", "TestApp.Main.Entry", "--version", "1.0.0", "--out", output);
            Assert.AreEqual(0, code, err);
            StringAssert.Contains(text, "1. TestApp.Words");
            StringAssert.Contains(text, "2. TestApp.Main");
            var (inspectCode, inspect, _) = Run("bundle", "inspect", output);
            Assert.AreEqual(0, inspectCode, inspect);
            StringAssert.Contains(inspect, "check: ok");
            byte[] bundle = File.ReadAllBytes(output);
            var manifest = new BundleManifest();
            Assert.AreEqual(BundleResult.Ok, manifest.Parse(bundle, 0, bundle.Length));
            Assert.AreEqual("TestApp.Main.Entry", manifest.EntryType);
            CollectionAssert.AreEqual(new[] { "TestApp.Words", "TestApp.Main" }, manifest.Names);
        }

        [TestMethod]
        public void Inspect_FailsAndNamesTheAssembly_WhenABundleByteChanged()
        {
            string output = Path.Combine(Temp("tampered"), "app.nfb");
            Assert.AreEqual(0, Run("bundle", "create", "--from", TestApps.Heartbeat("1.1.0"), "--entry", "Sample.Heartbeat.App", "--version", "1.1.0", "--out", output).Code);
            byte[] bytes = File.ReadAllBytes(output);
            bytes[^100] ^= 0xFF;
            File.WriteAllBytes(output, bytes);
            var (code, text, _) = Run("bundle", "inspect", output);
            Assert.AreEqual(1, code, text);
            StringAssert.Contains(text, "FAILED, hash-mismatch: assembly Sample.Heartbeat");
        }

        [TestMethod]
        public void Create_Fails_ForAnEmptyFolder()
        {
            var (code, _, err) = Run("bundle", "create", "--from", Temp("empty"), "--entry", "A.B", "--version", "1.0.0", "--out", Path.Combine(Temp("empty-out"), "x.nfb"));
            Assert.AreEqual(2, code);
            StringAssert.Contains(err, "no *.pe or *.dll");
        }

        [TestMethod]
        public void Create_Fails_WhenNoAssemblyDefinesTheEntryType()
        {
            string output = Path.Combine(Temp("no-entry"), "x.nfb");
            var (code, _, err) = Run("bundle", "create", "--from", TestApps.Heartbeat("1.1.0"), "--entry", "Sample.Heartbeat.Missing", "--version", "1.1.0", "--out", output);
            Assert.AreEqual(2, code);
            StringAssert.Contains(err, "entry type Sample.Heartbeat.Missing not found in Sample.Heartbeat");
            Assert.IsFalse(File.Exists(output));
        }

        [TestMethod]
        public void Create_Fails_ForTwoFilesOfTheSameAssembly()
        {
            string dir = Temp("duplicate");
            string dll = Path.Combine(TestApps.Heartbeat("1.1.0"), "Sample.Heartbeat.dll");
            File.Copy(dll, Path.Combine(dir, "Sample.Heartbeat.dll"), true);
            File.Copy(dll, Path.Combine(dir, "copy-of-heartbeat.dll"), true);
            var (code, _, err) = Run("bundle", "create", "--from", dir, "--entry", "Sample.Heartbeat.App", "--version", "1.1.0", "--out", Path.Combine(Temp("dup-out"), "x.nfb"));
            Assert.AreEqual(2, code);
            StringAssert.Contains(err, "duplicate assembly Sample.Heartbeat");
        }

        [TestMethod]
        public void Create_Fails_ForAVersionThatIsNotDottedNumbers()
        {
            var (code, _, err) = Run("bundle", "create", "--from", TestApps.Heartbeat("1.1.0"), "--entry", "Sample.Heartbeat.App", "--version", "1.1-beta", "--out", Path.Combine(Temp("bad-version"), "x.nfb"));
            Assert.AreEqual(2, code);
            StringAssert.Contains(err, "--version");
        }

        [TestMethod]
        public void PeBuildOutput_IsBundled_WithoutThePlatformAssemblies()
        {
            string nanoclr = Path.GetFullPath(Path.Combine(TestApps.RepoRoot, "..", "shared", "tools", "nanoclr", "nanoclr"));
            if (!File.Exists(nanoclr))
            {
                if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail("the nanoCLR tool is missing at " + nanoclr);
                Assert.Inconclusive("the nanoCLR tool is not at " + nanoclr + ": the .pe build of the sample was not done");
            }

            string outDir = Temp("nano");
            var info = new System.Diagnostics.ProcessStartInfo(Path.Combine(TestApps.RepoRoot, "samples", "Heartbeat", "build-nano.sh")) { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(outDir);
            info.Environment["NANOCLR"] = nanoclr;
            using (var p = System.Diagnostics.Process.Start(info))
            {
                string log = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.AreEqual(0, p.ExitCode, log);
            }

            // A nanoFramework build output carries the platform's .pe files too; they stay out of the bundle.
            File.Copy(Path.Combine(Path.GetDirectoryName(nanoclr), "pe", "mscorlib.pe"), Path.Combine(outDir, "mscorlib.pe"), true);
            var skipped = new System.Collections.Generic.List<string>();
            var inputs = BundleBuilder.ReadFolder(outDir, null, skipped);
            CollectionAssert.AreEqual(new[] { "mscorlib" }, skipped);
            byte[] bundle = BundleBuilder.Build(inputs, "Sample.Heartbeat.App", "1.1.0", null);
            var manifest = new BundleManifest();
            Assert.AreEqual(BundleResult.Ok, manifest.Parse(bundle, 0, bundle.Length));
            CollectionAssert.AreEqual(new[] { "Sample.Heartbeat" }, manifest.Names);
            Assert.AreEqual("NFMRK1", System.Text.Encoding.ASCII.GetString(bundle, (int)manifest.AssemblyOffset(0), 6), "the bundle carries the .pe image");
        }
    }
}
