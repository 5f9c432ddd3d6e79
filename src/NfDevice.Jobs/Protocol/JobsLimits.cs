namespace NfDevice.Jobs.Protocol
{
    /// <summary>AWS IoT Jobs limits, each with its source (reference §1.3).</summary>
    public static class JobsLimits
    {
        /// <summary>thingName length 1-128 (per AWS IoT API Reference ThingName; jobs.h JOBS_THINGNAME_MAX_LENGTH 128).</summary>
        public const int MaxThingNameLength = 128;

        /// <summary>jobId length 1-64 (per AWS IoT API Reference JobId; jobs.h JOBS_JOBID_MAX_LENGTH 64).</summary>
        public const int MaxJobIdLength = 64;

        /// <summary>clientToken at most 64 characters (FreeRTOS OTA "Max client token length (64)"; no Jobs-specific maximum is documented).</summary>
        public const int MaxClientTokenLength = 64;

        /// <summary>statusDetails key length 1-128 (per AWS IoT Jobs data plane API, DetailsKey).</summary>
        public const int MaxStatusDetailsKeyLength = 128;

        /// <summary>statusDetails value length 1-1024 characters (per AWS IoT Jobs data plane API, DetailsValue).</summary>
        public const int MaxStatusDetailsValueLength = 1024;

        /// <summary>At most 10 statusDetails pairs (documented for CancelJobExecution; applied to every request here).</summary>
        public const int MaxStatusDetailsPairs = 10;

        /// <summary>stepTimeoutInMinutes lower bound (per AWS IoT Jobs data plane API, StartNext/Update).</summary>
        public const int MinStepTimeoutInMinutes = 1;

        /// <summary>stepTimeoutInMinutes upper bound: 10080 minutes = 7 days (per AWS IoT Jobs data plane API).</summary>
        public const int MaxStepTimeoutInMinutes = 10080;

        /// <summary>stepTimeoutInMinutes value that cancels the step timer, UpdateJobExecution only (per AWS IoT Jobs data plane API).</summary>
        public const int CancelStepTimeout = -1;

        /// <summary>Longest Jobs topic: "$aws/things/" (12) + 128 + "/jobs/" (6) + 64 + "/update/accepted" (16) = 226 (jobs.h JOBS_API_MAX_LENGTH).</summary>
        public const int MaxTopicLength = 226;

        /// <summary>Pending execution summaries a GetPendingJobExecutions or notify list can carry: 10, 15 with scheduling (AWS IoT job limits).</summary>
        public const int MaxSummaries = 15;

        /// <summary>The jobId of DescribeJobExecution that means "the next pending execution".</summary>
        public const string NextJobId = "$next";
    }
}
