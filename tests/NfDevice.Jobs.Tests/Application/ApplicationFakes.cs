using System.Collections;
using NfDevice.Jobs.Application;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Tests.Application
{
    /// <summary>Builds bundles in memory for tests, with the core's own manifest writer.</summary>
    public static class TestBundles
    {
        /// <summary>Deterministic assembly bytes of <paramref name="size"/> for <paramref name="seed"/>.</summary>
        public static byte[] Assembly(int size, int seed)
        {
            byte[] bytes = new byte[size];
            int x = seed * 7919 + 13;
            for (int i = 0; i < size; i++)
            {
                x = (x * 1103515245 + 12345) & 0x7FFFFFFF;
                bytes[i] = (byte)(x >> 16);
            }

            return bytes;
        }

        /// <summary>A bundle of <paramref name="assemblies"/> named <paramref name="names"/>.</summary>
        public static byte[] Build(string version, string entryType, string[] names, byte[][] assemblies)
        {
            BundleManifest m = new BundleManifest();
            m.AppName = "Test App";
            m.Version = version;
            m.EntryType = entryType;
            m.AssemblyCount = names.Length;
            m.Names = names;
            m.Sizes = new int[names.Length];
            m.Hashes = new byte[names.Length * 32];
            Sha256 sha = new Sha256();
            int total = 0;
            for (int i = 0; i < names.Length; i++)
            {
                m.Sizes[i] = assemblies[i].Length;
                sha.ComputeHash(assemblies[i], 0, assemblies[i].Length, m.Hashes, i * 32);
                total += assemblies[i].Length;
            }

            byte[] bundle = new byte[m.EncodedLength() + total];
            int at = m.Write(bundle, 0);
            for (int i = 0; i < names.Length; i++)
            {
                System.Array.Copy(assemblies[i], 0, bundle, at, assemblies[i].Length);
                at += assemblies[i].Length;
            }

            return bundle;
        }

        /// <summary>A two-assembly bundle (a library, then the app that uses it) of version <paramref name="version"/>.</summary>
        public static byte[] Simple(string version)
        {
            return Build(version, "Sample.App.Entry", new string[] { "Sample.Lib", "Sample.App" }, new byte[][] { Assembly(3000, 1), Assembly(5000, 2) });
        }
    }

    /// <summary>Two slot files in memory, with faults: a failing write, and bytes appended but not committed lost on <see cref="PowerCut"/>.</summary>
    public sealed class MemoryApplicationStorage : IApplicationStorage
    {
        private readonly byte[][] _files = new byte[2][];
        private readonly int[] _lengths = new int[2];
        private readonly int[] _committed = new int[2];

        /// <summary>Fail the next Append.</summary>
        public bool FailNextAppend;

        /// <summary>Reads served.</summary>
        public int Reads;

        /// <inheritdoc/>
        public long Length(int slot)
        {
            return _files[slot] == null ? -1 : _lengths[slot];
        }

        /// <inheritdoc/>
        public bool Erase(int slot)
        {
            _files[slot] = null;
            _lengths[slot] = 0;
            _committed[slot] = 0;
            return true;
        }

        /// <inheritdoc/>
        public bool Append(int slot, byte[] data, int offset, int count)
        {
            if (FailNextAppend)
            {
                FailNextAppend = false;
                return false;
            }

            if (_files[slot] == null)
            {
                _files[slot] = new byte[1024];
            }

            while (_lengths[slot] + count > _files[slot].Length)
            {
                byte[] bigger = new byte[_files[slot].Length * 2];
                System.Array.Copy(_files[slot], 0, bigger, 0, _lengths[slot]);
                _files[slot] = bigger;
            }

            System.Array.Copy(data, offset, _files[slot], _lengths[slot], count);
            _lengths[slot] += count;
            return true;
        }

        /// <inheritdoc/>
        public bool Commit(int slot)
        {
            _committed[slot] = _lengths[slot];
            return true;
        }

        /// <inheritdoc/>
        public bool Truncate(int slot, long length)
        {
            if (_files[slot] == null || length > _lengths[slot])
            {
                return false;
            }

            _lengths[slot] = (int)length;
            _committed[slot] = (int)length;
            return true;
        }

        /// <inheritdoc/>
        public int Read(int slot, long position, byte[] buffer, int offset, int count)
        {
            Reads++;
            if (_files[slot] == null)
            {
                return -1;
            }

            long left = _lengths[slot] - position;
            int n = left < count ? (int)left : count;
            if (n <= 0)
            {
                return 0;
            }

            System.Array.Copy(_files[slot], (int)position, buffer, offset, n);
            return n;
        }

        /// <summary>Loses what was appended since the last commit (LittleFS after a power cut without Close).</summary>
        public void PowerCut()
        {
            _lengths[0] = _files[0] == null ? 0 : _committed[0];
            _lengths[1] = _files[1] == null ? 0 : _committed[1];
        }

        /// <summary>Flips one byte of a slot's file (flash corruption or tampering on the device).</summary>
        public void Corrupt(int slot, int position)
        {
            _files[slot][position] ^= 0x5A;
        }

        /// <summary>Writes a whole file as committed (a bundle put there by hand).</summary>
        public void Put(int slot, byte[] bundle)
        {
            Erase(slot);
            Append(slot, bundle, 0, bundle.Length);
            Commit(slot);
        }
    }

    /// <summary>An application host that records what it was asked to do, with scripted failures.</summary>
    public sealed class RecordingApplicationHost : IApplicationHost
    {
        /// <summary>Every call, e.g. "load Sample.Lib 3000", "start Sample.App.Entry", "selftest ...", "stop ...".</summary>
        public readonly ArrayList Calls = new ArrayList();

        /// <summary>What Load answers for the assembly of this name (null: success).</summary>
        public string FailLoadOf;

        /// <summary>What Start answers (null: success).</summary>
        public string StartProblem;

        /// <summary>What SelfTest answers (null: passed).</summary>
        public string SelfTestProblem;

        /// <summary>The arrays handed to Load, in order.</summary>
        public readonly ArrayList Loaded = new ArrayList();

        /// <inheritdoc/>
        public string Load(string name, byte[] assembly)
        {
            Calls.Add("load " + name + " " + assembly.Length.ToString());
            Loaded.Add(assembly);
            return name == FailLoadOf ? "bad image" : null;
        }

        /// <inheritdoc/>
        public string Start(string entryType, int timeoutMilliseconds)
        {
            Calls.Add("start " + entryType);
            return StartProblem;
        }

        /// <inheritdoc/>
        public string SelfTest(string entryType, int timeoutMilliseconds)
        {
            Calls.Add("selftest " + entryType);
            return SelfTestProblem;
        }

        /// <inheritdoc/>
        public string Stop(string entryType, int timeoutMilliseconds)
        {
            Calls.Add("stop " + entryType);
            return null;
        }

        /// <summary>True if a call starting with <paramref name="prefix"/> was made.</summary>
        public bool Called(string prefix)
        {
            for (int i = 0; i < Calls.Count; i++)
            {
                if (((string)Calls[i]).StartsWith(prefix))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
