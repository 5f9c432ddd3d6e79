namespace NfDevice.Jobs.Protocol
{
    /// <summary>
    /// The fields of an UpdateJobExecution request (reference §2.5). Reusable: <see cref="Clear"/> between
    /// requests. Optional numbers use 0 for "omit" (AWS numbers these from 1); booleans are written only when true
    /// (AWS defaults both to false).
    /// </summary>
    public sealed class UpdateJobExecutionRequest
    {
        /// <summary>Required: IN_PROGRESS, SUCCEEDED, FAILED or REJECTED.</summary>
        public JobExecutionStatus Status;

        /// <summary>Pairs to report; null or empty omits statusDetails (AWS then leaves them unchanged). The map is read, not copied.</summary>
        public StatusDetails StatusDetails;

        /// <summary>expectedVersion, or 0 to omit. Written as a JSON number, as the API reference types it.</summary>
        public long ExpectedVersion;

        /// <summary>executionNumber, or 0 to omit.</summary>
        public long ExecutionNumber;

        /// <summary>Ask for executionState in the accepted reply.</summary>
        public bool IncludeJobExecutionState;

        /// <summary>Ask for jobDocument in the accepted reply.</summary>
        public bool IncludeJobDocument;

        /// <summary>stepTimeoutInMinutes 1-10080, -1 to cancel the step timer, 0 to omit.</summary>
        public int StepTimeoutInMinutes;

        /// <summary>clientToken (1-64 characters), or null to omit.</summary>
        public string ClientToken;

        /// <summary>Resets every field to "omit".</summary>
        public void Clear()
        {
            Status = JobExecutionStatus.Unknown;
            StatusDetails = null;
            ExpectedVersion = 0;
            ExecutionNumber = 0;
            IncludeJobExecutionState = false;
            IncludeJobDocument = false;
            StepTimeoutInMinutes = 0;
            ClientToken = null;
        }
    }
}
