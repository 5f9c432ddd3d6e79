using System;
using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>
    /// Wall time from the RTC the firmware sets by SNTP, and a monotonic millisecond counter for
    /// timers and backoff.
    /// </summary>
    public sealed class DeviceClock : IClock
    {
        /// <summary>Any time before this (2025-01-01T00:00:00Z) means SNTP has not set the clock yet.</summary>
        public const long SaneUnixSeconds = 1735689600;

        /// <inheritdoc />
        public long UtcSeconds
        {
            get
            {
                long seconds = DateTime.UtcNow.ToUnixTimeSeconds();
                return seconds < SaneUnixSeconds ? 0 : seconds;
            }
        }

        /// <inheritdoc />
        public long MonotonicMilliseconds
        {
            // Environment.TickCount64 comes from nanoFramework.Runtime.Native; it counts from boot
            // and is not moved by SNTP corrections.
            get { return Environment.TickCount64; }
        }

        /// <summary>True once the clock holds a plausible UTC time, so TLS date checks can pass.</summary>
        public bool IsSet
        {
            get { return UtcSeconds != 0; }
        }
    }
}
