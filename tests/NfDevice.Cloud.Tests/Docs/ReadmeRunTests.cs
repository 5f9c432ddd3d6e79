using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Tests.Conformance;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Docs
{
    /// <summary>
    /// README commands run as written, in process (the command text taken from the README; only ports and the folder
    /// a relative path points into are this test's): what scripts/check-readme-commands does not run in its clone.
    /// </summary>
    [TestClass]
    public sealed class ReadmeRunTests
    {
        private const string CloudReadme = "tests/NfDevice.Cloud/README.md";

        /// <summary>tests/NfDevice.Cloud/README.md, "Your own code-signing certificate (ACM)": openssl, CLI v2, provision.</summary>
        [TestMethod]
        [Timeout(10 * 60 * 1000)]
        public async Task AcmBlock_ImportsTheKey_AndTheProvisionedDeviceTrustsThatCertificate()
        {
            AwsCliV2.Require();
            string block = AwsCliV2.ShellBlockAfter(ReadmeCommands.Read(CloudReadme), "## Your own code-signing certificate (ACM)");
            var lines = block.TrimEnd('\n').Split('\n').ToList();
            string provision = lines[^1];
            StringAssert.StartsWith(provision, ReadmeCommands.CloudPrefix + "provision ");
            StringAssert.Contains(provision, "# code-signing.cert.pem = ecdsasigner.crt", "the effect the test checks is the one the README states");

            await using var emu = await TestEmulator.StartAsync(o => o.Clock = new SystemClock());
            string dir = ReadmeCommands.TempDir("acm");
            try
            {
                string shell = "export AWS_ACCESS_KEY_ID=" + emu.Emulator.Options.AccessKeyId + " AWS_SECRET_ACCESS_KEY=" + emu.Emulator.Options.SecretAccessKey
                    + " AWS_DEFAULT_REGION=us-east-1\n" + string.Join("\n", lines.Take(lines.Count - 1)) + "\n";
                string script = AwsCliV2.WithChecks(shell.Replace("http://127.0.0.1:4580", emu.Emulator.HttpEndpoint, StringComparison.Ordinal));
                var (exit, output) = await AwsCliV2.RunAsync(script, dir, TimeSpan.FromMinutes(5));
                Assert.AreEqual(0, exit, output);
                StringAssert.Contains(output, "\"KeyAlgorithm\": \"EC_prime256v1\"", "list-certificates --includes keyTypes=EC_prime256v1 lists the imported certificate");

                var (_, args) = ReadmeCommands.Classify(provision);
                args = ReadmeCommands.WithPaths(args, new Dictionary<string, string> { ["./dev-1"] = Path.Combine(dir, "dev-1") })
                    .Concat(new[] { "--endpoint-url", emu.Emulator.HttpEndpoint }).ToArray();
                var (code, text, err) = await ReadmeCommands.RunAsync("nfcloud", args);
                Assert.AreEqual(0, code, text + err);

                using var imported = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(dir, "ecdsasigner.crt")));
                using var onDevice = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(dir, "dev-1", "code-signing.cert.pem")));
                CollectionAssert.AreEqual(imported.RawData, onDevice.RawData, "the device bundle's code-signing certificate is not the one imported into ACM");
            }
            finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
        }

        /// <summary>hardware/README.md, "With the emulator": serve for a board on the LAN, and its bundle.</summary>
        [TestMethod]
        [Timeout(5 * 60 * 1000)]
        public async Task HardwareLanServeAndProvision_PutTheBoardsEndpointInTheBrokerCertificateAndTheBundle()
        {
            string serveLine = ReadmeCommands.Line("hardware/README.md", ReadmeCommands.CloudPrefix + "serve --listen");
            string provisionLine = ReadmeCommands.Line("hardware/README.md", ReadmeCommands.CloudPrefix + "provision --thing my-esp32-01 --out bundle/ --endpoint");
            string endpoint = ReadmeCommands.Split(serveLine).SkipWhile(w => w != "--endpoint").ElementAt(1);
            Assert.AreEqual(endpoint, ReadmeCommands.Split(provisionLine).SkipWhile(w => w != "--endpoint").ElementAt(1), "README: the same --endpoint to serve and to provision");

            string dir = ReadmeCommands.TempDir("lan");
            var banner = new StringWriter();
            using var stop = new CancellationTokenSource();
            // The README's serve, on free ports and a temporary data directory (its defaults are fixed ports and ./.nfdevice/cloud).
            string[] serveArgs = ReadmeCommands.Classify(serveLine).Args
                .Concat(new[] { "--http-port", "0", "--mqtt-port", "0", "--s3-port", "0", "--data-dir", Path.Combine(dir, "data") }).ToArray();
            Task<(int Code, string Out, string Err)> serve = ReadmeCommands.RunAsync("nfcloud", serveArgs, stop.Token, banner);
            try
            {
                for (int i = 0; i < 600 && !banner.ToString().Contains("Press Ctrl+C") && !serve.IsCompleted; i++) await Task.Delay(100);
                Assert.IsFalse(serve.IsCompleted, "serve ended: " + (serve.IsCompleted ? serve.Result.Out + serve.Result.Err : ""));
                string text = banner.ToString();
                Match mqtt = Regex.Match(text, @"MQTT \(TLS 1\.2, client certificates\): (?<host>\S+):(?<port>\d+)");
                Match http = Regex.Match(text, @"Every service \(--endpoint-url\): +(?<url>http://\S+)");
                Assert.IsTrue(mqtt.Success && http.Success, text);
                Assert.AreEqual(endpoint, mqtt.Groups["host"].Value, "the banner names the boards' endpoint");

                string[] provisionArgs = ReadmeCommands.WithPaths(ReadmeCommands.Classify(provisionLine).Args, new Dictionary<string, string> { ["bundle/"] = Path.Combine(dir, "bundle") })
                    .Concat(new[] { "--endpoint-url", http.Groups["url"].Value }).ToArray();
                var (code, output, err) = await ReadmeCommands.RunAsync("nfcloud", provisionArgs);
                Assert.AreEqual(0, code, output + err);
                StringAssert.Contains(output, "through the running emulator");
                var settings = Json.Parse(File.ReadAllText(Path.Combine(dir, "bundle", "nfdevice.json")));
                Assert.AreEqual(endpoint, settings.GetProperty("endpoint").GetString());
                Assert.AreEqual(int.Parse(mqtt.Groups["port"].Value), settings.GetProperty("port").GetInt32());
                Assert.IsTrue(File.Exists(Path.Combine(dir, "bundle", "code-signing.cert.pem")));

                // "added to the broker's TLS certificate (the board checks the name)"
                using X509Certificate2 broker = await BrokerCertificate(int.Parse(mqtt.Groups["port"].Value));
                string san = broker.Extensions["2.5.29.17"]?.Format(false) ?? "";
                StringAssert.Contains(san, endpoint, "the broker certificate's subjectAltName: " + san);
            }
            finally
            {
                stop.Cancel();
                var ended = await serve;
                Assert.AreEqual(0, ended.Code, ended.Err);
                try { Directory.Delete(dir, true); } catch (IOException) { }
            }
        }

        /// <summary>src/NfDevice.Desktop/README.md: `nfdevice simulate --bundles bundles/ --count 20 --until-idle 1 --duration 300`.</summary>
        [TestMethod]
        [Timeout(10 * 60 * 1000)]
        public async Task DesktopReadmeSimulate_TwentyBundles_UntilIdle_ExitsZeroWithEveryJobSucceeded()
        {
            string line = ReadmeCommands.Line("src/NfDevice.Desktop/README.md", "nfdevice simulate --bundles bundles/ --count 20 ");
            await using var emu = await TestEmulator.StartAsync(o => o.Clock = new SystemClock());
            string dir = ReadmeCommands.TempDir("simulate");
            try
            {
                string bundles = Path.Combine(dir, "bundles");
                var things = Enumerable.Range(1, 25).Select(i => "sim-" + i.ToString("D2")).ToArray();
                foreach (string t in things) emu.Emulator.ProvisionBundle(t, Path.Combine(bundles, t));
                emu.Emulator.CreateJob("diag", "{\"operation\":\"diagnostics\"}", things);

                string[] args = ReadmeCommands.WithPaths(ReadmeCommands.Classify(line).Args, new Dictionary<string, string> { ["bundles/"] = bundles });
                var (code, output, err) = await ReadmeCommands.RunAsync("nfdevice", args);

                Assert.AreEqual(0, code, output + err);
                // --count 20 of the 25 bundles (name order), each until its one execution SUCCEEDED.
                var succeeded = output.Split('\n').Where(l => Regex.IsMatch(l, "^sim-\\d\\d\tdiag\tSUCCEEDED")).Select(l => l.Split('\t')[0]).Distinct().ToList();
                CollectionAssert.AreEquivalent(things.Take(20).ToArray(), succeeded, output);
                Assert.AreEqual(ExecStatus.Queued, emu.Emulator.Jobs.DescribeExecution("sim-21", "diag", null).Status, "a bundle beyond --count ran");
            }
            finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
        }

        private static async Task<X509Certificate2> BrokerCertificate(int port)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", port);
            X509Certificate2 seen = null;
            using var tls = new SslStream(tcp.GetStream(), false, (_, cert, _, _) => { seen = new X509Certificate2(cert); return true; });
            try { await tls.AuthenticateAsClientAsync("127.0.0.1"); }
            catch (Exception) when (seen != null) { /* the broker wants a client certificate; its own was already seen */ }
            return seen ?? throw new InvalidOperationException("no broker certificate");
        }
    }
}
