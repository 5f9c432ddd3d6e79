using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Engine
{
    public sealed partial class JobAgent
    {
        private JobExecutionStatus _goneStatus;
        private readonly ExecutionIdentity _identity = new ExecutionIdentity();

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
                if (ClassifyUnreadable(topic, payload, api, kind, jobIdOffset, jobIdLength, out e))
                {
                    return true;
                }

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

            if (IsEndOfHeldExecution(topic, api, kind, jobIdOffset, jobIdLength))
            {
                _goneStatus = _reply.ExecutionState.Status;
                _replyDeadline = -1;
                _inflight = RequestKind.None;
                e = AgentEvent.Gone;
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

        /// <summary>
        /// A describe answer or notify-next that <see cref="JobsReplies.Decode"/> refused because of its job document
        /// (too deep, too long, not an object): when the execution's identity is readable, one unreadable job must not
        /// block the queue (issue 8), so the answer becomes JobUnreadable (or notify-next a NextJob that leads to it).
        /// </summary>
        private bool ClassifyUnreadable(string topic, byte[] payload, JobsApi api, JobsTopicKind kind, int jobIdOffset, int jobIdLength, out AgentEvent e)
        {
            e = AgentEvent.Boot;
            bool describe = api == JobsApi.DescribeJobExecution && kind == JobsTopicKind.Accepted;
            bool next = api == JobsApi.NextJobExecutionChanged && kind == JobsTopicKind.Event;
            if ((!describe && !next) || JobsReplies.DecodeIdentity(payload, 0, payload.Length, _identity) != JobsResult.Success)
            {
                return false;
            }

            if (next)
            {
                // Ours: nothing new to learn from it. Another: describe $next, whose answer ends it.
                if (_jobId != null && _identity.JobIdEquals(_jobId) && _identity.ExecutionNumber == _executionNumber)
                {
                    return false;
                }

                e = AgentEvent.NextJob;
                return true;
            }

            bool describing = _inflight == RequestKind.DescribeNext || _inflight == RequestKind.DescribeCurrent
                || _inflight == RequestKind.DescribeRefresh || _inflight == RequestKind.DescribeDocument;
            string expectedJob = _inflight == RequestKind.DescribeNext ? JobsLimits.NextJobId : _jobId;
            if (!describing || _token == null || expectedJob == null || !_identity.ClientTokenEquals(_token)
                || !JobsTopics.JobIdEquals(topic, jobIdOffset, jobIdLength, expectedJob)
                || (_inflight != RequestKind.DescribeNext && !_identity.JobIdEquals(_jobId)))
            {
                return false;
            }

            _replyDeadline = -1;
            _inflight = RequestKind.None;
            e = AgentEvent.JobUnreadable;
            return true;
        }

        /// <summary>
        /// An update of the held execution rejected with an executionState in a terminal status: the cloud ended it
        /// (canceled, timed out, removed). Stop the work at once, even when the rejection lacks our clientToken (a
        /// service may not echo it); a rejection carrying another request's token is left to the usual matching.
        /// </summary>
        private bool IsEndOfHeldExecution(string topic, JobsApi api, JobsTopicKind kind, int jobIdOffset, int jobIdLength)
        {
            if (api != JobsApi.UpdateJobExecution || kind != JobsTopicKind.Rejected || _jobId == null
                || !JobsTopics.JobIdEquals(topic, jobIdOffset, jobIdLength, _jobId))
            {
                return false;
            }

            JobExecutionStateView s = _reply.ExecutionState;
            if (!s.IsPresent || !JobsNames.IsTerminal(s.Status))
            {
                return false;
            }

            return _reply.ClientTokenOffset < 0 || (_token != null && _reply.ClientTokenEquals(_token));
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
