using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Store
{
    /// <summary>`nfcloud serve` as a real child process on fixed free ports and a data directory: killed, restarted, stopped by signal.</summary>
    internal sealed class ServeProcess : IDisposable
    {
        private readonly StringBuilder _output = new StringBuilder();
        private Process _process;

        public ServeProcess(string dataDir)
        {
            DataDir = dataDir;
            HttpPort = TestNetwork.FreePort();
            MqttPort = TestNetwork.FreePort();
            S3Port = TestNetwork.FreePort();
        }

        public string DataDir { get; }
        public int HttpPort { get; }
        public int MqttPort { get; }
        public int S3Port { get; }
        public string Output { get { lock (_output) return _output.ToString(); } }
        public Process Process => _process;

        /// <summary>Starts serve and waits (generously: the machine is shared) until it prints its banner.</summary>
        public async Task StartAsync()
        {
            lock (_output) _output.Clear();
            var psi = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "nfcloud.dll"), "serve", "--data-dir", DataDir,
                "--http-port", HttpPort.ToString(), "--mqtt-port", MqttPort.ToString(), "--s3-port", S3Port.ToString() }) psi.ArgumentList.Add(a);
            _process = Process.Start(psi);
            _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_output) _output.AppendLine(e.Data); };
            _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_output) _output.AppendLine(e.Data); };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!Output.Contains("Press Ctrl+C"))
            {
                if (_process.HasExited) throw new InvalidOperationException("serve exited " + _process.ExitCode + ":\n" + Output);
                if (DateTime.UtcNow > deadline) throw new TimeoutException("serve did not start:\n" + Output);
                await Task.Delay(100);
            }
        }

        /// <summary>SIGKILL: no handler, no flush, no close.</summary>
        public void Kill9()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public HttpClient Http(string service = "iot", int? port = null) =>
            new HttpClient(new SigV4SigningHandler(new EmulatorOptions().AccessKeyId, new EmulatorOptions().SecretAccessKey, null, service: service))
            { BaseAddress = new Uri("http://127.0.0.1:" + (port ?? HttpPort)), Timeout = TimeSpan.FromSeconds(60) };

        /// <summary>An MQTT client with the thing's certificate, trusting the CA in the data directory.</summary>
        public async Task<(IMqttClient Client, MqttClientConnectResultCode Code)> ConnectAsync(string thing, string certPem, string keyPem)
        {
            X509Certificate2 root = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(DataDir, "ca.cert.pem")));
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", MqttPort).WithClientId(thing).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
                .WithTimeout(TimeSpan.FromSeconds(30)).WithCleanSession(true)
                .WithTlsOptions(o =>
                {
                    o.UseTls(true);
                    o.WithSslProtocols(System.Security.Authentication.SslProtocols.Tls12);
                    o.WithClientCertificates(new[] { X509Certificate2.CreateFromPem(certPem, keyPem) });
                    o.WithCertificateValidationHandler(args =>
                    {
                        using var chain = new X509Chain();
                        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                        chain.ChainPolicy.CustomTrustStore.Add(root);
                        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                        return chain.Build(X509CertificateLoader.LoadCertificate(args.Certificate.GetRawCertData()));
                    });
                }).Build();
            var client = new MqttClientFactory().CreateMqttClient();
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                MqttClientConnectResult result = await client.ConnectAsync(options, cts.Token);
                return (client, result.ResultCode);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                return (client, MqttClientConnectResultCode.NotAuthorized);
            }
        }

        public void Dispose()
        {
            if (_process != null && !_process.HasExited) Kill9();
            _process?.Dispose();
        }
    }
}
