using NfDevice.Jobs.Json;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Engine
{
    /// <summary>Which request waits for its answer (at most one at a time).</summary>
    internal enum RequestKind
    {
        None = 0,
        DescribeNext = 1,
        DescribeCurrent = 2,
        DescribeRefresh = 3,
        Update = 4,
        DescribeDocument = 5,
        GetPending = 6,
    }

    public sealed partial class JobAgent
    {
        private readonly byte[] _buffer;
        private readonly JsonWriter _writer;
        private readonly UpdateJobExecutionRequest _update = new UpdateJobExecutionRequest();
        private readonly StatusDetails _terminalDetails = new StatusDetails();
        // The engine starts the first pending execution and no other (in progress before queued), so a reply keeps one
        // summary per list: the other 2 x 14 would cost 3 KB of nanoCLR heap for entries nobody reads.
        private readonly JobsReply _reply = new JobsReply(1);
        private int _tokenCounter;

        private string _topicDescribeNext;
        private string _topicGetPending;
        private string _undeliverable;
        private string _topicDescribeJob;
        private string _topicUpdateJob;
        private string[] _subscriptions;

        private RequestKind _inflight;
        private string _token;
        private int _attempts = 1;
        private bool _versionRefreshed;
        private long _replyDeadline = -1;
        private long _retryAt = -1;
        private long _stepAt = -1;

        /// <summary>
        /// Every API the engine sends requests to. Its replies are subscribed from this list, so a request added
        /// here is never left without a subscription to its accepted/rejected topics.
        /// </summary>
        private static readonly JobsApi[] RequestedApis = new JobsApi[]
        {
            JobsApi.DescribeJobExecution, JobsApi.UpdateJobExecution, JobsApi.GetPendingJobExecutions,
        };

        private void BuildFixedTopics()
        {
            string thing = _options.ThingName;
            JobsTopics.Build(thing, JobsApi.DescribeJobExecution, JobsTopicKind.Request, JobsLimits.NextJobId, out _topicDescribeNext);
            JobsTopics.Build(thing, JobsApi.GetPendingJobExecutions, JobsTopicKind.Request, null, out _topicGetPending);

            // AWS delivers accepted/rejected to the requester without a subscription (reference §1.2); a plain MQTT
            // broker with a Jobs service beside it delivers only to subscribers. Subscribing to every reply topic,
            // as the AWS device SDKs and Device Client do, works on both.
            _subscriptions = new string[1 + (2 * RequestedApis.Length)];
            JobsTopics.Build(thing, JobsApi.NextJobExecutionChanged, JobsTopicKind.Event, null, out _subscriptions[0]);
            for (int i = 0; i < RequestedApis.Length; i++)
            {
                JobsTopics.BuildFilter(thing, RequestedApis[i], JobsTopicKind.Accepted, out _subscriptions[1 + (2 * i)]);
                JobsTopics.BuildFilter(thing, RequestedApis[i], JobsTopicKind.Rejected, out _subscriptions[2 + (2 * i)]);
            }
        }

        /// <summary>The topics the engine subscribes to on every connect.</summary>
        public string[] SubscriptionTopics
        {
            get { return _subscriptions; }
        }

        private void BuildJobTopics()
        {
            JobsTopics.Build(_options.ThingName, JobsApi.DescribeJobExecution, JobsTopicKind.Request, _jobId, out _topicDescribeJob);
            JobsTopics.Build(_options.ThingName, JobsApi.UpdateJobExecution, JobsTopicKind.Request, _jobId, out _topicUpdateJob);
        }

        /// <summary>"counter:thingName", cut to the 64 characters AWS allows for clientToken; the counter starts at random so tokens of an earlier boot do not match.</summary>
        private string NextToken()
        {
            _tokenCounter++;
            string token = _tokenCounter.ToString() + ":" + _options.ThingName;
            return token.Length > JobsLimits.MaxClientTokenLength ? token.Substring(0, JobsLimits.MaxClientTokenLength) : token;
        }

        /// <summary>A new request: the attempt count starts again.</summary>
        private void NewRequest(RequestKind kind)
        {
            _attempts = 1;
            SendRequest(kind);
        }

        private void SendRequest(RequestKind kind)
        {
            _inflight = kind;
            _token = NextToken();
            _retryAt = -1;
            _replyDeadline = _clock.MonotonicMilliseconds + _options.ReplyTimeoutMs;
            string topic;
            _writer.Reset(_buffer, 0, _buffer.Length);
            JobsResult r;
            if (kind == RequestKind.DescribeNext)
            {
                topic = _topicDescribeNext;
                r = JobsRequests.DescribeJobExecution(_writer, 0, true, _token);
            }
            else if (kind == RequestKind.GetPending)
            {
                topic = _topicGetPending;
                r = JobsRequests.GetPendingJobExecutions(_writer, _token);
            }
            else if (kind == RequestKind.Update)
            {
                topic = _topicUpdateJob;
                _update.ClientToken = _token;
                r = JobsRequests.UpdateJobExecution(_writer, _update);
                if (r == JobsResult.BufferTooSmall && _update.StatusDetails != null)
                {
                    // Too many details for the buffer: keep only the reason (REJECTED/FAILED must still say why).
                    string reason = _update.StatusDetails.Get("reason");
                    _terminalDetails.Clear();
                    if (reason != null)
                    {
                        _terminalDetails.Set("reason", reason);
                    }

                    _update.StatusDetails = _terminalDetails;
                    _writer.Reset(_buffer, 0, _buffer.Length);
                    r = JobsRequests.UpdateJobExecution(_writer, _update);
                }
            }
            else
            {
                topic = _topicDescribeJob;
                r = JobsRequests.DescribeJobExecution(_writer, _executionNumber, true, _token);
            }

            if (r != JobsResult.Success)
            {
                // Left to the reply timeout and the bounded retries: the engine never throws on its own input.
                _log.Write(LogLevel.Error, "jobs: cannot encode request: " + ((int)r).ToString());
                return;
            }

            if (!_mqtt.Publish(topic, _buffer, 0, _writer.Length))
            {
                _log.Write(LogLevel.Warning, "jobs: publish failed on " + topic);
            }
        }

        private void PrepareUpdate(JobExecutionStatus status, StatusDetails details)
        {
            _update.Clear();
            _update.Status = status;
            _update.StatusDetails = details != null && details.Count > 0 ? details : null;
            _update.ExpectedVersion = _version;
            _update.ExecutionNumber = _executionNumber;
            _update.IncludeJobExecutionState = true;
            _update.StepTimeoutInMinutes = status == JobExecutionStatus.InProgress ? _options.StepTimeoutMinutes : 0;
            _versionRefreshed = false;
        }
    }
}
