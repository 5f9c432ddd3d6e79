namespace NfDevice.Jobs.Engine
{
    /// <summary>States of the engine (rows of <see cref="TransitionTable"/>). The order matches <see cref="AgentNames"/>.</summary>
    public enum AgentState
    {
        /// <summary>No MQTT session.</summary>
        Offline = 0,
        /// <summary>Session up; subscribing to notify-next and the reply topics.</summary>
        Connecting = 1,
        /// <summary>DescribeJobExecution <c>$next</c> in flight.</summary>
        Discovering = 2,
        /// <summary>Nothing pending; waiting for notify-next.</summary>
        Idle = 3,
        /// <summary>DescribeJobExecution of the execution this device already holds (after a reconnect or restart) in flight.</summary>
        Resuming = 4,
        /// <summary>Choosing a handler and validating the job document (transient).</summary>
        Validating = 5,
        /// <summary>UpdateJobExecution IN_PROGRESS in flight.</summary>
        Starting = 6,
        /// <summary>The handler runs step by step.</summary>
        Running = 7,
        /// <summary>A progress update (IN_PROGRESS with statusDetails) in flight; the handler waits.</summary>
        Reporting = 8,
        /// <summary>The terminal update (SUCCEEDED, FAILED or REJECTED) in flight.</summary>
        Finishing = 9,
        /// <summary>A request was given up; the engine waits before discovering again.</summary>
        Stalled = 10,
        /// <summary>The platform was asked to reboot.</summary>
        Rebooting = 11,
    }

    /// <summary>What happened: inputs of <see cref="TransitionTable"/> (from MQTT, timers, or the outcome of an action).</summary>
    public enum AgentEvent
    {
        /// <summary>The engine started (first <see cref="JobAgent.RunOnce"/>).</summary>
        Boot = 0,
        /// <summary>The MQTT session came up.</summary>
        Connected = 1,
        /// <summary>The MQTT session went down.</summary>
        Disconnected = 2,
        /// <summary>Subscribed; no execution held.</summary>
        Ready = 3,
        /// <summary>Subscribed; an execution is held (in memory or from the persisted record).</summary>
        ReadyWithJob = 4,
        /// <summary>A subscription failed.</summary>
        SubscribeFailed = 5,
        /// <summary>notify-next names an execution other than the one held.</summary>
        NextJob = 6,
        /// <summary>notify-next without execution: nothing is pending.</summary>
        NextEmpty = 7,
        /// <summary>notify-next names the execution already held (a duplicate delivery).</summary>
        NextSame = 8,
        /// <summary>DescribeJobExecution <c>$next</c> accepted with an execution.</summary>
        JobFound = 9,
        /// <summary>DescribeJobExecution <c>$next</c> accepted without execution.</summary>
        NoJob = 10,
        /// <summary>DescribeJobExecution of the held execution accepted, status not terminal.</summary>
        Described = 11,
        /// <summary>The held execution ended on the cloud side (terminal status, ResourceNotFound, TerminalStateReached).</summary>
        Gone = 12,
        /// <summary>UpdateJobExecution accepted.</summary>
        UpdateAccepted = 13,
        /// <summary>The describe sent after a VersionMismatch was accepted; the new versionNumber is known.</summary>
        Refreshed = 14,
        /// <summary>Rejected with RequestThrottled or InternalError.</summary>
        Retryable = 15,
        /// <summary>Rejected with VersionMismatch.</summary>
        VersionMismatch = 16,
        /// <summary>Rejected with another code (InvalidRequest, InvalidJson, InvalidTopic, InvalidStateTransition to a non-terminal state).</summary>
        RejectedOther = 17,
        /// <summary>No answer within <see cref="AgentOptions.ReplyTimeoutMs"/>.</summary>
        ReplyTimeout = 18,
        /// <summary>The backoff delay elapsed.</summary>
        RetryDue = 19,
        /// <summary>The request was tried <see cref="AgentOptions.MaxAttempts"/> times, or a version mismatch came back twice.</summary>
        GiveUp = 20,
        /// <summary>The held execution is QUEUED in the cloud: validate and start it.</summary>
        NeedStart = 21,
        /// <summary>The held execution is IN_PROGRESS and its handler is ready: run it.</summary>
        NeedRun = 22,
        /// <summary>The held execution has a decided terminal status to report.</summary>
        NeedFinish = 23,
        /// <summary>A handler accepted the job document.</summary>
        DocumentValid = 24,
        /// <summary>The job document cannot run here; a REJECTED status with reason is decided.</summary>
        DocumentInvalid = 25,
        /// <summary>The execution record could not be written; a FAILED status with reason is decided.</summary>
        PersistFailed = 26,
        /// <summary>The step timer elapsed.</summary>
        StepDue = 27,
        /// <summary>The handler has progress to report and the throttle allows it.</summary>
        ProgressDue = 28,
        /// <summary>The handler finished (Succeeded or Failed); the terminal status is decided and persisted.</summary>
        JobDone = 29,
        /// <summary>The handler waits for a reboot.</summary>
        RebootRequested = 30,
        /// <summary>The handler asked for a fresh job document (its presigned URL expired).</summary>
        DocumentWanted = 31,
        /// <summary>DescribeJobExecution of the held execution for a fresh document accepted, status not terminal.</summary>
        DocumentFetched = 32,
        /// <summary>DescribeJobExecution <c>$next</c> rejected with InvalidRequest: the cloud cannot deliver the next document.</summary>
        NextUndeliverable = 33,
        /// <summary>GetPendingJobExecutions accepted with at least one execution.</summary>
        PendingFound = 34,
        /// <summary>A describe answer (or notify-next) whose execution is readable but whose job document the device cannot hold.</summary>
        JobUnreadable = 35,
    }

    /// <summary>Work a transition does. Implemented by one method each in JobAgent.Actions.cs.</summary>
    public enum AgentAction
    {
        /// <summary>Nothing.</summary>
        None = 0,
        /// <summary>Reads the execution record; posts Connected if the session is already up.</summary>
        LoadRecord = 1,
        /// <summary>Subscribes; outcome Ready, ReadyWithJob or SubscribeFailed.</summary>
        Subscribe = 2,
        /// <summary>Sends DescribeJobExecution <c>$next</c>.</summary>
        SendDescribeNext = 3,
        /// <summary>Sends DescribeJobExecution of the held execution.</summary>
        SendDescribeCurrent = 4,
        /// <summary>Takes the execution of the describe answer and picks a handler; outcome DocumentValid or DocumentInvalid.</summary>
        TakeJob = 5,
        /// <summary>Persists the record and sends IN_PROGRESS; outcome PersistFailed on a store failure.</summary>
        BeginJob = 6,
        /// <summary>Starts the handler after IN_PROGRESS was accepted.</summary>
        StartHandler = 7,
        /// <summary>Decides how to go on with a described held execution; outcome NeedStart, NeedRun or NeedFinish.</summary>
        ResumeCheck = 8,
        /// <summary>Schedules the next handler step (records the new versionNumber after a progress update).</summary>
        ContinueRunning = 9,
        /// <summary>Runs one handler step; outcome ProgressDue, JobDone or RebootRequested.</summary>
        Step = 10,
        /// <summary>Sends a progress update.</summary>
        SendProgress = 11,
        /// <summary>Sends the decided terminal status.</summary>
        SendTerminal = 12,
        /// <summary>Decides FAILED because the cloud refused IN_PROGRESS, then sends it.</summary>
        FailRejected = 13,
        /// <summary>Terminal status accepted: counts it, deletes the record, discovers again.</summary>
        CloseJob = 14,
        /// <summary>The execution ended on the cloud side: cancels the handler, deletes the record, discovers again without reporting.</summary>
        AbandonJob = 15,
        /// <summary>Gives the handler the freshly delivered job document.</summary>
        RefreshDocument = 16,
        /// <summary>Schedules a resend with backoff; outcome GiveUp when attempts are used up.</summary>
        ScheduleRetry = 17,
        /// <summary>Sends the pending request again (new clientToken).</summary>
        Resend = 18,
        /// <summary>After VersionMismatch: describes the execution for its versionNumber (once); outcome Gone or GiveUp.</summary>
        RefreshVersion = 19,
        /// <summary>Sends the pending update again with the refreshed versionNumber.</summary>
        ResendUpdate = 20,
        /// <summary>Forgets the request in flight and every timer; the held execution is kept.</summary>
        GoOffline = 21,
        /// <summary>Waits <see cref="AgentOptions.RediscoverDelayMs"/> before discovering again.</summary>
        ScheduleRediscover = 22,
        /// <summary>Persists the Rebooting phase and asks the platform to reboot; outcome PersistFailed.</summary>
        PrepareReboot = 23,
        /// <summary>Describes the held execution with its job document (placeholders resolved afresh).</summary>
        SendDescribeDocument = 24,
        /// <summary>Gives the handler the described document and goes on running.</summary>
        TakeFreshDocument = 25,
        /// <summary>Sends GetPendingJobExecutions (summaries carry no document, so they can always be delivered).</summary>
        SendGetPending = 26,
        /// <summary>Takes the first pending execution and decides FAILED with reason documentNotDelivered, then sends it.</summary>
        FailUndeliverable = 27,
        /// <summary>Takes the readable identity of an execution whose document cannot be held and ends it REJECTED with the reason (or re-sends a terminal status already decided).</summary>
        RejectUnreadable = 28,
    }
}
