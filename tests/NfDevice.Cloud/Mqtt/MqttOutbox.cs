using System;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Mqtt
{
    /// <summary>
    /// Delivers the Jobs service's messages through the MQTTnet server in the order they were produced:
    /// replies straight into the requester's session (no subscription needed, QoS 0, as AWS delivers them),
    /// notifications to subscribers only (QoS 1, so subscribers get min(their QoS, 1)); a thing's notifications go to
    /// its own session without a scan of every session (<see cref="SessionSubscriptions"/>).
    /// </summary>
    public sealed class MqttOutbox : IJobsOutbox
    {
        /// <summary>Sender id of messages the emulator itself publishes.</summary>
        public const string ServiceClientId = "$aws-iot-jobs";

        private Channel<(string ClientId, string Topic, byte[] Payload)> _queue = NewQueue();
        private readonly Action<string> _log;
        private MqttServer _server;  // kept for diagnostics; each pump uses the server it was attached to
        private Task _pump;

        /// <summary>Creates the outbox; <see cref="Attach"/> connects it to a started server.</summary>
        public MqttOutbox(Action<string> log) { _log = log; }

        /// <summary>
        /// Starts delivering through <paramref name="server"/> (again after a broker restart); <paramref name="direct"/>: a
        /// thing's notifications go to its own session (see <see cref="BrokerOptions.RouteThingNotificationsDirectly"/>).
        /// </summary>
        public void Attach(MqttServer server, bool direct = true)
        {
            var queue = NewQueue();
            _server = server;
            _queue = queue;
            _pump = Task.Run(() => PumpAsync(queue, server, direct));
        }

        private static Channel<(string, string, byte[])> NewQueue() =>
            Channel.CreateUnbounded<(string, string, byte[])>(new UnboundedChannelOptions { SingleReader = true });

        /// <inheritdoc/>
        public void SendToClient(string clientId, string topic, byte[] payload) => _queue.Writer.TryWrite((clientId, topic, payload));

        /// <inheritdoc/>
        public void Publish(string topic, byte[] payload) => _queue.Writer.TryWrite((null, topic, payload));

        /// <summary>Stops after delivering what is queued.</summary>
        public async Task StopAsync()
        {
            _queue.Writer.TryComplete();
            if (_pump != null) await Task.WhenAny(_pump, Task.Delay(5000)).ConfigureAwait(false);
        }

        private async Task PumpAsync(Channel<(string, string, byte[])> queue, MqttServer server, bool direct)
        {
            await foreach (var (clientId, topic, payload) in queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    if (clientId != null) Reply(server, clientId, topic, payload);
                    else if (!direct || !TryNotifyThing(server, topic, payload))
                    {
                        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
                        await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = ServiceClientId }, CancellationToken.None).ConfigureAwait(false);
                    }
                }
                catch (Exception ex)
                {
                    _log?.Invoke("jobs: delivery of " + topic + " failed: " + ex.Message);
                }
            }
        }

        // A Jobs reply goes straight into the requester's session, subscribed or not, at QoS 0.
        private void Reply(MqttServer server, string clientId, string topic, byte[] payload)
        {
            MqttSessionStatus session = FindSession(server, clientId);
            if (session == null) { _log?.Invoke("jobs: reply to " + clientId + " dropped (no session): " + topic); return; }
            var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build();
            if (!session.TryEnqueueApplicationMessage(message, out _)) _log?.Invoke("jobs: reply to " + clientId + " dropped (its queue is full): " + topic);
        }

        /// <summary>
        /// A notification on `$aws/things/{thing}/...` can reach only that thing's session (the others' policy refuses it),
        /// so it goes to that session alone when one of its subscriptions matches, at min(subscription QoS, 1): the same
        /// outcome as MQTTnet's routing, without checking every session (O(1) per message instead of O(sessions)).
        /// False when the topic or the session is not one this can route (then MQTTnet routes it).
        /// </summary>
        private bool TryNotifyThing(MqttServer server, string topic, byte[] payload)
        {
            const string Prefix = "$aws/things/";
            if (!topic.StartsWith(Prefix, StringComparison.Ordinal)) return false;
            int slash = topic.IndexOf('/', Prefix.Length);
            if (slash <= Prefix.Length) return false;
            string thing = topic.Substring(Prefix.Length, slash - Prefix.Length);
            MqttSessionStatus session = FindSession(server, thing);
            if (session == null) return true;  // nobody to deliver to, as with MQTTnet's routing
            if (!SessionSubscriptions.TryMatch(session.Items, topic, out bool subscribed, out MqttQualityOfServiceLevel granted)) return false;
            if (!subscribed || !TopicPolicy.CanReceive(thing, topic)) return true;
            MqttQualityOfServiceLevel qos = granted < MqttQualityOfServiceLevel.AtLeastOnce ? granted : MqttQualityOfServiceLevel.AtLeastOnce;
            var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).Build();
            if (!session.TryEnqueueApplicationMessage(message, out _)) _log?.Invoke("jobs: notification to " + thing + " dropped (its queue is full): " + topic);
            return true;
        }

        // MQTTnet's lookup by client id is a dictionary read; it throws when there is no such session.
        private static MqttSessionStatus FindSession(MqttServer server, string clientId)
        {
            try { return server.GetSessionAsync(clientId).GetAwaiter().GetResult(); }
            catch (InvalidOperationException) { return null; }
        }

        /// <summary>UTF-8 text of a payload, for logs.</summary>
        public static string Text(byte[] payload) => Encoding.UTF8.GetString(payload);
    }
}
