using System;
using System.Threading;
using System.Security.Cryptography.X509Certificates;

namespace NfDevice.Desktop.Platform
{
    /// <summary>How <see cref="MqttNetConnection"/> reaches the broker.</summary>
    public sealed class MqttConnectionOptions
    {
        /// <summary>Broker host name or address (also the TLS target host checked against the certificate).</summary>
        public string Host { get; set; } = "127.0.0.1";
        /// <summary>Broker TLS port.</summary>
        public int Port { get; set; } = 8883;
        /// <summary>MQTT client id; AWS IoT expects the thing name.</summary>
        public string ClientId { get; set; }
        /// <summary>Device certificate with private key, sent as the TLS client certificate.</summary>
        public X509Certificate2 ClientCertificate { get; set; }
        /// <summary>The only root CA the broker certificate may chain to (CA pinning).</summary>
        public X509Certificate2 RootCa { get; set; }
        /// <summary>MQTT keep-alive (AWS IoT accepts 30-1200 s).</summary>
        public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(60);
        /// <summary>Limit for the TCP+TLS+CONNECT handshake.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);
        /// <summary>Limit for one SUBSCRIBE or PUBLISH to be acknowledged.</summary>
        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);
        /// <summary>First reconnect delay; doubles per failed attempt.</summary>
        public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(500);
        /// <summary>Cap of the reconnect delay.</summary>
        public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>
        /// True (default): <see cref="MqttNetConnection.Publish"/> and <see cref="MqttNetConnection.Subscribe"/> wait for
        /// the broker's PUBACK/SUBACK. False: they hand the packet to MQTTnet and return at once (a failure is logged and
        /// a refused subscription drops the session so that the reconnect subscribes again); for engines that share a
        /// few scheduler threads, where one wait would hold back every other device.
        /// </summary>
        public bool WaitForAcknowledgements { get; set; } = true;
        /// <summary>
        /// Shared by the sessions of many simulated devices in one process: at most this many TCP+TLS+CONNECT handshakes
        /// at once (null: no limit, as a real device has). Without it, thousands of devices connecting together queue
        /// their handshakes at the broker until each passes <see cref="ConnectTimeout"/>, and the retries repeat the
        /// pile-up; the time spent waiting here does not count against the timeout.
        /// </summary>
        public SemaphoreSlim ConnectGate { get; set; }
        /// <summary>Largest random delay before the first connect (spreads the load of many simulated devices).</summary>
        public TimeSpan InitialConnectSpread { get; set; } = TimeSpan.Zero;

        /// <summary>
        /// Delay before reconnect attempt <paramref name="attempt"/> (0-based): capped exponential backoff with
        /// "equal jitter" (half fixed, half random) so many devices dropped together do not return together.
        /// </summary>
        public TimeSpan ReconnectDelay(int attempt, int random0to1000)
        {
            double min = Math.Max(1, ReconnectMinDelay.TotalMilliseconds);
            double max = Math.Max(min, ReconnectMaxDelay.TotalMilliseconds);
            double exp = min * Math.Pow(2, Math.Min(attempt, 30));
            double capped = Math.Min(max, exp);
            return TimeSpan.FromMilliseconds(capped / 2 + capped / 2 * (Math.Clamp(random0to1000, 0, 1000) / 1000.0));
        }
    }
}
