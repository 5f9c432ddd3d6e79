using System;
using System.Collections.Generic;
using System.Threading;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Platform;

namespace NfDevice.Cloud.Tests.Firmware
{
    /// <summary>One ranged request as the device made it: the boot it belongs to, the range asked and what came back.</summary>
    internal sealed record RangeOpen(int Boot, string Url, long From, int Status, long RangeStart);

    /// <summary>
    /// Everything one device's ranged client did, across boots (the device creates a client per boot): requests,
    /// body bytes, and a freeze point that stops the download at a chosen offset so a test can kill the device there.
    /// </summary>
    internal sealed class RangeRecorder
    {
        private readonly object _gate = new object();
        private readonly List<RangeOpen> _opens = new List<RangeOpen>();
        private long _bytes;
        private int _boots;

        /// <summary>Image offset at which the first boot's client freezes (every later Open/Read fails); -1: never.</summary>
        public long FreezeAt { get; set; } = -1;

        /// <summary>Set when the freeze point is reached; <see cref="FrozenAt"/> is the offset the download had reached.</summary>
        public ManualResetEventSlim Frozen { get; } = new ManualResetEventSlim(false);

        public long FrozenAt { get; private set; } = -1;

        /// <summary>The boot (client) whose download freezes at <see cref="FreezeAt"/>; the first by default.</summary>
        public int FreezeBoot { get; set; } = 1;

        /// <summary>Clients created so far (the current boot's number).</summary>
        public int Boots => Volatile.Read(ref _boots);

        /// <summary>Called (on the device thread) after every Open with its record.</summary>
        public Action<RangeOpen> OnOpen { get; set; }

        public long Bytes => Interlocked.Read(ref _bytes);

        public RangeOpen[] Opens
        {
            get { lock (_gate) return _opens.ToArray(); }
        }

        public IRangedHttpClient NewClient(TimeSpan timeout) => new RecordingRangedClient(this, Interlocked.Increment(ref _boots), new HttpClientRangedClient(timeout));

        internal void Add(RangeOpen open)
        {
            lock (_gate) _opens.Add(open);
            OnOpen?.Invoke(open);
        }

        internal void Count(int n) => Interlocked.Add(ref _bytes, n);

        internal bool TryFreeze(long position)
        {
            long at = FreezeAt;
            if (at < 0 || position < at || Frozen.IsSet) return false;
            FrozenAt = position;
            Frozen.Set();
            return true;
        }
    }

    /// <summary>The desktop HttpClient ranged client with every request and body byte recorded in a <see cref="RangeRecorder"/>.</summary>
    internal sealed class RecordingRangedClient : IRangedHttpClient, IDisposable
    {
        private readonly RangeRecorder _recorder;
        private readonly int _boot;
        private readonly HttpClientRangedClient _inner;
        private long _position;
        private bool _frozen;

        public RecordingRangedClient(RangeRecorder recorder, int boot, HttpClientRangedClient inner)
        {
            _recorder = recorder;
            _boot = boot;
            _inner = inner;
        }

        public bool Open(string url, long from, long to, HttpRangeResponse response)
        {
            if (_frozen)
            {
                // A process about to be killed makes no progress; slow failures keep the download from giving up before the kill.
                Thread.Sleep(200);
                response.Reset();
                return false;
            }

            bool ok = _inner.Open(url, from, to, response);
            _position = response.StatusCode == 200 ? 0 : from;
            _recorder.Add(new RangeOpen(_boot, url, from, ok ? response.StatusCode : -1, response.RangeStart));
            return ok;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            if (_frozen)
            {
                Thread.Sleep(200);
                return -1;
            }

            int n = _inner.Read(buffer, offset, count);
            if (n > 0)
            {
                _recorder.Count(n);
                _position += n;
                if (_boot == _recorder.FreezeBoot && _recorder.TryFreeze(_position)) _frozen = true;
            }

            return n;
        }

        public void Close() => _inner.Close();

        public void Dispose() => _inner.Dispose();
    }
}
