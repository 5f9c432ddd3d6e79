using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Engine
{
    public sealed partial class JobAgent
    {
        private JobExecutionStatus _goneStatus;

        /// <summary>
        /// Turns a PUBLISH into an event of the table. False (message ignored) for another thing's or an unknown
        /// topic, a malformed payload, and an answer that is not for the request in flight (other API, other
        /// execution, old clientToken).
        /// </summary>
        private bool Classify(string topic, byte[] payload, out AgentEvent e)
        {
            e = AgentEvent.Boot;
            JobsApi api;
            JobsTopicKind kind;
            int jobIdOffset;
            int jobIdLength;
            if (topic == null || payload == null || JobsTopics.Match(topic, _options.ThingName, out api, out kind, out jobIdOffset, out jobIdLength) != JobsResult.Success)
            {
                _log.Write(LogLevel.Debug, "jobs: not a Jobs topic of this thing: " + topic);
                return false;
            }

            JobsResult r = JobsReplies.Decode(payload, 0, payload.Length, api, kind, _reply);
            if (r != JobsResult.Success)
            {
                _log.Write(LogLevel.Warning, "jobs: undecodable payload on " + topic + " (" + ((int)r).ToString() + ")");
                return false;
            }

            if (kind == JobsTopicKind.Event)
            {
                if (api != JobsApi.NextJobExecutionChanged)
                {
                    return false;
                }

                JobExecutionView x = _reply.Execution;
                if (!x.IsPresent)
                {
                    e = AgentEvent.NextEmpty;
                }
                else if (_jobId != null && x.JobIdEquals(_jobId) && x.ExecutionNumber == _executionNumber)
                {
                    e = AgentEvent.NextSame;
                }
                else
                {
                    e = AgentEvent.NextJob;
                }

                return true;
            }

            if (!IsAnswerToInflight(topic, api, jobIdOffset, jobIdLength))
            {
                _log.Write(LogLevel.Debug, "jobs: answer not for the request in flight on " + topic);
                return false;
            }

            _replyDeadline = -1;
            if (kind == JobsTopicKind.Accepted)
            {
                e = ClassifyAccepted();
                _inflight = RequestKind.None;
            }
            else
            {
                e = ClassifyRejected();
            }

            return true;
        }

        private bool IsAnswerToInflight(string topic, JobsApi api, int jobIdOffset, int jobIdLength)
        {
            if (_inflight == RequestKind.None || _token == null)
            {
                return false;
            }

            if (_inflight == RequestKind.GetPending)
            {
                return api == JobsApi.GetPendingJobExecutions && _reply.ClientTokenEquals(_token);
            }

            JobsApi expected = _inflight == RequestKind.Update ? JobsApi.UpdateJobExecution : JobsApi.DescribeJobExecution;
            string expectedJob = _inflight == RequestKind.DescribeNext ? JobsLimits.NextJobId : _jobId;
            return api == expected && expectedJob != null
                && JobsTopics.JobIdEquals(topic, jobIdOffset, jobIdLength, expectedJob)
                && _reply.ClientTokenEquals(_token);
        }

        private AgentEvent ClassifyAccepted()
        {
            JobExecutionView x = _reply.Execution;
            if (_inflight == RequestKind.DescribeNext)
            {
                return x.IsPresent ? AgentEvent.JobFound : AgentEvent.NoJob;
            }

            if (_inflight == RequestKind.GetPending)
            {
                // IN_PROGRESS before QUEUED, as $next orders them (reference §2.3).
                return _reply.InProgressCount > 0 || _reply.QueuedCount > 0 ? AgentEvent.PendingFound : AgentEvent.NoJob;
            }

            if (_inflight == RequestKind.Update)
            {
                JobExecutionStateView s = _reply.ExecutionState;
                _version = s.IsPresent && s.VersionNumber > 0 ? s.VersionNumber : _version + 1;
                return AgentEvent.UpdateAccepted;
            }

            // Describe of the held execution: a newer executionNumber means ours ended (a retry re-queued the job).
            if (!x.IsPresent || !x.JobIdEquals(_jobId) || (x.ExecutionNumber != 0 && x.ExecutionNumber != _executionNumber))
            {
                _goneStatus = JobExecutionStatus.Unknown;
                return AgentEvent.Gone;
            }

            if (JobsNames.IsTerminal(x.Status))
            {
                _goneStatus = x.Status;
                return AgentEvent.Gone;
            }

            if (x.VersionNumber > 0)
            {
                _version = x.VersionNumber;
            }

            if (_inflight == RequestKind.DescribeDocument)
            {
                return AgentEvent.DocumentFetched;
            }

            return _inflight == RequestKind.DescribeRefresh ? AgentEvent.Refreshed : AgentEvent.Described;
        }

        private AgentEvent ClassifyRejected()
        {
            JobsErrorCode code = _reply.ErrorCode;
            _log.Write(LogLevel.Warning, "jobs: rejected " + JobsNames.ErrorCodeName(code) + ": " + _reply.GetMessage());
            if (JobsNames.IsRetryable(code))
            {
                return AgentEvent.Retryable;
            }

            if (_inflight == RequestKind.DescribeNext)
            {
                _inflight = RequestKind.None;
                if (code == JobsErrorCode.InvalidRequest)
                {
                    // The cloud has a next execution but cannot deliver its document (placeholder not resolvable).
                    _undeliverable = _reply.GetMessage();
                    return AgentEvent.NextUndeliverable;
                }

                return AgentEvent.RejectedOther;
            }

            JobExecutionStateView s = _reply.ExecutionState;
            if (code == JobsErrorCode.ResourceNotFound || code == JobsErrorCode.TerminalStateReached
                || (code == JobsErrorCode.InvalidStateTransition && s.IsPresent && JobsNames.IsTerminal(s.Status)))
            {
                _goneStatus = s.IsPresent ? s.Status : JobExecutionStatus.Unknown;
                _inflight = RequestKind.None;
                return AgentEvent.Gone;
            }

            if (code == JobsErrorCode.VersionMismatch && _inflight == RequestKind.Update)
            {
                return AgentEvent.VersionMismatch;
            }

            _inflight = RequestKind.None;
            return AgentEvent.RejectedOther;
        }
    }
}
