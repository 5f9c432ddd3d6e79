namespace NfDevice.Jobs.Protocol
{
    /// <summary>
    /// Builds and matches the Jobs MQTT topics of one thing (reference §1.1):
    /// <c>$aws/things/{thingName}/jobs/</c> + [<c>{jobId}/</c>] + API + [<c>/accepted</c> | <c>/rejected</c>].
    /// Stateless; the matchers allocate nothing.
    /// </summary>
    public static class JobsTopics
    {
        /// <summary>Every Jobs topic starts with this.</summary>
        public const string Prefix = "$aws/things/";

        /// <summary>Between the thing name and the API.</summary>
        public const string JobsSegment = "/jobs/";

        /// <summary>Suffix of the service's success answer.</summary>
        public const string AcceptedSuffix = "/accepted";

        /// <summary>Suffix of the service's error answer.</summary>
        public const string RejectedSuffix = "/rejected";

        /// <summary>
        /// Builds the topic of <paramref name="api"/>/<paramref name="kind"/> for a thing into a new string.
        /// <paramref name="jobId"/> is required for DescribeJobExecution (may be <c>$next</c>) and
        /// UpdateJobExecution, and must be null for the others. Events take <see cref="JobsTopicKind.Event"/> only.
        /// </summary>
        public static JobsResult Build(string thingName, JobsApi api, JobsTopicKind kind, string jobId, out string topic)
        {
            topic = null;
            JobsResult r = Check(thingName, api, kind, jobId, false);
            if (r != JobsResult.Success)
            {
                return r;
            }

            topic = Compose(thingName, api, kind, jobId);
            return JobsResult.Success;
        }

        /// <summary>
        /// A subscription filter for the answers of DescribeJobExecution or UpdateJobExecution of every job:
        /// the jobId level is the MQTT single-level wildcard <c>+</c> (e.g. <c>$aws/things/t/jobs/+/update/accepted</c>).
        /// For the other APIs this is the same as <see cref="Build(string, JobsApi, JobsTopicKind, string, out string)"/> with no jobId.
        /// </summary>
        public static JobsResult BuildFilter(string thingName, JobsApi api, JobsTopicKind kind, out string topic)
        {
            topic = null;
            bool perJob = api == JobsApi.DescribeJobExecution || api == JobsApi.UpdateJobExecution;
            JobsResult r = Check(thingName, api, kind, perJob ? "+" : null, true);
            if (r != JobsResult.Success)
            {
                return r;
            }

            topic = Compose(thingName, api, kind, perJob ? "+" : null);
            return JobsResult.Success;
        }

        /// <summary>Builds the topic as ASCII bytes into buffer[offset, offset+count). <see cref="JobsResult.BufferTooSmall"/> writes nothing useful.</summary>
        public static JobsResult Build(byte[] buffer, int offset, int count, string thingName, JobsApi api, JobsTopicKind kind, string jobId, out int length)
        {
            length = 0;
            if (buffer == null || offset < 0 || count < 0 || offset > buffer.Length || count > buffer.Length - offset)
            {
                return JobsResult.BadParameter;
            }

            JobsResult r = Check(thingName, api, kind, jobId, false);
            if (r != JobsResult.Success)
            {
                return r;
            }

            int p = offset;
            int end = offset + count;
            if (!Append(buffer, ref p, end, Prefix) || !Append(buffer, ref p, end, thingName) || !Append(buffer, ref p, end, JobsSegment))
            {
                return JobsResult.BufferTooSmall;
            }

            if (jobId != null && (!Append(buffer, ref p, end, jobId) || !Append(buffer, ref p, end, "/")))
            {
                return JobsResult.BufferTooSmall;
            }

            if (!Append(buffer, ref p, end, JobsNames.ApiSegment(api)) || !Append(buffer, ref p, end, Suffix(kind)))
            {
                return JobsResult.BufferTooSmall;
            }

            length = p - offset;
            return JobsResult.Success;
        }

        /// <summary>
        /// Matches an incoming (or, for the emulator, outgoing) topic against the Jobs topics of
        /// <paramref name="thingName"/>. On success gives the API, the kind and, for per-job APIs, where the
        /// jobId sits in <paramref name="topic"/> (offset -1 otherwise). Another thing's topic, a non-Jobs
        /// topic or a malformed jobId is <see cref="JobsResult.NoMatch"/>.
        /// </summary>
        public static JobsResult Match(string topic, string thingName, out JobsApi api, out JobsTopicKind kind, out int jobIdOffset, out int jobIdLength)
        {
            api = JobsApi.None;
            kind = JobsTopicKind.Request;
            jobIdOffset = -1;
            jobIdLength = 0;
            if (topic == null || !JobsValidation.IsValidThingName(thingName))
            {
                return JobsResult.BadParameter;
            }

            int p = 0;
            if (!Consume(topic, ref p, Prefix) || !Consume(topic, ref p, thingName) || !Consume(topic, ref p, JobsSegment))
            {
                return JobsResult.NoMatch;
            }

            // Split the rest into at most three '/'-separated segments.
            int n = topic.Length;
            int s1 = p;
            int e1 = IndexOfSlash(topic, s1, n);
            int s2 = e1 < n ? e1 + 1 : -1;
            int e2 = s2 >= 0 ? IndexOfSlash(topic, s2, n) : -1;
            int s3 = (e2 >= 0 && e2 < n) ? e2 + 1 : -1;
            int e3 = s3 >= 0 ? IndexOfSlash(topic, s3, n) : -1;
            if (e3 >= 0 && e3 < n)
            {
                return JobsResult.NoMatch;
            }

            if (s2 < 0)
            {
                // One segment: get | start-next (requests) | notify | notify-next (events).
                if (SegmentIs(topic, s1, e1, "get"))
                {
                    api = JobsApi.GetPendingJobExecutions;
                }
                else if (SegmentIs(topic, s1, e1, "start-next"))
                {
                    api = JobsApi.StartNextPendingJobExecution;
                }
                else if (SegmentIs(topic, s1, e1, "notify"))
                {
                    api = JobsApi.JobExecutionsChanged;
                    kind = JobsTopicKind.Event;
                }
                else if (SegmentIs(topic, s1, e1, "notify-next"))
                {
                    api = JobsApi.NextJobExecutionChanged;
                    kind = JobsTopicKind.Event;
                }
                else
                {
                    return JobsResult.NoMatch;
                }

                return JobsResult.Success;
            }

            JobsTopicKind replyKind;
            if (s3 < 0 && IsReplySuffix(topic, s2, e2, out replyKind))
            {
                // Two segments, answer of a thing-level API: get/accepted, start-next/rejected...
                if (SegmentIs(topic, s1, e1, "get"))
                {
                    api = JobsApi.GetPendingJobExecutions;
                    kind = replyKind;
                    return JobsResult.Success;
                }

                if (SegmentIs(topic, s1, e1, "start-next"))
                {
                    api = JobsApi.StartNextPendingJobExecution;
                    kind = replyKind;
                    return JobsResult.Success;
                }
            }

            // {jobId}/get|update[/accepted|/rejected]
            JobsApi perJob;
            if (SegmentIs(topic, s2, e2, "get"))
            {
                perJob = JobsApi.DescribeJobExecution;
            }
            else if (SegmentIs(topic, s2, e2, "update"))
            {
                perJob = JobsApi.UpdateJobExecution;
            }
            else
            {
                return JobsResult.NoMatch;
            }

            JobsTopicKind perJobKind = JobsTopicKind.Request;
            if (s3 >= 0 && !IsReplySuffix(topic, s3, e3, out perJobKind))
            {
                return JobsResult.NoMatch;
            }

            if (!IsJobIdSegment(topic, s1, e1, perJob == JobsApi.DescribeJobExecution))
            {
                return JobsResult.NoMatch;
            }

            api = perJob;
            kind = perJobKind;
            jobIdOffset = s1;
            jobIdLength = e1 - s1;
            return JobsResult.Success;
        }

        /// <summary>True when topic[offset, offset+length) equals <paramref name="jobId"/> (compare a matched jobId without allocating).</summary>
        public static bool JobIdEquals(string topic, int offset, int length, string jobId)
        {
            if (topic == null || jobId == null || offset < 0 || length != jobId.Length || offset > topic.Length - length)
            {
                return false;
            }

            return Same(topic, offset, jobId);
        }

        private static bool Same(string topic, int offset, string jobId)
        {
            for (int i = 0; i < jobId.Length; i++)
            {
                if (topic[offset + i] != jobId[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static JobsResult Check(string thingName, JobsApi api, JobsTopicKind kind, string jobId, bool wildcard)
        {
            if (!JobsValidation.IsValidThingName(thingName))
            {
                return JobsResult.InvalidThingName;
            }

            bool isEvent = api == JobsApi.JobExecutionsChanged || api == JobsApi.NextJobExecutionChanged;
            if (api == JobsApi.None || (int)api > (int)JobsApi.NextJobExecutionChanged || (kind == JobsTopicKind.Event) != isEvent
                || (int)kind < 0 || (int)kind > (int)JobsTopicKind.Event)
            {
                return JobsResult.BadParameter;
            }

            bool perJob = api == JobsApi.DescribeJobExecution || api == JobsApi.UpdateJobExecution;
            if (!perJob)
            {
                return jobId == null ? JobsResult.Success : JobsResult.BadParameter;
            }

            if (wildcard && jobId == "+")
            {
                return JobsResult.Success;
            }

            return JobsValidation.IsValidJobId(jobId, api == JobsApi.DescribeJobExecution) ? JobsResult.Success : JobsResult.InvalidJobId;
        }

        private static string Compose(string thingName, JobsApi api, JobsTopicKind kind, string jobId)
        {
            string head = Prefix + thingName + JobsSegment;
            if (jobId != null)
            {
                head = head + jobId + "/";
            }

            return head + JobsNames.ApiSegment(api) + Suffix(kind);
        }

        private static string Suffix(JobsTopicKind kind)
        {
            return kind == JobsTopicKind.Accepted ? AcceptedSuffix : kind == JobsTopicKind.Rejected ? RejectedSuffix : string.Empty;
        }

        private static bool Append(byte[] buffer, ref int p, int end, string text)
        {
            if (end - p < text.Length)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                buffer[p++] = (byte)text[i];
            }

            return true;
        }

        private static bool Consume(string topic, ref int p, string text)
        {
            if (topic.Length - p < text.Length)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (topic[p + i] != text[i])
                {
                    return false;
                }
            }

            p += text.Length;
            return true;
        }

        private static int IndexOfSlash(string topic, int start, int end)
        {
            int i = start;
            while (i < end && topic[i] != '/')
            {
                i++;
            }

            return i;
        }

        private static bool SegmentIs(string topic, int start, int end, string word)
        {
            if (end - start != word.Length)
            {
                return false;
            }

            for (int i = 0; i < word.Length; i++)
            {
                if (topic[start + i] != word[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsReplySuffix(string topic, int start, int end, out JobsTopicKind kind)
        {
            kind = JobsTopicKind.Request;
            if (SegmentIs(topic, start, end, "accepted"))
            {
                kind = JobsTopicKind.Accepted;
                return true;
            }

            if (SegmentIs(topic, start, end, "rejected"))
            {
                kind = JobsTopicKind.Rejected;
                return true;
            }

            return false;
        }

        private static bool IsJobIdSegment(string topic, int start, int end, bool allowNext)
        {
            int len = end - start;
            if (allowNext && SegmentIs(topic, start, end, JobsLimits.NextJobId))
            {
                return true;
            }

            if (len < 1 || len > JobsLimits.MaxJobIdLength)
            {
                return false;
            }

            for (int i = start; i < end; i++)
            {
                if (!JobsValidation.IsIdChar(topic[i], false))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
