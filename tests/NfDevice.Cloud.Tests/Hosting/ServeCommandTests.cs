using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Cloud.Tests.Hosting
{
    /// <summary>`nfcloud serve` options that are checked before anything binds.</summary>
    [TestClass]
    public sealed class ServeCommandTests
    {
        [TestMethod]
        public async Task Serve_RefusesAListenValueThatIsNotAnIpAddress()
        {
            int rc = await Program.BuildRoot().Parse(new[] { "serve", "--listen", "my-laptop", "--http-port", "0", "--mqtt-port", "0", "--s3-port", "0" }).InvokeAsync();

            Assert.AreEqual(2, rc);
        }

        [TestMethod]
        public void Serve_HasTheFirmwareAndLanOptions()
        {
            var serve = Program.BuildRoot().Subcommands;
            var names = new System.Collections.Generic.List<string>();
            foreach (var c in serve) if (c.Name == "serve") foreach (var o in c.Options) names.Add(o.Name);

            CollectionAssert.IsSubsetOf(new[] { "--s3-port", "--listen", "--endpoint" }, names);
        }
    

        [TestMethod]
        public async Task Serve_PortInUse_NamesThePortAndTheFlag_AndExits2()
        {
            var holder = new TcpListener(IPAddress.Loopback, 0);
            holder.Start();
            int busy = ((IPEndPoint)holder.LocalEndpoint).Port;
            var error = new StringWriter();
            TextWriter original = Console.Error;
            int rc;
            Console.SetError(error);
            try
            {
                rc = await Program.BuildRoot().Parse(new[] { "serve", "--http-port", busy.ToString(), "--mqtt-port", "0", "--s3-port", "0",
                    "--data-dir", Path.Combine(Path.GetTempPath(), "nfcloud-port-" + Guid.NewGuid().ToString("N")) }).InvokeAsync();
            }
            finally
            {
                Console.SetError(original);
                holder.Stop();
            }

            Assert.AreEqual(2, rc);
            StringAssert.Contains(error.ToString(), "port " + busy);
            StringAssert.Contains(error.ToString(), "--http-port");
        }

        [TestMethod]
        public async Task Serve_Banner_PrintsCredentialsAsExportLinesAShellCanPaste()
        {
            string data = Path.Combine(Path.GetTempPath(), "nfcloud-banner-" + Guid.NewGuid().ToString("N"));
            var output = new StringWriter();
            TextWriter original = Console.Out;
            Console.SetOut(TextWriter.Synchronized(output));
            using var stop = new CancellationTokenSource();
            try
            {
                Task<int> serve = Program.BuildRoot().Parse(new[] { "serve", "--http-port", "0", "--mqtt-port", "0", "--s3-port", "0", "--data-dir", data })
                    .InvokeAsync(null, stop.Token);
                for (int i = 0; i < 600 && !output.ToString().Contains("Press Ctrl+C"); i++) await Task.Delay(100);
                stop.Cancel();
                Assert.AreEqual(0, await serve);
            }
            finally { Console.SetOut(original); }

            string[] lines = output.ToString().Split('\n');
            CollectionAssert.Contains(lines, "export AWS_ACCESS_KEY_ID=" + new EmulatorOptions().AccessKeyId, output.ToString());
            CollectionAssert.Contains(lines, "export AWS_SECRET_ACCESS_KEY=" + new EmulatorOptions().SecretAccessKey);
            CollectionAssert.Contains(lines, "export AWS_DEFAULT_REGION=us-east-1");
            StringAssert.Contains(output.ToString(), Path.GetFullPath(data));
        }
    }
}
