namespace NfDevice.Jobs.Protocol
{
    /// <summary>
    /// Job execution status (reference §3.1; AWS IoT API Reference JobExecutionStatus). The order matches
    /// <see cref="JobsNames.StatusName"/>'s table; a test pins it.
    /// </summary>
    public enum JobExecutionStatus
    {
        /// <summary>Absent or not one of AWS's values.</summary>
        Unknown = 0,

        /// <summary>QUEUED (set by the service).</summary>
        Queued = 1,

        /// <summary>IN_PROGRESS.</summary>
        InProgress = 2,

        /// <summary>SUCCEEDED (terminal).</summary>
        Succeeded = 3,

        /// <summary>FAILED (terminal, retryable by job config).</summary>
        Failed = 4,

        /// <summary>TIMED_OUT (terminal, set by the service).</summary>
        TimedOut = 5,

        /// <summary>REJECTED (terminal).</summary>
        Rejected = 6,

        /// <summary>REMOVED (terminal, set by the service).</summary>
        Removed = 7,

        /// <summary>CANCELED (terminal, set by the service).</summary>
        Canceled = 8,
    }

    /// <summary>The <c>code</c> of a rejected reply (reference §2.7; AWS IoT developer guide, jobs-api ErrorResponse).</summary>
    public enum JobsErrorCode
    {
        /// <summary>Absent or not one of AWS's codes.</summary>
        Unknown = 0,

        /// <summary>The request was sent to a Jobs topic that maps to no API.</summary>
        InvalidTopic = 1,

        /// <summary>The request payload is not valid UTF-8 JSON.</summary>
        InvalidJson = 2,

        /// <summary>The request contents are invalid.</summary>
        InvalidRequest = 3,

        /// <summary>The transition is not allowed from the current state; carries executionState.</summary>
        InvalidStateTransition = 4,

        /// <summary>The job execution does not exist.</summary>
        ResourceNotFound = 5,

        /// <summary>expectedVersion differs from the current version; carries executionState.</summary>
        VersionMismatch = 6,

        /// <summary>Internal error (retryable).</summary>
        InternalError = 7,

        /// <summary>Throttled (retryable).</summary>
        RequestThrottled = 8,

        /// <summary>Describe performed on a job in a terminal state.</summary>
        TerminalStateReached = 9,
    }
}
