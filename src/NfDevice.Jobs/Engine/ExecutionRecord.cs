using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Engine
{
    /// <summary>Where an execution was when its record was written.</summary>
    public enum ExecutionPhase
    {
        /// <summary>No execution.</summary>
        None = 0,
        /// <summary>IN_PROGRESS is about to be sent (or was sent without answer).</summary>
        Starting = 1,
        /// <summary>IN_PROGRESS accepted; the handler runs.</summary>
        Running = 2,
        /// <summary>The handler asked for a reboot and the platform is rebooting.</summary>
        Rebooting = 3,
        /// <summary>The terminal status is decided and being reported.</summary>
        Finishing = 4,
    }

    /// <summary>
    /// The execution state that survives a reboot, as one small record written atomically through the state store.
    /// Layout (little-endian): "NJ", format 1, phase, terminal status, boots, executionNumber (8), versionNumber (8),
    /// jobId (length byte + ASCII; AWS jobIds are [a-zA-Z0-9_-]), reason (length byte + UTF-8), checkpoint (2-byte length + bytes).
    /// </summary>
    public sealed class ExecutionRecord
    {
        private const int Format = 1;

        /// <summary>Largest handler checkpoint kept in the record.</summary>
        public const int MaxCheckpointBytes = 1024;

        /// <summary>jobId of the execution.</summary>
        public string JobId;

        /// <summary>executionNumber.</summary>
        public long ExecutionNumber;

        /// <summary>Last known versionNumber.</summary>
        public long VersionNumber;

        /// <summary>Phase.</summary>
        public ExecutionPhase Phase;

        /// <summary>Decided terminal status (phase Finishing), otherwise Unknown.</summary>
        public JobExecutionStatus TerminalStatus;

        /// <summary>Reason of a FAILED/REJECTED terminal status, or null.</summary>
        public string Reason;

        /// <summary>Boots seen in this phase (0 when the phase was just written).</summary>
        public int Boots;

        /// <summary>The handler's checkpoint, or null.</summary>
        public byte[] Checkpoint;

        /// <summary>Forgets everything.</summary>
        public void Clear()
        {
            JobId = null;
            ExecutionNumber = 0;
            VersionNumber = 0;
            Phase = ExecutionPhase.None;
            TerminalStatus = JobExecutionStatus.Unknown;
            Reason = null;
            Boots = 0;
            Checkpoint = null;
        }

        /// <summary>Encodes the record into a new array.</summary>
        public byte[] Encode()
        {
            byte[] id = System.Text.Encoding.UTF8.GetBytes(JobId == null ? string.Empty : JobId);
            byte[] reason = System.Text.Encoding.UTF8.GetBytes(Reason == null ? string.Empty : Reason);
            int idLen = id.Length > 255 ? 255 : id.Length;
            int reasonLen = reason.Length > 255 ? 255 : reason.Length;
            int cpLen = Checkpoint == null ? 0 : (Checkpoint.Length > MaxCheckpointBytes ? MaxCheckpointBytes : Checkpoint.Length);
            byte[] data = new byte[6 + 16 + 1 + idLen + 1 + reasonLen + 2 + cpLen];
            data[0] = (byte)'N';
            data[1] = (byte)'J';
            data[2] = Format;
            data[3] = (byte)Phase;
            data[4] = (byte)TerminalStatus;
            data[5] = (byte)(Boots > 255 ? 255 : Boots);
            int p = 6;
            PutInt64(data, p, ExecutionNumber);
            PutInt64(data, p + 8, VersionNumber);
            p += 16;
            data[p++] = (byte)idLen;
            System.Array.Copy(id, 0, data, p, idLen);
            p += idLen;
            data[p++] = (byte)reasonLen;
            System.Array.Copy(reason, 0, data, p, reasonLen);
            p += reasonLen;
            data[p++] = (byte)(cpLen & 0xFF);
            data[p++] = (byte)(cpLen >> 8);
            if (cpLen > 0)
            {
                System.Array.Copy(Checkpoint, 0, data, p, cpLen);
            }

            return data;
        }

        /// <summary>Decodes <paramref name="data"/>; false (and a cleared record) when it is absent, cut or not this format.</summary>
        public bool Decode(byte[] data)
        {
            Clear();
            if (data == null || data.Length < 6 + 16 + 1 + 1 + 2 || data[0] != (byte)'N' || data[1] != (byte)'J' || data[2] != Format)
            {
                return false;
            }

            if (data[3] < 1 || data[3] > 4 || data[4] > 8)
            {
                return false;
            }

            int p = 22;
            int idLen = data[p++];
            if (idLen == 0 || p + idLen + 1 + 2 > data.Length)
            {
                return false;
            }

            string id = System.Text.Encoding.UTF8.GetString(data, p, idLen);
            p += idLen;
            int reasonLen = data[p++];
            if (p + reasonLen + 2 > data.Length)
            {
                return false;
            }

            string reason = reasonLen == 0 ? null : System.Text.Encoding.UTF8.GetString(data, p, reasonLen);
            p += reasonLen;
            int cpLen = data[p] | (data[p + 1] << 8);
            p += 2;
            if (cpLen > MaxCheckpointBytes || p + cpLen != data.Length || !JobsValidation.IsValidJobId(id, false))
            {
                return false;
            }

            Phase = (ExecutionPhase)data[3];
            TerminalStatus = (JobExecutionStatus)data[4];
            Boots = data[5];
            ExecutionNumber = GetInt64(data, 6);
            VersionNumber = GetInt64(data, 14);
            JobId = id;
            Reason = reason;
            if (cpLen > 0)
            {
                Checkpoint = new byte[cpLen];
                System.Array.Copy(data, p, Checkpoint, 0, cpLen);
            }

            return true;
        }

        private static void PutInt64(byte[] b, int p, long v)
        {
            for (int i = 0; i < 8; i++)
            {
                b[p + i] = (byte)(v >> (8 * i));
            }
        }

        private static long GetInt64(byte[] b, int p)
        {
            long v = 0;
            for (int i = 7; i >= 0; i--)
            {
                v = (v << 8) | b[p + i];
            }

            return v;
        }
    }
}
