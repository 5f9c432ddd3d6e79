using System;

namespace NfDevice.Cloud.Jobs
{
    /// <summary>Time source for the emulator, so tests can advance time without sleeping.</summary>
    public interface IClock
    {
        /// <summary>Current UTC time.</summary>
        DateTimeOffset UtcNow { get; }

        /// <summary>Raised when the clock jumps (fake clocks only); the Jobs service re-checks its timers.</summary>
        event Action Advanced;
    }

    /// <summary>The machine's clock.</summary>
    public sealed class SystemClock : IClock
    {
        /// <inheritdoc/>
        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        /// <inheritdoc/>
        public event Action Advanced { add { } remove { } }
    }

    /// <summary>A clock that moves only when told to.</summary>
    public sealed class FakeClock : IClock
    {
        private readonly object _gate = new object();
        private DateTimeOffset _now;

        /// <summary>Starts at <paramref name="start"/>.</summary>
        public FakeClock(DateTimeOffset start) { _now = start; }

        /// <inheritdoc/>
        public DateTimeOffset UtcNow { get { lock (_gate) { return _now; } } }

        /// <inheritdoc/>
        public event Action Advanced;

        /// <summary>Moves time forward and lets listeners (timers) run synchronously.</summary>
        public void Advance(TimeSpan by)
        {
            lock (_gate) { _now = _now.Add(by); }
            Advanced?.Invoke();
        }
    }
}
