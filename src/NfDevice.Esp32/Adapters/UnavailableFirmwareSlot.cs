#if !NFDEVICE_IFU
using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>
    /// The firmware slot of a build without nanoFramework.Runtime.InFieldUpdate (the stable 1.x
    /// line): every operation answers NoSlot, so the agent rejects firmware jobs with a reason
    /// instead of pretending to update. Build with /p:NfDeviceIfu=true for InFieldUpdateSlot.
    /// </summary>
    public sealed class UnavailableFirmwareSlot : IFirmwareSlot
    {
        /// <inheritdoc />
        public int NextOffset
        {
            get { return 0; }
        }

        /// <inheritdoc />
        public SlotResult StartSession(ImageKind image, int totalLength)
        {
            return SlotResult.NoSlot;
        }

        /// <inheritdoc />
        public SlotResult ResumeSession(ImageKind image, int totalLength, byte[] expectedHeader, int resumeAt)
        {
            return SlotResult.NoSlot;
        }

        /// <inheritdoc />
        public SlotResult StoreChunk(byte[] data, int offset, int count)
        {
            return SlotResult.NoSlot;
        }

        /// <inheritdoc />
        public SlotResult Flush()
        {
            return SlotResult.NoSlot;
        }

        /// <inheritdoc />
        public SlotResult Complete()
        {
            return SlotResult.NoSlot;
        }

        /// <inheritdoc />
        public SlotResult Abort(bool erase)
        {
            return SlotResult.NoSlot;
        }

        /// <inheritdoc />
        public SlotStatus GetStatus(ImageKind image)
        {
            // Without MCUboot the running image is the only one and is never on trial.
            return SlotStatus.Confirmed;
        }

        /// <inheritdoc />
        public bool Confirm()
        {
            return false;
        }

        /// <inheritdoc />
        public bool RequestRevert()
        {
            return false;
        }
    }
}
#endif
