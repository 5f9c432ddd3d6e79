#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Json;
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Tests.Protocol
{
    /// <summary>Decoding of the payloads quoted in the reference (AwsPayloads).</summary>
    [TestClass]
    public class JobsRepliesTests
    {
        // Static: nanoFramework.UnitTestLauncher invokes test methods on an instance whose field initializers have
        // not run (a NullReferenceException on nanoCLR). Decode clears the reply, so tests do not see each other.
        private static readonly JobsReply SharedReply = new JobsReply();

        private JobsResult Decode(string payload, JobsApi api, JobsTopicKind kind)
        {
            byte[] b = TestSupport.Utf8(payload);
            return JobsReplies.Decode(b, 0, b.Length, api, kind, SharedReply);
        }

        private const string LargePrefix = "{\"timestamp\":1,\"execution\":{\"jobId\":\"a\",\"status\":\"QUEUED\",\"jobDocument\":{\"p\":\"";

        private static string Range(byte[] b, int offset, int length)
        {
            return offset < 0 ? null : TestSupport.Text(b, offset, length);
        }

        [TestMethod]
        public void Decode_Notify_FillsInProgressAndQueuedSummaries()
        {
            ProtocolAssert.Result(JobsResult.Success, Decode(AwsPayloads.Notify, JobsApi.JobExecutionsChanged, JobsTopicKind.Event), "notify");
            Assert.AreEqual(1517017906L, SharedReply.Timestamp);
            Assert.AreEqual(1, SharedReply.InProgressCount);
            Assert.AreEqual(1, SharedReply.QueuedCount);
            JobExecutionSummaryView s = SharedReply.InProgressJobs[0];
            Assert.IsTrue(s.JobIdEquals("job1"));
            Assert.AreEqual("job1", s.GetJobId());
            Assert.AreEqual(1517016947L, s.QueuedAt);
            Assert.AreEqual(1517017472L, s.StartedAt);
            Assert.AreEqual(1517017472L, s.LastUpdatedAt);
            Assert.AreEqual(1L, s.ExecutionNumber);
            Assert.AreEqual(2L, s.VersionNumber);
            s = SharedReply.QueuedJobs[0];
            Assert.IsTrue(s.JobIdEquals("job2"));
            Assert.AreEqual(0L, s.StartedAt);
            Assert.AreEqual(1L, s.VersionNumber);
            Assert.IsFalse(SharedReply.Execution.IsPresent);
        }

        [TestMethod]
        public void Decode_NotifyEmpty_HasNoSummaries()
        {
            ProtocolAssert.Result(JobsResult.Success, Decode(AwsPayloads.NotifyEmpty, JobsApi.JobExecutionsChanged, JobsTopicKind.Event), "notify empty");
            Assert.AreEqual(0, SharedReply.InProgressCount);
            Assert.AreEqual(0, SharedReply.QueuedCount);
            Assert.AreEqual(1517189551L, SharedReply.Timestamp);
        }

        [TestMethod]
        public void Decode_NotifyNext_FillsExecutionWithJobDocument()
        {
            byte[] b = TestSupport.Utf8(AwsPayloads.NotifyNextDoc);
            ProtocolAssert.Result(JobsResult.Success, JobsReplies.Decode(b, 0, b.Length, JobsApi.NextJobExecutionChanged, JobsTopicKind.Event, SharedReply), "notify-next");
            JobExecutionView e = SharedReply.Execution;
            Assert.IsTrue(e.IsPresent);
            Assert.AreEqual("job3", e.GetJobId());
            ProtocolAssert.Status(JobExecutionStatus.InProgress, e.Status, "status");
            Assert.AreEqual(1517017905L, e.QueuedAt);
            Assert.AreEqual(1517186779L, e.StartedAt);
            Assert.AreEqual(1517186779L, e.LastUpdatedAt);
            Assert.AreEqual(2L, e.VersionNumber);
            Assert.AreEqual(1L, e.ExecutionNumber);
            Assert.IsTrue(e.HasJobDocument);
            Assert.AreEqual("{\"operation\":\"test\"}", Range(b, e.JobDocumentOffset, e.JobDocumentLength));
            Assert.AreEqual(-1, e.StatusDetailsOffset);
            Assert.AreEqual(-1, e.ThingNameOffset);
        }

        [TestMethod]
        public void Decode_NotifyNextCapture_FromRealAws()
        {
            byte[] b = TestSupport.Utf8(AwsPayloads.NotifyNextCapture);
            ProtocolAssert.Result(JobsResult.Success, JobsReplies.Decode(b, 0, b.Length, JobsApi.NextJobExecutionChanged, JobsTopicKind.Event, SharedReply), "capture");
            Assert.IsTrue(SharedReply.Execution.JobIdEquals("v315_test"));
            ProtocolAssert.Status(JobExecutionStatus.Queued, SharedReply.Execution.Status, "queued");
            Assert.AreEqual(0L, SharedReply.Execution.StartedAt);
            string op;
            JsonAssertOk(JsonReader.FindString(b, SharedReply.Execution.JobDocumentOffset, SharedReply.Execution.JobDocumentLength, "operation", out op));
            Assert.AreEqual("customJob", op);
        }

        [TestMethod]
        public void Decode_NotifyNextEmpty_HasNoExecution()
        {
            ProtocolAssert.Result(JobsResult.Success, Decode(AwsPayloads.NotifyNextEmpty, JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "empty form");
            Assert.IsFalse(SharedReply.Execution.IsPresent);
            Assert.AreEqual(1517189551L, SharedReply.Timestamp);
        }

        [TestMethod]
        public void Decode_GetPendingAccepted_FillsBothLists()
        {
            ProtocolAssert.Result(JobsResult.Success, Decode(AwsPayloads.GetPendingAccepted, JobsApi.GetPendingJobExecutions, JobsTopicKind.Accepted), "get");
            Assert.AreEqual(1, SharedReply.InProgressCount);
            Assert.AreEqual(2, SharedReply.QueuedCount);
            Assert.IsTrue(SharedReply.QueuedJobs[1].JobIdEquals("job3"));
            Assert.AreEqual(2L, SharedReply.QueuedJobs[1].ExecutionNumber);
            Assert.IsTrue(SharedReply.ClientTokenEquals("client-001"));
            Assert.IsFalse(SharedReply.ClientTokenEquals("client-002"));
            Assert.AreEqual("client-001", SharedReply.GetClientToken());
            Assert.AreEqual(1489096425L, SharedReply.Timestamp);

            ProtocolAssert.Result(JobsResult.Success, Decode(AwsPayloads.GetPendingAcceptedEmpty, JobsApi.GetPendingJobExecutions, JobsTopicKind.Accepted), "get empty");
            Assert.AreEqual(0, SharedReply.InProgressCount);
            Assert.AreEqual(0, SharedReply.QueuedCount);
            Assert.IsNull(SharedReply.GetClientToken());
        }

        [TestMethod]
        public void Decode_GetPendingAccepted_TruncatesLongListsAndSaysSo()
        {
            System.Text.StringBuilder sb = new System.Text.StringBuilder("{\"timestamp\":1,\"queuedJobs\":[");
            for (int i = 0; i < JobsLimits.MaxSummaries + 2; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                sb.Append("{\"jobId\":\"j" + i.ToString() + "\",\"queuedAt\":1,\"versionNumber\":1,\"executionNumber\":1}");
            }

            sb.Append("]}");
            ProtocolAssert.Result(JobsResult.Success, Decode(sb.ToString(), JobsApi.GetPendingJobExecutions, JobsTopicKind.Accepted), "long list");
            Assert.AreEqual(JobsLimits.MaxSummaries, SharedReply.QueuedCount);
            Assert.IsTrue(SharedReply.SummariesTruncated);
            Assert.IsTrue(SharedReply.QueuedJobs[JobsLimits.MaxSummaries - 1].JobIdEquals("j14"));
        }

        [TestMethod]
        public void Decode_IntoAReplyKeepingOneSummary_KeepsTheFirstOfEachList_AndStillValidatesTheRest()
        {
            JobsReply one = new JobsReply(1);
            byte[] b = System.Text.Encoding.UTF8.GetBytes(AwsPayloads.GetPendingAccepted);
            ProtocolAssert.Result(JobsResult.Success, JobsReplies.Decode(b, 0, b.Length, JobsApi.GetPendingJobExecutions, JobsTopicKind.Accepted, one), "get");
            Assert.AreEqual(1, one.InProgressJobs.Length);
            Assert.AreEqual(1, one.InProgressCount);
            Assert.AreEqual(1, one.QueuedCount);
            Assert.IsTrue(one.QueuedJobs[0].JobIdEquals("job2"), "the head of the queue");
            Assert.IsTrue(one.SummariesTruncated);

            // A malformed second entry is still refused although it would not be kept.
            byte[] bad = System.Text.Encoding.UTF8.GetBytes("{\"timestamp\":1,\"queuedJobs\":[{\"jobId\":\"a\",\"queuedAt\":1,\"versionNumber\":1,\"executionNumber\":1},{\"jobId\":7}]}");
            Assert.IsTrue(JobsReplies.Decode(bad, 0, bad.Length, JobsApi.GetPendingJobExecutions, JobsTopicKind.Accepted, one) != JobsResult.Success, "bad second entry");
        }

        [TestMethod]
        public void Decode_StartNextAccepted_FillsExecution_AndEmptyFormHasNone()
        {
            ProtocolAssert.Result(JobsResult.Success, Decode(AwsPayloads.StartNextAccepted, JobsApi.StartNextPendingJobExecution, JobsTopicKind.Accepted), "start-next");
            Assert.IsTrue(SharedReply.Execution.JobIdEquals("job-1"));
            ProtocolAssert.Status(JobExecutionStatus.InProgress, SharedReply.Execution.Status, "in progress");
            Assert.AreEqual(2L, SharedReply.Execution.VersionNumber);
            Assert.AreEqual(SharedReply.Execution.StartedAt, SharedReply.Execution.LastUpdatedAt);
            Assert.IsTrue(SharedReply.ClientTokenEquals("tok-1"));

            ProtocolAssert.Result(JobsResult.Success, Decode(AwsPayloads.StartNextAcceptedEmpty, JobsApi.StartNextPendingJobExecution, JobsTopicKind.Accepted), "nothing pending");
            Assert.IsFalse(SharedReply.Execution.IsPresent);
            Assert.IsTrue(SharedReply.ClientTokenEquals("tok-2"));
        }

        [TestMethod]
        public void Decode_DescribeNextWithNoExecution_IsSuccessWithoutExecution()
        {
            Assert.AreEqual(24, AwsPayloads.DescribeNextEmpty.Length);
            ProtocolAssert.Result(JobsResult.Success, Decode(AwsPayloads.DescribeNextEmpty, JobsApi.DescribeJobExecution, JobsTopicKind.Accepted), "$next empty");
            Assert.IsFalse(SharedReply.Execution.IsPresent);
            Assert.AreEqual(1655123456L, SharedReply.Timestamp);
        }

        [TestMethod]
        public void Decode_UpdateAcceptedMinimal_HasOnlyTimestamp()
        {
            ProtocolAssert.Result(JobsResult.Success, Decode(AwsPayloads.UpdateAcceptedMinimal, JobsApi.UpdateJobExecution, JobsTopicKind.Accepted), "minimal");
            Assert.AreEqual(1717395854L, SharedReply.Timestamp);
            Assert.IsFalse(SharedReply.ExecutionState.IsPresent);
            Assert.AreEqual(-1, SharedReply.JobDocumentOffset);
            Assert.AreEqual(-1, SharedReply.ClientTokenOffset);
        }

        [TestMethod]
        public void Decode_UpdateAcceptedFull_FillsExecutionStateAndJobDocument()
        {
            byte[] b = TestSupport.Utf8(AwsPayloads.UpdateAcceptedFull);
            ProtocolAssert.Result(JobsResult.Success, JobsReplies.Decode(b, 0, b.Length, JobsApi.UpdateJobExecution, JobsTopicKind.Accepted, SharedReply), "full");
            Assert.IsTrue(SharedReply.ExecutionState.IsPresent);
            ProtocolAssert.Status(JobExecutionStatus.InProgress, SharedReply.ExecutionState.Status, "state");
            Assert.AreEqual(3L, SharedReply.ExecutionState.VersionNumber);
            Assert.AreEqual("{\"step\":\"download\"}", Range(b, SharedReply.ExecutionState.StatusDetailsOffset, SharedReply.ExecutionState.StatusDetailsLength));
            Assert.AreEqual("{\"operation\":\"reboot\"}", Range(b, SharedReply.JobDocumentOffset, SharedReply.JobDocumentLength));
            Assert.IsTrue(SharedReply.ClientTokenEquals("u-7"));
        }

        [TestMethod]
        public void Decode_RejectedWithExecutionState_FillsCodeMessageAndState()
        {
            ProtocolAssert.Result(JobsResult.Success, Decode(AwsPayloads.RejectedInvalidStateTransition, JobsApi.UpdateJobExecution, JobsTopicKind.Rejected), "rejected");
            Assert.AreEqual((int)JobsErrorCode.InvalidStateTransition, (int)SharedReply.ErrorCode);
            Assert.AreEqual("Cannot update execution: status is SUCCEEDED", SharedReply.GetMessage());
            Assert.IsTrue(SharedReply.ClientTokenEquals("u-8"));
            Assert.IsTrue(SharedReply.ExecutionState.IsPresent);
            ProtocolAssert.Status(JobExecutionStatus.Succeeded, SharedReply.ExecutionState.Status, "state");
            Assert.AreEqual(3L, SharedReply.ExecutionState.VersionNumber);
            Assert.AreEqual(1489096425L, SharedReply.Timestamp);
        }

        [TestMethod]
        public void Decode_RejectedMissingStatusCapture_HasInvalidRequestAndNoState()
        {
            ProtocolAssert.Result(JobsResult.Success, Decode(AwsPayloads.RejectedMissingStatus, JobsApi.UpdateJobExecution, JobsTopicKind.Rejected), "cppv2#95");
            Assert.AreEqual((int)JobsErrorCode.InvalidRequest, (int)SharedReply.ErrorCode);
            Assert.IsFalse(SharedReply.ExecutionState.IsPresent);
            Assert.AreEqual("Value null at 'status' failed to satisfy constraint: Member must not be null", SharedReply.GetMessage());
        }

        [TestMethod]
        public void Decode_Rejected_RecognisesEveryErrorCode()
        {
            for (int i = 1; i < JobsNames.ErrorCodeCount; i++)
            {
                string code = JobsNames.ErrorCodeName((JobsErrorCode)i);
                ProtocolAssert.Result(JobsResult.Success, Decode("{\"code\":\"" + code + "\",\"message\":\"m\",\"timestamp\":5}", JobsApi.GetPendingJobExecutions, JobsTopicKind.Rejected), code);
                Assert.AreEqual(i, (int)SharedReply.ErrorCode, code);
            }

            ProtocolAssert.Result(JobsResult.Success, Decode("{\"code\":\"SomethingNew\",\"timestamp\":5}", JobsApi.GetPendingJobExecutions, JobsTopicKind.Rejected), "unknown code");
            Assert.AreEqual((int)JobsErrorCode.Unknown, (int)SharedReply.ErrorCode);
        }

        [TestMethod]
        public void Decode_Rejected_WithoutCode_IsUnexpectedContent()
        {
            ProtocolAssert.Result(JobsResult.UnexpectedContent, Decode("{\"message\":\"m\",\"timestamp\":5}", JobsApi.UpdateJobExecution, JobsTopicKind.Rejected), "no code");
        }

        [TestMethod]
        public void Decode_RustotCapture_GivesOtaJobDocumentFields()
        {
            byte[] b = TestSupport.Utf8(AwsPayloads.RustotDescribeAccepted);
            ProtocolAssert.Result(JobsResult.Success, JobsReplies.Decode(b, 0, b.Length, JobsApi.DescribeJobExecution, JobsTopicKind.Accepted, SharedReply), "rustot");
            Assert.IsTrue(SharedReply.ClientTokenEquals("0:rustot-test"));
            Assert.IsTrue(SharedReply.Execution.JobIdEquals("AFR_OTA-rustot_test_1"));
            long size;
            JsonAssertOk(JsonReader.FindInt64(b, SharedReply.Execution.JobDocumentOffset, SharedReply.Execution.JobDocumentLength, "afr_ota.files[0].filesize", out size));
            Assert.AreEqual(2674792L, size);
            string sig;
            JsonAssertOk(JsonReader.FindString(b, SharedReply.Execution.JobDocumentOffset, SharedReply.Execution.JobDocumentLength, "afr_ota.files[0].sig-sha256-ecdsa", out sig));
            Assert.AreEqual("MEQCIGAfoo==", sig);
        }

        [TestMethod]
        public void Decode_EspCapture_GivesPresignedUrl()
        {
            byte[] b = TestSupport.Utf8(AwsPayloads.EspDescribeAccepted);
            ProtocolAssert.Result(JobsResult.Success, JobsReplies.Decode(b, 0, b.Length, JobsApi.DescribeJobExecution, JobsTopicKind.Accepted, SharedReply), "esp");
            Assert.AreEqual(-1, SharedReply.ClientTokenOffset);
            string url;
            JsonAssertOk(JsonReader.FindString(b, SharedReply.Execution.JobDocumentOffset, SharedReply.Execution.JobDocumentLength, "afr_ota.files[0].update_data_url", out url));
            Assert.AreEqual("https://bucket.s3.amazonaws.com/fw.bin?X-Amz-Security-Token=abc&X-Amz-Expires=1800", url);
        }

        [TestMethod]
        public void Decode_ReturnsMalformedPayload_WithScannerReason()
        {
            ProtocolAssert.Result(JobsResult.MalformedPayload, Decode("{\"timestamp\":1,", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "cut");
            Assert.AreEqual((int)JsonResult.Partial, (int)SharedReply.JsonResult);
            ProtocolAssert.Result(JobsResult.MalformedPayload, Decode("{\"timestamp\":01}", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "illegal");
            Assert.AreEqual((int)JsonResult.Illegal, (int)SharedReply.JsonResult);
            ProtocolAssert.Result(JobsResult.MalformedPayload, Decode("", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "empty");
            Assert.AreEqual((int)JsonResult.Partial, (int)SharedReply.JsonResult);
            ProtocolAssert.Result(JobsResult.MalformedPayload, Decode("{\"timestamp\":1} x", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "trailing garbage");
            Assert.AreEqual((int)JsonResult.Illegal, (int)SharedReply.JsonResult);
            ProtocolAssert.Result(JobsResult.MalformedPayload, Decode("{} {}", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "two objects");
            ProtocolAssert.Result(JobsResult.MalformedPayload, Decode("{\"timestamp\":1,\"execution\":{\"jobId\":\"a\",\"status\":\"QUEUED\",\"jobDocument\":{\"a\":[1,]}}}", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "trailing comma deep inside");
            Assert.AreEqual((int)JsonResult.Illegal, (int)SharedReply.JsonResult);
            ProtocolAssert.Result(JobsResult.Success, Decode(" \r\n{ \"timestamp\" : 1 } \n", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "whitespace around");
            byte[] bad = JsonFixturesBytes("{\"timestamp\":1,\"x\":\"", new byte[] { 0xC0, 0xAF }, "\"}");
            ProtocolAssert.Result(JobsResult.MalformedPayload, JobsReplies.Decode(bad, 0, bad.Length, JobsApi.NextJobExecutionChanged, JobsTopicKind.Event, SharedReply), "overlong");
            Assert.AreEqual((int)JsonResult.BadUtf8, (int)SharedReply.JsonResult);
        }

        [TestMethod]
        public void Decode_ReturnsUnexpectedContent_ForWrongShapes()
        {
            ProtocolAssert.Result(JobsResult.UnexpectedContent, Decode("[]", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "array payload");
            ProtocolAssert.Result(JobsResult.UnexpectedContent, Decode("{\"timestamp\":\"x\"}", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "string timestamp");
            ProtocolAssert.Result(JobsResult.UnexpectedContent, Decode("{\"execution\":{\"status\":\"QUEUED\"}}", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "no jobId");
            ProtocolAssert.Result(JobsResult.UnexpectedContent, Decode("{\"execution\":{\"jobId\":\"a\"}}", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "no status");
            ProtocolAssert.Result(JobsResult.UnexpectedContent, Decode("{\"execution\":{\"jobId\":\"a/b\",\"status\":\"QUEUED\"}}", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "bad jobId");
            ProtocolAssert.Result(JobsResult.UnexpectedContent, Decode("{\"execution\":{\"jobId\":\"a\",\"status\":\"DONE\"}}", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "unknown status");
            ProtocolAssert.Result(JobsResult.UnexpectedContent, Decode("{\"execution\":{\"jobId\":\"a\",\"status\":\"QUEUED\",\"jobDocument\":\"{}\"}}", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "document as string");
            ProtocolAssert.Result(JobsResult.UnexpectedContent, Decode("{\"execution\":{\"jobId\":\"a\",\"status\":\"QUEUED\",\"versionNumber\":1.5}}", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "fractional version");
            ProtocolAssert.Result(JobsResult.UnexpectedContent, Decode("{\"queuedJobs\":{}}", JobsApi.GetPendingJobExecutions, JobsTopicKind.Accepted), "list as object");
        }

        [TestMethod]
        public void Decode_ReturnsPayloadTooLarge_WhenJobDocumentExceeds32KB()
        {
            byte[] b = TestSupport.Padded(LargePrefix, JsonLimits.MaxDocumentBytes - 7, "\"}}}");
            ProtocolAssert.Result(JobsResult.PayloadTooLarge, JobsReplies.Decode(b, 0, b.Length, JobsApi.NextJobExecutionChanged, JobsTopicKind.Event, SharedReply), "32769-byte document");
        }

        [TestMethod]
        public void Decode_AcceptsDocumentOfExactly32KB_InsideLargerPayload()
        {
            byte[] b = TestSupport.Padded(LargePrefix, JsonLimits.MaxDocumentBytes - 8, "\"}}}");
            ProtocolAssert.Result(JobsResult.Success, JobsReplies.Decode(b, 0, b.Length, JobsApi.NextJobExecutionChanged, JobsTopicKind.Event, SharedReply), "32768-byte document");
            Assert.AreEqual(JsonLimits.MaxDocumentBytes, SharedReply.Execution.JobDocumentLength);
        }

        [TestMethod]
        public void Decode_UsesFirstOfDuplicateMembers_AndIgnoresUnknownMembers()
        {
            ProtocolAssert.Result(JobsResult.Success, Decode("{\"timestamp\":1,\"timestamp\":2,\"extra\":[1,{\"a\":null}],\"execution\":{\"jobId\":\"a\",\"status\":\"QUEUED\",\"jobId\":\"b\",\"new\":true}}", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "dupes");
            Assert.AreEqual(1L, SharedReply.Timestamp);
            Assert.IsTrue(SharedReply.Execution.JobIdEquals("a"));
        }

        [TestMethod]
        public void Decode_AcceptsEscapedKeys()
        {
            ProtocolAssert.Result(JobsResult.Success, Decode("{\"time\\u0073tamp\":7}", JobsApi.NextJobExecutionChanged, JobsTopicKind.Event), "escaped key");
            Assert.AreEqual(7L, SharedReply.Timestamp);
        }

        [TestMethod]
        public void Decode_ClearsPreviousReply()
        {
            Decode(AwsPayloads.Notify, JobsApi.JobExecutionsChanged, JobsTopicKind.Event);
            Decode(AwsPayloads.NotifyNextEmpty, JobsApi.NextJobExecutionChanged, JobsTopicKind.Event);
            Assert.AreEqual(0, SharedReply.InProgressCount);
            Assert.IsFalse(SharedReply.Execution.IsPresent);
        }

        [TestMethod]
        public void Decode_ReturnsBadParameter_ForRequestKindOrMismatchedEventKind()
        {
            ProtocolAssert.Result(JobsResult.BadParameter, Decode("{}", JobsApi.UpdateJobExecution, JobsTopicKind.Request), "request");
            ProtocolAssert.Result(JobsResult.BadParameter, Decode("{}", JobsApi.UpdateJobExecution, JobsTopicKind.Event), "event kind");
            ProtocolAssert.Result(JobsResult.BadParameter, Decode("{}", JobsApi.JobExecutionsChanged, JobsTopicKind.Accepted), "accepted notify");
            byte[] b = TestSupport.Utf8("{}");
            ProtocolAssert.Result(JobsResult.BadParameter, JobsReplies.Decode(b, 1, 5, JobsApi.UpdateJobExecution, JobsTopicKind.Accepted, SharedReply), "range");
            ProtocolAssert.Result(JobsResult.BadParameter, JobsReplies.Decode(b, 0, 2, JobsApi.UpdateJobExecution, JobsTopicKind.Accepted, null), "null reply");
        }

        private static void JsonAssertOk(JsonResult r)
        {
            Assert.AreEqual((int)JsonResult.Success, (int)r, "json");
        }

        private static byte[] JsonFixturesBytes(string head, byte[] middle, string tail)
        {
            byte[] h = TestSupport.Utf8(head);
            byte[] t = TestSupport.Utf8(tail);
            byte[] all = new byte[h.Length + middle.Length + t.Length];
            System.Array.Copy(h, 0, all, 0, h.Length);
            System.Array.Copy(middle, 0, all, h.Length, middle.Length);
            System.Array.Copy(t, 0, all, h.Length + middle.Length, t.Length);
            return all;
        }
    }
}
