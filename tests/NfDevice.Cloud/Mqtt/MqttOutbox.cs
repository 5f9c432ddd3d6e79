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

        private readonly Channel<(string ClientId, string Topic, byte[] Payload)> _queue =
            Channel.CreateUnbounded<(string, string, byte[])>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Action<string> _log;
        private MqttServer _server;
        private Task _pump;

        /// <summary>Creates the outbox; <see cref="Attach"/> connects it to a started server.</summary>
        public MqttOutbox(Action<string> log) { _log = log; }

        /// <summary>Starts delivering through <paramref name="server"/>.</summary>
        public void Attach(MqttServer server)
        {
            _server = server;
            _pump = Task.Run(PumpAsync);
        }

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

        private async Task PumpAsync()
        {
            await foreach (var (clientId, topic, payload) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    if (clientId != null)
                    {
                        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build();
                        MqttSessionStatus session = await _server.GetSessionAsync(clientId).ConfigureAwait(false);
                        if (session == null) { _log?.Invoke("jobs: reply to " + clientId + " dropped (no session): " + topic); continue; }
                        await session.EnqueueApplicationMessageAsync(message).ConfigureAwait(false);
                    }
                    else
                    {
                        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
                        await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = ServiceClientId }, CancellationToken.None).ConfigureAwait(false);
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
