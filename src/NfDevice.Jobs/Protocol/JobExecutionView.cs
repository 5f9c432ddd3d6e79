using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Protocol
{
    /// <summary>
    /// A JobExecution (reference §2.1) decoded in place: numbers read out, strings and objects as ranges of
    /// <see cref="Buffer"/>. Reusable; valid only while the payload buffer is unchanged. Absent numbers are 0,
    /// absent ranges have offset -1 and length 0.
    /// </summary>
    public sealed class JobExecutionView
    {
        /// <summary>True when the reply carried an <c>execution</c>.</summary>
        public bool IsPresent;

        /// <summary>The payload the ranges point into.</summary>
        public byte[] Buffer;

        /// <summary>jobId text (no quotes; checked to be 1-64 of [a-zA-Z0-9_-], so it needs no unescaping).</summary>
        public int JobIdOffset;

        /// <summary>Length of the jobId text.</summary>
        public int JobIdLength;

        /// <summary>thingName string token (with quotes); observed MQTT traffic omits it.</summary>
        public int ThingNameOffset;

        /// <summary>Length of the thingName token.</summary>
        public int ThingNameLength;

        /// <summary>status.</summary>
        public JobExecutionStatus Status;

        /// <summary>statusDetails object token.</summary>
        public int StatusDetailsOffset;

        /// <summary>Length of the statusDetails token.</summary>
        public int StatusDetailsLength;

        /// <summary>jobDocument object token (at most 32768 bytes).</summary>
        public int JobDocumentOffset;

        /// <summary>Length of the jobDocument token; 0 when absent.</summary>
        public int JobDocumentLength;

        /// <summary>queuedAt, epoch seconds.</summary>
        public long QueuedAt;

        /// <summary>startedAt, epoch seconds (absent while QUEUED).</summary>
        public long StartedAt;

        /// <summary>lastUpdatedAt, epoch seconds.</summary>
        public long LastUpdatedAt;

        /// <summary>versionNumber (1 when queued, +1 per accepted update).</summary>
        public long VersionNumber;

        /// <summary>executionNumber.</summary>
        public long ExecutionNumber;

        /// <summary>approximateSecondsBeforeTimedOut, when present.</summary>
        public long ApproximateSecondsBeforeTimedOut;

        /// <summary>A cleared view.</summary>
        public JobExecutionView()
        {
            Clear();
        }

        /// <summary>Forgets everything.</summary>
        public void Clear()
        {
            IsPresent = false;
            Buffer = null;
            JobIdOffset = -1;
            JobIdLength = 0;
            ThingNameOffset = -1;
            ThingNameLength = 0;
            Status = JobExecutionStatus.Unknown;
            StatusDetailsOffset = -1;
            StatusDetailsLength = 0;
            JobDocumentOffset = -1;
            JobDocumentLength = 0;
            QueuedAt = 0;
            StartedAt = 0;
            LastUpdatedAt = 0;
            VersionNumber = 0;
            ExecutionNumber = 0;
            ApproximateSecondsBeforeTimedOut = 0;
        }

        /// <summary>True when a jobDocument was included.</summary>
        public bool HasJobDocument
        {
            get { return JobDocumentLength > 0; }
        }

        /// <summary>The jobId as a new string; null when absent.</summary>
        public string GetJobId()
        {
            return JobIdLength > 0 ? System.Text.Encoding.UTF8.GetString(Buffer, JobIdOffset, JobIdLength) : null;
        }

        /// <summary>True when the jobId equals <paramref name="jobId"/> (no allocation).</summary>
        public bool JobIdEquals(string jobId)
        {
            return JobsReplies.AsciiEquals(Buffer, JobIdOffset, JobIdLength, jobId);
        }
    }

    /// <summary>JobExecutionState (reference §2.1): status, statusDetails, versionNumber.</summary>
    public sealed class JobExecutionStateView
    {
        /// <summary>True when the reply carried an <c>executionState</c>.</summary>
        public bool IsPresent;

        /// <summary>status.</summary>
        public JobExecutionStatus Status;

        /// <summary>statusDetails object token, -1 when absent.</summary>
        public int StatusDetailsOffset;

        /// <summary>Length of the statusDetails token.</summary>
        public int StatusDetailsLength;

        /// <summary>versionNumber.</summary>
        public long VersionNumber;

        /// <summary>A cleared view.</summary>
        public JobExecutionStateView()
        {
            Clear();
        }

        /// <summary>Forgets everything.</summary>
        public void Clear()
        {
            IsPresent = false;
            Status = JobExecutionStatus.Unknown;
            StatusDetailsOffset = -1;
            StatusDetailsLength = 0;
            VersionNumber = 0;
        }
    }

    /// <summary>JobExecutionSummary (reference §2.1): jobId, queuedAt, startedAt, lastUpdatedAt, versionNumber, executionNumber.</summary>
    public sealed class JobExecutionSummaryView
    {
        /// <summary>The payload the ranges point into.</summary>
        public byte[] Buffer;

        /// <summary>jobId text (no quotes, validated).</summary>
        public int JobIdOffset;

        /// <summary>Length of the jobId text.</summary>
        public int JobIdLength;

        /// <summary>queuedAt, epoch seconds.</summary>
        public long QueuedAt;

        /// <summary>startedAt, epoch seconds (0 when absent).</summary>
        public long StartedAt;

        /// <summary>lastUpdatedAt, epoch seconds.</summary>
        public long LastUpdatedAt;

        /// <summary>versionNumber.</summary>
        public long VersionNumber;

        /// <summary>executionNumber.</summary>
        public long ExecutionNumber;

        /// <summary>A cleared view.</summary>
        public JobExecutionSummaryView()
        {
            Clear();
        }

        /// <summary>Forgets everything.</summary>
        public void Clear()
        {
            Buffer = null;
            JobIdOffset = -1;
            JobIdLength = 0;
            QueuedAt = 0;
            StartedAt = 0;
            LastUpdatedAt = 0;
            VersionNumber = 0;
            ExecutionNumber = 0;
        }

        /// <summary>The jobId as a new string.</summary>
        public string GetJobId()
        {
            return JobIdLength > 0 ? System.Text.Encoding.UTF8.GetString(Buffer, JobIdOffset, JobIdLength) : null;
        }

        /// <summary>True when the jobId equals <paramref name="jobId"/> (no allocation).</summary>
        public bool JobIdEquals(string jobId)
        {
            return JobsReplies.AsciiEquals(Buffer, JobIdOffset, JobIdLength, jobId);
        }
    }
}
