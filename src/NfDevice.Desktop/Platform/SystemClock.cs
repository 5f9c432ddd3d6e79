using System;
using System.Diagnostics;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Platform
{
    /// <summary>The machine's UTC clock and a Stopwatch-based monotonic clock (immune to wall-clock changes).</summary>
    public sealed class SystemClock : IClock
    {
        private static readonly long Origin = Stopwatch.GetTimestamp();

        /// <inheritdoc />
        public long UtcSeconds => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        /// <inheritdoc />
        public long MonotonicMilliseconds => (long)Stopwatch.GetElapsedTime(Origin).TotalMilliseconds;
    }
}
