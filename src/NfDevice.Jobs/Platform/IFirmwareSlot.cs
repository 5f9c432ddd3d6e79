namespace NfDevice.Jobs.Platform
{
    /// <summary>Which image an update replaces; the names follow nanoFramework InFieldUpdate's ImageType.</summary>
    public enum ImageKind
    {
        /// <summary>The nanoCLR firmware.</summary>
        NanoClr = 0,
        /// <summary>The managed application deployment.</summary>
        Deployment = 1,
        /// <summary>An application bundle of .pe (or .dll) assemblies, kept in A/B slots on a drive (Application/BUNDLE.md).</summary>
        Application = 2,
    }

    /// <summary>Outcome of a slot operation; values and meanings follow InFieldUpdate's UpdateSessionResult.</summary>
    public enum SlotResult
    {
        /// <summary>Done.</summary>
        Success = 0,
        /// <summary>Another session owns the slot.</summary>
        Busy = 1,
        /// <summary>No session is open, or it is not the current one.</summary>
        BadToken = 2,
        /// <summary>The chunk does not start at the session's next offset.</summary>
        BadOffset = 3,
        /// <summary>The image does not fit in the slot.</summary>
        TooLarge = 4,
        /// <summary>Flash (or file) write or erase failed.</summary>
        FlashError = 5,
        /// <summary>The image header is not a valid image.</summary>
        BadMagic = 6,
        /// <summary>A swap is already scheduled.</summary>
        SwapInFlight = 7,
        /// <summary>Nothing to resume.</summary>
        NoImage = 8,
        /// <summary>The slot holds the start of another image.</summary>
        HeaderMismatch = 9,
        /// <summary>Complete was called before all bytes were stored.</summary>
        Incomplete = 10,
        /// <summary>Trailer (TLV) malformed.</summary>
        BadTlv = 11,
        /// <summary>The image's own hash does not match.</summary>
        HashMismatch = 12,
        /// <summary>An argument was out of range.</summary>
        BadArgument = 13,
        /// <summary>The platform has no slot for that image.</summary>
        NoSlot = 14,
    }

    /// <summary>State of the running image, as InFieldUpdate's UpdateStatus.</summary>
    public enum SlotStatus
    {
        /// <summary>The running image is confirmed.</summary>
        Confirmed = 0,
        /// <summary>The running image booted on trial and must be confirmed or reverted.</summary>
        Testing = 1,
        /// <summary>A new image is staged and will be tried at the next boot.</summary>
        TestPending = 2,
        /// <summary>A new image is staged permanently.</summary>
        PermanentPending = 3,
        /// <summary>A revert happens at the next boot.</summary>
        RollbackPending = 4,
        /// <summary>Unknown.</summary>
        Unknown = 255,
    }

    /// <summary>
    /// The update slot, shaped after nanoFramework.Runtime.InFieldUpdate: a session writes the
    /// secondary image chunk by chunk, Complete schedules a test swap, the next boot runs the new
    /// image in Testing until Confirm, or Revert brings the old one back.
    /// </summary>
    public interface IFirmwareSlot
    {
        /// <summary>Erases the secondary slot and opens a session for an image of <paramref name="totalLength"/> bytes.</summary>
        SlotResult StartSession(ImageKind image, int totalLength);

        /// <summary>
        /// Reopens the session left by an earlier run if the slot holds the start of the same image
        /// (its first bytes equal <paramref name="expectedHeader"/>, which may be null when fewer than
        /// the header's length were stored). Returns NoImage or HeaderMismatch when it cannot.
        /// </summary>
        SlotResult ResumeSession(ImageKind image, int totalLength, byte[] expectedHeader);

        /// <summary>Offset of the next byte the open session expects (bytes stored so far).</summary>
        int NextOffset { get; }

        /// <summary>Appends <paramref name="count"/> bytes at <see cref="NextOffset"/>.</summary>
        SlotResult StoreChunk(byte[] data, int offset, int count);

        /// <summary>Closes the session with every byte stored and schedules the test swap for the next boot.</summary>
        SlotResult Complete();

        /// <summary>Ends the session; with <paramref name="erase"/> the slot is wiped, without it the session can be resumed.</summary>
        SlotResult Abort(bool erase);

        /// <summary>Status of the running image of <paramref name="image"/>.</summary>
        SlotStatus GetStatus(ImageKind image);

        /// <summary>Confirms the running (Testing) image so it stays. Returns false if there was nothing to confirm.</summary>
        bool Confirm();

        /// <summary>Schedules the previous image to come back at the next boot. Returns false if there is none.</summary>
        bool RequestRevert();
    }
}
