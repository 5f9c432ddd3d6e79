using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Conformance
{
    /// <summary>
    /// Issue 11 §1: the README's AWS CLI v2 blocks, run as written with Debian's CLI v2 against a running emulator on
    /// one endpoint. A failing command or an output that differs from its README comment fails the test.
    /// </summary>
    [TestClass]
    public sealed class AwsCliV2ConformanceTests
    {
        private const string FlowHeading = "## The firmware flow with the AWS CLI v2, one endpoint";
        private const string ManageHeading = "## Managing jobs with the AWS CLI v2";

        private static string Readme() => File.ReadAllText(Path.Combine(AwsCliV2.RepoRoot(), "tests", "NfDevice.Cloud", "README.md"));

        [TestMethod]
        [Timeout(15 * 60 * 1000)]
        public async Task ReadmeFlowAndJobManagement_RunWithCliV2AgainstTheOneEndpoint_WithoutADifference()
        {
            AwsCliV2.Require();
            string readme = Readme();
            string flow = AwsCliV2.ShellBlockAfter(readme, FlowHeading) + AwsCliV2.ShellBlockAfter(readme, ManageHeading);
            // The CLI signs with the real time and S3 checks presigned and header signatures on the emulator clock.
            await using var emu = await TestEmulator.StartAsync(o => o.Clock = new SystemClock());
            string dir = Path.Combine(Path.GetTempPath(), "nfdevice-cli-v2-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                byte[] image = new byte[3000];
                new Random(11).NextBytes(image);
                await File.WriteAllBytesAsync(Path.Combine(dir, "app-1.2.0.bin"), image);
                string script = AwsCliV2.WithChecks(flow.Replace("http://127.0.0.1:4580", emu.Emulator.HttpEndpoint, StringComparison.Ordinal));

                var (exit, output) = await AwsCliV2.RunAsync(script, dir, TimeSpan.FromMinutes(12));

                Assert.AreEqual(0, exit, output);
                // What the CLI did is in the emulator: the signed image's code-sign placeholder was replaced at creation,
                // and the update reached the job.
                JobRecord job = emu.Emulator.Jobs.GetJob("fw-1-2-0");
                StringAssert.Contains(job.Spec.Document, "\"signatureAlgorithm\":\"SHA256withECDSA\"");
                Assert.AreEqual(900, job.Spec.PresignedUrlExpiresInSec);
                Assert.AreEqual(5, job.Spec.Rollout.MaximumPerMinute);
                CollectionAssert.AreEqual(image, emu.Emulator.S3Store.GetObject("my-firmware", "app-1.2.0.bin", null).Data);
            }
            finally
            {
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
            }
        }

        [TestMethod]
        public void ReadmeFigure_IsTheNumberOfOperationsTheBlocksRun()
        {
            string readme = Readme();
            string flow = AwsCliV2.ShellBlockAfter(readme, FlowHeading) + AwsCliV2.ShellBlockAfter(readme, ManageHeading);
            var ops = AwsCliV2.Operations(flow);
            int iot = ops.Count(o => o.StartsWith("iot ", StringComparison.Ordinal));

            Match figure = Regex.Match(readme, @"\*\*(\d+) operations checked with CLI v2, (\d+) of them AWS IoT control-plane operations\.\*\*");

            Assert.IsTrue(figure.Success, "README states no figure");
            Assert.AreEqual(ops.Count, int.Parse(figure.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", ops));
            Assert.AreEqual(iot, int.Parse(figure.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", ops));
        }

        [TestMethod]
        public void CheckLines_BecomeExpectCalls_AndOtherLinesStayAsWritten()
        {
            string script = AwsCliV2.WithChecks("aws iot list-things --query 'x' --output text   # -> it's 2\necho plain\n");

            StringAssert.Contains(script, "__expect 'it'\\''s 2' <<'__CMD'\naws iot list-things --query 'x' --output text\n__CMD\n");
            StringAssert.Contains(script, "\necho plain\n");
        }
    }
}
