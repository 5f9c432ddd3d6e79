using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;
using NfDevice.Cloud;
using NfDevice.Cloud.Iot;

namespace NfDevice.Cloud.Tests.Support
{
    /// <summary>A raw MQTTnet client with a device certificate, recording every message it receives.</summary>
    internal sealed class TestDevice : IAsyncDisposable
    {
        private readonly Channel<(string Topic, string Payload, MqttQualityOfServiceLevel Qos)> _inbox = Channel.CreateUnbounded<(string, string, MqttQualityOfServiceLevel)>();
        private readonly List<(string Topic, string Payload)> _seen = new List<(string, string)>();
        private int _barrier;

        private TestDevice(IMqttClient client, string thing)
        {
            Client = client;
            Thing = thing;
            client.ApplicationMessageReceivedAsync += e =>
            {
                _inbox.Writer.TryWrite((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload), e.ApplicationMessage.QualityOfServiceLevel));
                return Task.CompletedTask;
            };
        }

        public IMqttClient Client { get; }
        public string Thing { get; }
        public string Prefix => "$aws/things/" + Thing + "/jobs/";

        public static MqttClientOptions Options(Emulator emulator, string clientId, X509Certificate2 clientCert, bool tls = true)
        {
            X509Certificate2 root = emulator.Ca.RootCertificate;
            var builder = new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", emulator.MqttPort)
                .WithClientId(clientId)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
                .WithTimeout(TimeSpan.FromSeconds(10))
                .WithCleanSession(true);
            if (tls)
            {
                builder.WithTlsOptions(o =>
                {
                    o.UseTls(true);
                    o.WithSslProtocols(System.Security.Authentication.SslProtocols.Tls12);
                    if (clientCert != null) o.WithClientCertificates(new[] { clientCert });
                    o.WithCertificateValidationHandler(args =>
                    {
                        using var chain = new X509Chain();
                        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                        chain.ChainPolicy.CustomTrustStore.Add(root);
                        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                        return chain.Build(X509CertificateLoader.LoadCertificate(args.Certificate.GetRawCertData()));
                    });
                });
            }
            return builder.Build();
        }

        public static async Task<TestDevice> ConnectAsync(Emulator emulator, DeviceIdentity identity, string clientId = null)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            var device = new TestDevice(client, identity.ThingName);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            MqttClientConnectResult result = await client.ConnectAsync(Options(emulator, clientId ?? identity.ThingName, identity.ToX509()), cts.Token);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                client.Dispose();
                throw new InvalidOperationException("CONNACK " + result.ResultCode);
            }
            return device;
        }

        public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string topic, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var result = await Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, qos).Build(), cts.Token);
            foreach (var item in result.Items) return item.ResultCode;
            throw new InvalidOperationException("no SUBACK item");
        }

        /// <summary>Flushes what the emulator already produced (so earlier events cannot race in), then subscribes to notify and notify-next.</summary>
        public async Task SubscribeEventsAsync()
        {
            await DrainAsync();
            await SubscribeAsync(Prefix + "notify");
            await SubscribeAsync(Prefix + "notify-next");
        }

        public async Task PublishAsync(string topic, string payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload ?? string.Empty).WithQualityOfServiceLevel(qos).Build(), cts.Token);
        }

        public Task PublishBytesAsync(string topic, byte[] payload)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cts.Token);
        }

        /// <summary>Publishes a Jobs request (suffix after .../jobs/) and returns the reply on /accepted or /rejected.</summary>
        public async Task<(string Topic, JsonElement Json)> RequestAsync(string suffix, string payload)
        {
            await PublishAsync(Prefix + suffix, payload);
            return await NextAsync(t => t == Prefix + suffix + "/accepted" || t == Prefix + suffix + "/rejected");
        }

        /// <summary>Waits (bounded) for the next message whose topic matches; other messages are kept in <see cref="Seen"/>.</summary>
        public async Task<(string Topic, JsonElement Json)> NextAsync(Func<string, bool> match, int timeoutMs = 10000)
        {
            using var cts = new CancellationTokenSource(timeoutMs);
            while (true)
            {
                var (topic, payload, _) = await _inbox.Reader.ReadAsync(cts.Token);
                _seen.Add((topic, payload));
                if (match(topic)) return (topic, JsonDocument.Parse(payload).RootElement.Clone());
            }
        }

        public Task<(string Topic, JsonElement Json)> NextAsync(string topic) => NextAsync(t => t == topic);

        /// <summary>
        /// Sends a get request and drains everything received before its reply. The emulator delivers in the order
        /// it produced messages, so anything caused earlier arrives before the barrier's reply.
        /// </summary>
        public async Task<List<(string Topic, string Payload)>> DrainAsync()
        {
            string token = "barrier-" + (++_barrier).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await PublishAsync(Prefix + "get", "{\"clientToken\":\"" + token + "\"}");
            var drained = new List<(string, string)>();
            using var cts = new CancellationTokenSource(10000);
            while (true)
            {
                var (topic, payload, _) = await _inbox.Reader.ReadAsync(cts.Token);
                if (topic == Prefix + "get/accepted" && payload.Contains(token, StringComparison.Ordinal)) return drained;
                drained.Add((topic, payload));
            }
        }

        public IReadOnlyList<(string Topic, string Payload)> Seen => _seen;

        /// <summary>Waits for the next message on <paramref name="topic"/> and returns the QoS it was delivered with.</summary>
        public async Task<MqttQualityOfServiceLevel> NextQosAsync(string topic)
        {
            using var cts = new CancellationTokenSource(10000);
            while (true)
            {
                var (t, payload, qos) = await _inbox.Reader.ReadAsync(cts.Token);
                _seen.Add((t, payload));
                if (t == topic) return qos;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (Client.IsConnected)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cts.Token);
                }
            }
            catch (Exception) { }
            Client.Dispose();
        }
    }
}
