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
    /// events through normal routing to subscribers (QoS 1, so subscribers get min(their QoS, 1)).
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

        /// <summary>Starts delivering through <paramref name="server"/> (again after a broker restart).</summary>
        public void Attach(MqttServer server)
        {
            var queue = NewQueue();
            _server = server;
            _queue = queue;
            _pump = Task.Run(() => PumpAsync(queue, server));
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

        private async Task PumpAsync(Channel<(string, string, byte[])> queue, MqttServer server)
        {
            await foreach (var (clientId, topic, payload) in queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    if (clientId != null)
                    {
                        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build();
                        MqttSessionStatus session = await server.GetSessionAsync(clientId).ConfigureAwait(false);
                        if (session == null) { _log?.Invoke("jobs: reply to " + clientId + " dropped (no session): " + topic); continue; }
                        await session.EnqueueApplicationMessageAsync(message).ConfigureAwait(false);
                    }
                    else
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

        /// <summary>UTF-8 text of a payload, for logs.</summary>
        public static string Text(byte[] payload) => Encoding.UTF8.GetString(payload);
    }
}
