namespace NfDevice.Jobs.Update
{
    /// <summary>
    /// What the firmware handler persists in the execution's checkpoint at each phase it enters: the phase,
    /// the failure reason and the phase that failed (for the Failure phase), the version that ran before the
    /// update (to tell after a restart whether the bootloader kept the new image), and a short note (why a
    /// self-test failed, or the failure detail) that must survive the reboots.
    /// Layout: 'F', phase, reason, failed phase, version length, version (ASCII), note (UTF-8, the rest).
    /// </summary>
    public sealed class UpdateRecord
    {
        private const byte Magic = 0x46; // 'F'
        private const int MaxVersionBytes = 40;

        /// <summary>Longest note kept, in bytes (a note cut inside a character loses that character only).</summary>
        public const int MaxNoteBytes = 200;

        /// <summary>The phase entered.</summary>
        public UpdatePhase Phase;

        /// <summary>Why the update fails (Failure phase), else None.</summary>
        public UpdateReason Reason;

        /// <summary>The phase the failure happened in (Failure phase), else None.</summary>
        public UpdatePhase FailedIn;

        /// <summary>The firmware version that ran when the update started.</summary>
        public string UpdatedBy;

        /// <summary>Why the self-test failed, or the failure's detail; null if none.</summary>
        public string Note;

        /// <summary>Forgets everything.</summary>
        public void Clear()
        {
            Phase = UpdatePhase.None;
            Reason = UpdateReason.None;
            FailedIn = UpdatePhase.None;
            UpdatedBy = null;
            Note = null;
        }

        /// <summary>Encodes the record into a new array.</summary>
        public byte[] Encode()
        {
            int versionLength = UpdatedBy == null ? 0 : (UpdatedBy.Length > MaxVersionBytes ? MaxVersionBytes : UpdatedBy.Length);
            byte[] note = Note == null ? null : System.Text.Encoding.UTF8.GetBytes(Note);
            int noteLength = note == null ? 0 : (note.Length > MaxNoteBytes ? MaxNoteBytes : note.Length);
            byte[] data = new byte[5 + versionLength + noteLength];
            data[0] = Magic;
            data[1] = (byte)Phase;
            data[2] = (byte)Reason;
            data[3] = (byte)FailedIn;
            data[4] = (byte)versionLength;
            for (int i = 0; i < versionLength; i++)
            {
                char c = UpdatedBy[i];
                data[5 + i] = c < 128 ? (byte)c : (byte)'?'; // versions are ASCII (FirmwareVersion)
            }

            if (noteLength > 0)
            {
                System.Array.Copy(note, 0, data, 5 + versionLength, noteLength);
            }

            return data;
        }

        /// <summary>Reads a record; false (and cleared) if <paramref name="data"/> is not one.</summary>
        public bool Decode(byte[] data)
        {
            Clear();
            if (data == null || data.Length < 5 || data[0] != Magic || data[1] >= UpdatePhases.Count || data[3] >= UpdatePhases.Count)
            {
                return false;
            }

            int versionLength = data[4];
            if (5 + versionLength > data.Length)
            {
                return false;
            }

            Phase = (UpdatePhase)data[1];
            Reason = (UpdateReason)data[2];
            FailedIn = (UpdatePhase)data[3];
            if (versionLength > 0)
            {
                char[] chars = new char[versionLength];
                for (int i = 0; i < versionLength; i++)
                {
                    chars[i] = (char)data[5 + i];
                }

                UpdatedBy = new string(chars);
            }

            int start = 5 + versionLength;
            int end = data.Length;

            // A note cut inside a multi-byte character loses that character only.
            int lead = end - 1;
            while (lead > start && (data[lead] & 0xC0) == 0x80)
            {
                lead--;
            }

            if (lead >= start && data[lead] >= 0xC0)
            {
                int need = data[lead] >= 0xF0 ? 4 : (data[lead] >= 0xE0 ? 3 : 2);
                if (end - lead < need)
                {
                    end = lead;
                }
            }

            Note = end > start ? System.Text.Encoding.UTF8.GetString(data, start, end - start) : null;
            return true;
        }
    }
}
