#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Tests.Fakes;

namespace NfDevice.Jobs.Tests.Engine
{
    [TestClass]
    public class EngineRecoveryTests
    {
        [TestMethod]
        public void DisconnectMidJob_PausesTheHandler_ThenResubscribesRediscoversAndContinues()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.ConnectAndStartWork("job1");
            h.Disconnect();
            Assert.AreEqual(AgentState.Offline, h.Agent.State);
            int steps = h.Work.Steps;
            h.Advance(1000);
            Assert.AreEqual(steps, h.Work.Steps);

            h.Connect();
            Assert.AreEqual(2 * h.Agent.SubscriptionTopics.Length, h.Mqtt.Subscriptions.Count);
            Assert.AreEqual(h.Mqtt.JobsPrefix + "job1/get", h.LastTopic);
            Assert.IsTrue(h.LastContains("\"executionNumber\":1"));
            h.Mqtt.Accept(FakeMqtt.Execution("job1", 1, 2, "IN_PROGRESS", EngineHarness.Doc("work")));
            h.Pump();
            Assert.AreEqual(AgentState.Running, h.Agent.State);
            Assert.AreEqual(1, h.Work.Starts);
            Assert.IsTrue(h.Work.Steps > steps);

            h.Work.RunningSteps = h.Work.Steps;
            h.Pump();
            Assert.IsTrue(h.LastContains("\"status\":\"SUCCEEDED\""));
            Assert.IsTrue(h.LastContains("\"expectedVersion\":2"));
        }

        [TestMethod]
        public void ConnectedWithoutDisconnected_StillResubscribesAndRediscovers()
        {
            EngineHarness h = new EngineHarness();
            h.ConnectIdle();
            h.Connect();
            Assert.AreEqual(2 * h.Agent.SubscriptionTopics.Length, h.Mqtt.Subscriptions.Count);
            Assert.AreEqual(2, h.CountPublishes("$next/get"));
        }

        [TestMethod]
        public void RestartMidJob_ResumesTheHandlerWithItsCheckpoint()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.Work.Checkpoint = true;
            h.ConnectAndStartWork("job1");
            int steps = h.Work.Steps;

            h.Mqtt.IsConnected = false;
            h.Restart();
            Assert.AreEqual("job1", h.Agent.CurrentJobId);
            h.Connect();
            Assert.AreEqual(h.Mqtt.JobsPrefix + "job1/get", h.LastTopic);
            h.Mqtt.Accept(FakeMqtt.Execution("job1", 1, 2, "IN_PROGRESS", EngineHarness.Doc("work")));
            h.Pump();
            Assert.AreEqual(2, h.Work.Starts);
            Assert.IsTrue(h.Work.LastStartResumed);
            Assert.IsNotNull(h.Work.LastStartCheckpoint);
            Assert.AreEqual((byte)steps, h.Work.LastStartCheckpoint[0]);
            h.Work.RunningSteps = h.Work.Steps;
            h.Pump();
            Assert.IsTrue(h.LastContains("\"status\":\"SUCCEEDED\""));
            h.AcceptUpdate(3, "SUCCEEDED");
            Assert.IsFalse(h.Store.Has(h.Options.RecordName));
        }

        [TestMethod]
        public void RestartAfterStartWasSentButNotAnswered_StartsAgainWhenStillQueued()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            h.OfferJob("job1", 1, EngineHarness.Doc("work"));
            h.Mqtt.IsConnected = false;
            h.Restart();
            h.Connect();
            h.Mqtt.Accept(FakeMqtt.Execution("job1", 1, 1, "QUEUED", EngineHarness.Doc("work")));
            h.Pump();
            Assert.AreEqual(AgentState.Starting, h.Agent.State);
            Assert.IsTrue(h.LastContains("\"status\":\"IN_PROGRESS\""));
        }

        [TestMethod]
        public void RestartMidJob_WhenTheCloudCanceledIt_ClosesWithoutReporting()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.ConnectAndStartWork("job1");
            h.Mqtt.IsConnected = false;
            h.Restart();
            h.Connect();
            int updates = h.CountPublishes("/update");
            h.Mqtt.Accept(FakeMqtt.Execution("job1", 1, 3, "CANCELED", EngineHarness.Doc("work")));
            h.Pump();
            Assert.AreEqual(updates, h.CountPublishes("/update"));
            Assert.AreEqual(h.Mqtt.JobsPrefix + "$next/get", h.LastTopic);
            Assert.IsFalse(h.Store.Has(h.Options.RecordName));
            Assert.IsNull(h.Agent.CurrentJobId);
        }

        [TestMethod]
        public void RestartMidJob_WhenTheExecutionIsGone_ResourceNotFoundClosesIt()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.ConnectAndStartWork("job1");
            h.Mqtt.IsConnected = false;
            h.Restart();
            h.Connect();
            h.Mqtt.Reject("ResourceNotFound", null);
            h.Pump();
            Assert.AreEqual(AgentState.Discovering, h.Agent.State);
            Assert.IsFalse(h.Store.Has(h.Options.RecordName));
        }

        [TestMethod]
        public void RebootHandler_RebootsThenReportsSucceededAfterTheRestart()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            h.OfferJob("job1", 1, EngineHarness.Doc("reboot"));
            h.AcceptUpdate(2, "IN_PROGRESS");
            Assert.AreEqual(AgentState.Rebooting, h.Agent.State);
            Assert.AreEqual(1, h.Power.Reboots);
            Assert.AreEqual(1, h.CountPublishes("/update"));

            h.Mqtt.IsConnected = false;
            h.Restart();
            h.Connect();
            h.Mqtt.Accept(FakeMqtt.Execution("job1", 1, 2, "IN_PROGRESS", EngineHarness.Doc("reboot")));
            h.Pump();
            Assert.AreEqual(1, h.Power.Reboots);
            Assert.IsTrue(h.LastContains("\"status\":\"SUCCEEDED\""), h.LastPayload);
            Assert.IsTrue(h.LastContains("rebootedAt"));
            h.AcceptUpdate(3, "SUCCEEDED");
            Assert.AreEqual(1, h.Agent.JobsSucceeded);
        }

        [TestMethod]
        public void RebootLoop_EndsFailedWithReason_AfterMaxBootsInTheSamePhase()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.ConnectAndStartWork("job1");
            h.Mqtt.IsConnected = false;
            for (int i = 0; i < h.Options.MaxBootsInPhase; i++)
            {
                h.Restart();
            }

            h.Connect();
            h.Mqtt.Accept(FakeMqtt.Execution("job1", 1, 2, "IN_PROGRESS", EngineHarness.Doc("work")));
            h.Pump();
            Assert.IsTrue(h.LastContains("\"status\":\"FAILED\""), h.LastPayload);
            Assert.IsTrue(h.LastContains("\"reason\":\"rebootLoop\""));
        }

        [TestMethod]
        public void TwoRestarts_StayUnderTheRebootLoopCap()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.ConnectAndStartWork("job1");
            h.Mqtt.IsConnected = false;
            h.Restart();
            h.Restart();
            h.Connect();
            h.Mqtt.Accept(FakeMqtt.Execution("job1", 1, 2, "IN_PROGRESS", EngineHarness.Doc("work")));
            h.Pump();
            Assert.AreEqual(AgentState.Running, h.Agent.State);
        }

        [TestMethod]
        public void AnswersWithAnOldClientTokenOrForAnotherExecution_AreIgnored()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            h.Mqtt.Deliver(h.Mqtt.JobsPrefix + "$next/get/accepted",
                "{\"clientToken\":\"1:old\"," + FakeMqtt.Execution("job9", 1, 1, "QUEUED", EngineHarness.Doc("work")) + "}");
            h.Pump();
            Assert.AreEqual(AgentState.Discovering, h.Agent.State);
            Assert.AreEqual(1, h.Agent.MessagesIgnored);

            h.OfferJob("job1", 1, EngineHarness.Doc("work"));
            PublishedMessage start = h.Mqtt.Last;
            h.Mqtt.Deliver(h.Mqtt.JobsPrefix + "job2/update/accepted", "{\"clientToken\":\"" + start.ClientToken + "\"}");
            h.Mqtt.Deliver("$aws/things/other/jobs/job1/update/accepted", "{\"clientToken\":\"" + start.ClientToken + "\"}");
            h.Pump();
            Assert.AreEqual(AgentState.Starting, h.Agent.State);
            Assert.AreEqual(3, h.Agent.MessagesIgnored);

            h.Mqtt.Reject("RequestThrottled", null);
            h.Pump();
            h.Advance(h.Agent.LastRetryDelayMs);
            h.Mqtt.Answer(start, "/accepted", string.Empty);
            h.Pump();
            Assert.AreEqual(AgentState.Starting, h.Agent.State, "an answer to the first try's token is stale after the retry");
            h.AcceptUpdate(2, "IN_PROGRESS");
            Assert.AreEqual(AgentState.Finishing, h.Agent.State);
        }

        [TestMethod]
        public void MalformedReply_IsIgnoredWithoutCrash()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            string token = h.Mqtt.Last.ClientToken;
            string[] bad = { "{\"clientToken\":", "", "not json", "{\"clientToken\":\"" + token + "\",\"execution\":{\"jobId\":\"a b\"}}", "\u00ff\u00fe" };
            for (int i = 0; i < bad.Length; i++)
            {
                h.Mqtt.Deliver(h.Mqtt.JobsPrefix + "$next/get/accepted", bad[i]);
                h.Mqtt.Deliver(h.Mqtt.JobsPrefix + "notify-next", bad[i]);
            }

            h.Mqtt.Events.MessageReceived(h.Mqtt.JobsPrefix + "notify-next", new byte[] { 0x7B, 0xC0, 0xAF, 0x7D });
            h.Pump();
            Assert.AreEqual(AgentState.Discovering, h.Agent.State);
            Assert.AreEqual(bad.Length * 2 + 1, h.Agent.MessagesIgnored);
            h.OfferJob("job1", 1, EngineHarness.Doc("work"));
            Assert.AreEqual(AgentState.Starting, h.Agent.State);
        }

        [TestMethod]
        public void StateStoreWriteFailure_BeforeStart_FailsTheExecutionWithReason()
        {
            EngineHarness h = new EngineHarness();
            h.Store.FailWrites = true;
            h.Connect();
            h.OfferJob("job1", 1, EngineHarness.Doc("work"));
            Assert.AreEqual(1, h.CountPublishes("/update"));
            Assert.IsTrue(h.LastContains("\"status\":\"FAILED\""));
            Assert.IsTrue(h.LastContains("\"reason\":\"stateStore\""));
            Assert.AreEqual(0, h.Work.Starts);
            h.AcceptUpdate(2, "FAILED");
            Assert.AreEqual(1, h.Agent.JobsFailed);
        }

        [TestMethod]
        public void StateStoreWriteFailure_BeforeReboot_FailsInsteadOfRebooting()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            h.OfferJob("job1", 1, EngineHarness.Doc("reboot"));
            h.Store.FailWrites = true;
            h.AcceptUpdate(2, "IN_PROGRESS");
            Assert.AreEqual(0, h.Power.Reboots);
            Assert.IsTrue(h.LastContains("\"reason\":\"stateStore\""));
        }

        [TestMethod]
        public void CorruptRecord_IsDropped_AndDiscoveryStartsClean()
        {
            EngineHarness h = new EngineHarness();
            h.Store.Put(h.Options.RecordName, new byte[] { 1, 2, 3 });
            h.Restart();
            Assert.IsFalse(h.Store.Has(h.Options.RecordName));
            h.Connect();
            Assert.AreEqual(h.Mqtt.JobsPrefix + "$next/get", h.LastTopic);
        }

        [TestMethod]
        public void LostTerminalAnswer_InvalidStateTransitionToTheSameStatus_CountsAndMovesOn()
        {
            EngineHarness h = new EngineHarness();
            h.ConnectAndStartWork("job1");
            h.Advance(h.Options.ReplyTimeoutMs);
            h.Advance(h.Agent.LastRetryDelayMs);
            h.Mqtt.Reject("InvalidStateTransition", FakeMqtt.ExecutionState("SUCCEEDED", 3));
            h.Pump();
            Assert.AreEqual(1, h.Agent.JobsSucceeded);
            Assert.AreEqual(0, h.Agent.JobsAbandoned);
            Assert.AreEqual(h.Mqtt.JobsPrefix + "$next/get", h.LastTopic);
        }

        [TestMethod]
        public void SubscribeFailure_IsRetriedWithBackoff()
        {
            EngineHarness h = new EngineHarness();
            h.Mqtt.FailSubscribe = true;
            h.Connect();
            Assert.AreEqual(AgentState.Connecting, h.Agent.State);
            h.Mqtt.FailSubscribe = false;
            h.Advance(h.Agent.LastRetryDelayMs);
            Assert.AreEqual(AgentState.Discovering, h.Agent.State);
        }

        [TestMethod]
        public void AgentConstructedWhileConnected_DiscoversWithoutAConnectionEvent()
        {
            EngineHarness h = new EngineHarness();
            h.Mqtt.IsConnected = true;
            h.Restart();
            Assert.AreEqual(AgentState.Discovering, h.Agent.State);
        }

        [TestMethod]
        public void HostConnectedBeforeTheFirstRun_AndSaidSo_DiscoversOnce()
        {
            EngineHarness h = new EngineHarness();
            h.Mqtt.IsConnected = true;
            h.Agent = new JobAgent(h.Options, h.Mqtt, h.Clock, h.Store, h.Log, h.Random, h.Power, h.Device);
            h.Mqtt.Events = h.Agent;
            h.Agent.ConnectionChanged(true);
            h.Pump();
            Assert.AreEqual(AgentState.Discovering, h.Agent.State);
            Assert.AreEqual(1, h.CountPublishes("$next/get"));
            Assert.AreEqual(h.Agent.SubscriptionTopics.Length, h.Mqtt.Subscriptions.Count);
        }
    }
}
