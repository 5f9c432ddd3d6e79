#if NFDEVICE_IFU
using System;
using nanoFramework.Runtime.InFieldUpdate;
using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>
    /// The firmware slot over nanoFramework.Runtime.InFieldUpdate (MCUboot): the session API of
    /// UpdateManager (StartUpdateSession / ResumeUpdateSession / StoreImageChunk /
    /// CompleteUpdateSession / AbortUpdateSession). SlotResult, SlotStatus and ImageKind carry the
    /// same numeric values as UpdateSessionResult, UpdateStatus and ImageType, so results are cast.
    /// The session handle lives in RAM and dies with every reboot; the bytes in the slot survive
    /// and ResumeSession picks them up. Two rules of the IFirmwareSlot contract need logic here:
    /// InFieldUpdate resumes at the start of the erase block holding the last byte it wrote, which may
    /// lie above the agent's checkpoint; those bytes were never hashed, so a resume that does not land
    /// exactly on the checkpoint is refused (BadOffset) and the download starts over rather than
    /// trusting them. And InFieldUpdate refuses a new session only while a swap is scheduled
    /// (SwapInFlight): after the swap the secondary slot holds the previous image, which a session
    /// would erase or overwrite while the new image is still on trial or a revert to it is pending, so
    /// the adapter asks the status first and answers Busy then. MCUboot reverts an unconfirmed trial
    /// image at the next boot, as the contract asks. Checked against a stand-in of the documented API in
    /// tests/NfDevice.Jobs.Tests.Net/Esp32 (InFieldUpdateSlotTests), on .NET and on nanoCLR.
    /// </summary>
    public sealed class InFieldUpdateSlot : IFirmwareSlot
    {
        private readonly ILog _log;
        private UpdateSession _session;
        private ImageType _image = ImageType.Deployment;

        /// <summary>Creates the adapter; nothing touches flash until a session starts.</summary>
        public InFieldUpdateSlot(ILog log)
        {
            _log = log;
        }

        /// <inheritdoc />
        public int NextOffset
        {
            get { return _session == null ? 0 : _session.NextOffset; }
        }

        /// <inheritdoc />
        public SlotResult StartSession(ImageKind image, int totalLength)
        {
            if (totalLength <= 0)
            {
                return SlotResult.BadArgument;
            }

            _image = (ImageType)(int)image;
            SlotResult refused = PreviousImageAtStake(image);
            if (refused != SlotResult.Success)
            {
                return refused;
            }

            UpdateSession session;

            // Erases the whole secondary slot before it returns (seconds on large slots).
            UpdateSessionResult result = UpdateManager.StartUpdateSession(_image, totalLength, out session);
            _session = result == UpdateSessionResult.Success ? session : null;
            return Log("start", result);
        }

        /// <inheritdoc />
        public SlotResult ResumeSession(ImageKind image, int totalLength, byte[] expectedHeader, int resumeAt)
        {
            if (totalLength <= 0)
            {
                return SlotResult.BadArgument;
            }

            _image = (ImageType)(int)image;
            SlotResult refused = PreviousImageAtStake(image);
            if (refused != SlotResult.Success)
            {
                return refused;
            }

            UpdateSession session;
            UpdateSessionResult result = UpdateManager.ResumeUpdateSession(_image, totalLength, expectedHeader, out session);
            _session = result == UpdateSessionResult.Success ? session : null;
            if (_session != null && _session.NextOffset != resumeAt)
            {
                // Bytes above the checkpoint were never hashed and InFieldUpdate cannot rewind to it: start over.
                _log.Write(LogLevel.Info, "slot: holds " + _session.NextOffset.ToString() + " bytes, checkpoint at " + resumeAt.ToString() + ": not resumable");
                UpdateManager.AbortUpdateSession(_session, false);
                _session = null;
                return SlotResult.BadOffset;
            }

            return Log("resume", result);
        }

        /// <inheritdoc />
        public SlotResult StoreChunk(byte[] data, int offset, int count)
        {
            if (_session == null)
            {
                return SlotResult.BadToken;
            }

            if (data == null || offset < 0 || count < 0 || offset + count > data.Length)
            {
                return SlotResult.BadArgument;
            }

            // Appends at the session's NextOffset; on failure the position does not move.
            UpdateSessionResult result = UpdateManager.StoreImageChunk(_session, data, offset, count);
            return result == UpdateSessionResult.Success ? SlotResult.Success : Log("store", result);
        }

        /// <inheritdoc />
        public SlotResult Flush()
        {
            // StoreImageChunk writes flash before it returns, and the ESP32 checkpoints only on erase-block
            // boundaries it has written (Program.CheckpointInterval): nothing is held back to flush.
            return _session == null ? SlotResult.BadToken : SlotResult.Success;
        }

        /// <inheritdoc />
        public SlotResult Complete()
        {
            if (_session == null)
            {
                return SlotResult.BadToken;
            }

            // Checks the MCUboot structure and the SHA-256 in the TLV, then marks a test swap.
            UpdateSessionResult result = UpdateManager.CompleteUpdateSession(_session);
            if (result != UpdateSessionResult.Incomplete)
            {
                // Every other outcome closes the session (Incomplete keeps it writable).
                _session = null;
            }

            return Log("complete", result);
        }

        /// <inheritdoc />
        public SlotResult Abort(bool erase)
        {
            UpdateSessionResult result;
            if (_session != null)
            {
                result = UpdateManager.AbortUpdateSession(_session, erase);
                _session = null;
            }
            else if (erase)
            {
                result = UpdateManager.EraseSecondaryImage(_image);
            }
            else
            {
                return SlotResult.Success;
            }

            return Log(erase ? "abort and erase" : "pause", result);
        }

        /// <inheritdoc />
        public SlotStatus GetStatus(ImageKind image)
        {
            try
            {
                return (SlotStatus)(int)UpdateManager.GetStatus((ImageType)(int)image);
            }
            catch (Exception ex)
            {
                // Firmware built without the InFieldUpdate native part throws NotImplementedException.
                _log.Write(LogLevel.Warning, "slot: status unavailable: " + ex.Message);
                return SlotStatus.Unknown;
            }
        }

        /// <inheritdoc />
        public bool Confirm()
        {
            // Only the deployment image has a test cycle; nanoCLR images are confirmed at start-up.
            return UpdateManager.ConfirmDeploymentImage();
        }

        /// <inheritdoc />
        public bool RequestRevert()
        {
            return UpdateManager.RequestDeploymentRevert();
        }

        // During a trial or with a revert pending, the secondary slot holds the image to go back to: no session may
        // touch it. With a swap scheduled InFieldUpdate answers SwapInFlight itself; it is said here so the answer
        // does not depend on the native side.
        private SlotResult PreviousImageAtStake(ImageKind image)
        {
            SlotStatus status = GetStatus(image);
            if (status == SlotStatus.TestPending)
            {
                return SlotResult.SwapInFlight;
            }

            if (status == SlotStatus.Testing || status == SlotStatus.RollbackPending)
            {
                _log.Write(LogLevel.Warning, "slot: no session while an image is on trial or a revert is pending");
                return SlotResult.Busy;
            }

            return SlotResult.Success;
        }

        private SlotResult Log(string step, UpdateSessionResult result)
        {
            if (result != UpdateSessionResult.Success)
            {
                _log.Write(LogLevel.Warning, "slot: " + step + " returned " + ((int)result).ToString());
            }

            return (SlotResult)(int)result;
        }
    }
}
#endif
