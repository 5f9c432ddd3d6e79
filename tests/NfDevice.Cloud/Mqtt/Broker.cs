using System;
using System.Buffers;
using System.Linq;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using MQTTnet.Protocol;
using MQTTnet.Server;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Mqtt
{
    /// <summary>Broker settings.</summary>
    public sealed class BrokerOptions
    {
        /// <summary>TLS port on 127.0.0.1.</summary>
        public int Port { get; set; } = 8883;
        /// <summary>Address to bind (loopback by default).</summary>
        public IPAddress Address { get; set; } = IPAddress.Loopback;
        /// <summary>Allow topics outside the reserved '$' namespace.</summary>
        public bool AllowNonReservedTopics { get; set; } = true;
        /// <summary>
        /// AWS IoT closes the connection of a client that publishes where its policy forbids; true (default)
        /// does the same, false drops the message silently.
        /// </summary>
        public bool DisconnectOnPolicyViolation { get; set; } = true;
        /// <summary>
        /// True (default): a thing's Jobs notifications go straight to its own session (O(1) per message). False: through
        /// MQTTnet's routing, which checks every session (O(sessions) per message; the emulator before issue 14, kept as
        /// the baseline of `EmulatorNotificationBenchmarks`). Subscribers receive the same either way.
        /// </summary>
        public bool RouteThingNotificationsDirectly { get; set; } = true;
    }

    /// <summary>
    /// The AWS IoT Core device gateway: MQTTnet over TLS 1.2/1.3 with client certificates from the emulator CA.
    /// A client's identity is the thing its certificate is attached to; its client id must equal that thing's
    /// name (the usual AWS IoT policy condition iot:ClientId == iot:Connection.Thing.ThingName).
    /// Jobs requests are taken out of normal routing by the publish interceptor and handed to the Jobs service.
    /// </summary>
    public sealed class Broker
    {
        private readonly BrokerOptions _options;
        private readonly CertificateAuthority _ca;
        private readonly Registry _registry;
        private readonly JobsService _jobs;
        private readonly MqttOutbox _outbox;
        private readonly Action<string> _log;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _chainChecked = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private MqttServer _server;

        /// <summary>Creates the broker (not started).</summary>
        public Broker(BrokerOptions options, CertificateAuthority ca, Registry registry, JobsService jobs, MqttOutbox outbox, Action<string> log)
        {
            _options = options;
            _ca = ca;
            _registry = registry;
            _jobs = jobs;
            _outbox = outbox;
            _log = log ?? (_ => { });
        }

        /// <summary>The MQTTnet server (after start).</summary>
        public MqttServer Server => _server;

        /// <summary>Starts listening.</summary>
        public async Task StartAsync()
        {
            var options = new MqttServerOptionsBuilder()
                .WithoutDefaultEndpoint()
                .WithEncryptedEndpoint()
                .WithEncryptedEndpointBoundIPAddress(_options.Address)
                // MQTTnet also listens on IPv6 "any" unless told otherwise; stay on loopback.
                .WithEncryptedEndpointBoundIPV6Address(IPAddress.IsLoopback(_options.Address) ? IPAddress.IPv6Loopback : IPAddress.IPv6Any)
                .WithEncryptedEndpointPort(_options.Port)
                .WithEncryptionCertificate(_ca.ServerCertificate)
                .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13)
                .WithClientCertificate((sender, certificate, chain, errors) => AcceptAtHandshake(certificate), false)
                .WithMaxPendingMessagesPerClient(10000)
                .Build();
            _server = new MqttServerFactory().CreateMqttServer(options);
            _server.ValidatingConnectionAsync += OnValidatingConnection;
            _server.InterceptingSubscriptionAsync += OnSubscribing;
            _server.InterceptingPublishAsync += OnPublishing;
            _server.InterceptingClientEnqueueAsync += OnEnqueueing;
            // The outbox delivers Jobs notifications to the one session they are for: it needs each session's subscriptions.
            _server.ClientSubscribedTopicAsync += e => { SessionSubscriptions.Granted(e.SessionItems, e.TopicFilter); return Task.CompletedTask; };
            _server.ClientUnsubscribedTopicAsync += e => { SessionSubscriptions.Removed(e.SessionItems, e.TopicFilter); return Task.CompletedTask; };
            await _server.StartAsync().ConfigureAwait(false);
            _outbox.Attach(_server, _options.RouteThingNotificationsDirectly);
        }

        /// <summary>Disconnects everyone and stops.</summary>
        public async Task StopAsync()
        {
            if (_server == null) return;
            await _outbox.StopAsync().ConfigureAwait(false);
            await _server.StopAsync().ConfigureAwait(false);
            _server.Dispose();
            _server = null;
        }

        private Task OnValidatingConnection(ValidatingConnectionEventArgs e)
        {
            // MQTTnet hands over the TLS stream's certificate and never disposes it (nor does the stream, once it was read):
            // it is used only here, so it is disposed here rather than left to the finalizer thread, once per connection.
            using X509Certificate2 cert = e.ClientCertificate;
            Validate(e, cert);
            if (e.ReasonCode == MqttConnectReasonCode.Success) SessionSubscriptions.Start(e.SessionItems, e.ProtocolVersion);
            return Task.CompletedTask;
        }

        // The certificate's status and attachment are read from the registry at every connect: a certificate made INACTIVE
        // or REVOKED, or detached, is refused at the next connect. Only the chain's verdict is remembered (IsFromOurCa).
        private void Validate(ValidatingConnectionEventArgs e, X509Certificate2 cert)
        {
            if (cert == null || !IsFromOurCa(cert, out string id))
            {
                Refuse(e, "no valid client certificate");
                return;
            }
            CertificateRecord record = _registry.FindCertificate(id);
            if (record == null || record.Status != "ACTIVE")
            {
                Refuse(e, record == null ? "certificate " + id + " is not registered" : "certificate " + id + " is " + record.Status);
                return;
            }
            var things = _registry.ThingsOfCertificate(id);
            if (things.Count == 0)
            {
                Refuse(e, "certificate " + id + " is attached to no thing");
                return;
            }
            if (!things.Contains(e.ClientId, StringComparer.Ordinal))
            {
                Refuse(e, "client id '" + e.ClientId + "' is not the name of the certificate's thing (" + string.Join(",", things) + ")");
                return;
            }
            e.ReasonCode = MqttConnectReasonCode.Success;
        }

        // TLS: a certificate the emulator's CA did not issue ends the handshake; say which one and why.
        private bool AcceptAtHandshake(System.Security.Cryptography.X509Certificates.X509Certificate certificate)
        {
            if (certificate == null)
            {
                _log("mqtt: TLS handshake refused: the client sent no certificate");
                return false;
            }
            byte[] der = certificate.GetRawCertData();
            // A certificate seen before needs no parse here (one certificate object less per connect).
            if (_chainChecked.TryGetValue(CertificateAuthority.CertificateId(der), out bool known) && known) return true;
            using X509Certificate2 cert = X509CertificateLoader.LoadCertificate(der);
            if (IsFromOurCa(cert, out string id)) return true;
            _log("mqtt: TLS handshake refused: certificate " + id + " (" + cert.Subject + ", issuer " + cert.Issuer
                + ") is not issued by the emulator's CA");
            return false;
        }

        // Chain building costs milliseconds; whether a certificate (id = hash of its DER) chains to this emulator's one root
        // cannot change while the emulator runs, so that verdict is computed once. Status and attachments are not cached.
        private bool IsFromOurCa(X509Certificate2 cert, out string id)
        {
            id = CertificateAuthority.CertificateId(cert);
            return _chainChecked.GetOrAdd(id, _ => _ca.IsIssuedByThisCa(cert));
        }

        private void Refuse(ValidatingConnectionEventArgs e, string why)
        {
            e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
            _log("mqtt: connection of '" + e.ClientId + "' refused: " + why);
        }

        // Only clients whose id equals their certificate's thing get past OnValidatingConnection, so the id is the thing.
        private static string ThingOf(string clientId) => string.IsNullOrEmpty(clientId) || clientId == MqttOutbox.ServiceClientId ? null : clientId;

        private Task OnSubscribing(InterceptingSubscriptionEventArgs e)
        {
            string thing = ThingOf(e.ClientId);
            string filter = e.TopicFilter.Topic;
            if (thing == null || !TopicPolicy.CanSubscribe(thing, filter, _options.AllowNonReservedTopics))
            {
                e.ProcessSubscription = false;
                e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
                _log("mqtt: subscribe of '" + e.ClientId + "' to '" + filter + "' refused by policy");
            }
            else if (e.TopicFilter.QualityOfServiceLevel == MqttQualityOfServiceLevel.ExactlyOnce)
            {
                // AWS IoT supports QoS 0 and 1 only; a QoS 2 subscription is granted at QoS 1. MQTTnet sets the SUBACK's
                // code from the requested QoS before calling here, and grants what the code says: both are lowered.
                e.TopicFilter.QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce;
                e.Response.ReasonCode = MqttSubscribeReasonCode.GrantedQoS1;
            }
            return Task.CompletedTask;
        }

        /// <summary>
        /// "AWS IoT Core rejects publish and connect requests larger than 128 KB" (DG device-advisor-tests-mqtt), and the
        /// client is disconnected (reference aws-facts §4).
        /// </summary>
        public const int MaxPayloadBytes = 128 * 1024;

        private Task OnPublishing(InterceptingPublishEventArgs e)
        {
            if (e.ClientId == MqttOutbox.ServiceClientId) return Task.CompletedTask;
            string topic = e.ApplicationMessage.Topic;
            long size = e.ApplicationMessage.Payload.Length;
            if (size > MaxPayloadBytes)
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
                e.CloseConnection = true;
                _log("mqtt: publish of '" + e.ClientId + "' to '" + topic + "' refused: PAYLOAD_LIMIT_EXCEEDED (" + size + " bytes > " + MaxPayloadBytes + "); disconnecting as AWS IoT does");
                return Task.CompletedTask;
            }
            string thing = ThingOf(e.ClientId);
            if (thing == null || !TopicPolicy.CanPublish(thing, topic, _options.AllowNonReservedTopics))
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
                e.CloseConnection = _options.DisconnectOnPolicyViolation;
                _log("mqtt: publish of '" + e.ClientId + "' to '" + topic + "' refused by policy" + (e.CloseConnection ? "; disconnecting as AWS IoT does" : "; dropped"));
                return Task.CompletedTask;
            }
            if (topic.StartsWith("$aws/things/" + thing + "/jobs/", StringComparison.Ordinal))
            {
                // Jobs requests go to the service, not to subscribers.
                e.ProcessPublish = false;
                byte[] payload = e.ApplicationMessage.Payload.ToArray();
                _jobs.HandleDeviceRequest(e.ClientId, thing, topic, payload);
            }
            return Task.CompletedTask;
        }

        private Task OnEnqueueing(InterceptingClientApplicationMessageEnqueueEventArgs e)
        {
            string thing = ThingOf(e.ReceiverClientId);
            if (thing == null || !TopicPolicy.CanReceive(thing, e.ApplicationMessage.Topic)) e.AcceptEnqueue = false;
            return Task.CompletedTask;
        }
    }
}
