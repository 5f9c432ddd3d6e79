using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Application
{
    /// <summary>
    /// Two application bundle slots (A/B) behind the update slot contract, so the firmware pipeline (ranged
    /// download, checkpoints, signature) fills them unchanged. The session writes the slot that is not active;
    /// <see cref="Complete"/> reads the bundle back and checks its manifest, sizes, hashes and RAM need, records
    /// its digest and stages it; <see cref="Boot"/> (at every start, before loading) puts a staged bundle on trial,
    /// and reverts a trial that was not confirmed within <see cref="MaxTrialBoots"/> boots or whose revert was
    /// requested. The active bundle is never touched before the new one is confirmed.
    /// </summary>
    /// <remarks>
    /// Durable after each call (state record written atomically before returning): StartSession (old staged file
    /// erased, session recorded), StoreChunk (bytes durable at each <see cref="SyncInterval"/> boundary and at the
    /// end), Flush (every byte stored), Complete (staged with its digest), Abort(true), Confirm, RequestRevert, Boot.
    /// </remarks>
    public sealed class ApplicationSlots : IFirmwareSlot
    {
        private readonly IApplicationStorage _storage;
        private readonly IStateStore _store;
        private readonly ILog _log;
        private readonly ApplicationSlotState _state = new ApplicationSlotState();
        private readonly int _readBufferSize;

        // What the last check leaves behind: the manifest (the loader reads it) and the assembly that failed its hash.
        // The checker itself (4 KB of header and manifest bytes, two hash states) and the read buffer live only
        // during a check: checks run at start-up and at the end of an update, never in between.
        private BundleManifest _manifest;
        private string _failedAssembly;
        private bool _open;
        private long _written;

        /// <summary>Bytes one slot may hold (the device cannot ask LittleFS for free space: the budget is configured).</summary>
        public long SlotBudget;

        /// <summary>Bytes of assemblies a loaded application may keep in RAM.</summary>
        public long RamBudget;

        /// <summary>
        /// Boots a trial bundle gets before it is reverted unconfirmed: one, so a crash or restart during the trial reverts.
        /// Fixed, not a setting: the update handler fails the job at any restart during a trial, which is right only for one
        /// boot (a second trial boot would run a version whose job already reported FAILED).
        /// </summary>
        public const int MaxTrialBoots = 1;

        /// <summary>Bytes between commits while a session writes (the "erase block"; a divisor of the checkpoint interval).</summary>
        public int SyncInterval = 4096;

        /// <summary>Opens the slots on <paramref name="storage"/> with their state in <paramref name="store"/>; reading back uses a buffer of <paramref name="readBufferSize"/> bytes.</summary>
        public ApplicationSlots(IApplicationStorage storage, IStateStore store, ILog log, long slotBudget, long ramBudget, int readBufferSize)
        {
            _storage = storage;
            _store = store;
            _log = log;
            SlotBudget = slotBudget;
            RamBudget = ramBudget;
            _readBufferSize = readBufferSize < 256 ? 256 : readBufferSize;
            _state.Decode(_store.Read(ApplicationSlotState.RecordName));
        }

        /// <summary>Why the last Complete or check failed (for the log and statusDetails), or null.</summary>
        public string Problem { get; private set; }

        /// <summary>
        /// When the last <see cref="Complete"/> refused the bundle itself (its contents do not match its manifest, or its
        /// assemblies would not fit the RAM budget), the reason in a user's words for the job's statusDetails; else null.
        /// </summary>
        public string BundleProblem { get; private set; }

        /// <summary>The slot the loader should load now: the trial bundle while testing, else the active one; -1 when none.</summary>
        public int SelectedSlot
        {
            get
            {
                if (_state.Testing && _state.Staged != ApplicationSlotState.None)
                {
                    return _state.Staged;
                }

                return _state.Active == ApplicationSlotState.None ? -1 : _state.Active;
            }
        }

        /// <summary>True while a bundle runs on trial.</summary>
        public bool Testing
        {
            get { return _state.Testing; }
        }

        /// <summary>Version of the bundle <see cref="SelectedSlot"/> names, or null.</summary>
        public string SelectedVersion
        {
            get { return _state.Testing ? _state.StagedVersion : _state.ActiveVersion; }
        }

        /// <summary>Copies the digest recorded at verification for <see cref="SelectedSlot"/> into <paramref name="digest"/>.</summary>
        public void SelectedDigest(byte[] digest)
        {
            System.Array.Copy(_state.Testing ? _state.StagedDigest : _state.ActiveDigest, 0, digest, 0, 32);
        }

        /// <summary>The storage the slots live on (the loader reads bundles from it).</summary>
        public IApplicationStorage Storage
        {
            get { return _storage; }
        }

        /// <summary>
        /// The bootloader step, run at every start before the loader: a requested revert, or a trial booted
        /// <see cref="MaxTrialBoots"/> times without a confirm, brings the active bundle back; a staged bundle goes
        /// on trial; a trial boot is counted before anything is loaded. Returns a line for the log.
        /// </summary>
        public string Boot()
        {
            _open = false;
            if (_state.RevertPending || (_state.Testing && _state.TrialBoots >= MaxTrialBoots))
            {
                bool requested = _state.RevertPending;
                string version = _state.StagedVersion;
                int staged = _state.Staged;
                _state.ClearStaged();
                Save();
                _storage.Erase(staged);
                return (requested ? "revert requested" : "trial of " + version + " not confirmed") + ": back to " + Describe(_state.ActiveVersion);
            }

            if (_state.Pending)
            {
                _state.Pending = false;
                _state.Testing = true;
                _state.TrialBoots = 1;
                Save();
                return "bundle " + _state.StagedVersion + " on trial (previous " + Describe(_state.ActiveVersion) + ")";
            }

            if (_state.Testing)
            {
                _state.TrialBoots++;
                Save();
                return "trial of " + _state.StagedVersion + ", boot " + _state.TrialBoots.ToString();
            }

            return "running " + Describe(_state.ActiveVersion);
        }

        /// <inheritdoc/>
        public SlotResult StartSession(ImageKind image, int totalLength)
        {
            if (image != ImageKind.Application)
            {
                return SlotResult.NoSlot;
            }

            if (totalLength <= 0)
            {
                return SlotResult.BadArgument;
            }

            if (totalLength > SlotBudget)
            {
                return SlotResult.TooLarge;
            }

            if (_state.Pending || _state.Testing || _state.RevertPending)
            {
                return SlotResult.SwapInFlight;
            }

            int target = _state.Active == 0 ? 1 : 0;
            _state.Staged = target;
            _state.StagedTotal = totalLength;
            if (!Save() || !_storage.Erase(target))
            {
                return SlotResult.FlashError;
            }

            _open = true;
            _written = 0;
            return SlotResult.Success;
        }

        /// <inheritdoc/>
        public SlotResult ResumeSession(ImageKind image, int totalLength, byte[] expectedHeader, int resumeAt)
        {
            if (image != ImageKind.Application)
            {
                return SlotResult.NoSlot;
            }

            if (_state.Staged == ApplicationSlotState.None || _state.Pending || _state.Testing)
            {
                return SlotResult.NoImage;
            }

            long length = _storage.Length(_state.Staged);
            if (length <= 0)
            {
                return SlotResult.NoImage;
            }

            if (_state.StagedTotal != totalLength || length > totalLength)
            {
                return SlotResult.HeaderMismatch;
            }

            if (expectedHeader != null)
            {
                int want = expectedHeader.Length < length ? expectedHeader.Length : (int)length;
                byte[] head = new byte[want < _readBufferSize ? want : _readBufferSize];
                int read = _storage.Read(_state.Staged, 0, head, 0, head.Length);
                if (read < 0)
                {
                    return SlotResult.FlashError;
                }

                for (int i = 0; i < read; i++)
                {
                    if (head[i] != expectedHeader[i])
                    {
                        return SlotResult.HeaderMismatch;
                    }
                }
            }

            if (length < resumeAt || resumeAt < 0)
            {
                return SlotResult.BadOffset; // the checkpoint counts bytes the slot lost
            }

            // Bytes above the checkpoint were never hashed: cut them off and download them again (IFirmwareSlot's contract).
            if (length > resumeAt && !_storage.Truncate(_state.Staged, resumeAt))
            {
                return SlotResult.BadOffset;
            }

            _open = true;
            _written = resumeAt;
            return SlotResult.Success;
        }

        /// <inheritdoc/>
        public int NextOffset
        {
            get
            {
                if (_open)
                {
                    return (int)_written;
                }

                long length = _state.Staged == ApplicationSlotState.None ? 0 : _storage.Length(_state.Staged);
                return length < 0 ? 0 : (int)length;
            }
        }

        /// <inheritdoc/>
        public SlotResult StoreChunk(byte[] data, int offset, int count)
        {
            if (!_open)
            {
                return SlotResult.BadToken;
            }

            if (_written + count > _state.StagedTotal)
            {
                return SlotResult.TooLarge;
            }

            if (!_storage.Append(_state.Staged, data, offset, count))
            {
                return SlotResult.FlashError;
            }

            long before = _written;
            _written += count;
            bool crossed = SyncInterval <= 0 || (before / SyncInterval) != (_written / SyncInterval);
            if ((crossed || _written == _state.StagedTotal) && !_storage.Commit(_state.Staged))
            {
                return SlotResult.FlashError;
            }

            return SlotResult.Success;
        }

        /// <inheritdoc/>
        public SlotResult Flush()
        {
            if (!_open)
            {
                return SlotResult.BadToken;
            }

            // StoreChunk commits on every SyncInterval boundary and at the end (the ESP32 checkpoints on exactly those
            // boundaries): there a flush has nothing left to write.
            if (SyncInterval <= 0 || _written % SyncInterval == 0 || _written == _state.StagedTotal)
            {
                return SlotResult.Success;
            }

            return _storage.Commit(_state.Staged) ? SlotResult.Success : SlotResult.FlashError;
        }

        /// <inheritdoc/>
        public SlotResult Complete()
        {
            BundleProblem = null;
            if (!_open)
            {
                return SlotResult.BadToken;
            }

            if (_written != _state.StagedTotal)
            {
                return SlotResult.Incomplete;
            }

            if (!_storage.Commit(_state.Staged))
            {
                return SlotResult.FlashError;
            }

            // The signature covered the bytes as they streamed in; this reads what the slot really holds.
            BundleResult checkedResult = CheckSlot(_state.Staged, null);
            if (checkedResult != BundleResult.Ok)
            {
                BundleProblem = DescribeRefusal(checkedResult);
                return checkedResult == BundleResult.TooLargeForRam ? SlotResult.TooLarge : (checkedResult == BundleResult.Unreadable ? SlotResult.FlashError : SlotResult.HashMismatch);
            }

            _state.StagedVersion = _manifest.Version;
            _state.Pending = true;
            _open = false;
            return Save() ? SlotResult.Success : SlotResult.FlashError;
        }

        /// <inheritdoc/>
        public SlotResult Abort(bool erase)
        {
            if (_open)
            {
                _storage.Commit(_state.Staged);
            }

            _open = false;
            if (erase && !_state.Pending && !_state.Testing && _state.Staged != ApplicationSlotState.None)
            {
                int staged = _state.Staged;
                _state.ClearStaged();
                Save();
                _storage.Erase(staged);
            }

            return SlotResult.Success;
        }

        /// <inheritdoc/>
        public SlotStatus GetStatus(ImageKind image)
        {
            if (image != ImageKind.Application)
            {
                return SlotStatus.Unknown;
            }

            if (_state.RevertPending)
            {
                return SlotStatus.RollbackPending;
            }

            if (_state.Pending)
            {
                return SlotStatus.TestPending;
            }

            return _state.Testing ? SlotStatus.Testing : SlotStatus.Confirmed;
        }

        /// <inheritdoc/>
        public bool Confirm()
        {
            if (!_state.Testing || _state.RevertPending)
            {
                return false;
            }

            _state.Active = _state.Staged;
            _state.ActiveVersion = _state.StagedVersion;
            System.Array.Copy(_state.StagedDigest, 0, _state.ActiveDigest, 0, 32);
            _state.ClearStaged();
            return Save();
        }

        /// <inheritdoc/>
        public bool RequestRevert()
        {
            if (!_state.Testing)
            {
                return false;
            }

            _state.RevertPending = true;
            return Save();
        }

        /// <summary>
        /// Reads slot <paramref name="slot"/> through the bundle checker: manifest, sizes, per-assembly hashes, the
        /// RAM budget, and, with <paramref name="expectedDigest"/>, the whole-bundle digest recorded at verification.
        /// Without it (at Complete) the digest is recorded as the staged bundle's. Sets <see cref="Problem"/>.
        /// </summary>
        public BundleResult CheckSlot(int slot, byte[] expectedDigest)
        {
            Problem = null;
            _manifest = null;
            _failedAssembly = null;
            BundleChecker checker = new BundleChecker();
            byte[] buffer = new byte[_readBufferSize];
            long length = _storage.Length(slot);
            if (length <= 0)
            {
                return Fail(BundleResult.Unreadable, "slot " + SlotName(slot) + " is empty");
            }

            long position = 0;
            BundleResult result = BundleResult.Partial;
            while (position < length && result == BundleResult.Partial)
            {
                int read = _storage.Read(slot, position, buffer, 0, buffer.Length);
                if (read <= 0)
                {
                    return Fail(BundleResult.Unreadable, "slot " + SlotName(slot) + " read failed at " + position.ToString());
                }

                result = checker.Feed(buffer, 0, read);
                position += read;
            }

            byte[] digest = expectedDigest == null ? _state.StagedDigest : new byte[32];
            if (result == BundleResult.Partial)
            {
                result = checker.Finish(digest, 0);
            }

            if (result != BundleResult.Ok)
            {
                _failedAssembly = result == BundleResult.HashMismatch ? checker.Manifest.Names[checker.FailedAssembly] : null;
                string which = _failedAssembly != null ? " (assembly " + _failedAssembly + ")" : string.Empty;
                return Fail(result, "slot " + SlotName(slot) + ": " + BundleResults.Name(result) + which);
            }

            if (checker.Manifest.AssemblyBytes > RamBudget)
            {
                return Fail(BundleResult.TooLargeForRam, "assemblies need " + checker.Manifest.AssemblyBytes.ToString() + " bytes of RAM, budget " + RamBudget.ToString());
            }

            if (expectedDigest != null)
            {
                for (int i = 0; i < 32; i++)
                {
                    if (digest[i] != expectedDigest[i])
                    {
                        return Fail(BundleResult.DigestMismatch, "slot " + SlotName(slot) + " changed since it was verified");
                    }
                }
            }

            _manifest = checker.Manifest;
            return BundleResult.Ok;
        }

        /// <summary>The manifest read by the last <see cref="CheckSlot"/> that returned Ok; null when it did not.</summary>
        public BundleManifest CheckedManifest
        {
            get { return _manifest; }
        }

        /// <summary>"A" or "B".</summary>
        public static string SlotName(int slot)
        {
            return slot == 0 ? "A" : (slot == 1 ? "B" : "none");
        }

        // What a user reads in the job's statusDetails when Complete refused the bundle; null when storage, not the bundle, failed.
        private string DescribeRefusal(BundleResult result)
        {
            if (result == BundleResult.Unreadable)
            {
                return null;
            }

            if (result == BundleResult.TooLargeForRam)
            {
                return Problem;
            }

            if (result == BundleResult.HashMismatch)
            {
                return "assembly " + _failedAssembly + " does not match its SHA-256 in the bundle's manifest";
            }

            return "the bundle does not match its manifest (" + BundleResults.Name(result) + ")";
        }

        private BundleResult Fail(BundleResult result, string problem)
        {
            Problem = problem;
            if (_log != null)
            {
                _log.Write(LogLevel.Warning, "application: " + problem);
            }

            return result;
        }

        private bool Save()
        {
            byte[] record = _state.Encode();
            return _store.Write(ApplicationSlotState.RecordName, record, record.Length);
        }

        private static string Describe(string version)
        {
            return version == null ? "no application" : "application " + version;
        }
    }
}
