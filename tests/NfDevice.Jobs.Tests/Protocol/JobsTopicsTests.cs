#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Tests.Protocol
{
    /// <summary>Building and matching the topics of reference §1.1.</summary>
    [TestClass]
    public class JobsTopicsTests
    {
        private const string Thing = "esp32-01:lab_A";

        private static string Build(JobsApi api, JobsTopicKind kind, string jobId)
        {
            string topic;
            ProtocolAssert.Result(JobsResult.Success, JobsTopics.Build(Thing, api, kind, jobId, out topic), "build");
            return topic;
        }

        [TestMethod]
        public void Build_GivesEveryTopicOfTheReference()
        {
            string p = "$aws/things/esp32-01:lab_A/jobs/";
            Assert.AreEqual(p + "get", Build(JobsApi.GetPendingJobExecutions, JobsTopicKind.Request, null));
            Assert.AreEqual(p + "get/accepted", Build(JobsApi.GetPendingJobExecutions, JobsTopicKind.Accepted, null));
            Assert.AreEqual(p + "get/rejected", Build(JobsApi.GetPendingJobExecutions, JobsTopicKind.Rejected, null));
            Assert.AreEqual(p + "start-next", Build(JobsApi.StartNextPendingJobExecution, JobsTopicKind.Request, null));
            Assert.AreEqual(p + "start-next/accepted", Build(JobsApi.StartNextPendingJobExecution, JobsTopicKind.Accepted, null));
            Assert.AreEqual(p + "start-next/rejected", Build(JobsApi.StartNextPendingJobExecution, JobsTopicKind.Rejected, null));
            Assert.AreEqual(p + "job-1/get", Build(JobsApi.DescribeJobExecution, JobsTopicKind.Request, "job-1"));
            Assert.AreEqual(p + "job-1/get/accepted", Build(JobsApi.DescribeJobExecution, JobsTopicKind.Accepted, "job-1"));
            Assert.AreEqual(p + "job-1/get/rejected", Build(JobsApi.DescribeJobExecution, JobsTopicKind.Rejected, "job-1"));
            Assert.AreEqual(p + "$next/get", Build(JobsApi.DescribeJobExecution, JobsTopicKind.Request, "$next"));
            Assert.AreEqual(p + "$next/get/accepted", Build(JobsApi.DescribeJobExecution, JobsTopicKind.Accepted, "$next"));
            Assert.AreEqual(p + "job_2/update", Build(JobsApi.UpdateJobExecution, JobsTopicKind.Request, "job_2"));
            Assert.AreEqual(p + "job_2/update/accepted", Build(JobsApi.UpdateJobExecution, JobsTopicKind.Accepted, "job_2"));
            Assert.AreEqual(p + "job_2/update/rejected", Build(JobsApi.UpdateJobExecution, JobsTopicKind.Rejected, "job_2"));
            Assert.AreEqual(p + "notify", Build(JobsApi.JobExecutionsChanged, JobsTopicKind.Event, null));
            Assert.AreEqual(p + "notify-next", Build(JobsApi.NextJobExecutionChanged, JobsTopicKind.Event, null));
        }

        [TestMethod]
        public void Build_RejectsBadArguments()
        {
            string topic;
            ProtocolAssert.Result(JobsResult.InvalidThingName, JobsTopics.Build("bad/thing", JobsApi.GetPendingJobExecutions, JobsTopicKind.Request, null, out topic), "slash in thing");
            ProtocolAssert.Result(JobsResult.InvalidThingName, JobsTopics.Build("", JobsApi.GetPendingJobExecutions, JobsTopicKind.Request, null, out topic), "empty thing");
            ProtocolAssert.Result(JobsResult.InvalidJobId, JobsTopics.Build(Thing, JobsApi.UpdateJobExecution, JobsTopicKind.Request, "$next", out topic), "$next for update");
            ProtocolAssert.Result(JobsResult.InvalidJobId, JobsTopics.Build(Thing, JobsApi.UpdateJobExecution, JobsTopicKind.Request, "a:b", out topic), "colon in jobId");
            ProtocolAssert.Result(JobsResult.InvalidJobId, JobsTopics.Build(Thing, JobsApi.DescribeJobExecution, JobsTopicKind.Request, null, out topic), "missing jobId");
            ProtocolAssert.Result(JobsResult.BadParameter, JobsTopics.Build(Thing, JobsApi.GetPendingJobExecutions, JobsTopicKind.Request, "job", out topic), "jobId where none belongs");
            ProtocolAssert.Result(JobsResult.BadParameter, JobsTopics.Build(Thing, JobsApi.JobExecutionsChanged, JobsTopicKind.Accepted, null, out topic), "accepted of an event");
            ProtocolAssert.Result(JobsResult.BadParameter, JobsTopics.Build(Thing, JobsApi.GetPendingJobExecutions, JobsTopicKind.Event, null, out topic), "event kind for request API");
            ProtocolAssert.Result(JobsResult.BadParameter, JobsTopics.Build(Thing, JobsApi.None, JobsTopicKind.Request, null, out topic), "no API");
            Assert.IsNull(topic);
        }

        [TestMethod]
        public void Build_IntoBytes_MatchesStringForm_AndReportsBufferTooSmall()
        {
            byte[] b = new byte[JobsLimits.MaxTopicLength];
            int length;
            ProtocolAssert.Result(JobsResult.Success, JobsTopics.Build(b, 0, b.Length, Thing, JobsApi.UpdateJobExecution, JobsTopicKind.Accepted, "job-1", out length), "bytes");
            Assert.AreEqual(Build(JobsApi.UpdateJobExecution, JobsTopicKind.Accepted, "job-1"), TestSupport.Text(b, 0, length));
            ProtocolAssert.Result(JobsResult.BufferTooSmall, JobsTopics.Build(b, 0, length - 1, Thing, JobsApi.UpdateJobExecution, JobsTopicKind.Accepted, "job-1", out length), "one short");
        }

        [TestMethod]
        public void Build_LongestTopic_FitsMaxTopicLength()
        {
            string thing = new string('t', JobsLimits.MaxThingNameLength);
            string job = new string('j', JobsLimits.MaxJobIdLength);
            string topic;
            ProtocolAssert.Result(JobsResult.Success, JobsTopics.Build(thing, JobsApi.UpdateJobExecution, JobsTopicKind.Accepted, job, out topic), "longest");
            Assert.AreEqual(JobsLimits.MaxTopicLength, topic.Length);
        }

        [TestMethod]
        public void BuildFilter_UsesWildcardForPerJobApis()
        {
            string topic;
            ProtocolAssert.Result(JobsResult.Success, JobsTopics.BuildFilter(Thing, JobsApi.UpdateJobExecution, JobsTopicKind.Accepted, out topic), "update");
            Assert.AreEqual("$aws/things/esp32-01:lab_A/jobs/+/update/accepted", topic);
            ProtocolAssert.Result(JobsResult.Success, JobsTopics.BuildFilter(Thing, JobsApi.NextJobExecutionChanged, JobsTopicKind.Event, out topic), "notify-next");
            Assert.AreEqual("$aws/things/esp32-01:lab_A/jobs/notify-next", topic);
        }

        [TestMethod]
        public void Match_RecognisesEveryBuiltTopic()
        {
            JobsApi[] apis =
            {
                JobsApi.GetPendingJobExecutions, JobsApi.StartNextPendingJobExecution, JobsApi.DescribeJobExecution,
                JobsApi.UpdateJobExecution,
            };
            JobsTopicKind[] kinds = { JobsTopicKind.Request, JobsTopicKind.Accepted, JobsTopicKind.Rejected };
            for (int a = 0; a < apis.Length; a++)
            {
                for (int k = 0; k < kinds.Length; k++)
                {
                    bool perJob = apis[a] == JobsApi.DescribeJobExecution || apis[a] == JobsApi.UpdateJobExecution;
                    string topic = Build(apis[a], kinds[k], perJob ? "job-42" : null);
                    JobsApi api;
                    JobsTopicKind kind;
                    int off, len;
                    ProtocolAssert.Result(JobsResult.Success, JobsTopics.Match(topic, Thing, out api, out kind, out off, out len), topic);
                    ProtocolAssert.Api(apis[a], api, topic);
                    ProtocolAssert.Kind(kinds[k], kind, topic);
                    if (perJob)
                    {
                        Assert.AreEqual("job-42", topic.Substring(off, len));
                        Assert.IsTrue(JobsTopics.JobIdEquals(topic, off, len, "job-42"));
                        Assert.IsFalse(JobsTopics.JobIdEquals(topic, off, len, "job-43"));
                    }
                    else
                    {
                        Assert.AreEqual(-1, off);
                    }
                }
            }
        }

        [TestMethod]
        public void Match_RecognisesNotifyAndNotifyNextAndDescribeNext()
        {
            JobsApi api;
            JobsTopicKind kind;
            int off, len;
            ProtocolAssert.Result(JobsResult.Success, JobsTopics.Match("$aws/things/esp32-01:lab_A/jobs/notify", Thing, out api, out kind, out off, out len), "notify");
            ProtocolAssert.Api(JobsApi.JobExecutionsChanged, api, "notify");
            ProtocolAssert.Kind(JobsTopicKind.Event, kind, "notify");
            ProtocolAssert.Result(JobsResult.Success, JobsTopics.Match("$aws/things/esp32-01:lab_A/jobs/notify-next", Thing, out api, out kind, out off, out len), "notify-next");
            ProtocolAssert.Api(JobsApi.NextJobExecutionChanged, api, "notify-next");
            ProtocolAssert.Result(JobsResult.Success, JobsTopics.Match("$aws/things/esp32-01:lab_A/jobs/$next/get/accepted", Thing, out api, out kind, out off, out len), "$next");
            ProtocolAssert.Api(JobsApi.DescribeJobExecution, api, "$next");
            ProtocolAssert.Kind(JobsTopicKind.Accepted, kind, "$next");
            Assert.AreEqual("$next", "$aws/things/esp32-01:lab_A/jobs/$next/get/accepted".Substring(off, len));
        }

        [TestMethod]
        public void Match_TreatsApiNamesAsJobIds_WhenFollowedByAnApi()
        {
            JobsApi api;
            JobsTopicKind kind;
            int off, len;
            string topic = "$aws/things/esp32-01:lab_A/jobs/get/update/accepted";
            ProtocolAssert.Result(JobsResult.Success, JobsTopics.Match(topic, Thing, out api, out kind, out off, out len), "job named get");
            ProtocolAssert.Api(JobsApi.UpdateJobExecution, api, "api");
            Assert.AreEqual("get", topic.Substring(off, len));
        }

        [TestMethod]
        public void MatchTopic_ReturnsNoMatch_WhenThingNameDiffers()
        {
            JobsApi api;
            JobsTopicKind kind;
            int off, len;
            ProtocolAssert.Result(JobsResult.NoMatch, JobsTopics.Match("$aws/things/other/jobs/notify-next", Thing, out api, out kind, out off, out len), "other thing");
            ProtocolAssert.Result(JobsResult.NoMatch, JobsTopics.Match("$aws/things/esp32-01:lab_AB/jobs/notify-next", Thing, out api, out kind, out off, out len), "longer name");
            ProtocolAssert.Result(JobsResult.NoMatch, JobsTopics.Match("$aws/things/esp32-01:lab/jobs/notify-next", Thing, out api, out kind, out off, out len), "prefix name");
            ProtocolAssert.Api(JobsApi.None, api, "no api");
        }

        [TestMethod]
        public void Match_ReturnsNoMatch_ForMalformedOrForeignTopics()
        {
            string[] topics =
            {
                "$aws/things/esp32-01:lab_A/shadow/update",
                "$aws/things/esp32-01:lab_A/jobs/",
                "$aws/things/esp32-01:lab_A/jobs/notify/accepted",
                "$aws/things/esp32-01:lab_A/jobs/start-next/update/accepted/x",
                "$aws/things/esp32-01:lab_A/jobs/job-1/delete",
                "$aws/things/esp32-01:lab_A/jobs/job-1/get/accepted/",
                "$aws/things/esp32-01:lab_A/jobs/$next/update",
                "$aws/things/esp32-01:lab_A/jobs/a:b/get",
                "$aws/things/esp32-01:lab_A/jobs//get",
                "$aws/things/esp32-01:lab_A/jobs/job-1/get/done",
                "$aws/things/esp32-01:lab_A/jobs/" + new string('j', 65) + "/get",
                "$aws/things/esp32-01:lab_A",
                "aws/things/esp32-01:lab_A/jobs/get",
                "",
            };
            for (int i = 0; i < topics.Length; i++)
            {
                JobsApi api;
                JobsTopicKind kind;
                int off, len;
                ProtocolAssert.Result(JobsResult.NoMatch, JobsTopics.Match(topics[i], Thing, out api, out kind, out off, out len), topics[i]);
            }
        }

        [TestMethod]
        public void Match_ReturnsBadParameter_ForNullTopicOrInvalidThing()
        {
            JobsApi api;
            JobsTopicKind kind;
            int off, len;
            ProtocolAssert.Result(JobsResult.BadParameter, JobsTopics.Match(null, Thing, out api, out kind, out off, out len), "null topic");
            ProtocolAssert.Result(JobsResult.BadParameter, JobsTopics.Match("$aws/things/x/jobs/get", "x/y", out api, out kind, out off, out len), "bad thing");
        }
    }
}
