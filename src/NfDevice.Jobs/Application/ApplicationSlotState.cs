namespace NfDevice.Jobs.Application
{
    /// <summary>
    /// The A/B bookkeeping of the application slots, one small record in the state store (written atomically,
    /// so after a power cut it is the old or the new record, never a mix).
    /// </summary>
    internal sealed class ApplicationSlotState
    {
        public const string RecordName = "appslots";
        public const int None = 255;
        private const int FixedSize = 12 + 64;

        /// <summary>Slot of the confirmed application, or <see cref="None"/>.</summary>
        public int Active = None;
        /// <summary>Slot being written, staged or on trial, or <see cref="None"/>.</summary>
        public int Staged = None;
        /// <summary>Bytes the staged bundle will have.</summary>
        public int StagedTotal;
        /// <summary>Complete was called: the staged bundle is tried at the next boot.</summary>
        public bool Pending;
        /// <summary>The staged bundle runs on trial until Confirm.</summary>
        public bool Testing;
        /// <summary>Go back to the active bundle at the next boot.</summary>
        public bool RevertPending;
        /// <summary>Boots of the trial bundle so far (a crash in the trial is one boot too many).</summary>
        public int TrialBoots;
        /// <summary>Digest recorded when the active bundle was verified.</summary>
        public readonly byte[] ActiveDigest = new byte[32];
        /// <summary>Digest recorded when the staged bundle was verified.</summary>
        public readonly byte[] StagedDigest = new byte[32];
        /// <summary>Version of the active bundle.</summary>
        public string ActiveVersion;
        /// <summary>Version of the staged bundle.</summary>
        public string StagedVersion;

        public byte[] Encode()
        {
            byte[] active = Bytes(ActiveVersion);
            byte[] staged = Bytes(StagedVersion);
            byte[] record = new byte[FixedSize + 2 + active.Length + staged.Length];
            record[0] = 0x41; // 'A'
            record[1] = 1;
            record[2] = (byte)Active;
            record[3] = (byte)Staged;
            record[4] = (byte)((Pending ? 1 : 0) | (Testing ? 2 : 0) | (RevertPending ? 4 : 0));
            record[5] = (byte)TrialBoots;
            record[6] = (byte)(StagedTotal & 0xFF);
            record[7] = (byte)((StagedTotal >> 8) & 0xFF);
            record[8] = (byte)((StagedTotal >> 16) & 0xFF);
            record[9] = (byte)((StagedTotal >> 24) & 0xFF);
            System.Array.Copy(ActiveDigest, 0, record, 12, 32);
            System.Array.Copy(StagedDigest, 0, record, 44, 32);
            int at = FixedSize;
            record[at++] = (byte)active.Length;
            System.Array.Copy(active, 0, record, at, active.Length);
            at += active.Length;
            record[at++] = (byte)staged.Length;
            System.Array.Copy(staged, 0, record, at, staged.Length);
            return record;
        }

        /// <summary>Reads a record; false (and the state left empty) when it is missing or not one this code wrote.</summary>
        public bool Decode(byte[] record)
        {
            Clear();
            if (record == null || record.Length < FixedSize + 2 || record[0] != 0x41 || record[1] != 1)
            {
                return false;
            }

            int at = FixedSize;
            int activeLength = record[at++];
            if (at + activeLength + 1 > record.Length)
            {
                return false;
            }

            string active = activeLength == 0 ? null : System.Text.Encoding.UTF8.GetString(record, at, activeLength);
            at += activeLength;
            int stagedLength = record[at++];
            if (at + stagedLength != record.Length)
            {
                return false;
            }

            Active = record[2];
            Staged = record[3];
            Pending = (record[4] & 1) != 0;
            Testing = (record[4] & 2) != 0;
            RevertPending = (record[4] & 4) != 0;
            TrialBoots = record[5];
            StagedTotal = record[6] | (record[7] << 8) | (record[8] << 16) | (record[9] << 24);
            System.Array.Copy(record, 12, ActiveDigest, 0, 32);
            System.Array.Copy(record, 44, StagedDigest, 0, 32);
            ActiveVersion = active;
            StagedVersion = stagedLength == 0 ? null : System.Text.Encoding.UTF8.GetString(record, at, stagedLength);
            return true;
        }

        public void Clear()
        {
            Active = None;
            ClearStaged();
            ActiveVersion = null;
            System.Array.Clear(ActiveDigest, 0, 32);
        }

        public void ClearStaged()
        {
            Staged = None;
            StagedTotal = 0;
            Pending = false;
            Testing = false;
            RevertPending = false;
            TrialBoots = 0;
            StagedVersion = null;
            System.Array.Clear(StagedDigest, 0, 32);
        }

        private static byte[] Bytes(string text)
        {
            return text == null ? new byte[0] : System.Text.Encoding.UTF8.GetBytes(text);
        }
    }
}
