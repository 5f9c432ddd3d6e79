#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Tests.Fakes;

namespace NfDevice.Jobs.Tests.Engine
{
    /// <summary>
    /// Issue 8: one job whose document the device cannot hold (nested too deep, too long, not an object) must not
    /// block the queue. When the execution's identity is readable it ends REJECTED with a reason; never Stalled.
    /// </summary>
    [TestClass]
    public class UnreadableDocumentTests
    {
        /// <summary>{"a":{"a":...{}...}} nested <paramref name="depth"/> objects deep.</summary>
        public static string Nested(int depth)
        {
            System.Text.StringBuilder sb = new System.Text.StringBuilder();
            for (int i = 1; i < depth; i++)
            {
                sb.Append("{\"a\":");
            }

            sb.Append("{}");
            for (int i = 1; i < depth; i++)
            {
                sb.Append('}');
            }

            return sb.ToString();
        }

        /// <summary>Answers the $next describe with <paramref name="document"/>, accepts the REJECTED update, and checks the queue moves on.</summary>
        public static void AssertRejectedAndQueueMovesOn(EngineHarness h, string document, string reason, string detail)
        {
            h.OfferJob("bad-1", 1, document);
            Assert.IsTrue(h.LastTopic.EndsWith("/jobs/bad-1/update"), h.LastTopic + " " + h.TraceText());
            Assert.IsTrue(h.LastContains("\"status\":\"REJECTED\""), h.LastPayload);
            Assert.IsTrue(h.LastContains("\"reason\":\"" + reason + "\""), h.LastPayload);
            Assert.IsTrue(h.LastContains(detail), h.LastPayload);
            Assert.IsTrue(h.LastContains("\"expectedVersion\":1"), h.LastPayload);

            h.AcceptUpdate(2, "REJECTED");
            Assert.AreEqual(1, h.Agent.JobsRejected);
            Assert.IsTrue(h.LastTopic.EndsWith("/jobs/$next/get"), "the agent did not ask for the next job: " + h.LastTopic);
            h.OfferJob("good-2", 1, EngineHarness.Doc("work"));
            Assert.IsTrue(h.LastTopic.EndsWith("/jobs/good-2/update"), h.LastTopic);
            Assert.IsTrue(h.LastContains("\"status\":\"IN_PROGRESS\""), h.LastPayload);
        }

        [TestMethod]
        public void DocumentNested40Deep_IsRejected_AndTheNextJobRuns()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            AssertRejectedAndQueueMovesOn(h, Nested(40), "documentUnreadable", "nested deeper than 32");
        }

        [TestMethod]
        public void JobDocumentThatIsAnArray_IsRejectedAsInvalidDocument()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            AssertRejectedAndQueueMovesOn(h, "[1,2,3]", "invalidDocument", "not a JSON object");
        }

        [TestMethod]
        public void JobDocumentThatIsAString_IsRejectedAsInvalidDocument()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            AssertRejectedAndQueueMovesOn(h, "\"operation=work\"", "invalidDocument", "not a JSON object");
        }

        [TestMethod]
        public void UnreadableAnswer_WithAnotherClientToken_IsIgnored()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            PublishedMessage describe = h.Mqtt.Last;
            h.Mqtt.Deliver(describe.Topic + "/accepted", "{\"timestamp\":1,\"clientToken\":\"other\"," + FakeMqtt.Execution("bad-1", 1, 1, "QUEUED", Nested(40)) + "}");
            h.Pump();
            Assert.AreEqual(0, h.CountPublishes("/update"));
            Assert.AreEqual(1, h.Agent.MessagesIgnored);
        }

        [TestMethod]
        public void UnreadableNotifyNext_WhileIdle_LeadsToADescribeAndTheRejection()
        {
            EngineHarness h = new EngineHarness();
            h.ConnectIdle();
            int describes = h.CountPublishes("/$next/get");
            h.Mqtt.NotifyNext(FakeMqtt.Execution("bad-1", 1, 1, "QUEUED", Nested(40)));
            h.Pump();
            Assert.AreEqual(describes + 1, h.CountPublishes("/$next/get"));
            AssertRejectedAndQueueMovesOn(h, Nested(40), "documentUnreadable", "nested deeper");
        }

        [TestMethod]
        public void HeldExecution_DescribedWithAnUnreadableDocument_AfterARestart_IsRejected()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.ConnectAndStartWork("job-1");
            h.Restart();
            h.Connect();
            Assert.IsTrue(h.LastTopic.EndsWith("/jobs/job-1/get"), h.LastTopic);
            h.Mqtt.Accept(FakeMqtt.Execution("job-1", 1, 2, "IN_PROGRESS", Nested(40)));
            h.Pump();
            Assert.IsTrue(h.LastTopic.EndsWith("/jobs/job-1/update"), h.LastTopic);
            Assert.IsTrue(h.LastContains("\"status\":\"REJECTED\""), h.LastPayload);
            Assert.IsTrue(h.LastContains("\"expectedVersion\":2"), h.LastPayload);
            Assert.IsFalse(h.Agent.State == AgentState.Stalled);
        }
    }
}
