using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace NfDevice.Cloud.Tests.Support
{
    /// <summary>
    /// A standard MQTT broker (MQTTnet server, TLS, client certificates from one CA) with a Jobs service beside it,
    /// as a test rig, a gateway or another Jobs implementation would be: unlike AWS IoT (and our emulator), which hand
    /// Jobs replies to the requester whether it subscribed or not, every reply here is an ordinary PUBLISH that reaches
    /// SUBSCRIBERS ONLY. Per-thing ACL: a client's id must be its certificate's CN (the thing name), and it may publish,
    /// subscribe and receive only under <c>$aws/things/{thing}/</c>. Replies come from <see cref="Jobs"/>, a responder
    /// written from the AWS specification independently of the emulator's Jobs service.
    /// </summary>
    public sealed class PlainBroker : IAsyncDisposable
    {
        /// <summary>Client id the responder publishes under (never a thing: thing names cannot contain '#').</summary>
        public const string ServiceClientId = "#jobs-service";

        private readonly X509Certificate2 _serverCertificate;
        private readonly X509Certificate2 _clientRoot;
        private readonly Channel<MqttApplicationMessage> _outbox = Channel.CreateUnbounded<MqttApplicationMessage>(new UnboundedChannelOptions { SingleReader = true });
        private MqttServer _server;
        private Task _pump;

        /// <summary>A broker on a free loopback port; <paramref name="serverCertificate"/> for TLS, device certificates must chain to <paramref name="clientRoot"/>.</summary>
        public PlainBroker(X509Certificate2 serverCertificate, X509Certificate2 clientRoot)
        {
            _serverCertificate = serverCertificate;
            _clientRoot = clientRoot;
            Port = TestNetwork.FreePort();
            Jobs = new PlainJobsResponder(Publish);
        }

        /// <summary>The TLS port on 127.0.0.1.</summary>
        public int Port { get; }

        /// <summary>The Jobs service answering the device API topics.</summary>
        public PlainJobsResponder Jobs { get; }

        /// <summary>(client, topic) of every message handed to a client, in order: what each client actually received.</summary>
        public ConcurrentQueue<(string Client, string Topic)> Delivered { get; } = new();

        /// <summary>(client, topic filter) of every SUBSCRIBE granted.</summary>
        public ConcurrentQueue<(string Client, string Filter)> Subscriptions { get; } = new();

        /// <summary>
        /// True for a client whose process a test has killed: its PUBLISHes are dropped before anyone sees them, as
        /// nothing leaves a dead process (the test then drops its connection). Null: none.
        /// </summary>
        public Func<string, bool> Silenced { get; set; }

        /// <summary>Why a connection, subscription or publish was refused, in order.</summary>
        public ConcurrentQueue<string> Refusals { get; } = new();

        /// <summary>Starts listening and answering.</summary>
        public async Task StartAsync()
        {
            var options = new MqttServerOptionsBuilder()
                .WithoutDefaultEndpoint()
                .WithEncryptedEndpoint()
                .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
                .WithEncryptedEndpointBoundIPV6Address(IPAddress.IPv6Loopback)
                .WithEncryptedEndpointPort(Port)
                .WithEncryptionCertificate(_serverCertificate)
                .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13)
                .WithClientCertificate((sender, certificate, chain, errors) => certificate != null && TestNetwork.ChainsTo(certificate, _clientRoot), false)
                .Build();
            _server = new MqttServerFactory().CreateMqttServer(options);
            _server.ValidatingConnectionAsync += OnConnecting;
            _server.InterceptingSubscriptionAsync += OnSubscribing;
            _server.InterceptingPublishAsync += OnPublishing;
            _server.InterceptingClientEnqueueAsync += OnEnqueueing;
            await _server.StartAsync();
            _pump = Task.Run(PumpAsync);
        }

        /// <summary>Stops the broker (the responder's state stays, so a restarted broker serves the same jobs).</summary>
        public async Task StopAsync()
        {
            if (_server == null) return;
            _outbox.Writer.TryComplete();
            await _pump;
            await _server.StopAsync();
            _server.Dispose();
            _server = null;
        }

        public ValueTask DisposeAsync() => new ValueTask(StopAsync());

        /// <summary>Topics <paramref name="client"/> received so far.</summary>
        public string[] ReceivedBy(string client) => Delivered.Where(d => d.Client == client).Select(d => d.Topic).ToArray();

        private static string ThingPrefix(string thing) => "$aws/things/" + thing + "/";

        private Task OnConnecting(ValidatingConnectionEventArgs e)
        {
            X509Certificate2 cert = e.ClientCertificate;
            string cn = cert?.GetNameInfo(X509NameType.SimpleName, false);
            if (cn == null || cn != e.ClientId)
            {
                e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
                Refusals.Enqueue("connect " + e.ClientId + ": client id is not the certificate's CN (" + cn + ")");
            }
            return Task.CompletedTask;
        }

        private Task OnSubscribing(InterceptingSubscriptionEventArgs e)
        {
            // The thing segment is literal: a filter that starts with the client's own prefix cannot match another thing's topics.
            if (!e.TopicFilter.Topic.StartsWith(ThingPrefix(e.ClientId), StringComparison.Ordinal))
            {
                e.ProcessSubscription = false;
                e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
                Refusals.Enqueue("subscribe " + e.ClientId + " " + e.TopicFilter.Topic);
                return Task.CompletedTask;
            }
            Subscriptions.Enqueue((e.ClientId, e.TopicFilter.Topic));
            return Task.CompletedTask;
        }

        private Task OnPublishing(InterceptingPublishEventArgs e)
        {
            if (e.ClientId == ServiceClientId) return Task.CompletedTask;
            if (Silenced?.Invoke(e.ClientId) == true)
            {
                e.ProcessPublish = false;
                return Task.CompletedTask;
            }
            string topic = e.ApplicationMessage.Topic;
            if (!topic.StartsWith(ThingPrefix(e.ClientId), StringComparison.Ordinal))
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
                Refusals.Enqueue("publish " + e.ClientId + " " + topic);
                return Task.CompletedTask;
            }
            // A plain broker routes the request like any PUBLISH; the Jobs service sees it beside the broker.
            Jobs.Handle(e.ClientId, topic, e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        }

        private Task OnEnqueueing(InterceptingClientApplicationMessageEnqueueEventArgs e)
        {
            if (!e.ApplicationMessage.Topic.StartsWith(ThingPrefix(e.ReceiverClientId), StringComparison.Ordinal))
            {
                e.AcceptEnqueue = false;
                return Task.CompletedTask;
            }
            Delivered.Enqueue((e.ReceiverClientId, e.ApplicationMessage.Topic));
            return Task.CompletedTask;
        }

        private void Publish(string topic, byte[] payload) =>
            _outbox.Writer.TryWrite(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        // Replies leave in order from one task, outside the publish interceptor that produced them.
        private async Task PumpAsync()
        {
            await foreach (var message in _outbox.Reader.ReadAllAsync())
            {
                var server = _server;
                if (server == null) return;
                await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = ServiceClientId }, CancellationToken.None);
            }
        }
    }
}
