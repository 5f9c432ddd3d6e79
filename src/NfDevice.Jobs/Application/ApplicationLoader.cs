using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Application
{
    /// <summary>
    /// Loads the application at start-up: runs the slots' bootloader step, re-checks the selected bundle against the
    /// digest recorded when it was verified (a bundle that was never verified, or was altered since, is never
    /// loaded), then reads each assembly into its own array sized from the manifest, checks its SHA-256 again on
    /// that very array, hands it to the platform in dependency order, and starts the entry type. A trial bundle that
    /// fails any step is not started; its self-test verdict says why, so the update handler reverts it. A confirmed
    /// bundle that fails is skipped: the agent runs without an application and reports the problem.
    /// </summary>
    public sealed class ApplicationLoader
    {
        private readonly ApplicationSlots _slots;
        private readonly IApplicationHost _host;
        private readonly ILog _log;
        private readonly Sha256 _sha = new Sha256();
        private readonly byte[] _digest = new byte[32];
        private string _entryType;

        /// <summary>Bound on the entry type's Start (milliseconds).</summary>
        public int StartTimeoutMilliseconds = 10000;

        /// <summary>Bound on the entry type's SelfTest (milliseconds); a self-test that takes longer has failed.</summary>
        public int SelfTestTimeoutMilliseconds = 10000;

        /// <summary>Bound on the entry type's Stop (milliseconds).</summary>
        public int StopTimeoutMilliseconds = 5000;

        /// <summary>Creates the loader for <paramref name="slots"/> on <paramref name="host"/>.</summary>
        public ApplicationLoader(ApplicationSlots slots, IApplicationHost host, ILog log)
        {
            _slots = slots;
            _host = host;
            _log = log;
        }

        /// <summary>Version of the application started by the last <see cref="Boot"/>, or null when none runs.</summary>
        public string RunningVersion { get; private set; }

        /// <summary>Why the last <see cref="Boot"/> did not start the selected bundle, or null.</summary>
        public string Problem { get; private set; }

        /// <summary>True while the started application is the one on trial.</summary>
        public bool OnTrial { get; private set; }

        /// <summary>The slots.</summary>
        public ApplicationSlots Slots
        {
            get { return _slots; }
        }

        /// <summary>Runs the bootloader step and loads and starts the selected bundle. Returns true if an application runs.</summary>
        public bool Boot()
        {
            RunningVersion = null;
            Problem = null;
            OnTrial = false;
            _entryType = null;
            Write(LogLevel.Info, _slots.Boot());
            int slot = _slots.SelectedSlot;
            if (slot < 0)
            {
                return false;
            }

            OnTrial = _slots.Testing;
            string problem = Load(slot);
            if (problem != null)
            {
                Problem = problem;
                Write(LogLevel.Error, (OnTrial ? "trial bundle " : "bundle ") + ApplicationSlots.SlotName(slot) + " not started: " + problem);
                return false;
            }

            RunningVersion = _slots.CheckedManifest.Version;
            Write(LogLevel.Info, "started " + _slots.CheckedManifest.AppName + " " + RunningVersion + " from slot " + ApplicationSlots.SlotName(slot) + (OnTrial ? " on trial" : string.Empty));
            return true;
        }

        /// <summary>
        /// The trial bundle's verdict for the update's self-test: null if it started and its SelfTest passed
        /// within the bound, else the reason. Outside a trial: null.
        /// </summary>
        public string SelfTest()
        {
            if (!OnTrial)
            {
                return null;
            }

            if (Problem != null)
            {
                return Problem;
            }

            return _host.SelfTest(_entryType, SelfTestTimeoutMilliseconds);
        }

        /// <summary>Stops the running application (before a restart). Returns null or the reason it did not stop cleanly.</summary>
        public string Stop()
        {
            if (_entryType == null)
            {
                return null;
            }

            string problem = _host.Stop(_entryType, StopTimeoutMilliseconds);
            _entryType = null;
            RunningVersion = null;
            return problem;
        }

        private string Load(int slot)
        {
            _slots.SelectedDigest(_digest);
            if (_slots.CheckSlot(slot, _digest) != BundleResult.Ok)
            {
                return _slots.Problem;
            }

            BundleManifest manifest = _slots.CheckedManifest;
            IApplicationStorage storage = _slots.Storage;
            byte[] hash = new byte[32];
            for (int i = 0; i < manifest.AssemblyCount; i++)
            {
                // Its own array: nanoCLR keeps it as the loaded assembly, so it is never reused.
                byte[] assembly = new byte[manifest.Sizes[i]];
                long position = manifest.AssemblyOffset(i);
                int filled = 0;
                while (filled < assembly.Length)
                {
                    int read = storage.Read(slot, position + filled, assembly, filled, assembly.Length - filled);
                    if (read <= 0)
                    {
                        return "read of " + manifest.Names[i] + " failed";
                    }

                    filled += read;
                }

                // Checked on the array that is loaded: the slot could change between the digest check and this read.
                _sha.ComputeHash(assembly, 0, assembly.Length, hash, 0);
                for (int j = 0; j < 32; j++)
                {
                    if (hash[j] != manifest.Hashes[(i * 32) + j])
                    {
                        return manifest.Names[i] + " changed since the bundle was checked";
                    }
                }

                string problem = _host.Load(manifest.Names[i], assembly);
                if (problem != null)
                {
                    return "load " + manifest.Names[i] + ": " + problem;
                }
            }

            string started = _host.Start(manifest.EntryType, StartTimeoutMilliseconds);
            if (started != null)
            {
                return "Start of " + manifest.EntryType + ": " + started;
            }

            _entryType = manifest.EntryType;
            return null;
        }

        private void Write(LogLevel level, string message)
        {
            if (_log != null)
            {
                _log.Write(level, "application: " + message);
            }
        }
    }
}
