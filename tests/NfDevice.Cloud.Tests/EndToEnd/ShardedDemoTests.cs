using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Cloud.Tests.EndToEnd
{
    /// <summary>`nfcloud demo` splits the agents over several `nfdevice simulate` processes when one cannot hold the fleet.</summary>
    [TestClass]
    public sealed class ShardedDemoTests
    {
        [TestMethod]
        public async Task Demo_WithTenDevicesPerProcess_RunsThirtyApplicationDevicesInThreeProcesses_AllSucceeded()
        {
            var output = new StringWriter();
            TextWriter original = Console.Out;
            int rc;
            Console.SetOut(output);
            try
            {
                // The hidden cap stands in for a machine whose limits hold ten application devices per process.
                rc = await Program.BuildRoot().Parse(new[] { "demo", "--devices", "30", "--job", "application", "--devices-per-process", "10", "--plain", "--timeout", "180" }).InvokeAsync();
            }
            finally { Console.SetOut(original); }

            string text = output.ToString();
            Assert.AreEqual(0, rc, text);
            StringAssert.Contains(text, "agents: 3 `nfdevice simulate` child processes");
            StringAssert.Contains(text, "SUCCEEDED 30 of 30");
            StringAssert.Contains(text, "PASS 30 of 30 executions SUCCEEDED");
            // Every device's row in the result table: its execution SUCCEEDED and it runs the new application.
            var rows = text.Split('\n').Where(l => Regex.IsMatch(l, @"demo-0\d\d\b")).ToList();
            Assert.AreEqual(30, rows.Count(r => r.Contains("SUCCEEDED") && r.Contains("app 1.1.0 (confirmed)")), text);
            // Each process ran its own slice of ten and reported its figures; the total adds the three.
            foreach (string slice in new[] { "agents process 1 of 3 (devices 1-10): process: peak", "agents process 2 of 3 (devices 11-20): process: peak", "agents process 3 of 3 (devices 21-30): process: peak" })
            {
                StringAssert.Contains(text, slice);
            }
            Assert.AreEqual(3, Regex.Matches(text, @"engine threads for 10 devices").Count, text);
            StringAssert.Contains(text, "agents, all processes (peaks summed over 3 processes:");
        }

        [TestMethod]
        public void AgentFleet_NamesAChildThatExitedWithAnError_AndItsMessage()
        {
            string work = Path.Combine(Path.GetTempPath(), "nfcloud-fleet-test-" + Guid.NewGuid().ToString("N"));
            string empty = Path.Combine(work, "bundles");
            Directory.CreateDirectory(empty);
            try
            {
                using var fleet = NfDevice.Cloud.Demo.AgentFleet.Start(NfDevice.Cloud.Demo.AgentProcess.LocateAgentDll(), empty, 4, 2, "firmware", TimeSpan.FromSeconds(30), work);
                Assert.AreEqual(2, fleet.Processes.Count);
                fleet.WaitForExit(TimeSpan.FromSeconds(60));

                Assert.IsTrue(fleet.AllExited);
                var failed = fleet.FirstFailure();
                Assert.IsNotNull(failed);
                Assert.AreEqual(0, failed.Value.Index);
                Assert.AreEqual(2, failed.Value.Code, "simulate's exit code for unusable settings");
                StringAssert.Contains(fleet.Processes[0].LastError, "No device bundles");
                Assert.IsTrue(File.Exists(Path.Combine(work, "agents-2.log")));
            }
            finally
            {
                try { Directory.Delete(work, recursive: true); } catch (IOException) { }
            }
        }
    }
}
