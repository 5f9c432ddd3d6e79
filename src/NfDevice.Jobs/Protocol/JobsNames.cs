namespace NfDevice.Jobs.Protocol
{
    /// <summary>Wire names of the enums, as tables indexed by the enum value (tests pin the order).</summary>
    public static class JobsNames
    {
        // Index 0 (Unknown/None) is never read: on nanoCLR an element the initializer leaves null is not null
        // (nanoFramework Home#1545, the compiler emits no store for it), so the accessors answer null themselves.
        private static readonly string[] Statuses =
        {
            null, "QUEUED", "IN_PROGRESS", "SUCCEEDED", "FAILED", "TIMED_OUT", "REJECTED", "REMOVED", "CANCELED",
        };

        private static readonly string[] ErrorCodes =
        {
            null, "InvalidTopic", "InvalidJson", "InvalidRequest", "InvalidStateTransition", "ResourceNotFound",
            "VersionMismatch", "InternalError", "RequestThrottled", "TerminalStateReached",
        };

        // Topic segments per JobsApi (jobs.h JOBS_API_* strings).
        private static readonly string[] ApiSegments =
        {
            null, "get", "start-next", "get", "update", "notify", "notify-next",
        };

        /// <summary>Number of <see cref="JobExecutionStatus"/> values including Unknown.</summary>
        public const int StatusCount = 9;

        /// <summary>Number of <see cref="JobsErrorCode"/> values including Unknown.</summary>
        public const int ErrorCodeCount = 10;

        /// <summary>Wire name of a status (<c>IN_PROGRESS</c>); null for Unknown or out of range.</summary>
        public static string StatusName(JobExecutionStatus status)
        {
            int i = (int)status;
            return (i > 0 && i < Statuses.Length) ? Statuses[i] : null;
        }

        /// <summary>Wire name of an error code (<c>VersionMismatch</c>); null for Unknown or out of range.</summary>
        public static string ErrorCodeName(JobsErrorCode code)
        {
            int i = (int)code;
            return (i > 0 && i < ErrorCodes.Length) ? ErrorCodes[i] : null;
        }

        /// <summary>The topic segment of an API (<c>start-next</c>); null for None.</summary>
        public static string ApiSegment(JobsApi api)
        {
            int i = (int)api;
            return (i > 0 && i < ApiSegments.Length) ? ApiSegments[i] : null;
        }

        /// <summary>Parses a status name (case-sensitive, as AWS sends it); Unknown when it is none.</summary>
        public static JobExecutionStatus ParseStatus(string name)
        {
            for (int i = 1; i < Statuses.Length; i++)
            {
                if (Statuses[i] == name)
                {
                    return (JobExecutionStatus)i;
                }
            }

            return JobExecutionStatus.Unknown;
        }

        /// <summary>Parses the status in the string token [offset, offset+length) of a payload without allocating.</summary>
        public static JobExecutionStatus ParseStatus(byte[] buffer, int offset, int length)
        {
            for (int i = 1; i < Statuses.Length; i++)
            {
                if (Json.JsonReader.StringEquals(buffer, offset, length, Statuses[i]))
                {
                    return (JobExecutionStatus)i;
                }
            }

            return JobExecutionStatus.Unknown;
        }

        /// <summary>Parses an error code name; Unknown when it is none.</summary>
        public static JobsErrorCode ParseErrorCode(string name)
        {
            for (int i = 1; i < ErrorCodes.Length; i++)
            {
                if (ErrorCodes[i] == name)
                {
                    return (JobsErrorCode)i;
                }
            }

            return JobsErrorCode.Unknown;
        }

        /// <summary>Parses the error code in the string token [offset, offset+length) without allocating.</summary>
        public static JobsErrorCode ParseErrorCode(byte[] buffer, int offset, int length)
        {
            for (int i = 1; i < ErrorCodes.Length; i++)
            {
                if (Json.JsonReader.StringEquals(buffer, offset, length, ErrorCodes[i]))
                {
                    return (JobsErrorCode)i;
                }
            }

            return JobsErrorCode.Unknown;
        }

        /// <summary>True for SUCCEEDED, FAILED, TIMED_OUT, REJECTED, REMOVED, CANCELED (reference §3.1).</summary>
        public static bool IsTerminal(JobExecutionStatus status)
        {
            return status >= JobExecutionStatus.Succeeded && status <= JobExecutionStatus.Canceled;
        }

        /// <summary>True for the statuses a device may report: IN_PROGRESS, SUCCEEDED, FAILED, REJECTED (reference §3.1).</summary>
        public static bool IsDeviceSettable(JobExecutionStatus status)
        {
            return status == JobExecutionStatus.InProgress || status == JobExecutionStatus.Succeeded
                || status == JobExecutionStatus.Failed || status == JobExecutionStatus.Rejected;
        }

        /// <summary>True for RequestThrottled and InternalError, the codes AWS clients retry (reference §2.7).</summary>
        public static bool IsRetryable(JobsErrorCode code)
        {
            return code == JobsErrorCode.RequestThrottled || code == JobsErrorCode.InternalError;
        }
    }
}
