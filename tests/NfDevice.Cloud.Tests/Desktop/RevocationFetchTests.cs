using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Cloud.Tests.Desktop
{
    /// <summary>
    /// The desktop agent trusts one pinned root and does not use revocation (CaPinning), so its TLS layer must not fetch the
    /// broker certificate's CRL or OCSP answer either. Against AWS IoT, whose root is in the machine's trust store, MQTTnet's
    /// default (online revocation) made every connect go to Amazon's CRL/OCSP servers first; behind a firewall that
    /// swallows those requests each connect waited for them. The fetch happens only when the chain reaches a root the
    /// machine trusts, so the agent runs as a child process whose trust store (SSL_CERT_FILE) holds the test root.
    /// </summary>
    [TestClass]
    public sealed class RevocationFetchTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public async Task DesktopAgent_WithTheBrokersRootInTheMachinesTrustStore_FetchesNoRevocationUrl()
        {
            using var dir = new TempDir();
            using var pki = new TestPki();
            // Accepts and never answers: a firewall that drops the request.
            var sink = new TcpListener(IPAddress.Loopback, 0);
            sink.Start();
            int fetches = 0;
            var held = new ConcurrentBag<TcpClient>();
            _ = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        held.Add(await sink.AcceptTcpClientAsync());
                        Interlocked.Increment(ref fetches);
                    }
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException) { } // the sink stopped
            });
            string url = "http://127.0.0.1:" + ((IPEndPoint)sink.LocalEndpoint).Port;
            using var serverCertificate = pki.Issue("CN=localhost", server: true, revocationUrl: url);
            await using var broker = new TestBroker(serverCertificate, pki.Root);
            await broker.StartAsync();
            string settings = pki.WriteBundle(Path.Combine(dir.Path, "rev-1"), "rev-1", broker.Port);
            string trusted = Path.Combine(dir.Path, "machine-roots.pem");
            File.WriteAllText(trusted, pki.RootPem);

            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "nfdevice.dll"), "run", "--settings", settings }) psi.ArgumentList.Add(a);
            psi.Environment["SSL_CERT_FILE"] = trusted;
            psi.Environment["SSL_CERT_DIR"] = Path.Combine(dir.Path, "no-such-dir");
            var output = new StringBuilder();
            using var agent = Process.Start(psi);
            agent.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            agent.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            agent.BeginOutputReadLine();
            agent.BeginErrorReadLine();
            try
            {
                bool connected = TestBroker.WaitFor(() => { lock (output) return output.ToString().Contains("mqtt: connected"); }, Wait);
                string log;
                lock (output) log = output.ToString();
                Assert.AreEqual(0, Volatile.Read(ref fetches), "requests to the broker certificate's CRL/OCSP URLs; agent log:\n" + log);
                Assert.IsTrue(connected, "the agent did not connect; its log:\n" + log);
            }
            finally
            {
                if (!agent.HasExited) agent.Kill(entireProcessTree: true);
                agent.WaitForExit();
                sink.Stop();
                foreach (TcpClient client in held) client.Dispose();
            }
        }
    }
}
