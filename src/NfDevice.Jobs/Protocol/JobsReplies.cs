using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Protocol
{
    /// <summary>
    /// Decodes accepted, rejected and event payloads (reference §2.2-2.7) into a reusable <see cref="JobsReply"/>
    /// in one pass over the top-level members, without allocating. Unknown members are ignored; with duplicate
    /// members the first wins (as <see cref="JsonScanner.Find"/>).
    /// </summary>
    public static partial class JobsReplies
    {
        /// <summary>
        /// Decodes payload[offset, offset+count) received on the <paramref name="kind"/> topic of <paramref name="api"/>
        /// (as <see cref="JobsTopics.Match"/> reported). The whole payload is validated in the same walk (at most
        /// <see cref="JsonLimits.MaxPayloadBytes"/> bytes; a job document at most <see cref="JsonLimits.MaxDocumentBytes"/>).
        /// </summary>
        public static JobsResult Decode(byte[] payload, int offset, int count, JobsApi api, JobsTopicKind kind, JobsReply reply)
        {
            if (reply == null)
            {
                return JobsResult.BadParameter;
            }

            reply.Clear();
            if (payload == null || offset < 0 || count < 0 || offset > payload.Length || count > payload.Length - offset
                || api == JobsApi.None || kind == JobsTopicKind.Request)
            {
                return JobsResult.BadParameter;
            }

            bool isEvent = api == JobsApi.JobExecutionsChanged || api == JobsApi.NextJobExecutionChanged;
            if (isEvent != (kind == JobsTopicKind.Event))
            {
                return JobsResult.BadParameter;
            }

            reply.Api = api;
            reply.Kind = kind;
            reply.Buffer = payload;
            reply.Offset = offset;
            reply.Count = count;
            if (count > JsonLimits.MaxPayloadBytes)
            {
                reply.JsonResult = JsonResult.TooLarge;
                return JobsResult.PayloadTooLarge;
            }

            // One validating walk: Iterate checks every member it passes, so no separate Validate pass is needed.
            int end = offset + count;
            int start = offset;
            JsonScanner.SkipWhitespace(payload, ref start, end);
            JsonValueType top = JsonScanner.TypeAt(payload, start, end);
            if (top != JsonValueType.Object)
            {
                int probe = start;
                JsonResult pr = JsonScanner.SkipValue(payload, ref probe, end);
                reply.JsonResult = pr;
                return pr == JsonResult.Success ? JobsResult.UnexpectedContent : JobsResult.MalformedPayload;
            }

            int cursor = start;
            int seen = 0;
            JsonResult jr;
            while (true)
            {
                int kOff, kLen, vOff, vLen;
                JsonValueType t;
                jr = JsonScanner.Iterate(payload, start, end - start, ref cursor, out kOff, out kLen, out vOff, out vLen, out t);
                if (jr == JsonResult.NotFound)
                {
                    break;
                }

                if (jr != JsonResult.Success)
                {
                    reply.JsonResult = jr;
                    return JobsResult.MalformedPayload;
                }

                JobsResult r = Member(payload, kOff, kLen, vOff, vLen, t, reply, ref seen);
                if (r != JobsResult.Success)
                {
                    return r;
                }
            }

            // NotFound stopped at the closing brace; only whitespace may follow it (RFC 8259 §2).
            int close = cursor == start ? start + 1 : cursor;
            JsonScanner.SkipWhitespace(payload, ref close, end);
            close++;
            JsonScanner.SkipWhitespace(payload, ref close, end);
            if (close != end)
            {
                reply.JsonResult = JsonResult.Illegal;
                return JobsResult.MalformedPayload;
            }

            if (kind == JobsTopicKind.Rejected && (seen & SeenCode) == 0)
            {
                return JobsResult.UnexpectedContent;
            }

            return JobsResult.Success;
        }

        private const int SeenTimestamp = 1;
        private const int SeenClientToken = 2;
        private const int SeenCode = 4;
        private const int SeenMessage = 8;
        private const int SeenExecution = 16;
        private const int SeenExecutionState = 32;
        private const int SeenJobDocument = 64;
        private const int SeenInProgress = 128;
        private const int SeenQueued = 256;
        private const int SeenJobs = 512;

        private static JobsResult Member(byte[] p, int kOff, int kLen, int vOff, int vLen, JsonValueType t, JobsReply reply, ref int seen)
        {
            JobsApi api = reply.Api;
            JobsTopicKind kind = reply.Kind;
            if (First(p, kOff, kLen, "timestamp", SeenTimestamp, ref seen))
            {
                return ReadLong(p, vOff, vLen, out reply.Timestamp);
            }

            if (First(p, kOff, kLen, "clientToken", SeenClientToken, ref seen))
            {
                if (t != JsonValueType.String)
                {
                    return JobsResult.UnexpectedContent;
                }

                reply.ClientTokenOffset = vOff;
                reply.ClientTokenLength = vLen;
                return JobsResult.Success;
            }

            if (kind == JobsTopicKind.Rejected)
            {
                if (First(p, kOff, kLen, "code", SeenCode, ref seen))
                {
                    if (t != JsonValueType.String)
                    {
                        return JobsResult.UnexpectedContent;
                    }

                    reply.ErrorCode = JobsNames.ParseErrorCode(p, vOff, vLen);
                    return JobsResult.Success;
                }

                if (First(p, kOff, kLen, "message", SeenMessage, ref seen))
                {
                    if (t == JsonValueType.String)
                    {
                        reply.MessageOffset = vOff;
                        reply.MessageLength = vLen;
                    }

                    return JobsResult.Success;
                }

                if (First(p, kOff, kLen, "executionState", SeenExecutionState, ref seen))
                {
                    return DecodeState(p, vOff, vLen, t, reply.ExecutionState);
                }

                return JobsResult.Success;
            }

            if (api == JobsApi.StartNextPendingJobExecution || api == JobsApi.DescribeJobExecution || api == JobsApi.NextJobExecutionChanged)
            {
                if (First(p, kOff, kLen, "execution", SeenExecution, ref seen))
                {
                    return DecodeExecution(p, vOff, vLen, t, reply.Execution);
                }
            }
            else if (api == JobsApi.UpdateJobExecution)
            {
                if (First(p, kOff, kLen, "executionState", SeenExecutionState, ref seen))
                {
                    return DecodeState(p, vOff, vLen, t, reply.ExecutionState);
                }

                if (First(p, kOff, kLen, "jobDocument", SeenJobDocument, ref seen))
                {
                    JobsResult r = CheckDocument(t, vLen);
                    if (r == JobsResult.Success)
                    {
                        reply.JobDocumentOffset = vOff;
                        reply.JobDocumentLength = vLen;
                    }

                    return r;
                }
            }
            else if (api == JobsApi.GetPendingJobExecutions)
            {
                if (First(p, kOff, kLen, "inProgressJobs", SeenInProgress, ref seen))
                {
                    return DecodeSummaries(p, vOff, vLen, t, reply.InProgressJobs, ref reply.InProgressCount, reply);
                }

                if (First(p, kOff, kLen, "queuedJobs", SeenQueued, ref seen))
                {
                    return DecodeSummaries(p, vOff, vLen, t, reply.QueuedJobs, ref reply.QueuedCount, reply);
                }
            }
            else if (api == JobsApi.JobExecutionsChanged)
            {
                if (First(p, kOff, kLen, "jobs", SeenJobs, ref seen))
                {
                    return DecodeJobsByStatus(p, vOff, vLen, t, reply);
                }
            }

            return JobsResult.Success;
        }

        /// <summary>True (and marks <paramref name="bit"/>) when the key is <paramref name="name"/> and not seen before.</summary>
        private static bool First(byte[] p, int kOff, int kLen, string name, int bit, ref int seen)
        {
            // Keys AWS sends are plain ASCII: compare the raw body; unescape only when the key has a backslash.
            bool match = kLen == name.Length + 2 && AsciiEquals(p, kOff + 1, kLen - 2, name);
            if (!match && !(HasBackslash(p, kOff, kLen) && JsonReader.StringEquals(p, kOff, kLen, name)))
            {
                return false;
            }

            if ((seen & bit) != 0)
            {
                return false;
            }

            seen |= bit;
            return true;
        }

        private static bool HasBackslash(byte[] p, int off, int len)
        {
            for (int i = off; i < off + len; i++)
            {
                if (p[i] == (byte)'\\')
                {
                    return true;
                }
            }

            return false;
        }

        private static JobsResult ReadLong(byte[] p, int off, int len, out long value)
        {
            return JsonReader.ReadInt64(p, off, len, out value) == JsonResult.Success ? JobsResult.Success : JobsResult.UnexpectedContent;
        }

        private static JobsResult ReadStatus(byte[] p, int off, int len, JsonValueType t, out JobExecutionStatus status)
        {
            status = JobExecutionStatus.Unknown;
            if (t != JsonValueType.String)
            {
                return JobsResult.UnexpectedContent;
            }

            status = JobsNames.ParseStatus(p, off, len);
            return JobsResult.Success;
        }

        private static JobsResult ReadJobId(byte[] p, int off, int len, JsonValueType t, out int idOffset, out int idLength)
        {
            idOffset = -1;
            idLength = 0;
            if (t != JsonValueType.String || !JobsValidation.IsValidJobId(p, off + 1, len - 2, false))
            {
                return JobsResult.UnexpectedContent;
            }

            idOffset = off + 1;
            idLength = len - 2;
            return JobsResult.Success;
        }

        private static JobsResult CheckDocument(JsonValueType t, int len)
        {
            if (t != JsonValueType.Object)
            {
                return JobsResult.UnexpectedContent;
            }

            return len > JsonLimits.MaxDocumentBytes ? JobsResult.PayloadTooLarge : JobsResult.Success;
        }

        /// <summary>True when bytes [offset, offset+length) are exactly the ASCII text <paramref name="text"/>.</summary>
        internal static bool AsciiEquals(byte[] buffer, int offset, int length, string text)
        {
            if (buffer == null || text == null || offset < 0 || length != text.Length || offset > buffer.Length - length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (buffer[offset + i] != text[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
