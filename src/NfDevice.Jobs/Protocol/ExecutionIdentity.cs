using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Protocol
{
    /// <summary>Why a job document delivered with a readable execution cannot be held by the device.</summary>
    public enum DocumentProblem
    {
        /// <summary>No problem found in the document (the payload failed elsewhere).</summary>
        None = 0,
        /// <summary><c>jobDocument</c> is not a JSON object (over MQTT it always is, reference §2).</summary>
        NotAnObject = 1,
        /// <summary>The document is longer than <see cref="JsonLimits.MaxDocumentBytes"/> bytes of UTF-8 (AWS counts 32768 characters).</summary>
        TooLarge = 2,
        /// <summary>The reply nests deeper than <see cref="JsonLimits.MaxDepth"/> levels.</summary>
        TooDeep = 3,
        /// <summary>The document breaks the JSON grammar or UTF-8.</summary>
        Malformed = 4,
    }

    /// <summary>
    /// Who an execution is, read from a reply <see cref="JobsReplies.Decode"/> refused because of its job document:
    /// clientToken, jobId, executionNumber, versionNumber, status, and what is wrong with the document. Offsets point
    /// into <see cref="Buffer"/>. Reused; nothing is allocated until <see cref="GetJobId"/>.
    /// </summary>
    public sealed class ExecutionIdentity
    {
        /// <summary>The payload read.</summary>
        public byte[] Buffer;

        /// <summary>Offset of the clientToken string token (quotes included), or -1.</summary>
        public int ClientTokenOffset;

        /// <summary>Length of the clientToken token.</summary>
        public int ClientTokenLength;

        /// <summary>Offset of the jobId's characters (quotes excluded), or -1.</summary>
        public int JobIdOffset;

        /// <summary>Length of the jobId.</summary>
        public int JobIdLength;

        /// <summary>executionNumber, or 0 when absent.</summary>
        public long ExecutionNumber;

        /// <summary>versionNumber, or 0 when absent.</summary>
        public long VersionNumber;

        /// <summary>status, or Unknown when absent.</summary>
        public JobExecutionStatus Status;

        /// <summary>What is wrong with the document.</summary>
        public DocumentProblem Problem;

        /// <summary>Bytes of the document as delivered.</summary>
        public int DocumentLength;

        /// <summary>Forgets everything.</summary>
        public void Clear()
        {
            Buffer = null;
            ClientTokenOffset = -1;
            ClientTokenLength = 0;
            JobIdOffset = -1;
            JobIdLength = 0;
            ExecutionNumber = 0;
            VersionNumber = 0;
            Status = JobExecutionStatus.Unknown;
            Problem = DocumentProblem.None;
            DocumentLength = 0;
        }

        /// <summary>True when a jobId was read.</summary>
        public bool HasJobId
        {
            get { return JobIdOffset >= 0 && JobIdLength > 0; }
        }

        /// <summary>The jobId as a new string, or null.</summary>
        public string GetJobId()
        {
            return HasJobId ? System.Text.Encoding.UTF8.GetString(Buffer, JobIdOffset, JobIdLength) : null;
        }

        /// <summary>True when the jobId equals <paramref name="jobId"/>.</summary>
        public bool JobIdEquals(string jobId)
        {
            return HasJobId && JobsReplies.AsciiEquals(Buffer, JobIdOffset, JobIdLength, jobId);
        }

        /// <summary>True when the reply carries <paramref name="clientToken"/>.</summary>
        public bool ClientTokenEquals(string clientToken)
        {
            return ClientTokenOffset >= 0 && JsonReader.StringEquals(Buffer, ClientTokenOffset, ClientTokenLength, clientToken);
        }
    }
}
