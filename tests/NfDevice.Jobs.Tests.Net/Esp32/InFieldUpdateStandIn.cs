// TEST-ONLY STAND-IN, never part of a device build. nanoFramework.Runtime.InFieldUpdate is published only for the
// CoreLibrary 2.0 preview line and is not available to this repository's builds, so the ESP32 adapter
// (src/NfDevice.Esp32/Adapters/InFieldUpdateSlot.cs) would otherwise never be compiled. This file declares the public
// members the adapter uses with the signatures documented in ../shared/reference/nanoframework-api.md §5 (and the
// package's docs/update-sessions.md: results, resume rewinding to an erase block, sessions dying with a reboot), and
// gives them bodies: a small in-memory model of MCUboot's two slots (McuBootModel). It is written in the nanoFramework
// 1.x subset, so the same file compiles the adapter against nanoFramework's own mscorlib and runs it on nanoCLR, and
// on .NET for MSTest. What it cannot show is how the real native code behaves: only a board can.
using System;

namespace nanoFramework.Runtime.InFieldUpdate
{
    /// <summary>As documented: the images a device can update.</summary>
    public enum ImageType
    {
        /// <summary>The firmware.</summary>
        NanoClr = 0,
        /// <summary>The managed deployment.</summary>
        Deployment = 1,
    }

    /// <summary>As documented.</summary>
    public enum UpdateStatus
    {
        /// <summary>Confirmed.</summary>
        Confirmed = 0,
        /// <summary>Running on trial.</summary>
        Testing = 1,
        /// <summary>A test swap is scheduled.</summary>
        TestPending = 2,
        /// <summary>A permanent swap is scheduled.</summary>
        PermanentPending = 3,
        /// <summary>A revert is scheduled.</summary>
        RollbackPending = 4,
        /// <summary>Unknown.</summary>
        Unknown = 255,
    }

    /// <summary>As documented.</summary>
    public enum UpdateSessionResult
    {
        /// <summary>Done.</summary>
        Success = 0,
        /// <summary>Another writer holds a session.</summary>
        Busy = 1,
        /// <summary>Stale or foreign handle.</summary>
        BadToken = 2,
        /// <summary>Wire Protocol only.</summary>
        BadOffset = 3,
        /// <summary>Does not fit.</summary>
        TooLarge = 4,
        /// <summary>Flash failure.</summary>
        FlashError = 5,
        /// <summary>Not an MCUboot header.</summary>
        BadMagic = 6,
        /// <summary>A swap is scheduled.</summary>
        SwapInFlight = 7,
        /// <summary>Resume: nothing stored.</summary>
        NoImage = 8,
        /// <summary>Resume: another image.</summary>
        HeaderMismatch = 9,
        /// <summary>Complete: bytes missing.</summary>
        Incomplete = 10,
        /// <summary>Complete: TLV malformed.</summary>
        BadTlv = 11,
        /// <summary>Complete: digest differs.</summary>
        HashMismatch = 12,
        /// <summary>Invalid argument.</summary>
        BadArgument = 13,
        /// <summary>No secondary slot.</summary>
        NoSlot = 14,
    }

    /// <summary>As documented: the handle of an open session (the members the adapter reads).</summary>
    public class UpdateSession
    {
        internal UpdateSession(ImageType image, uint token, int totalLength, int nextOffset, bool resumed)
        {
            Image = image;
            Token = token;
            TotalLength = totalLength;
            NextOffset = nextOffset;
            IsResumed = resumed;
        }

        /// <summary>The image this session stages.</summary>
        public ImageType Image { get; private set; }

        /// <summary>Opaque token checked on every chunk.</summary>
        public uint Token { get; private set; }

        /// <summary>Total length declared when the session was opened.</summary>
        public int TotalLength { get; private set; }

        /// <summary>Where the next chunk is written.</summary>
        public int NextOffset { get; internal set; }

        /// <summary>The session came from ResumeUpdateSession.</summary>
        public bool IsResumed { get; private set; }

        /// <summary>NextOffset &gt;= TotalLength.</summary>
        public bool IsComplete
        {
            get { return NextOffset >= TotalLength; }
        }
    }

    /// <summary>The documented session API, over <see cref="McuBootModel"/>.</summary>
    public static class UpdateManager
    {
        /// <summary>Status of the running image of <paramref name="image"/>.</summary>
        public static UpdateStatus GetStatus(ImageType image)
        {
            McuBootModel m = McuBootModel.Current;
            if (m.RevertPending)
            {
                return UpdateStatus.RollbackPending;
            }

            if (m.SwapPending)
            {
                return UpdateStatus.TestPending;
            }

            return m.Testing ? UpdateStatus.Testing : UpdateStatus.Confirmed;
        }

        /// <summary>Erases the secondary slot and opens a session (documented: Busy, SwapInFlight, TooLarge, NoSlot, FlashError).</summary>
        public static UpdateSessionResult StartUpdateSession(ImageType image, int totalLength, out UpdateSession session)
        {
            session = null;
            McuBootModel m = McuBootModel.Current;
            if (totalLength <= 0)
            {
                throw new ArgumentOutOfRangeException("totalLength");
            }

            if (m.SwapPending)
            {
                return UpdateSessionResult.SwapInFlight;
            }

            if (totalLength > m.SlotSize)
            {
                return UpdateSessionResult.TooLarge;
            }

            m.EraseSecondary();
            m.StagedTotal = totalLength;
            session = m.Open(image, totalLength, 0, false);
            return UpdateSessionResult.Success;
        }

        /// <summary>Reopens a paused session; the next offset is rewound to the start of the erase block holding the last byte stored, which is erased (documented).</summary>
        public static UpdateSessionResult ResumeUpdateSession(ImageType image, int totalLength, byte[] expectedHeader, out UpdateSession session)
        {
            session = null;
            McuBootModel m = McuBootModel.Current;
            if (m.SwapPending)
            {
                return UpdateSessionResult.SwapInFlight;
            }

            if (m.SecondaryLength == 0)
            {
                return UpdateSessionResult.NoImage;
            }

            if (m.StagedTotal != totalLength)
            {
                return UpdateSessionResult.HeaderMismatch;
            }

            if (expectedHeader != null)
            {
                for (int i = 0; i < expectedHeader.Length && i < m.SecondaryLength; i++)
                {
                    if (m.Secondary[i] != expectedHeader[i])
                    {
                        return UpdateSessionResult.HeaderMismatch;
                    }
                }
            }

            int next = m.SecondaryLength >= totalLength ? totalLength : ((m.SecondaryLength - 1) / m.EraseBlock) * m.EraseBlock;
            m.SecondaryLength = next;
            session = m.Open(image, totalLength, next, true);
            return UpdateSessionResult.Success;
        }

        /// <summary>Appends at session.NextOffset; on failure the position does not move.</summary>
        public static UpdateSessionResult StoreImageChunk(UpdateSession session, byte[] data, int offset, int count)
        {
            McuBootModel m = McuBootModel.Current;
            if (!m.IsOpen(session))
            {
                return UpdateSessionResult.BadToken;
            }

            if (session.NextOffset + count > session.TotalLength)
            {
                return UpdateSessionResult.TooLarge;
            }

            Array.Copy(data, offset, m.Secondary, session.NextOffset, count);
            session.NextOffset += count;
            m.SecondaryLength = session.NextOffset;
            m.ChunksStored++;
            return UpdateSessionResult.Success;
        }

        /// <summary>Marks a complete image for a test swap (Incomplete keeps the session open).</summary>
        public static UpdateSessionResult CompleteUpdateSession(UpdateSession session)
        {
            McuBootModel m = McuBootModel.Current;
            if (!m.IsOpen(session))
            {
                return UpdateSessionResult.BadToken;
            }

            if (session.NextOffset < session.TotalLength)
            {
                return UpdateSessionResult.Incomplete;
            }

            m.Close();
            m.SwapPending = true;
            return UpdateSessionResult.Success;
        }

        /// <summary>Releases the session; with <paramref name="eraseSlot"/> the partial image goes too.</summary>
        public static UpdateSessionResult AbortUpdateSession(UpdateSession session, bool eraseSlot)
        {
            McuBootModel m = McuBootModel.Current;
            if (!m.IsOpen(session))
            {
                return UpdateSessionResult.BadToken;
            }

            m.Close();
            if (eraseSlot)
            {
                m.EraseSecondary();
            }

            return UpdateSessionResult.Success;
        }

        /// <summary>Erases the secondary slot (Busy while a session is open).</summary>
        public static UpdateSessionResult EraseSecondaryImage(ImageType image)
        {
            McuBootModel m = McuBootModel.Current;
            if (m.SessionOpen)
            {
                return UpdateSessionResult.Busy;
            }

            m.EraseSecondary();
            return UpdateSessionResult.Success;
        }

        /// <summary>Confirms the deployment image on trial; false when none is.</summary>
        public static bool ConfirmDeploymentImage()
        {
            McuBootModel m = McuBootModel.Current;
            if (!m.Testing || m.RevertPending)
            {
                return false;
            }

            m.Testing = false;
            return true;
        }

        /// <summary>Schedules the previous deployment image for the next boot; false when nothing is on trial.</summary>
        public static bool RequestDeploymentRevert()
        {
            McuBootModel m = McuBootModel.Current;
            if (!m.Testing)
            {
                return false;
            }

            m.RevertPending = true;
            return true;
        }
    }

    /// <summary>
    /// The two MCUboot slots of the deployment image, in memory (test model). A test swap exchanges primary and
    /// secondary, so during the trial the secondary slot holds the previous image; an unconfirmed trial or a requested
    /// revert exchanges them back at the next <see cref="Reboot"/>. Erasing the secondary slot during the trial destroys
    /// the previous image: a revert then has nothing valid to go back to (<see cref="PreviousDestroyed"/>).
    /// </summary>
    public sealed class McuBootModel
    {
        /// <summary>The model UpdateManager works on (one device per test).</summary>
        public static McuBootModel Current = new McuBootModel(65536, 4096);

        private uint _token;

        /// <summary>A model whose slots hold <paramref name="slotSize"/> bytes, erased in blocks of <paramref name="eraseBlock"/>.</summary>
        public McuBootModel(int slotSize, int eraseBlock)
        {
            SlotSize = slotSize;
            EraseBlock = eraseBlock;
            Secondary = new byte[slotSize];
            Primary = new byte[0];
        }

        /// <summary>Slot size.</summary>
        public int SlotSize;

        /// <summary>Erase block.</summary>
        public int EraseBlock;

        /// <summary>The running image.</summary>
        public byte[] Primary;

        /// <summary>The secondary slot's bytes (valid up to <see cref="SecondaryLength"/>).</summary>
        public byte[] Secondary;

        /// <summary>Bytes held by the secondary slot.</summary>
        public int SecondaryLength;

        /// <summary>Total length declared by the session that wrote the secondary slot.</summary>
        public int StagedTotal;

        /// <summary>A completed image waits for the next boot.</summary>
        public bool SwapPending;

        /// <summary>The primary image runs on trial.</summary>
        public bool Testing;

        /// <summary>A revert waits for the next boot.</summary>
        public bool RevertPending;

        /// <summary>The previous image was erased while a trial depended on it.</summary>
        public bool PreviousDestroyed;

        /// <summary>Chunks stored since the model was made.</summary>
        public int ChunksStored;

        /// <summary>True while a session is open.</summary>
        public bool SessionOpen;

        /// <summary>Starts a device running <paramref name="image"/>, confirmed.</summary>
        public static McuBootModel Flash(byte[] image, int eraseBlock)
        {
            var m = new McuBootModel(65536, eraseBlock);
            m.Primary = image;
            Current = m;
            return m;
        }

        /// <summary>Power-on: sessions die; MCUboot swaps a completed image in on trial, or swaps back an unconfirmed or reverted one.</summary>
        public void Reboot()
        {
            SessionOpen = false;
            if (RevertPending || (Testing && !SwapPending))
            {
                Exchange();
                Testing = false;
                RevertPending = false;
                return;
            }

            if (SwapPending)
            {
                Exchange();
                SwapPending = false;
                Testing = true;
                PreviousDestroyed = false;
            }
        }

        internal UpdateSession Open(ImageType image, int total, int next, bool resumed)
        {
            _token++;
            SessionOpen = true;
            return new UpdateSession(image, _token, total, next, resumed);
        }

        internal bool IsOpen(UpdateSession session)
        {
            return session != null && SessionOpen && session.Token == _token;
        }

        internal void Close()
        {
            SessionOpen = false;
        }

        internal void EraseSecondary()
        {
            if (Testing)
            {
                PreviousDestroyed = true;
            }

            SecondaryLength = 0;
            StagedTotal = 0;
            for (int i = 0; i < Secondary.Length; i++)
            {
                Secondary[i] = 0xFF;
            }
        }

        private void Exchange()
        {
            byte[] running = Primary;
            byte[] staged = new byte[SecondaryLength];
            Array.Copy(Secondary, 0, staged, 0, SecondaryLength);
            Primary = PreviousDestroyed && !SwapPending ? new byte[0] : staged;
            SecondaryLength = running.Length;
            Array.Copy(running, 0, Secondary, 0, running.Length);
            StagedTotal = running.Length;
        }
    }
}
