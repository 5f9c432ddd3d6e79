#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Engine;

namespace NfDevice.Jobs.Tests.Engine
{
    /// <summary>
    /// The cloud has a next execution but refuses to deliver its document (for example the presigned-URL
    /// role may not read the object): the device learns the execution from GetPendingJobExecutions and
    /// ends it FAILED with the cloud's message, instead of leaving it QUEUED forever.
    /// </summary>
    [TestClass]
    public class UndeliverableDocumentTests
    {
        private const string Pending = "\"inProgressJobs\":[],\"queuedJobs\":[{\"jobId\":\"fw-1\",\"queuedAt\":1,\"lastUpdatedAt\":1,\"versionNumber\":1,\"executionNumber\":1}]";

        [TestMethod]
        public void DescribeNextRejectedWithInvalidRequest_FailsThePendingExecutionWithTheReason()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            Assert.IsTrue(h.LastTopic.EndsWith("/jobs/$next/get"));
            h.Mqtt.Reject("InvalidRequest", null);
            h.Pump();
            Assert.IsTrue(h.LastTopic.EndsWith("/jobs/get"), h.LastTopic);

            h.Mqtt.Accept(Pending);
            h.Pump();
            Assert.IsTrue(h.LastTopic.EndsWith("/jobs/fw-1/update"), h.LastTopic);
            Assert.IsTrue(h.LastContains("\"status\":\"FAILED\""), h.LastPayload);
            Assert.IsTrue(h.LastContains("\"reason\":\"documentNotDelivered\""), h.LastPayload);
            Assert.IsTrue(h.LastContains("\"detail\":\"test\""), h.LastPayload);
            Assert.IsTrue(h.LastContains("\"expectedVersion\":1"), h.LastPayload);

            h.AcceptUpdate(2, "FAILED");
            Assert.AreEqual(1, h.Agent.JobsFailed);
            Assert.IsTrue(h.LastTopic.EndsWith("/jobs/$next/get"), h.LastTopic);
        }

        [TestMethod]
        public void DescribeNextRejectedWithInvalidRequest_GoesIdle_WhenNothingIsPending()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            h.Mqtt.Reject("InvalidRequest", null);
            h.Pump();
            h.Mqtt.Accept("\"inProgressJobs\":[],\"queuedJobs\":[]");
            h.Pump();
            Assert.IsTrue(h.Agent.State == AgentState.Idle, h.Agent.StateName);
            Assert.AreEqual(0, h.Agent.JobsFailed);
        }

        [TestMethod]
        public void DescribeNextRejectedWithOtherCode_DoesNotFailAnything()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            h.Mqtt.Reject("InvalidTopic", null);
            h.Pump();
            Assert.IsTrue(h.Agent.State == AgentState.Stalled, h.Agent.StateName);
            Assert.IsFalse(h.LastTopic.EndsWith("/jobs/get"), h.LastTopic);
        }
    }
}
