using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>
    /// The device's part of the post-update self-test (the agent itself checks that it is connected
    /// and runs the version the job installed): a new image is confirmed only when it can persist
    /// state on I:\ and leaves enough free memory for the next download.
    /// </summary>
    public sealed class DeviceHealthCheck : IHealthCheck
    {
        /// <summary>Record the check writes, reads back and deletes to prove I:\ works.</summary>
        public const string ProbeRecord = "selftest";

        private static readonly byte[] Probe = { 0x6E, 0x66, 0x64, 0x0A };

        private readonly IStateStore _store;
        private readonly IPower _power;
        private readonly long _minFreeBytes;

        /// <summary>
        /// <paramref name="minFreeBytes"/> is the managed heap the image must leave free (at least the
        /// download buffer plus headroom for a TLS session's managed objects).
        /// </summary>
        public DeviceHealthCheck(IStateStore store, IPower power, long minFreeBytes)
        {
            _store = store;
            _power = power;
            _minFreeBytes = minFreeBytes;
        }

        /// <inheritdoc />
        public string Check()
        {
            if (!_store.Write(ProbeRecord, Probe, Probe.Length))
            {
                return "state-store-write";
            }

            byte[] back = _store.Read(ProbeRecord);
            _store.Delete(ProbeRecord);
            if (back == null || back.Length != Probe.Length)
            {
                return "state-store-read";
            }

            for (int i = 0; i < Probe.Length; i++)
            {
                if (back[i] != Probe[i])
                {
                    return "state-store-read";
                }
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
