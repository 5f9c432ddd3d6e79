using System.Collections;
using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Tests.Fakes
{
    /// <summary>A clock that moves only when the test says so.</summary>
    public sealed class FakeClock : IClock
    {
        /// <summary>Wall-clock seconds.</summary>
        public long UtcSeconds { get; set; }

        /// <summary>Monotonic milliseconds.</summary>
        public long MonotonicMilliseconds { get; set; }

        /// <summary>A clock at 2026-01-01 and monotonic 1000.</summary>
        public FakeClock()
        {
            UtcSeconds = 1767225600;
            MonotonicMilliseconds = 1000;
        }

        /// <summary>Moves both clocks forward.</summary>
        public void Advance(long milliseconds)
        {
            MonotonicMilliseconds += milliseconds;
            UtcSeconds += milliseconds / 1000;
        }
    }

    /// <summary>Records in memory, with injectable failures.</summary>
    public sealed class FakeStateStore : IStateStore
    {
        private readonly Hashtable _records = new Hashtable();

        /// <summary>When true every Write fails (and changes nothing).</summary>
        public bool FailWrites;

        /// <summary>Number of successful writes.</summary>
        public int Writes;

        /// <summary>Number of Write calls that failed.</summary>
        public int FailedWrites;

        /// <summary>A killed device: every Write and Delete is ignored (reports success, changes nothing).</summary>
        public bool Frozen;

        /// <summary>Returns a copy of the record.</summary>
        public byte[] Read(string name)
        {
            byte[] data = (byte[])_records[name];
            if (data == null)
            {
                return null;
            }

            byte[] copy = new byte[data.Length];
            System.Array.Copy(data, copy, data.Length);
            return copy;
        }

        /// <summary>Stores a copy, or fails when <see cref="FailWrites"/>.</summary>
        public bool Write(string name, byte[] data, int count)
        {
            if (Frozen)
            {
                return true;
            }

            if (FailWrites)
            {
                FailedWrites++;
                return false;
            }

            byte[] copy = new byte[count];
            System.Array.Copy(data, copy, count);
            _records[name] = copy;
            Writes++;
            return true;
        }

        /// <summary>Removes the record.</summary>
        public bool Delete(string name)
        {
            if (Frozen)
            {
                return true;
            }

            _records.Remove(name);
            return true;
        }

        /// <summary>True when a record of that name exists.</summary>
        public bool Has(string name)
        {
            return _records.Contains(name);
        }

        /// <summary>Puts raw bytes (for corrupt-record tests).</summary>
        public void Put(string name, byte[] data)
        {
            _records[name] = data;
        }
    }

    /// <summary>Keeps every line.</summary>
    public sealed class FakeLog : ILog
    {
        /// <summary>Lines as "LEVEL message".</summary>
        public readonly ArrayList Lines = new ArrayList();

        /// <summary>Mirror lines to the console (debugging a test).</summary>
        public bool Echo;

        /// <summary>Appends the line.</summary>
        public void Write(LogLevel level, string message)
        {
            string line = ((int)level).ToString() + " " + message;
            Lines.Add(line);
            if (Echo)
            {
                System.Console.WriteLine(line);
            }
        }

        /// <summary>True if any line contains <paramref name="text"/>.</summary>
        public bool Contains(string text)
        {
            for (int i = 0; i < Lines.Count; i++)
            {
                if (((string)Lines[i]).IndexOf(text) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Random numbers chosen by the test: always the lowest, always the highest, or a fixed value (clamped).</summary>
    public sealed class FakeRandom : IRandom
    {
        /// <summary>0: lowest, 1: highest, 2: <see cref="Value"/>.</summary>
        public int Mode;

        /// <summary>Value returned in mode 2 (clamped to the range).</summary>
        public int Value;

        /// <summary>The last maxExclusive asked for.</summary>
        public int LastMax;

        /// <summary>Returns per <see cref="Mode"/>.</summary>
        public int Next(int maxExclusive)
        {
            LastMax = maxExclusive;
            if (maxExclusive <= 1)
            {
                return 0;
            }

            if (Mode == 1)
            {
                return maxExclusive - 1;
            }

            if (Mode == 2)
            {
                return Value < 0 ? 0 : (Value >= maxExclusive ? maxExclusive - 1 : Value);
            }

            return 0;
        }
    }

    /// <summary>Counts reboot requests.</summary>
    public sealed class FakePower : IPower
    {
        /// <summary>Reboot calls.</summary>
        public int Reboots;

        /// <summary>Reported free memory.</summary>
        public long FreeMemory { get; set; }

        /// <summary>A power with 123456 bytes free.</summary>
        public FakePower()
        {
            FreeMemory = 123456;
        }

        /// <summary>Counts; returns (the test restarts the engine itself).</summary>
        public void Reboot()
        {
            Reboots++;
        }
    }

    /// <summary>Fixed device identity.</summary>
    public sealed class FakeDeviceInfo : IDeviceInfo
    {
        /// <summary>"1.2.3".</summary>
        public string FirmwareVersion { get; set; }

        /// <summary>"fake".</summary>
        public string PlatformName { get; set; }

        /// <summary>Defaults.</summary>
        public FakeDeviceInfo()
        {
            FirmwareVersion = "1.2.3";
            PlatformName = "fake";
        }
    }
}
