namespace NfDevice.Jobs.Platform
{
    /// <summary>
    /// The MQTT session the platform keeps open to AWS IoT Core (TLS, device certificate).
    /// Implemented with M2Mqtt on the device and MQTTnet on .NET. Every call is synchronous and
    /// may be made only from the engine thread; incoming traffic goes to <see cref="IMqttEvents"/>.
    /// </summary>
    public interface IMqttConnection
    {
        /// <summary>True while the session is up.</summary>
        bool IsConnected { get; }

        /// <summary>Subscribes to <paramref name="topic"/> at QoS 1. Returns false if the broker refused or the session is down.</summary>
        bool Subscribe(string topic);

        /// <summary>
        /// Publishes <paramref name="count"/> bytes of <paramref name="payload"/> from <paramref name="offset"/>
        /// to <paramref name="topic"/> at QoS 1. Returns false if the session is down or the publish failed.
        /// The caller reuses <paramref name="payload"/> as soon as this returns (the engine's request buffer may be the
        /// download's buffer): copy whatever the client still needs afterwards, for example for a QoS 1 resend.
        /// </summary>
        bool Publish(string topic, byte[] payload, int offset, int count);
    }

    /// <summary>
    /// What the platform tells the engine about its MQTT session. Implementations only copy the
    /// arguments into the engine's queue and return: no work happens on the MQTT client's thread.
    /// </summary>
    public interface IMqttEvents
    {
        /// <summary>A PUBLISH arrived. The engine keeps <paramref name="payload"/>; the caller must not reuse it.</summary>
        void MessageReceived(string topic, byte[] payload);

        /// <summary>The session went up (after subscriptions may be restored) or down.</summary>
        void ConnectionChanged(bool connected);
    }
}
