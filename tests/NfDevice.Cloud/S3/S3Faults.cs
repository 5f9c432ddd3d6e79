using System;
using System.Threading;
using System.Threading.Tasks;

namespace NfDevice.Cloud.S3
{
    /// <summary>
    /// Test hooks for object GETs, to drive the agent's download error paths: throttle, ignore Range (200 with the
    /// whole object), a Content-Range that does not match the request, and a connection dropped after N body bytes.
    /// Counters: 0 = off, n &gt; 0 = the next n matching GETs, -1 = every matching GET.
    /// </summary>
    public sealed class S3Faults
    {
        private int _ignoreRange, _wrongContentRange, _drop;

        /// <summary>Only GETs of this key (decoded) are affected; null = every key.</summary>
        public string KeyFilter { get; set; }

        /// <summary>Body bytes per second for object GETs; 0 = unthrottled.</summary>
        public long ThrottleBytesPerSecond { get; set; }

        /// <summary>How a throttled transfer waits (tests replace it to read the pacing without waiting).</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;

        /// <summary>Answer ranged GETs with 200 and the whole object this many times.</summary>
        public int IgnoreRangeTimes { get => Volatile.Read(ref _ignoreRange); set => Volatile.Write(ref _ignoreRange, value); }

        /// <summary>Answer ranged GETs with 206 and a Content-Range (and body) shifted by <see cref="ContentRangeShift"/> bytes this many times.</summary>
        public int WrongContentRangeTimes { get => Volatile.Read(ref _wrongContentRange); set => Volatile.Write(ref _wrongContentRange, value); }

        /// <summary>Offset added to the start of the range actually served when <see cref="WrongContentRangeTimes"/> applies (default 1).</summary>
        public long ContentRangeShift { get; set; } = 1;

        /// <summary>Abort the connection after <see cref="DropAfterBytes"/> body bytes this many times.</summary>
        public int DropTimes { get => Volatile.Read(ref _drop); set => Volatile.Write(ref _drop, value); }

        /// <summary>Body bytes sent before the connection is aborted.</summary>
        public long DropAfterBytes { get; set; }

        /// <summary>Number of object GETs served (any status), for assertions.</summary>
        public int GetCount => Volatile.Read(ref _gets);
        private int _gets;

        internal void CountGet() => Interlocked.Increment(ref _gets);

        internal bool Applies(string key) => KeyFilter == null || KeyFilter == key;

        internal bool TakeIgnoreRange() => Take(ref _ignoreRange);
        internal bool TakeWrongContentRange() => Take(ref _wrongContentRange);
        internal bool TakeDrop() => Take(ref _drop);

        /// <summary>Turns every fault off.</summary>
        public void Clear()
        {
            KeyFilter = null;
            ThrottleBytesPerSecond = 0;
            IgnoreRangeTimes = WrongContentRangeTimes = DropTimes = 0;
        }

        private static bool Take(ref int counter)
        {
            while (true)
            {
                int c = Volatile.Read(ref counter);
                if (c == 0) return false;
                if (c < 0) return true;
                if (Interlocked.CompareExchange(ref counter, c - 1, c) == c) return true;
            }
        }
    }
}
