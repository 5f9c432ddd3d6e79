using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>
    /// Keeps the MQTT and HTTPS sessions from being open together on boards without PSRAM. Each TLS
    /// session costs mbedTLS two record buffers of about 16.7 KB from the native heap; two of them
    /// next to the managed heap do not fit an ESP32 without PSRAM. When exclusive, opening a
    /// download pauses MQTT (its client and TLS buffers are freed) and closing the last download
    /// lets MQTT reconnect after a short grace period, so back-to-back range requests do not make
    /// the MQTT session flap.
    /// </summary>
    public sealed class SessionArbiter
    {
        /// <summary>Grace period after a download closes before MQTT reconnects.</summary>
        public const int ResumeDelayMs = 3000;

        private readonly M2MqttConnection _mqtt;
        private readonly bool _exclusive;
        private readonly ILog _log;
        private bool _downloadOpen;

        /// <summary>
        /// <paramref name="exclusive"/> true closes MQTT while a download is open; false lets both
        /// sessions live together (PSRAM boards).
        /// </summary>
        public SessionArbiter(M2MqttConnection mqtt, bool exclusive, ILog log)
        {
            _mqtt = mqtt;
            _exclusive = exclusive;
            _log = log;
        }

        /// <summary>True when MQTT is closed during downloads.</summary>
        public bool Exclusive
        {
            get { return _exclusive; }
        }

        /// <summary>Called before an HTTPS request opens.</summary>
        public void DownloadOpening()
        {
            if (!_exclusive || _downloadOpen)
            {
                return;
            }

            _downloadOpen = true;
            _log.Write(LogLevel.Debug, "session: closing MQTT for the download (no PSRAM)");
            _mqtt.Pause();
        }

        /// <summary>Called after the HTTPS response is closed.</summary>
        public void DownloadClosed()
        {
            if (!_exclusive || !_downloadOpen)
            {
                return;
            }

            _downloadOpen = false;
            _mqtt.Resume(ResumeDelayMs);
        }
    }
}
