using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Desktop
{
    /// <summary>A bare MQTTnet broker on 127.0.0.1 with TLS and client certificates from one CA, for platform tests.</summary>
    internal sealed class TestBroker : IAsyncDisposable
    {
        private readonly X509Certificate2 _serverCertificate;
        private readonly X509Certificate2 _clientRoot;
        private MqttServer _server;

        public TestBroker(X509Certificate2 serverCertificate, X509Certificate2 clientRoot, int port = 0)
        {
            _serverCertificate = serverCertificate;
            _clientRoot = clientRoot;
            Port = port == 0 ? TestNetwork.FreePort() : port;
        }

        public int Port { get; }

        /// <summary>(client id, topic filter) of every SUBSCRIBE seen.</summary>
        public ConcurrentQueue<(string Client, string Topic)> Subscriptions { get; } = new();

        /// <summary>(client id, topic, payload) of every PUBLISH from a client.</summary>
        public ConcurrentQueue<(string Client, string Topic, byte[] Payload)> Published { get; } = new();

        /// <summary>Client ids and the CN of their certificates, as connected.</summary>
        public ConcurrentQueue<string> Connected { get; } = new();

        /// <summary>When set, every CONNECT is answered "not authorized" (after the TLS handshake succeeded).</summary>
        public bool RefuseConnects { get; set; }

        public async Task StartAsync()
        {
            var options = new MqttServerOptionsBuilder()
                .WithoutDefaultEndpoint()
                .WithEncryptedEndpoint()
                .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
                .WithEncryptedEndpointPort(Port)
                .WithEncryptionCertificate(_serverCertificate)
                .WithEncryptionSslProtocol(SslProtocols.Tls12)
                .WithClientCertificate((sender, certificate, chain, errors) => certificate != null && TestNetwork.ChainsTo(certificate, _clientRoot), false)
                .Build();
            _server = new MqttServerFactory().CreateMqttServer(options);
            _server.ValidatingConnectionAsync += e =>
            {
                if (RefuseConnects) e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
                return Task.CompletedTask;
            };
            _server.ClientConnectedAsync += e =>
            {
                Connected.Enqueue(e.ClientId);
                return Task.CompletedTask;
            };
            _server.InterceptingSubscriptionAsync += e =>
            {
                Subscriptions.Enqueue((e.ClientId, e.TopicFilter.Topic));
                return Task.CompletedTask;
            };
            _server.InterceptingPublishAsync += e =>
            {
                if (e.ClientId != null) Published.Enqueue((e.ClientId, e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
                return Task.CompletedTask;
            };
            await _server.StartAsync();
        }

        public async Task StopAsync()
        {
            if (_server == null) return;
            await _server.StopAsync();
            _server.Dispose();
            _server = null;
        }

        /// <summary>Drops the client's connection (the server side closes it).</summary>
        public Task DropClientAsync(string clientId) =>
            _server.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.ServerBusy });

        public async Task<IList<string>> ClientIdsAsync() => (await _server.GetClientsAsync()).Select(c => c.Id).ToList();

        /// <summary>Publishes from the broker itself to subscribers of <paramref name="topic"/>.</summary>
        public Task InjectAsync(string topic, byte[] payload) =>
            _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(
                new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())
            { SenderClientId = "broker" }, CancellationToken.None);

        public ValueTask DisposeAsync() => new ValueTask(StopAsync());

        /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
        public static bool WaitFor(Func<bool> condition, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (!condition())
            {
                if (DateTime.UtcNow >= until) return false;
                Thread.Sleep(20);
            }
            return true;
        }
    }
}
