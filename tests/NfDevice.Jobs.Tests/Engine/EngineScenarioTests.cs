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
    public class EngineScenarioTests
    {
        [TestMethod]
        public void HappyPath_FollowsTheExpectedTransitions_AndReportsSucceeded()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            Assert.AreEqual(7, h.Mqtt.Subscriptions.Count);
            Assert.AreEqual(h.Mqtt.JobsPrefix + "notify-next", (string)h.Mqtt.Subscriptions[0]);
            Assert.AreEqual(h.Mqtt.JobsPrefix + "$next/get", h.LastTopic);
            Assert.IsTrue(h.LastContains("\"includeJobDocument\":true"));
            Assert.IsNotNull(h.Mqtt.Last.ClientToken);

            h.OfferJob("job1", 1, EngineHarness.Doc("work"));
            Assert.AreEqual(h.Mqtt.JobsPrefix + "job1/update", h.LastTopic);
            Assert.IsTrue(h.LastContains("\"status\":\"IN_PROGRESS\""));
            Assert.IsTrue(h.LastContains("\"expectedVersion\":1"));
            Assert.IsTrue(h.LastContains("\"stepTimeoutInMinutes\":30"));
            Assert.IsTrue(h.Store.Has(h.Options.RecordName));

            h.AcceptUpdate(2, "IN_PROGRESS");
            Assert.AreEqual(1, h.Work.Starts);
            Assert.AreEqual(3, h.Work.Steps);
            Assert.IsTrue(h.LastContains("\"status\":\"SUCCEEDED\""));
            Assert.IsTrue(h.LastContains("\"expectedVersion\":2"));

            h.AcceptUpdate(3, "SUCCEEDED");
            Assert.AreEqual(h.Mqtt.JobsPrefix + "$next/get", h.LastTopic);
            h.Mqtt.Accept(string.Empty);
            h.Pump();

            string[] expected =
            {
                "Offline>Boot>Offline", "Offline>Connected>Connecting", "Connecting>Ready>Discovering",
                "Discovering>JobFound>Validating", "Validating>DocumentValid>Starting", "Starting>UpdateAccepted>Running",
                "Running>StepDue>Running", "Running>StepDue>Running", "Running>StepDue>Running", "Running>JobDone>Finishing",
                "Finishing>UpdateAccepted>Discovering", "Discovering>NoJob>Idle",
            };
            Assert.IsTrue(h.TraceContains(expected, 0), h.TraceText());
            Assert.AreEqual(expected.Length, h.Trace.Count, h.TraceText());
            Assert.AreEqual(AgentState.Idle, h.Agent.State);
            Assert.AreEqual(1, h.Agent.JobsSucceeded);
            Assert.IsFalse(h.Store.Has(h.Options.RecordName));
            Assert.IsNull(h.Agent.CurrentJobId);
        }

        /// <summary>
        /// The whole life of one job through JobAgent with the fake MQTT connection, clock and state store, as it
        /// also runs on nanoCLR (tests/NfDevice.Jobs.Tests.Net/NanoClr): discovery, start, a handler that reports
        /// progress and saves a checkpoint, a reboot in the middle, recovery from the persisted record with the
        /// checkpoint, and the terminal update.
        /// </summary>
        [TestMethod]
        public void OneJob_DiscoveredStartedWithProgress_SurvivesARebootMidRun_AndEndsSucceeded()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.Work.Checkpoint = true;
            h.Work.ReportEveryStep = true;
            h.Connect();
            Assert.AreEqual(h.Mqtt.JobsPrefix + "$next/get", h.LastTopic, "discovery");
            h.OfferJob("job1", 1, EngineHarness.Doc("work"));
            Assert.IsTrue(h.LastContains("\"status\":\"IN_PROGRESS\""), "start");
            h.AcceptUpdate(2, "IN_PROGRESS");
            Assert.AreEqual(1, h.Work.Starts);
            Assert.AreEqual(AgentState.Running, h.Agent.State);

            h.Advance(h.Options.ProgressThrottleMs);
            Assert.AreEqual(h.Mqtt.JobsPrefix + "job1/update", h.LastTopic, "progress");
            Assert.IsTrue(h.LastContains("\"statusDetails\":{\"step\":"), h.LastPayload);
            h.AcceptUpdate(3, "IN_PROGRESS");
            int stepsBeforeReboot = h.Work.Steps;
            Assert.IsTrue(h.Store.Has(h.Options.RecordName), "the execution is persisted before the reboot");

            h.Mqtt.IsConnected = false;
            h.Restart();
            Assert.AreEqual("job1", h.Agent.CurrentJobId, "recovered from the state store");
            h.Connect();
            Assert.AreEqual(h.Mqtt.JobsPrefix + "job1/get", h.LastTopic, "asks for its own execution after the reboot");
            h.Mqtt.Accept(FakeMqtt.Execution("job1", 1, 3, "IN_PROGRESS", EngineHarness.Doc("work")));
            h.Pump();
            Assert.AreEqual(2, h.Work.Starts);
            Assert.IsTrue(h.Work.LastStartResumed);
            Assert.AreEqual((byte)stepsBeforeReboot, h.Work.LastStartCheckpoint[0], "resumed with the checkpoint saved before the reboot");

            h.Work.RunningSteps = h.Work.Steps;
            h.Advance(h.Options.ProgressThrottleMs);
            Assert.IsTrue(h.LastContains("\"status\":\"SUCCEEDED\""), h.LastPayload);
            Assert.IsTrue(h.LastContains("\"expectedVersion\":3"), h.LastPayload);
            h.AcceptUpdate(4, "SUCCEEDED");
            h.Mqtt.Accept(string.Empty);
            h.Pump();
            Assert.AreEqual(AgentState.Idle, h.Agent.State);
            Assert.AreEqual(1, h.Agent.JobsSucceeded);
            Assert.IsFalse(h.Store.Has(h.Options.RecordName));
        }

        [TestMethod]
        public void TwoQueuedJobs_RunInOrder()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            h.OfferJob("job1", 1, EngineHarness.Doc("work"));
            h.AcceptUpdate(2, "IN_PROGRESS");
            h.AcceptUpdate(3, "SUCCEEDED");
            h.Work.Steps = 0;
            h.OfferJob("job2", 1, EngineHarness.Doc("work"));
            Assert.AreEqual(h.Mqtt.JobsPrefix + "job2/update", h.LastTopic);
            h.AcceptUpdate(2, "IN_PROGRESS");
            Assert.AreEqual(h.Mqtt.JobsPrefix + "job2/update", h.LastTopic);
            Assert.IsTrue(h.LastContains("SUCCEEDED"));
            h.AcceptUpdate(3, "SUCCEEDED");
            Assert.AreEqual(2, h.Agent.JobsSucceeded);

            int firstJob2 = -1;
            int lastJob1 = -1;
            for (int i = 0; i < h.Mqtt.Count; i++)
            {
                string t = h.Mqtt.At(i).Topic;
                if (t.IndexOf("job1/") >= 0)
                {
                    lastJob1 = i;
                }

                if (t.IndexOf("job2/") >= 0 && firstJob2 < 0)
                {
                    firstJob2 = i;
                }
            }

            Assert.IsTrue(lastJob1 >= 0 && firstJob2 > lastJob1);
        }

        [TestMethod]
        public void UnknownOperation_IsRejectedWithReason_WithoutInProgress()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            h.OfferJob("job1", 1, EngineHarness.Doc("nope"));
            Assert.AreEqual(AgentState.Finishing, h.Agent.State);
            Assert.AreEqual(1, h.CountPublishes("/update"));
            Assert.IsTrue(h.LastContains("\"status\":\"REJECTED\""));
            Assert.IsTrue(h.LastContains("\"reason\":\"unknownOperation\""));
            h.AcceptUpdate(2, "REJECTED");
            Assert.AreEqual(1, h.Agent.JobsRejected);
            Assert.AreEqual(0, h.Work.Starts);
        }

        [TestMethod]
        public void UnrunnableDocuments_AreRejectedWithTheirReason()
        {
            string[] docs = { null, "{\"operation\":5}", "{\"noop\":1}", EngineHarness.Doc("work") };
            docs[0] = null; // the initializer stores no null, and nanoCLR's fresh string[] elements are not null (Home#1545)
            string[] reasons = { "missingDocument", "invalidDocument", "unknownOperation", "tooBig" };
            for (int i = 0; i < docs.Length; i++)
            {
                EngineHarness h = new EngineHarness();
                h.Work.RefuseWith = "tooBig";
                h.Connect();
                h.OfferJob("job1", 1, docs[i]);
                Assert.IsTrue(h.LastContains("\"status\":\"REJECTED\""), reasons[i]);
                Assert.IsTrue(h.LastContains("\"reason\":\"" + reasons[i] + "\""), h.LastPayload);
            }
        }

        [TestMethod]
        public void HandlerFailure_ReportsFailedWithTheHandlersReason()
        {
            EngineHarness h = new EngineHarness();
            h.Work.FailWith = "download";
            h.ConnectAndStartWork("job1");
            Assert.IsTrue(h.LastContains("\"status\":\"FAILED\""));
            Assert.IsTrue(h.LastContains("\"reason\":\"download\""));
            h.AcceptUpdate(3, "FAILED");
            Assert.AreEqual(1, h.Agent.JobsFailed);
        }

        [TestMethod]
        public void CancelMidJob_StopsTheHandler_AndDiscoversWithoutReporting()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.ConnectAndStartWork("job1");
            Assert.AreEqual(AgentState.Running, h.Agent.State);
            h.Mqtt.NotifyNext(string.Empty);
            h.Pump();
            Assert.AreEqual(1, h.Work.Cancels);
            Assert.AreEqual(1, h.CountPublishes("/update"));
            Assert.AreEqual(h.Mqtt.JobsPrefix + "$next/get", h.LastTopic);
            Assert.AreEqual(1, h.Agent.JobsAbandoned);
            Assert.IsFalse(h.Store.Has(h.Options.RecordName));
            Assert.IsTrue(h.TraceContains(new string[] { "Running>NextEmpty>Discovering" }, 0));
        }

        [TestMethod]
        public void StepTimeoutOnTheCloud_NotifyNextMovesOn_StopsTheHandler()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.ConnectAndStartWork("job1");
            h.Mqtt.NotifyNext(FakeMqtt.Execution("job2", 1, 1, "QUEUED", EngineHarness.Doc("work")));
            h.Pump();
            Assert.AreEqual(1, h.Work.Cancels);
            Assert.IsTrue(h.TraceContains(new string[] { "Running>NextJob>Discovering" }, 0));
            h.OfferJob("job2", 1, EngineHarness.Doc("diagnostics"));
            h.AcceptUpdate(2, "IN_PROGRESS");
            Assert.IsTrue(h.LastContains("\"status\":\"SUCCEEDED\""));
            Assert.IsTrue(h.LastContains("\"firmwareVersion\":\"1.2.3\""));
            Assert.IsTrue(h.LastContains("\"freeMemory\":\"123456\""));
            Assert.IsTrue(h.LastContains("\"platform\":\"fake\""));
        }

        [TestMethod]
        public void ThrottledReply_IsRetriedWithJitteredCappedBackoff_ThenGivenUp()
        {
            EngineHarness h = new EngineHarness();
            h.Options.BackoffCapMs = 3000;
            h.Restart();
            h.Random.Mode = 1;
            h.Connect();
            int[] ceilings = { 1000, 2000, 3000 };
            string previousToken = h.Mqtt.Last.ClientToken;
            for (int i = 0; i < ceilings.Length; i++)
            {
                int sent = h.Mqtt.Count;
                h.Mqtt.Reject("RequestThrottled", null);
                h.Pump();
                int delay = h.Agent.LastRetryDelayMs;
                Assert.AreEqual(ceilings[i], delay);
                h.Advance(delay - 1);
                Assert.AreEqual(sent, h.Mqtt.Count, "resent before the backoff elapsed");
                h.Advance(1);
                Assert.AreEqual(sent + 1, h.Mqtt.Count);
                Assert.IsFalse(previousToken == h.Mqtt.Last.ClientToken, "a retry uses a new clientToken");
                previousToken = h.Mqtt.Last.ClientToken;
            }

            h.Mqtt.Reject("InternalError", null);
            h.Pump();
            Assert.AreEqual(AgentState.Stalled, h.Agent.State);
            Assert.AreEqual(4, h.CountPublishes("$next/get"));
        }

        [TestMethod]
        public void Backoff_UsesTheLowerJitterBound_WhenRandomIsLowest()
        {
            EngineHarness h = new EngineHarness();
            h.Random.Mode = 0;
            h.Connect();
            h.Mqtt.Reject("RequestThrottled", null);
            h.Pump();
            Assert.AreEqual(500, h.Agent.LastRetryDelayMs);
            Assert.AreEqual(501, h.Random.LastMax);
        }

        [TestMethod]
        public void MissingReply_IsRetried_ThenGivenUp_ThenRediscoveredLater()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            for (int i = 0; i < 3; i++)
            {
                h.Advance(h.Options.ReplyTimeoutMs);
                Assert.AreEqual(AgentState.Discovering, h.Agent.State);
                h.Advance(h.Agent.LastRetryDelayMs);
            }

            Assert.AreEqual(4, h.CountPublishes("$next/get"));
            h.Advance(h.Options.ReplyTimeoutMs);
            Assert.AreEqual(AgentState.Stalled, h.Agent.State);
            Assert.IsTrue(h.Log.Contains("giving up"));
            h.Advance(h.Options.RediscoverDelayMs - 1);
            Assert.AreEqual(4, h.CountPublishes("$next/get"));
            h.Advance(1);
            Assert.AreEqual(5, h.CountPublishes("$next/get"));
            Assert.AreEqual(AgentState.Discovering, h.Agent.State);
        }

        [TestMethod]
        public void VersionMismatch_DescribesOnceAndRetries_ButNeverLoops()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            h.OfferJob("job1", 1, EngineHarness.Doc("work"));
            h.Mqtt.Reject("VersionMismatch", FakeMqtt.ExecutionState("QUEUED", 3));
            h.Pump();
            Assert.AreEqual(h.Mqtt.JobsPrefix + "job1/get", h.LastTopic);
            h.Mqtt.Accept(FakeMqtt.Execution("job1", 1, 3, "QUEUED", EngineHarness.Doc("work")));
            h.Pump();
            Assert.AreEqual(h.Mqtt.JobsPrefix + "job1/update", h.LastTopic);
            Assert.IsTrue(h.LastContains("\"expectedVersion\":3"));
            h.Mqtt.Reject("VersionMismatch", FakeMqtt.ExecutionState("QUEUED", 4));
            h.Pump();
            Assert.AreEqual(AgentState.Stalled, h.Agent.State);
            Assert.AreEqual(2, h.CountPublishes("job1/update"));
            Assert.AreEqual(1, h.CountPublishes("job1/get"));
        }

        [TestMethod]
        public void SucceededUpdate_RejectedForAStaleExpectedVersion_IsSentAgainWithTheCurrentOne_NotLeftInProgress()
        {
            // FreeRTOS/iot-reference-esp32#120: a success update with a stale expectedVersion was refused and the job
            // stayed IN_PROGRESS, so the device downloaded it again. Here the version is described again and the same
            // terminal status goes out once more with it.
            EngineHarness h = new EngineHarness();
            h.Connect();
            h.OfferJob("job1", 1, EngineHarness.Doc("work"));
            h.AcceptUpdate(2, "IN_PROGRESS");
            Assert.IsTrue(h.LastContains("\"status\":\"SUCCEEDED\""));
            Assert.IsTrue(h.LastContains("\"expectedVersion\":2"));

            h.Mqtt.Reject("VersionMismatch", FakeMqtt.ExecutionState("IN_PROGRESS", 4)); // something else updated it meanwhile
            h.Pump();
            Assert.AreEqual(h.Mqtt.JobsPrefix + "job1/get", h.LastTopic);
            h.Mqtt.Accept(FakeMqtt.Execution("job1", 1, 4, "IN_PROGRESS", EngineHarness.Doc("work")));
            h.Pump();
            Assert.AreEqual(h.Mqtt.JobsPrefix + "job1/update", h.LastTopic);
            Assert.IsTrue(h.LastContains("\"status\":\"SUCCEEDED\""));
            Assert.IsTrue(h.LastContains("\"expectedVersion\":4"));
            Assert.AreEqual(1, h.Work.Starts); // the work is not run again

            h.AcceptUpdate(5, "SUCCEEDED");
            Assert.AreEqual(1, h.Agent.JobsSucceeded);
            Assert.AreEqual(h.Mqtt.JobsPrefix + "$next/get", h.LastTopic);
        }

        [TestMethod]
        public void VersionMismatch_WithTerminalState_EndsTheLocalWork()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.Work.ReportEveryStep = true;
            h.ConnectAndStartWork("job1");
            h.Advance(h.Options.ProgressThrottleMs);
            Assert.AreEqual(AgentState.Reporting, h.Agent.State);
            h.Mqtt.Reject("VersionMismatch", FakeMqtt.ExecutionState("CANCELED", 5));
            h.Pump();
            Assert.AreEqual(1, h.Work.Cancels);
            Assert.AreEqual(h.Mqtt.JobsPrefix + "$next/get", h.LastTopic);
        }

        [TestMethod]
        public void DuplicateDelivery_IsIgnored_ButTheHandlerGetsTheFreshDocument()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.ConnectAndStartWork("job1");
            int published = h.Mqtt.Count;
            int version = h.Work.LastDocumentVersion;
            h.Mqtt.NotifyNext(FakeMqtt.Execution("job1", 1, 2, "IN_PROGRESS", "{\"operation\":\"work\",\"url\":\"https://example.com/x?sig=2\"}"));
            h.Pump();
            Assert.AreEqual(AgentState.Running, h.Agent.State);
            Assert.AreEqual(published, h.Mqtt.Count);
            Assert.AreEqual(1, h.Work.Starts);
            Assert.AreEqual(version + 1, h.Work.LastDocumentVersion);
            Assert.IsTrue(h.Work.LastDocument.IndexOf("sig=2") > 0);
        }

        [TestMethod]
        public void ProgressUpdates_AreThrottled()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.Work.ReportEveryStep = true;
            h.ConnectAndStartWork("job1");
            Assert.AreEqual(1, h.CountPublishes("/update"));
            h.Advance(h.Options.ProgressThrottleMs - 1);
            Assert.AreEqual(1, h.CountPublishes("/update"));
            h.Advance(1);
            Assert.AreEqual(2, h.CountPublishes("/update"));
            Assert.IsTrue(h.LastContains("\"status\":\"IN_PROGRESS\""));
            Assert.IsTrue(h.LastContains("\"statusDetails\":{\"step\":"));
            Assert.IsTrue(h.LastContains("\"stepTimeoutInMinutes\":30"));
            h.AcceptUpdate(3, "IN_PROGRESS");
            Assert.AreEqual(AgentState.Running, h.Agent.State);
            Assert.AreEqual(3, h.Agent.CurrentVersionNumber);
            Assert.AreEqual(2, h.CountPublishes("/update"));
        }
    }
}
