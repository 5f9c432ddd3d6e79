using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Protocol
{
    /// <summary>Decoding of the nested objects: JobExecution, JobExecutionState, summary lists (reference §2.1).</summary>
    public static partial class JobsReplies
    {
        /// <summary>notify's <c>jobs</c>: {"IN_PROGRESS":[...],"QUEUED":[...]}; other status keys are ignored.</summary>
        private static JobsResult DecodeJobsByStatus(byte[] p, int off, int len, JsonValueType t, JobsReply reply)
        {
            if (t != JsonValueType.Object)
            {
                return JobsResult.UnexpectedContent;
            }

            int cursor = off;
            int seen = 0;
            while (true)
            {
                int kOff, kLen, vOff, vLen;
                JsonValueType vt;
                JsonResult jr = JsonScanner.Iterate(p, off, len, ref cursor, out kOff, out kLen, out vOff, out vLen, out vt);
                if (jr == JsonResult.NotFound)
                {
                    return JobsResult.Success;
                }

                if (jr != JsonResult.Success)
                {
                    return JobsResult.UnexpectedContent;
                }

                JobsResult r = JobsResult.Success;
                if (First(p, kOff, kLen, "IN_PROGRESS", SeenInProgress, ref seen))
                {
                    r = DecodeSummaries(p, vOff, vLen, vt, reply.InProgressJobs, ref reply.InProgressCount, reply);
                }
                else if (First(p, kOff, kLen, "QUEUED", SeenQueued, ref seen))
                {
                    r = DecodeSummaries(p, vOff, vLen, vt, reply.QueuedJobs, ref reply.QueuedCount, reply);
                }

                if (r != JobsResult.Success)
                {
                    return r;
                }
            }
        }

        private static JobsResult DecodeSummaries(byte[] p, int off, int len, JsonValueType t, JobExecutionSummaryView[] into, ref int count, JobsReply reply)
        {
            if (t != JsonValueType.Array)
            {
                return JobsResult.UnexpectedContent;
            }

            int cursor = off;
            while (true)
            {
                int kOff, kLen, vOff, vLen;
                JsonValueType vt;
                JsonResult jr = JsonScanner.Iterate(p, off, len, ref cursor, out kOff, out kLen, out vOff, out vLen, out vt);
                if (jr == JsonResult.NotFound)
                {
                    return JobsResult.Success;
                }

                if (jr != JsonResult.Success || vt != JsonValueType.Object)
                {
                    return JobsResult.UnexpectedContent;
                }

                bool kept = count < into.Length;
                JobsResult r = DecodeSummary(p, vOff, vLen, kept ? into[count] : null);
                if (r != JobsResult.Success)
                {
                    return r;
                }

                if (kept)
                {
                    count++;
                }
                else
                {
                    reply.SummariesTruncated = true;
                }
            }
        }

        // Decodes one summary into s; with s null only validates it (an entry beyond what the reply keeps is checked all the same).
        private static JobsResult DecodeSummary(byte[] p, int off, int len, JobExecutionSummaryView s)
        {
            int jobIdOffset = -1, jobIdLength = 0;
            long queuedAt = 0, startedAt = 0, lastUpdatedAt = 0, versionNumber = 0, executionNumber = 0;
            int cursor = off;
            int seen = 0;
            while (true)
            {
                int kOff, kLen, vOff, vLen;
                JsonValueType t;
                JsonResult jr = JsonScanner.Iterate(p, off, len, ref cursor, out kOff, out kLen, out vOff, out vLen, out t);
                if (jr == JsonResult.NotFound)
                {
                    break;
                }

                if (jr != JsonResult.Success)
                {
                    return JobsResult.UnexpectedContent;
                }

                JobsResult r = JobsResult.Success;
                if (First(p, kOff, kLen, "jobId", 1, ref seen))
                {
                    r = ReadJobId(p, vOff, vLen, t, out jobIdOffset, out jobIdLength);
                }
                else if (First(p, kOff, kLen, "queuedAt", 2, ref seen))
                {
                    r = ReadLong(p, vOff, vLen, out queuedAt);
                }
                else if (First(p, kOff, kLen, "startedAt", 4, ref seen))
                {
                    r = ReadLong(p, vOff, vLen, out startedAt);
                }
                else if (First(p, kOff, kLen, "lastUpdatedAt", 8, ref seen))
                {
                    r = ReadLong(p, vOff, vLen, out lastUpdatedAt);
                }
                else if (First(p, kOff, kLen, "versionNumber", 16, ref seen))
                {
                    r = ReadLong(p, vOff, vLen, out versionNumber);
                }
                else if (First(p, kOff, kLen, "executionNumber", 32, ref seen))
                {
                    r = ReadLong(p, vOff, vLen, out executionNumber);
                }

                if (r != JobsResult.Success)
                {
                    return r;
                }
            }

            if ((seen & 1) == 0)
            {
                return JobsResult.UnexpectedContent;
            }

            if (s != null)
            {
                s.Buffer = p;
                s.JobIdOffset = jobIdOffset;
                s.JobIdLength = jobIdLength;
                s.QueuedAt = queuedAt;
                s.StartedAt = startedAt;
                s.LastUpdatedAt = lastUpdatedAt;
                s.VersionNumber = versionNumber;
                s.ExecutionNumber = executionNumber;
            }

            return JobsResult.Success;
        }

        private static JobsResult DecodeExecution(byte[] p, int off, int len, JsonValueType t, JobExecutionView e)
        {
            if (t != JsonValueType.Object)
            {
                return JobsResult.UnexpectedContent;
            }

            e.Clear();
            e.Buffer = p;
            int cursor = off;
            int seen = 0;
            while (true)
            {
                int kOff, kLen, vOff, vLen;
                JsonValueType vt;
                JsonResult jr = JsonScanner.Iterate(p, off, len, ref cursor, out kOff, out kLen, out vOff, out vLen, out vt);
                if (jr == JsonResult.NotFound)
                {
                    break;
                }

                if (jr != JsonResult.Success)
                {
                    return JobsResult.UnexpectedContent;
                }

                JobsResult r = JobsResult.Success;
                if (First(p, kOff, kLen, "jobId", 1, ref seen))
                {
                    r = ReadJobId(p, vOff, vLen, vt, out e.JobIdOffset, out e.JobIdLength);
                }
                else if (First(p, kOff, kLen, "status", 2, ref seen))
                {
                    r = ReadStatus(p, vOff, vLen, vt, out e.Status);
                }
                else if (First(p, kOff, kLen, "jobDocument", 4, ref seen))
                {
                    r = CheckDocument(vt, vLen);
                    e.JobDocumentOffset = vOff;
                    e.JobDocumentLength = vLen;
                }
                else if (First(p, kOff, kLen, "statusDetails", 8, ref seen))
                {
                    r = vt == JsonValueType.Object ? JobsResult.Success : JobsResult.UnexpectedContent;
                    e.StatusDetailsOffset = vOff;
                    e.StatusDetailsLength = vLen;
                }
                else if (First(p, kOff, kLen, "queuedAt", 16, ref seen))
                {
                    r = ReadLong(p, vOff, vLen, out e.QueuedAt);
                }
                else if (First(p, kOff, kLen, "startedAt", 32, ref seen))
                {
                    r = ReadLong(p, vOff, vLen, out e.StartedAt);
                }
                else if (First(p, kOff, kLen, "lastUpdatedAt", 64, ref seen))
                {
                    r = ReadLong(p, vOff, vLen, out e.LastUpdatedAt);
                }
                else if (First(p, kOff, kLen, "versionNumber", 128, ref seen))
                {
                    r = ReadLong(p, vOff, vLen, out e.VersionNumber);
                }
                else if (First(p, kOff, kLen, "executionNumber", 256, ref seen))
                {
                    r = ReadLong(p, vOff, vLen, out e.ExecutionNumber);
                }
                else if (First(p, kOff, kLen, "approximateSecondsBeforeTimedOut", 512, ref seen))
                {
                    r = ReadLong(p, vOff, vLen, out e.ApproximateSecondsBeforeTimedOut);
                }
                else if (First(p, kOff, kLen, "thingName", 1024, ref seen))
                {
                    r = vt == JsonValueType.String ? JobsResult.Success : JobsResult.UnexpectedContent;
                    e.ThingNameOffset = vOff;
                    e.ThingNameLength = vLen;
                }

                if (r != JobsResult.Success)
                {
                    return r;
                }
            }

            // AWS always sends jobId and status in an execution (reference §2.1).
            if ((seen & 3) != 3 || e.Status == JobExecutionStatus.Unknown)
            {
                return JobsResult.UnexpectedContent;
            }

            e.IsPresent = true;
            return JobsResult.Success;
        }

        private static JobsResult DecodeState(byte[] p, int off, int len, JsonValueType t, JobExecutionStateView s)
        {
            if (t != JsonValueType.Object)
            {
                return JobsResult.UnexpectedContent;
            }

            s.Clear();
            int cursor = off;
            int seen = 0;
            while (true)
            {
                int kOff, kLen, vOff, vLen;
                JsonValueType vt;
                JsonResult jr = JsonScanner.Iterate(p, off, len, ref cursor, out kOff, out kLen, out vOff, out vLen, out vt);
                if (jr == JsonResult.NotFound)
                {
                    break;
                }

                if (jr != JsonResult.Success)
                {
                    return JobsResult.UnexpectedContent;
                }

                JobsResult r = JobsResult.Success;
                if (First(p, kOff, kLen, "status", 1, ref seen))
                {
                    r = ReadStatus(p, vOff, vLen, vt, out s.Status);
                }
                else if (First(p, kOff, kLen, "statusDetails", 2, ref seen))
                {
                    r = vt == JsonValueType.Object ? JobsResult.Success : JobsResult.UnexpectedContent;
                    s.StatusDetailsOffset = vOff;
                    s.StatusDetailsLength = vLen;
                }
                else if (First(p, kOff, kLen, "versionNumber", 4, ref seen))
                {
                    r = ReadLong(p, vOff, vLen, out s.VersionNumber);
                }

                if (r != JobsResult.Success)
                {
                    return r;
                }
            }

            s.IsPresent = true;
            return JobsResult.Success;
        }
    }
}
