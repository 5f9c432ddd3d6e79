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
    /// image in Testing until Confirm, or a revert brings the old one back.
    /// </summary>
    /// <remarks>
    /// The transaction contract. Every slot the agent has (the desktop file slot, InFieldUpdate, the
    /// application bundle slots) keeps it, because the update's recovery after a crash relies on it
    /// (see Update/README.md, "The update as a transaction"). After each call returns, what a power cut
    /// can no longer undo is:
    /// <list type="bullet">
    /// <item>StartSession: the secondary slot is erased and holds no image; the running image is untouched.
    /// Refused (Busy) while an image is on trial or a swap or revert is pending: the previous image must
    /// never be overwritten before the new one is confirmed. (A slot with no previous image to protect may
    /// accept it while an unconfirmed image runs: see the last item.)</item>
    /// <item>StoreChunk: nothing is promised until the slot's own erase block is full or Flush returns; a crash
    /// may lose the tail. The caller's checkpoint is written only at erase-block boundaries it has stored, and only
    /// after Flush.</item>
    /// <item>Flush: every byte stored so far survives a power cut.</item>
    /// <item>ResumeSession: nothing new; bytes at and above <c>resumeAt</c> are discarded, never trusted.</item>
    /// <item>Complete: the whole image is stored and a test swap is scheduled (status TestPending); the
    /// next boot runs it in Testing with the previous image kept.</item>
    /// <item>Abort(true): the secondary slot and any scheduled swap are gone. Abort(false): nothing.</item>
    /// <item>Confirm: the running trial image is permanent; the previous image may now be dropped.</item>
    /// <item>RequestRevert: the next boot runs the previous image again (status RollbackPending).</item>
    /// <item>Any boot while an image is in Testing and not confirmed brings the previous image back. When
    /// there is none (a device that ran no image before), the image keeps running, stays Testing and Confirm
    /// refuses it: an image whose trial a restart cut never becomes permanent, and its update does not end SUCCEEDED.</item>
    /// </list>
    /// Every call is idempotent in effect: asked again after a crash, it does what is left or answers
    /// what is already so (GetStatus is the "already done?" question).
    /// </remarks>
    public interface IFirmwareSlot
    {
        /// <summary>Erases the secondary slot and opens a session for an image of <paramref name="totalLength"/> bytes. Busy while an image is on trial or a swap/revert is pending.</summary>
        SlotResult StartSession(ImageKind image, int totalLength);

        /// <summary>
        /// Reopens the session left by an earlier run so that the next byte stored goes to
        /// <paramref name="resumeAt"/> (an erase-block boundary the caller's checkpoint covers): whatever the
        /// slot holds at and above it is discarded and written again, because those bytes were never hashed.
        /// The slot must hold the start of the same image (its first bytes equal
        /// <paramref name="expectedHeader"/>, null when fewer than the header's length were stored). Returns
        /// NoImage, HeaderMismatch, or BadOffset when it holds fewer than <paramref name="resumeAt"/> bytes or
        /// cannot rewind exactly there; the caller then starts a new session.
        /// </summary>
        SlotResult ResumeSession(ImageKind image, int totalLength, byte[] expectedHeader, int resumeAt);

        /// <summary>Offset of the next byte the open session expects (bytes stored so far).</summary>
        int NextOffset { get; }

        /// <summary>Appends <paramref name="count"/> bytes at <see cref="NextOffset"/>.</summary>
        SlotResult StoreChunk(byte[] data, int offset, int count);

        /// <summary>
        /// Makes every byte stored in the open session survive a power cut; the download calls it just before it
        /// writes a checkpoint that counts those bytes. A slot whose stored bytes are durable already (flash written
        /// as it is stored) answers Success at once. BadToken without a session.
        /// </summary>
        SlotResult Flush();

        /// <summary>Closes the session with every byte stored and schedules the test swap for the next boot.</summary>
        SlotResult Complete();

        /// <summary>Ends the session; with <paramref name="erase"/> the slot is wiped (and a scheduled swap dropped), without it the session can be resumed.</summary>
        SlotResult Abort(bool erase);

        /// <summary>Status of the running image of <paramref name="image"/>.</summary>
        SlotStatus GetStatus(ImageKind image);

        /// <summary>Confirms the running (Testing) image so it stays. Returns false if there was nothing to confirm, or its trial was cut by a restart with no previous image to go back to.</summary>
        bool Confirm();

        /// <summary>Schedules the previous image to come back at the next boot. Returns false if there is none.</summary>
        bool RequestRevert();
    }
}
