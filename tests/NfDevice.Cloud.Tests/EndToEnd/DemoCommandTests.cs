using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Demo;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Tests.EndToEnd
{
    /// <summary>`nfcloud demo`: the emulator with the agents in a child process (`nfdevice simulate`), judged from the emulator's executions.</summary>
    [TestClass]
    public sealed class DemoCommandTests
    {
        [TestMethod]
        public async Task Demo_WithThreeDevices_ExitsZero_AfterEveryExecutionSucceeded()
        {
            var output = new StringWriter();
            TextWriter original = Console.Out;
            int rc;
            Console.SetOut(output);
            try
            {
                rc = await Program.BuildRoot().Parse(new[] { "demo", "--devices", "3", "--plain", "--timeout", "60" }).InvokeAsync();
            }
            finally { Console.SetOut(original); }

            string text = output.ToString();
            Assert.AreEqual(0, rc, text);
            StringAssert.Contains(text, "SUCCEEDED 3 of 3");
            StringAssert.Contains(text, "job 'application'", "the default demo is the application update");
            Assert.AreEqual(3, text.Split('\n').Count(l => l.Contains("app 1.1.0 (confirmed)")), "each device's row names the application version it runs:\n" + text);
        }

        [TestMethod]
        public void DefaultTimeout_GrowsWithTheFleet()
        {
            Assert.AreEqual(62, DemoCommand.DefaultTimeoutSeconds(20));
            Assert.AreEqual(160, DemoCommand.DefaultTimeoutSeconds(1000));
            Assert.AreEqual(560, DemoCommand.DefaultTimeoutSeconds(5000));
        }

        [TestMethod]
        public void DescriptorLimit_IsRaisedForTenThousandDevices_WhenTheProcessMay()
        {
            // The emulator's process: a socket per device and a quarter more (measured 11,753 at 10,000), and 1,024 for the rest.
            Assert.AreEqual(13_524, DescriptorLimit.Needed(10_000));
            Assert.AreEqual(11_024, DescriptorLimit.Minimum(10_000));
            Assert.IsNull(DescriptorLimit.Ensure(10), "ten devices need no more than any default limit");

            string problem = DescriptorLimit.Ensure(10_000);
            var (soft, hard) = DescriptorLimit.Current();

            // Either the limit now covers the fleet, or at least a socket per device (a warning), or the demo refuses
            // with the numbers and what to do.
            if (problem == null) Assert.IsTrue(soft >= DescriptorLimit.Needed(10_000), "soft limit " + soft);
            else if (problem.StartsWith("warning:")) Assert.IsTrue(soft >= DescriptorLimit.Minimum(10_000), "soft limit " + soft);
            else StringAssert.Contains(problem, "ulimit -n");
            Assert.IsTrue(hard >= soft);
        }

        [TestMethod]
        public void DescriptorLimit_Verdict_RefusesAFleetTheEmulatorCannotHoldASocketEachOf_AndWarnsShortOfTheMargin()
        {
            // 20,000 open files (this machine's hard limit): 10,000 devices fit the emulator's process.
            Assert.IsNull(DescriptorLimit.Verdict(10_000, 20_000));
            StringAssert.StartsWith(DescriptorLimit.Verdict(16_000, 20_000), "warning:");

            string refusal = DescriptorLimit.Verdict(20_000, 20_000);
            StringAssert.Contains(refusal, "the emulator holds a socket per device: 20,000 devices need at least 21,024 open files");
            StringAssert.Contains(refusal, "run at most 18,976 devices");
        }

        [TestMethod]
        public async Task Demo_WithNoDevices_RefusesToRun()
        {
            var error = new StringWriter();
            TextWriter original = Console.Error;
            int rc;
            Console.SetError(error);
            try
            {
                rc = await Program.BuildRoot().Parse(new[] { "demo", "--devices", "0" }).InvokeAsync();
            }
            finally { Console.SetError(original); }

            Assert.AreEqual(2, rc);
            StringAssert.Contains(error.ToString(), "--devices");
        }

        [TestMethod]
        public void EmulatorAssembly_LinksNoAgentCode_TheDemoRunsTheAgentsAsAProcess()
        {
            var names = typeof(Emulator).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

            CollectionAssert.DoesNotContain(names, "nfdevice");
            Assert.IsFalse(names.Any(n => n.StartsWith("NfDevice.Jobs", StringComparison.Ordinal)), string.Join(",", names));
            StringAssert.EndsWith(AgentProcess.LocateAgentDll(), "nfdevice.dll");
        }

        [TestMethod]
        public void Latest_TakesARetriedExecutionOverItsPredecessor_AndIgnoresOtherJobs()
        {
            var details = new Dictionary<string, string>();
            var all = new[]
            {
                new ExecutionSnapshot("job", "a", 1, "FAILED", 3, details, 0, 1, 2, 0),
                new ExecutionSnapshot("job", "a", 2, "SUCCEEDED", 3, details, 2, 3, 4, 1),
                new ExecutionSnapshot("job", "b", 1, "IN_PROGRESS", 2, details, 0, 1, 1, 0),
                new ExecutionSnapshot("other", "c", 1, "SUCCEEDED", 3, details, 0, 1, 1, 0),
            };

            var latest = DemoView.Latest(all, "job");

            Assert.AreEqual(2, latest.Count);
            Assert.AreEqual(2L, latest["a"].ExecutionNumber);
            Assert.AreEqual("IN_PROGRESS", latest["b"].Status);
            Assert.AreEqual("not queued 1 · IN_PROGRESS 1 · SUCCEEDED 1 of 3", new DemoView(new DiagnosticsDemoJob(), new[] { "a", "b", "c" }).Counts(latest));
        }
    }
}
