using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Protocol
{
    /// <summary>
    /// Any accepted, rejected or event payload of the Jobs API, decoded in place by <see cref="JobsReplies.Decode"/>.
    /// One instance is reused for every message: it holds ranges into the payload, not copies. Which members are
    /// filled depends on <see cref="Api"/> and <see cref="Kind"/>.
    /// </summary>
    public sealed class JobsReply
    {
        /// <summary>The API the payload answers.</summary>
        public JobsApi Api;

        /// <summary>Accepted, Rejected or Event.</summary>
        public JobsTopicKind Kind;

        /// <summary>The payload.</summary>
        public byte[] Buffer;

        /// <summary>Where the payload starts.</summary>
        public int Offset;

        /// <summary>Payload length.</summary>
        public int Count;

        /// <summary>The scanner's verdict when decoding returned <see cref="JobsResult.MalformedPayload"/>.</summary>
        public JsonResult JsonResult;

        /// <summary>timestamp, epoch seconds; 0 when absent.</summary>
        public long Timestamp;

        /// <summary>clientToken string token (with quotes), -1 when absent.</summary>
        public int ClientTokenOffset;

        /// <summary>Length of the clientToken token.</summary>
        public int ClientTokenLength;

        /// <summary><c>execution</c> of StartNext/Describe accepted and notify-next (IsPresent false when the queue is empty).</summary>
        public readonly JobExecutionView Execution = new JobExecutionView();

        /// <summary><c>executionState</c> of UpdateJobExecution accepted, and of rejected InvalidStateTransition/VersionMismatch.</summary>
        public readonly JobExecutionStateView ExecutionState = new JobExecutionStateView();

        /// <summary>Top-level <c>jobDocument</c> of UpdateJobExecution accepted (includeJobDocument), -1 when absent.</summary>
        public int JobDocumentOffset;

        /// <summary>Length of that jobDocument token.</summary>
        public int JobDocumentLength;

        /// <summary>IN_PROGRESS summaries: <c>inProgressJobs</c> of GetPending accepted, <c>jobs.IN_PROGRESS</c> of notify.</summary>
        public readonly JobExecutionSummaryView[] InProgressJobs;

        /// <summary>Entries of <see cref="InProgressJobs"/> in use.</summary>
        public int InProgressCount;

        /// <summary>QUEUED summaries: <c>queuedJobs</c> of GetPending accepted, <c>jobs.QUEUED</c> of notify.</summary>
        public readonly JobExecutionSummaryView[] QueuedJobs;

        /// <summary>Entries of <see cref="QueuedJobs"/> in use.</summary>
        public int QueuedCount;

        /// <summary>True when a list held more entries than the reply keeps (<see cref="JobsLimits.MaxSummaries"/> unless the constructor said fewer); the rest were validated and skipped.</summary>
        public bool SummariesTruncated;

        /// <summary><c>code</c> of a rejected reply.</summary>
        public JobsErrorCode ErrorCode;

        /// <summary><c>message</c> string token of a rejected reply, -1 when absent.</summary>
        public int MessageOffset;

        /// <summary>Length of the message token.</summary>
        public int MessageLength;

        /// <summary>A cleared reply that keeps up to <see cref="JobsLimits.MaxSummaries"/> summaries per list.</summary>
        public JobsReply()
            : this(JobsLimits.MaxSummaries)
        {
        }

        /// <summary>
        /// A cleared reply that keeps up to <paramref name="summariesPerList"/> summaries per list (1 to
        /// <see cref="JobsLimits.MaxSummaries"/>). Each kept summary is an object of its own on the heap (108 bytes on
        /// nanoCLR), so a reader that only ever acts on the first entry, as the engine does, keeps one.
        /// </summary>
        public JobsReply(int summariesPerList)
        {
            int n = summariesPerList < 1 ? 1 : (summariesPerList > JobsLimits.MaxSummaries ? JobsLimits.MaxSummaries : summariesPerList);
            InProgressJobs = NewSummaries(n);
            QueuedJobs = NewSummaries(n);
            Clear();
        }

        /// <summary>Forgets everything.</summary>
        public void Clear()
        {
            Api = JobsApi.None;
            Kind = JobsTopicKind.Request;
            Buffer = null;
            Offset = 0;
            Count = 0;
            JsonResult = JsonResult.Success;
            Timestamp = 0;
            ClientTokenOffset = -1;
            ClientTokenLength = 0;
            Execution.Clear();
            ExecutionState.Clear();
            JobDocumentOffset = -1;
            JobDocumentLength = 0;
            for (int i = 0; i < InProgressCount; i++)
            {
                InProgressJobs[i].Clear();
            }

            for (int i = 0; i < QueuedCount; i++)
            {
                QueuedJobs[i].Clear();
            }

            InProgressCount = 0;
            QueuedCount = 0;
            SummariesTruncated = false;
            ErrorCode = JobsErrorCode.Unknown;
            MessageOffset = -1;
            MessageLength = 0;
        }

        /// <summary>True when the reply's clientToken equals <paramref name="clientToken"/> (no allocation).</summary>
        public bool ClientTokenEquals(string clientToken)
        {
            return ClientTokenOffset >= 0 && JsonReader.StringEquals(Buffer, ClientTokenOffset, ClientTokenLength, clientToken);
        }

        /// <summary>The clientToken as a new string; null when absent.</summary>
        public string GetClientToken()
        {
            string s = null;
            if (ClientTokenOffset >= 0)
            {
                JsonReader.ReadString(Buffer, ClientTokenOffset, ClientTokenLength, out s);
            }

            return s;
        }

        /// <summary>The rejected message as a new string; null when absent.</summary>
        public string GetMessage()
        {
            string s = null;
            if (MessageOffset >= 0)
            {
                JsonReader.ReadString(Buffer, MessageOffset, MessageLength, out s);
            }

            return s;
        }

        private static JobExecutionSummaryView[] NewSummaries(int count)
        {
            JobExecutionSummaryView[] a = new JobExecutionSummaryView[count];
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = new JobExecutionSummaryView();
            }

            return a;
        }
    }
}
