namespace NfDevice.Jobs.Protocol
{
    /// <summary>The operations and events of the AWS IoT Jobs MQTT API (reference §1.1), named as AWS names them.</summary>
    public enum JobsApi
    {
        /// <summary>No API (no match).</summary>
        None = 0,

        /// <summary><c>$aws/things/{thingName}/jobs/get</c>.</summary>
        GetPendingJobExecutions = 1,

        /// <summary><c>$aws/things/{thingName}/jobs/start-next</c>.</summary>
        StartNextPendingJobExecution = 2,

        /// <summary><c>$aws/things/{thingName}/jobs/{jobId}/get</c> (jobId may be <c>$next</c>).</summary>
        DescribeJobExecution = 3,

        /// <summary><c>$aws/things/{thingName}/jobs/{jobId}/update</c>.</summary>
        UpdateJobExecution = 4,

        /// <summary>Event on <c>$aws/things/{thingName}/jobs/notify</c>.</summary>
        JobExecutionsChanged = 5,

        /// <summary>Event on <c>$aws/things/{thingName}/jobs/notify-next</c>.</summary>
        NextJobExecutionChanged = 6,
    }

    /// <summary>Which topic of an API: the request the device publishes, the service's two answers, or an event.</summary>
    public enum JobsTopicKind
    {
        /// <summary>The topic the device publishes a request to.</summary>
        Request = 0,

        /// <summary><c>.../accepted</c>.</summary>
        Accepted = 1,

        /// <summary><c>.../rejected</c>.</summary>
        Rejected = 2,

        /// <summary>notify or notify-next (no suffix).</summary>
        Event = 3,
    }
}
