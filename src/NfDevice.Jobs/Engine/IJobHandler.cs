namespace NfDevice.Jobs.Engine
{
    /// <summary>What one handler step reports back to the engine.</summary>
    public enum StepResult
    {
        /// <summary>Work was done and more steps are needed: the engine may step again at once, within its time slice.</summary>
        Running = 0,
        /// <summary>Done; the execution ends SUCCEEDED.</summary>
        Succeeded = 1,
        /// <summary>Done; the execution ends FAILED with <see cref="JobContext.FailureReason"/> (use <see cref="JobContext.Fail"/>).</summary>
        Failed = 2,
        /// <summary>The handler needs a reboot; the engine persists the execution and calls IPower.Reboot.</summary>
        WaitingForReboot = 3,
        /// <summary>
        /// Nothing can be done until time passes or an event arrives (a backoff, an answer awaited): the engine ends
        /// the slice and steps again after <see cref="AgentOptions.StepIntervalMs"/> (at least <see cref="AgentOptions.IdleStepMs"/>).
        /// </summary>
        Waiting = 4,
    }

    /// <summary>
    /// Runs one kind of job, chosen by the job document's <c>operation</c>. Every call is made on the engine
    /// thread and must return quickly: long work is split into steps so that cancel events are seen in between.
    /// The step contract: one <see cref="Step"/> does one bounded piece of work (a chunk) and says whether more is
    /// ready (<see cref="StepResult.Running"/>) or it must wait (<see cref="StepResult.Waiting"/>). The engine, not the
    /// handler, decides how many steps fit: it steps again while no event is queued, no timer is due, no progress
    /// report or document is wanted, and the time slice (<see cref="AgentOptions.StepSliceMs"/>) lasts.
    /// </summary>
    public interface IJobHandler
    {
        /// <summary>The document's <c>operation</c> this handler runs (for example "reboot").</summary>
        string Operation { get; }

        /// <summary>Checks the document before the execution is started. Returns null when it can run, or the reason it cannot: a reason word, optionally followed by ": " and a detail (REJECTED carries the word in statusDetails <c>reason</c> and the detail in <c>detail</c>).</summary>
        string Validate(JobContext context);

        /// <summary>Called once IN_PROGRESS is accepted, or after a restart (<see cref="JobContext.IsResumed"/>, with <see cref="JobContext.Checkpoint"/>).</summary>
        void Start(JobContext context);

        /// <summary>Does a bounded piece of work.</summary>
        StepResult Step(JobContext context);

        /// <summary>The execution ended on the cloud side (canceled, removed, timed out): stop and release resources. Nothing is reported.</summary>
        void Cancel(JobContext context);
    }

    /// <summary>
    /// A handler that keeps durable state of its own beside the execution record (a download checkpoint, a
    /// partial image in a slot). When an execution ends on the cloud side before the handler was started in
    /// this boot (the cloud forgot it while the device was off), the engine calls every such handler so that
    /// nothing of it is left behind.
    /// </summary>
    public interface IJobLeftovers
    {
        /// <summary>Removes what the handler stored for execution <paramref name="jobId"/>, if anything (idempotent). Nothing is reported.</summary>
        void DiscardLeftovers(string jobId);
    }

    /// <summary>
    /// Recognizes a known document format without <c>operation</c> (for example FreeRTOS <c>afr_ota</c>) and names
    /// the operation of the handler that runs it.
    /// </summary>
    public interface IJobFormat
    {
        /// <summary>The operation to use for this document, or null when the format is not recognized.</summary>
        string Recognize(byte[] document, int offset, int count);
    }
}
