using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using MQTTnet;
using MQTTnet.Protocol;
using NfDevice.Cloud.Tests.Desktop;
using NfDevice.Desktop.Hosting;
using NfDevice.Jobs.Engine;

namespace NfDevice.Cloud.Tests.Support
{
    /// <summary>
    /// A <see cref="PlainBroker"/> with its own throwaway CA, desktop devices that run the real agent against it, and
    /// raw MQTT clients for asserting what the broker does. Reusable: a test creates it, adds jobs through
    /// <see cref="Jobs"/>, starts devices and waits on the responder's view of the executions.
    /// </summary>
    public sealed class PlainBrokerRig : IAsyncDisposable
    {
        /// <summary>Upper bound of any wait (the machine may be loaded); conditions normally hold within seconds.</summary>
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

        private readonly TestPki _pki = new TestPki("plain broker test root");
        private readonly List<DesktopDevice> _devices = new List<DesktopDevice>();
        private readonly List<IMqttClient> _clients = new List<IMqttClient>();

        private PlainBrokerRig()
        {
            Directory = Path.Combine(Path.GetTempPath(), "nfdevice-plain-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Directory);
            Broker = new PlainBroker(_pki.ServerCertificate, _pki.Root);
        }

        public PlainBroker Broker { get; }
        public PlainJobsResponder Jobs => Broker.Jobs;
        public string Directory { get; }

        public static async Task<PlainBrokerRig> StartAsync()
        {
            var rig = new PlainBrokerRig();
            await rig.Broker.StartAsync();
            return rig;
        }

        /// <summary>Writes a device bundle for <paramref name="thing"/> trusting this broker; returns nfdevice.json's path.</summary>
        public string Bundle(string thing) => _pki.WriteBundle(Path.Combine(Directory, thing), thing, Broker.Port);

        /// <summary>A desktop device running the default agent (options tuned by <paramref name="agent"/>), not started.</summary>
        public DesktopDevice Device(string thing, Action<AgentOptions> agent = null, Action<JobAgent, AgentPlatform> configure = null)
        {
            var device = DesktopDevice.FromSettingsFile(Bundle(thing), new DesktopDeviceOptions
            {
                AgentFactory = DefaultAgent.With(agent, configure),
                ConfigureMqtt = m => m.ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            });
            lock (_devices) _devices.Add(device);
            return device;
        }

        /// <summary>A raw MQTT client connected as <paramref name="thing"/> (or with a certificate of <paramref name="certificateThing"/>); received messages go to the returned queue.</summary>
        public async Task<(IMqttClient Client, ConcurrentQueue<(string Topic, string Payload)> Received)> ClientAsync(string thing, string certificateThing = null)
        {
            var received = new ConcurrentQueue<(string, string)>();
            var client = new MqttClientFactory().CreateMqttClient();
            client.ApplicationMessageReceivedAsync += e =>
            {
                received.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload.ToArray())));
                return Task.CompletedTask;
            };
            var certificate = _pki.Issue("CN=" + (certificateThing ?? thing), server: false);
            var tls = new MqttClientTlsOptionsBuilder()
                .UseTls(true)
                .WithSslProtocols(SslProtocols.Tls12)
                .WithClientCertificates(new X509Certificate2Collection(certificate))
                .WithCertificateValidationHandler(_ => true)
                .Build();
            var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Broker.Port).WithClientId(thing).WithTlsOptions(tls).WithCleanSession(true).Build();
            await client.ConnectAsync(options);
            lock (_clients) _clients.Add(client);
            return (client, received);
        }

        public static Task PublishAsync(IMqttClient client, string topic, string payload) =>
            client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        /// <summary>Polls <paramref name="condition"/>; fails with the devices' recent logs after <see cref="Timeout"/>.</summary>
        public void WaitFor(Func<bool> condition, string what)
        {
            var until = DateTime.UtcNow + Timeout;
            while (!condition())
            {
                if (DateTime.UtcNow >= until) Assert.Fail("Timed out waiting for: " + what + "\n" + Diagnostics());
                Thread.Sleep(20);
            }
        }

        /// <summary>True when <paramref name="condition"/> holds within <paramref name="time"/> (for "this never happens" checks).</summary>
        public static bool Within(TimeSpan time, Func<bool> condition)
        {
            var until = DateTime.UtcNow + time;
            while (DateTime.UtcNow < until)
            {
                if (condition()) return true;
                Thread.Sleep(20);
            }
            return condition();
        }

        public string Diagnostics()
        {
            var lines = new List<string>();
            lines.AddRange(Jobs.Requests.TakeLast(10).Select(r => "request " + r.Topic + " " + Shorten(r.Payload)));
            lines.AddRange(Jobs.Published.TakeLast(10).Select(p => "reply " + p.Topic + " " + Shorten(p.Payload)));
            DesktopDevice[] devices;
            lock (_devices) devices = _devices.ToArray();
            foreach (var d in devices.Take(3))
            {
                var s = d.Snapshot();
                lines.Add("device " + d.ThingName + " state=" + s.Agent.State + " connected=" + s.Connected + " problem=" + s.LastProblem);
                lines.AddRange(d.Log.Lines().TakeLast(15).Select(l => "  " + l));
            }
            return string.Join("\n", lines);
        }

        private static string Shorten(string s) => s.Length > 200 ? s.Substring(0, 200) + "..." : s;

        public async ValueTask DisposeAsync()
        {
            DesktopDevice[] devices;
            lock (_devices) devices = _devices.ToArray();
            await Task.WhenAll(devices.Select(d => Task.Run(d.Dispose)));
            IMqttClient[] clients;
            lock (_clients) clients = _clients.ToArray();
            foreach (var c in clients)
            {
                try { await c.DisconnectAsync(); } catch (Exception) { }
                c.Dispose();
            }
            await Broker.DisposeAsync();
            _pki.Dispose();
            try { System.IO.Directory.Delete(Directory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
