using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>
    /// The device side of the post-update self-test: a new image is confirmed only when it can do
    /// what the next update needs — reach the broker over TLS (which proves Wi-Fi, clock and
    /// certificates), persist state on I:\, and keep enough free memory for a download.
    /// </summary>
    public sealed class DeviceHealthCheck
    {
        /// <summary>Record the check writes and deletes to prove I:\ is writable.</summary>
        public const string ProbeRecord = "selftest";

        private readonly IMqttConnection _mqtt;
        private readonly IStateStore _store;
        private readonly IPower _power;
        private readonly long _minFreeBytes;

        /// <summary>
        /// <paramref name="minFreeBytes"/> is the managed heap the image must leave free (at least the
        /// download buffer plus headroom).
        /// </summary>
        public DeviceHealthCheck(IMqttConnection mqtt, IStateStore store, IPower power, long minFreeBytes)
        {
            _mqtt = mqtt;
            _store = store;
            _power = power;
            _minFreeBytes = minFreeBytes;
        }

        /// <summary>Runs every check; returns null when healthy, otherwise the first failure as a short reason.</summary>
        public string Run()
        {
            if (!_mqtt.IsConnected)
            {
                return "mqtt-not-connected";
            }

            byte[] probe = { 0x6E, 0x66, 0x64 };
            if (!_store.Write(ProbeRecord, probe, probe.Length))
            {
                return "state-store-write-failed";
            }

            byte[] back = _store.Read(ProbeRecord);
            _store.Delete(ProbeRecord);
            if (back == null || back.Length != probe.Length || back[0] != probe[0] || back[2] != probe[2])
            {
                return "state-store-read-failed";
            }

            long free = _power.FreeMemory;
            if (free >= 0 && free < _minFreeBytes)
            {
                return "low-memory";
            }

            return null;
        }
    }
}
