using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Engine
{
    /// <summary>What a handler sees of the execution it runs. One instance per execution, owned by the engine.</summary>
    public sealed class JobContext
    {
        private readonly JobAgent _agent;

        internal JobContext(JobAgent agent, IDeviceInfo device, IPower power, IClock clock, ILog log)
        {
            _agent = agent;
            Device = device;
            Power = power;
            Clock = clock;
            Log = log;
            Details = new StatusDetails();
        }

        /// <summary>jobId of the execution.</summary>
        public string JobId { get; internal set; }

        /// <summary>executionNumber of the execution.</summary>
        public long ExecutionNumber { get; internal set; }

        /// <summary>The document's operation (or the one an <see cref="IJobFormat"/> named).</summary>
        public string Operation { get; internal set; }

        /// <summary>The buffer holding the job document (a JSON object). Replaced on every fresh delivery: read it again after <see cref="DocumentVersion"/> changes.</summary>
        public byte[] DocumentBuffer { get; internal set; }

        /// <summary>Where the job document starts in <see cref="DocumentBuffer"/>.</summary>
        public int DocumentOffset { get; internal set; }

        /// <summary>Length of the job document.</summary>
        public int DocumentLength { get; internal set; }

        /// <summary>Counts deliveries of the document (presigned URLs change with each one); starts at 1.</summary>
        public int DocumentVersion { get; internal set; }

        /// <summary>True when the handler is started again after a restart of the agent.</summary>
        public bool IsResumed { get; internal set; }

        /// <summary>True when the agent restarted after the handler returned <see cref="StepResult.WaitingForReboot"/>.</summary>
        public bool ResumedAfterReboot { get; internal set; }

        /// <summary>The checkpoint last saved with <see cref="SaveCheckpoint"/> (kept across restarts), or null.</summary>
        public byte[] Checkpoint { get; internal set; }

        /// <summary>statusDetails sent with progress and terminal updates; the engine adds <c>reason</c> on failure.</summary>
        public StatusDetails Details { get; private set; }

        /// <summary>Reason given with <see cref="Fail"/>, or null.</summary>
        public string FailureReason { get; internal set; }

        /// <summary>True while a progress update is wanted and not yet sent.</summary>
        public bool ProgressPending { get; internal set; }

        /// <summary>Firmware version and platform name.</summary>
        public IDeviceInfo Device { get; private set; }

        /// <summary>Power and memory.</summary>
        public IPower Power { get; private set; }

        /// <summary>Time.</summary>
        public IClock Clock { get; private set; }

        /// <summary>The agent's log.</summary>
        public ILog Log { get; private set; }

        /// <summary>True when the pending progress update must not wait for the throttle (see <see cref="ReportProgressNow"/>).</summary>
        public bool ProgressUrgent { get; internal set; }

        /// <summary>
        /// Asks for a progress update that goes out at the next opportunity, past the throttle: for a step the
        /// cloud must see before something irreversible (the trial reboot of a new image).
        /// </summary>
        public void ReportProgressNow()
        {
            ProgressPending = true;
            ProgressUrgent = true;
        }

        /// <summary>True while the handler waits for a fresh delivery of the document (see <see cref="RequestDocument"/>).</summary>
        public bool DocumentWanted { get; internal set; }

        /// <summary>
        /// Asks the engine to describe the execution again: the document comes back with its placeholders
        /// resolved afresh (a new presigned URL) and <see cref="DocumentVersion"/> goes up. Used after a 403.
        /// </summary>
        public void RequestDocument()
        {
            DocumentWanted = true;
        }

        /// <summary>Asks for a progress update with <see cref="Details"/>; the engine sends it when its throttle allows.</summary>
        public void ReportProgress()
        {
            ProgressPending = true;
        }

        /// <summary>Stores <paramref name="data"/> (at most <see cref="ExecutionRecord.MaxCheckpointBytes"/>) with the execution record. Returns false if the store failed.</summary>
        public bool SaveCheckpoint(byte[] data)
        {
            if (data != null && data.Length > ExecutionRecord.MaxCheckpointBytes)
            {
                return false;
            }

            return _agent.SaveCheckpoint(data);
        }

        /// <summary>
        /// Tells the engine that durable progress was made in this boot (for example a download checkpoint moved
        /// on), so the restarts before it are not counted as a reboot loop. Only restarts without progress are.
        /// </summary>
        public void NoteProgress()
        {
            _agent.NoteProgress();
        }

        /// <summary>Records <paramref name="reason"/> and returns <see cref="StepResult.Failed"/>: <c>return context.Fail("download");</c>.</summary>
        public StepResult Fail(string reason)
        {
            FailureReason = reason;
            return StepResult.Failed;
        }

        internal void Reset()
        {
            JobId = null;
            ExecutionNumber = 0;
            Operation = null;
            DocumentBuffer = null;
            DocumentOffset = 0;
            DocumentLength = 0;
            DocumentVersion = 0;
            IsResumed = false;
            ResumedAfterReboot = false;
            Checkpoint = null;
            FailureReason = null;
            ProgressPending = false;
            ProgressUrgent = false;
            DocumentWanted = false;
            Details.Clear();
        }

        internal void SetDocument(byte[] buffer, int offset, int length)
        {
            DocumentBuffer = buffer;
            DocumentOffset = offset;
            DocumentLength = length;
            DocumentVersion++;
        }
    }
}
