using System;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Json;
using NfDevice.Jobs.Protocol;
using NfDevice.Jobs.Tests.Protocol;

namespace NfDevice.Jobs.Tests.Net.Json
{
    /// <summary>
    /// The protocol codec on hostile input (issue §5): mutated AWS payloads and topics give a documented result,
    /// never an exception, and every range a decoded reply holds lies inside the payload. Requests read back by
    /// System.Text.Json have the field values that were encoded.
    /// </summary>
    [TestClass]
    public class JobsProtocolFuzzTests
    {
        private static readonly string[] Payloads =
        {
            AwsPayloads.Notify, AwsPayloads.NotifyEmpty, AwsPayloads.NotifyNextDoc, AwsPayloads.NotifyNextCapture,
            AwsPayloads.NotifyNextEmpty, AwsPayloads.GetPendingAccepted, AwsPayloads.StartNextAccepted, AwsPayloads.DescribeNextEmpty,
            AwsPayloads.UpdateAcceptedFull, AwsPayloads.RejectedInvalidStateTransition, AwsPayloads.RustotDescribeAccepted,
            AwsPayloads.EspDescribeAccepted,
        };

        private static readonly (JobsApi Api, JobsTopicKind Kind)[] Targets =
        {
            (JobsApi.GetPendingJobExecutions, JobsTopicKind.Accepted), (JobsApi.StartNextPendingJobExecution, JobsTopicKind.Accepted),
            (JobsApi.DescribeJobExecution, JobsTopicKind.Accepted), (JobsApi.UpdateJobExecution, JobsTopicKind.Accepted),
            (JobsApi.UpdateJobExecution, JobsTopicKind.Rejected), (JobsApi.JobExecutionsChanged, JobsTopicKind.Event),
            (JobsApi.NextJobExecutionChanged, JobsTopicKind.Event),
        };

        [TestMethod]
        public void Decode_ReturnsDocumentedResult_AndRangesInsidePayload_OnMutatedAwsPayloads()
        {
            var gen = new RandomJson(4242);
            var reply = new JobsReply();
            var clock = Stopwatch.StartNew();
            int success = 0, failure = 0;
            for (int n = 0; n < 30000 && clock.Elapsed < TimeSpan.FromSeconds(2); n++)
            {
                byte[] payload = gen.Mutate(Encoding.UTF8.GetBytes(Payloads[n % Payloads.Length]));
                var (api, kind) = Targets[gen.Random.Next(Targets.Length)];
                JobsResult r;
                try
                {
                    r = JobsReplies.Decode(payload, 0, payload.Length, api, kind, reply);
                }
                catch (Exception ex)
                {
                    Assert.Fail("Decode threw " + ex.GetType().Name + " on " + Convert.ToHexString(payload));
                    return;
                }

                Assert.IsTrue(r == JobsResult.Success || r == JobsResult.MalformedPayload || r == JobsResult.UnexpectedContent
                    || r == JobsResult.PayloadTooLarge, r.ToString());
                if (r != JobsResult.Success)
                {
                    failure++;
                    continue;
                }

                success++;
                Inside(payload, reply.ClientTokenOffset, reply.ClientTokenLength);
                Inside(payload, reply.MessageOffset, reply.MessageLength);
                Inside(payload, reply.JobDocumentOffset, reply.JobDocumentLength);
                Inside(payload, reply.Execution.JobIdOffset, reply.Execution.JobIdLength);
                Inside(payload, reply.Execution.JobDocumentOffset, reply.Execution.JobDocumentLength);
                Inside(payload, reply.Execution.StatusDetailsOffset, reply.Execution.StatusDetailsLength);
                Inside(payload, reply.ExecutionState.StatusDetailsOffset, reply.ExecutionState.StatusDetailsLength);
                if (reply.Execution.IsPresent)
                {
                    Assert.IsTrue(JobsValidation.IsValidJobId(reply.Execution.GetJobId(), false), "decoded jobId must be usable in a topic");
                    Assert.AreNotEqual(JobExecutionStatus.Unknown, reply.Execution.Status);
                }

                for (int i = 0; i < reply.InProgressCount; i++)
                {
                    Inside(payload, reply.InProgressJobs[i].JobIdOffset, reply.InProgressJobs[i].JobIdLength);
                }

                for (int i = 0; i < reply.QueuedCount; i++)
                {
                    Inside(payload, reply.QueuedJobs[i].JobIdOffset, reply.QueuedJobs[i].JobIdLength);
                }
            }

            Assert.IsTrue(success > 100 && failure > 100, success + " decoded, " + failure + " refused");
        }

        private static void Inside(byte[] payload, int offset, int length)
        {
            if (offset == -1)
            {
                Assert.AreEqual(0, length);
                return;
            }

            Assert.IsTrue(offset >= 0 && length >= 0 && offset + length <= payload.Length, "range " + offset + "+" + length + " outside " + payload.Length);
        }

        [TestMethod]
        public void Match_NeverThrows_AndAgreesWithBuild_OnMutatedTopics()
        {
            var gen = new RandomJson(4343);
            const string thing = "thing-1";
            string[] topics =
            {
                "$aws/things/thing-1/jobs/get/accepted", "$aws/things/thing-1/jobs/job-1/update/rejected",
                "$aws/things/thing-1/jobs/$next/get/accepted", "$aws/things/thing-1/jobs/notify-next",
            };
            for (int n = 0; n < 20000; n++)
            {
                byte[] bytes = gen.Mutate(Encoding.ASCII.GetBytes(topics[n % topics.Length]));
                string topic = Encoding.Latin1.GetString(bytes);
                JobsResult r = JobsTopics.Match(topic, thing, out JobsApi api, out JobsTopicKind kind, out int off, out int len);
                if (r != JobsResult.Success)
                {
                    Assert.AreEqual(JobsResult.NoMatch, r);
                    continue;
                }

                // A matched topic is exactly the one Build makes for what Match reported.
                string jobId = off >= 0 ? topic.Substring(off, len) : null;
                Assert.AreEqual(JobsResult.Success, JobsTopics.Build(thing, api, kind, jobId, out string rebuilt), topic);
                Assert.AreEqual(topic, rebuilt);
            }
        }

        [TestMethod]
        public void UpdateRequest_ReadsBackWithSystemTextJson()
        {
            var gen = new RandomJson(4444);
            byte[] buffer = new byte[16384];
            for (int n = 0; n < 500; n++)
            {
                var details = new StatusDetails();
                for (int i = 0; i < gen.Random.Next(0, 11); i++)
                {
                    details.SetSanitized("k" + i, gen.RandomText());
                }

                var u = new UpdateJobExecutionRequest
                {
                    Status = (JobExecutionStatus)(new[] { 2, 3, 4, 6 })[gen.Random.Next(4)],
                    StatusDetails = details,
                    ExpectedVersion = gen.Random.Next(0, 1000),
                    ExecutionNumber = gen.Random.Next(0, 5),
                    IncludeJobExecutionState = gen.Random.Next(2) == 0,
                    StepTimeoutInMinutes = gen.Random.Next(0, 10081),
                    ClientToken = gen.Random.Next(2) == 0 ? null : "tok-" + n,
                };
                Assert.AreEqual(JobsResult.Success, JobsRequests.UpdateJobExecution(buffer, 0, buffer.Length, u, out int length));
                using JsonDocument d = JsonDocument.Parse(buffer.AsMemory(0, length));
                JsonElement root = d.RootElement;
                Assert.AreEqual(JobsNames.StatusName(u.Status), root.GetProperty("status").GetString());
                Assert.AreEqual(details.Count > 0, root.TryGetProperty("statusDetails", out JsonElement sd));
                for (int i = 0; i < details.Count; i++)
                {
                    Assert.AreEqual(details.ValueAt(i), sd.GetProperty(details.KeyAt(i)).GetString());
                }

                Assert.AreEqual(u.ExpectedVersion != 0, root.TryGetProperty("expectedVersion", out JsonElement ev));
                if (u.ExpectedVersion != 0)
                {
                    Assert.AreEqual(u.ExpectedVersion, ev.GetInt64());
                }

                Assert.AreEqual(u.IncludeJobExecutionState, root.TryGetProperty("includeJobExecutionState", out _));
                Assert.AreEqual(u.ClientToken, root.TryGetProperty("clientToken", out JsonElement ct) ? ct.GetString() : null);
            }
        }
    }
}
