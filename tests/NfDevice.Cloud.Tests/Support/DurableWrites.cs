using System;
using System.Collections.Generic;
using NfDevice.Jobs.Platform;

namespace NfDevice.Cloud.Tests.Support
{
    /// <summary>Thrown just before the durable write a crash-point run stops at (and at every write after it).</summary>
    public sealed class KilledAtWrite : Exception
    {
        public KilledAtWrite(string at) : base("killed before " + at) { }
    }

    /// <summary>
    /// Counts an update's durable writes from any thread and names them in order; throws <see cref="KilledAtWrite"/>
    /// before the write after <see cref="KillAfter"/>, and at every write after that (a killed process writes nothing more).
    /// </summary>
    public sealed class DurableWriteCounter
    {
        private readonly object _gate = new object();
        private readonly List<string> _names = new List<string>();
        private volatile bool _dead;

        /// <summary>How many writes go through before the kill (int.MaxValue: none is stopped).</summary>
        public int KillAfter { get; set; } = int.MaxValue;

        /// <summary>Writes that went through.</summary>
        public int Count
        {
            get { lock (_gate) return _names.Count; }
        }

        /// <summary>True once the kill happened; cleared when the device boots again.</summary>
        public bool Dead
        {
            get => _dead;
            set => _dead = value;
        }

        /// <summary>The write the kill stopped, or null.</summary>
        public string KilledAt { get; private set; }

        /// <summary>Called just before a durable write named <paramref name="what"/>.</summary>
        public void Hit(string what)
        {
            lock (_gate)
            {
                if (_dead) throw new KilledAtWrite(what);
                if (_names.Count >= KillAfter)
                {
                    _dead = true;
                    KilledAt = what;
                    throw new KilledAtWrite(what);
                }

                _names.Add(what);
            }
        }

        /// <summary>The writes that went through, in order.</summary>
        public string[] Written()
        {
            lock (_gate) return _names.ToArray();
        }
    }

    /// <summary>A state store whose writes and deletes are counted (and stopped) by a <see cref="DurableWriteCounter"/>.</summary>
    public sealed class CountingStateStore : IStateStore
    {
        private readonly IStateStore _inner;
        private readonly DurableWriteCounter _counter;

        public CountingStateStore(IStateStore inner, DurableWriteCounter counter)
        {
            _inner = inner;
            _counter = counter;
        }

        public byte[] Read(string name) => _inner.Read(name);

        public bool Write(string name, byte[] data, int count)
        {
            _counter.Hit("store " + name);
            return _inner.Write(name, data, count);
        }

        public bool Delete(string name)
        {
            _counter.Hit("store delete " + name);
            return _inner.Delete(name);
        }
    }
}
