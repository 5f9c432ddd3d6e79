using System;
using System.IO;
using System.Text.Json;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Update
{
    /// <summary>
    /// The update slot of a desktop device, with the semantics of nanoFramework InFieldUpdate on MCUboot:
    /// two files, <c>primary.bin</c> (running) and <c>secondary.bin</c> (staged). Complete schedules a
    /// test swap; <see cref="Boot"/> (run at every agent start, playing the bootloader) swaps, runs the
    /// new image in Testing, and reverts at the next boot unless <see cref="Confirm"/> was called.
    /// State lives in <c>slot.json</c>, replaced atomically.
    /// </summary>
    public sealed class FileSlot : IFirmwareSlot, IDisposable
    {
        private readonly string _directory;
        private readonly object _gate = new object();
        private SlotState _state;
        private FileStream _session;

        /// <summary>The slot state persisted in slot.json.</summary>
        private sealed class SlotState
        {
            public int SecondaryTotal { get; set; }
            public bool SwapPending { get; set; }
            public bool RevertPending { get; set; }
            public bool Testing { get; set; }
            public bool HasPrevious { get; set; }
            // previous.bin was itself never confirmed (it was swapped out while on trial): a revert to it runs it unconfirmed.
            public bool PreviousUnconfirmed { get; set; }
            // A boot had to end this trial but had nothing to go back to: the image runs on, and is never confirmed.
            public bool TrialInterrupted { get; set; }
            // Journal of a swap in progress: set before the first file moves, so a power cut mid-swap finishes it at the next boot.
            public bool Swapping { get; set; }
        }

        /// <summary>Opens (or creates) the slot in <paramref name="directory"/>.</summary>
        public FileSlot(string directory)
        {
            _directory = directory;
            Directory.CreateDirectory(directory);
            _state = LoadState();
        }

        /// <summary>Test hook: called between the steps of a swap ("journaled", "copied", "moved"); throwing from it plays a power cut.</summary>
        internal Action<string> SwapStep { get; set; }

        /// <summary>
        /// Test hook: called just before every write that survives a power cut (slot.json, a file created, cut,
        /// moved or deleted), with its name. Throwing from it plays a kill right before that write, so a test can
        /// stop the device at each durable write in turn (the crash-point test).
        /// </summary>
        internal Action<string> DurableWrite { get; set; }

        /// <summary>
        /// Bytes between forced writes to the disk while a session stores chunks, besides <see cref="Flush"/> and the
        /// image's last byte; 0 (the default): none. The download flushes before each checkpoint, which is all a
        /// resume relies on, so a fast download pays for no fsync it does not checkpoint.
        /// </summary>
        public int SyncInterval { get; set; }

        /// <summary>Path of the running image.</summary>
        public string PrimaryPath => Path.Combine(_directory, "primary.bin");

        private string SecondaryPath => Path.Combine(_directory, "secondary.bin");

        private string PreviousPath => Path.Combine(_directory, "previous.bin");

        private string StatePath => Path.Combine(_directory, "slot.json");

        /// <summary>Installs <paramref name="image"/> as the confirmed running image (factory flashing).</summary>
        public void Flash(byte[] image)
        {
            lock (_gate)
            {
                WriteAtomically(PrimaryPath, image);
                _state = new SlotState();
                SaveState();
            }
        }

        /// <summary>
        /// What the bootloader does at power-on: the state is read again from disk (as from flash); a pending
        /// revert restores the previous image; a test left unconfirmed is reverted; a pending swap makes the
        /// staged image primary in Testing. Every step can be cut by a power loss and redone. Returns a line for the log.
        /// </summary>
        public string Boot()
        {
            lock (_gate)
            {
                CloseSession();
                _state = LoadState();
                if (_state.RevertPending || (_state.Testing && !_state.SwapPending))
                {
                    bool requested = _state.RevertPending;
                    if (!_state.HasPrevious)
                    {
                        return KeepUnconfirmed();
                    }

                    // previous.bin already gone: a power cut after the move, before the state below was saved.
                    if (File.Exists(PreviousPath))
                    {
                        Durable("revert: previous.bin -> primary.bin");
                        File.Move(PreviousPath, PrimaryPath, true);
                    }

                    _state = new SlotState { Testing = _state.PreviousUnconfirmed, TrialInterrupted = _state.PreviousUnconfirmed };
                    SaveState();
                    string back = _state.Testing ? ", itself never confirmed" : string.Empty;
                    return requested ? "boot: revert requested, running the previous image" + back : "boot: test image not confirmed, reverted to the previous image" + back;
                }

                if (_state.SwapPending && (_state.Swapping || File.Exists(SecondaryPath)))
                {
                    if (!_state.Swapping)
                    {
                        _state.Swapping = true;
                        SaveState();
                    }

                    SwapStep?.Invoke("journaled");

                    // Redone from the top after a power cut: until the move, primary is still the old image.
                    if (File.Exists(SecondaryPath))
                    {
                        if (File.Exists(PrimaryPath))
                        {
                            Durable("swap: primary.bin -> previous.bin");
                            File.Copy(PrimaryPath, PreviousPath, true);
                        }

                        SwapStep?.Invoke("copied");
                        Durable("swap: secondary.bin -> primary.bin");
                        File.Move(SecondaryPath, PrimaryPath, true);
                        SwapStep?.Invoke("moved");
                    }

                    bool previous = File.Exists(PreviousPath);
                    _state = new SlotState { Testing = true, HasPrevious = previous, PreviousUnconfirmed = previous && _state.Testing };
                    SaveState();
                    return "boot: new image swapped in, running in test mode";
                }

                if (_state.SwapPending)
                {
                    // The staged image vanished: without this the slot would refuse every new session (SwapInFlight).
                    _state = new SlotState { Testing = _state.Testing, HasPrevious = _state.HasPrevious, PreviousUnconfirmed = _state.PreviousUnconfirmed };
                    SaveState();
                    return "boot: staged image missing, swap dropped; running confirmed image";
                }

                if (!_state.Testing && !_state.HasPrevious && File.Exists(PreviousPath))
                {
                    // A confirm cut between saving its state and deleting the old image: finish it.
                    Durable("boot: stale previous.bin deleted");
                    File.Delete(PreviousPath);
                }

                return "boot: running confirmed image";
            }
        }

        /// <summary>True if the slot holds a running (primary) image; false on a fresh device.</summary>
        public bool HasImage => File.Exists(PrimaryPath);

        /// <summary>Version of the running image, or null if it is not a desktop image.</summary>
        public string RunningVersion => DesktopImage.TryRead(PrimaryPath, out string version, out _) ? version : null;

        /// <summary>True if the running image says its self-test passes.</summary>
        public bool RunningImageHealthy => DesktopImage.TryRead(PrimaryPath, out _, out bool pass) && pass;

        /// <inheritdoc />
        public SlotResult StartSession(ImageKind image, int totalLength)
        {
            if (totalLength <= 0)
            {
                return SlotResult.BadArgument;
            }

            lock (_gate)
            {
                if (_state.SwapPending)
                {
                    return SlotResult.SwapInFlight;
                }

                if (PreviousImageAtStake)
                {
                    // A second swap would copy the trial image over previous.bin: the old image would be lost.
                    return SlotResult.Busy;
                }

                CloseSession();
                Durable("start: secondary.bin erased");
                try
                {
                    _session = new FileStream(SecondaryPath, FileMode.Create, FileAccess.Write, FileShare.Read);
                }
                catch (IOException)
                {
                    return SlotResult.FlashError;
                }

                _state.SecondaryTotal = totalLength;
                SaveState();
                return SlotResult.Success;
            }
        }

        /// <inheritdoc />
        public SlotResult ResumeSession(ImageKind image, int totalLength, byte[] expectedHeader, int resumeAt)
        {
            lock (_gate)
            {
                if (_state.SwapPending || PreviousImageAtStake)
                {
                    return SlotResult.Busy;
                }

                if (!File.Exists(SecondaryPath) || _state.SecondaryTotal == 0 || new FileInfo(SecondaryPath).Length == 0)
                {
                    return SlotResult.NoImage;
                }

                if (_state.SecondaryTotal != totalLength)
                {
                    return SlotResult.HeaderMismatch;
                }

                CloseSession();
                if (expectedHeader != null)
                {
                    var head = new byte[expectedHeader.Length];
                    int read;
                    using (var stream = File.OpenRead(SecondaryPath))
                    {
                        read = stream.Read(head, 0, head.Length);
                    }

                    for (int i = 0; i < read; i++)
                    {
                        if (head[i] != expectedHeader[i])
                        {
                            return SlotResult.HeaderMismatch;
                        }
                    }
                }

                if (resumeAt < 0 || resumeAt > new FileInfo(SecondaryPath).Length)
                {
                    return SlotResult.BadOffset;
                }

                // Bytes above the checkpoint were never hashed by the caller: cut them off, they are written again.
                Durable("resume: secondary.bin cut to " + resumeAt);
                _session = new FileStream(SecondaryPath, FileMode.Open, FileAccess.Write, FileShare.Read);
                _session.SetLength(resumeAt);
                _session.Flush(true);
                _session.Seek(0, SeekOrigin.End);
                return SlotResult.Success;
            }
        }

        /// <inheritdoc />
        public int NextOffset
        {
            get
            {
                lock (_gate)
                {
                    if (_session != null)
                    {
                        return (int)_session.Length;
                    }

                    return File.Exists(SecondaryPath) ? (int)new FileInfo(SecondaryPath).Length : 0;
                }
            }
        }

        /// <inheritdoc />
        public SlotResult StoreChunk(byte[] data, int offset, int count)
        {
            lock (_gate)
            {
                if (_session == null)
                {
                    return SlotResult.BadToken;
                }

                if (_session.Length + count > _state.SecondaryTotal)
                {
                    return SlotResult.TooLarge;
                }

                try
                {
                    long before = _session.Length;
                    _session.Write(data, offset, count);
                    // Handed to the OS on every chunk (a killed process loses nothing); forced to the disk by Flush
                    // (before a checkpoint counts the bytes), per sync interval if one is set, and with the last byte
                    // (Complete's swap must find the whole image after a power cut).
                    bool crossed = SyncInterval > 0 && (before / SyncInterval) != ((before + count) / SyncInterval);
                    bool durable = crossed || before + count == _state.SecondaryTotal;
                    if (!durable) _session.Flush(false);
                    else using (NfDevice.Desktop.Hosting.EngineScheduler.Blocking()) _session.Flush(true);
                }
                catch (IOException)
                {
                    return SlotResult.FlashError;
                }

                return SlotResult.Success;
            }
        }

        /// <inheritdoc />
        public SlotResult Flush()
        {
            lock (_gate)
            {
                if (_session == null)
                {
                    return SlotResult.BadToken;
                }

                try
                {
                    using (NfDevice.Desktop.Hosting.EngineScheduler.Blocking()) _session.Flush(true);
                }
                catch (IOException)
                {
                    return SlotResult.FlashError;
                }

                return SlotResult.Success;
            }
        }

        /// <inheritdoc />
        public SlotResult Complete()
        {
            lock (_gate)
            {
                if (_session == null)
                {
                    return SlotResult.BadToken;
                }

                if (_session.Length != _state.SecondaryTotal)
                {
                    return SlotResult.Incomplete;
                }

                CloseSession();
                _state.SwapPending = true;
                SaveState();
                return SlotResult.Success;
            }
        }

        /// <inheritdoc />
        public SlotResult Abort(bool erase)
        {
            lock (_gate)
            {
                CloseSession();
                if (erase)
                {
                    Durable("abort: secondary.bin deleted");
                    File.Delete(SecondaryPath);
                    _state.SecondaryTotal = 0;
                    _state.SwapPending = false;
                    SaveState();
                }

                return SlotResult.Success;
            }
        }

        /// <inheritdoc />
        public SlotStatus GetStatus(ImageKind image)
        {
            lock (_gate)
            {
                if (_state.RevertPending)
                {
                    return SlotStatus.RollbackPending;
                }

                if (_state.SwapPending)
                {
                    return SlotStatus.TestPending;
                }

                return _state.Testing ? SlotStatus.Testing : SlotStatus.Confirmed;
            }
        }

        /// <inheritdoc />
        public bool Confirm()
        {
            lock (_gate)
            {
                if (!_state.Testing || _state.TrialInterrupted)
                {
                    return false; // nothing on trial, or its trial was cut by a restart: it may not become permanent
                }

                _state.Testing = false;
                _state.HasPrevious = false;
                _state.PreviousUnconfirmed = false;
                SaveState();
                Durable("confirm: previous.bin deleted");
                File.Delete(PreviousPath);
                return true;
            }
        }

        /// <inheritdoc />
        public bool RequestRevert()
        {
            lock (_gate)
            {
                if (!_state.HasPrevious)
                {
                    return false;
                }

                _state.RevertPending = true;
                SaveState();
                return true;
            }
        }

        /// <summary>Closes an open session's file, as a power-off would; the slot stays usable (the next session or <see cref="Boot"/> reopens it).</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                CloseSession();
            }
        }

        // An image on trial or a revert pending with a previous image to go back to: no session may start.
        private bool PreviousImageAtStake => _state.RevertPending || (_state.Testing && _state.HasPrevious);

        // A revert is due (an unconfirmed trial, or one requested) but there is no previous image: nothing else can
        // run, so the image keeps running; it stays unconfirmed (Testing) and Confirm refuses it, because its trial
        // was cut by this restart; a new session may start (there is no previous image to protect).
        private string KeepUnconfirmed()
        {
            if (_state.RevertPending || _state.HasPrevious || !_state.Testing || !_state.TrialInterrupted)
            {
                _state.RevertPending = false;
                _state.HasPrevious = false;
                _state.PreviousUnconfirmed = false;
                _state.Testing = true;
                _state.TrialInterrupted = true;
                SaveState();
            }

            return "boot: the running image was never confirmed and there is no previous image to go back to; it keeps running, unconfirmed";
        }

        private void CloseSession()
        {
            _session?.Dispose();
            _session = null;
        }

        private SlotState LoadState()
        {
            try
            {
                return File.Exists(StatePath) ? JsonSerializer.Deserialize<SlotState>(File.ReadAllBytes(StatePath)) ?? new SlotState() : new SlotState();
            }
            catch (JsonException)
            {
                return new SlotState();
            }
        }

        private void SaveState()
        {
            DurableWrite?.Invoke("slot.json");
            WriteAtomically(StatePath, JsonSerializer.SerializeToUtf8Bytes(_state));
        }

        private void Durable(string what) => DurableWrite?.Invoke(what);

        private static void WriteAtomically(string path, byte[] data)
        {
            string temp = path + ".tmp";
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                stream.Write(data, 0, data.Length);
                using (NfDevice.Desktop.Hosting.EngineScheduler.Blocking()) stream.Flush(true);
            }

            File.Move(temp, path, true);
        }
    }
}
