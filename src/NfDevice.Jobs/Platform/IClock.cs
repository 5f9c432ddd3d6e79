namespace NfDevice.Jobs.Platform
{
    /// <summary>Time as the engine needs it. A fake clock drives the engine in tests.</summary>
    public interface IClock
    {
        /// <summary>Wall-clock time in seconds since the Unix epoch (UTC); 0 if the clock is not set yet.</summary>
        long UtcSeconds { get; }

        /// <summary>Milliseconds from an arbitrary origin that never goes backwards (timers, backoff).</summary>
        long MonotonicMilliseconds { get; }
    }
}
