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
    /// Issue 8: the service ended the execution the device holds, and the device's next update is rejected with an
    /// executionState in a terminal status. The work stops at once, even when that rejection lacks the clientToken.
    /// </summary>
    [TestClass]
    public class CloudEndTests
    {
        private static string Rejection(string code, string status, string clientToken)
        {
            string token = clientToken == null ? string.Empty : ",\"clientToken\":\"" + clientToken + "\"";
            return "{\"code\":\"" + code + "\",\"message\":\"ended\",\"timestamp\":1767225600" + token + "," + FakeMqtt.ExecutionState(status, 5) + "}";
        }

        private static EngineHarness RunningWork()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.Work.ReportEveryStep = true;
            h.ConnectAndStartWork("job-1");
            return h;
        }

        [TestMethod]
        public void TerminalRejectionWithoutClientToken_WhileAProgressUpdateWaits_StopsTheWorkAtOnce()
        {
            EngineHarness h = RunningWork();
            h.Advance(h.Options.ProgressThrottleMs);
            Assert.IsTrue(h.Agent.State == AgentState.Reporting, h.Agent.StateName);
            int steps = h.Work.Steps;

            h.Mqtt.Deliver(h.Mqtt.JobsPrefix + "job-1/update/rejected", Rejection("InvalidStateTransition", "CANCELED", null));
            h.Pump();

            Assert.AreEqual(1, h.Work.Cancels, "the handler was not stopped");
            Assert.AreEqual(1, h.Agent.JobsAbandoned);
            Assert.IsNull(h.Agent.CurrentJobId);
            Assert.IsTrue(h.LastTopic.EndsWith("/jobs/$next/get"), h.LastTopic);
            h.Advance(60000);
            Assert.AreEqual(steps, h.Work.Steps, "the handler kept running after the cloud ended the execution");
            Assert.IsTrue(h.Log.Contains("CANCELED"), "the log does not name the status the cloud ended it with");
        }

        [TestMethod]
        public void TerminalRejectionWithoutClientToken_WhileRunning_StopsTheWork()
        {
            EngineHarness h = RunningWork();
            Assert.IsTrue(h.Agent.State == AgentState.Running, h.Agent.StateName);

            h.Mqtt.Deliver(h.Mqtt.JobsPrefix + "job-1/update/rejected", Rejection("VersionMismatch", "TIMED_OUT", null));
            h.Pump();

            Assert.AreEqual(1, h.Work.Cancels);
            Assert.AreEqual(1, h.Agent.JobsAbandoned);
            Assert.IsTrue(h.LastTopic.EndsWith("/jobs/$next/get"), h.LastTopic);
        }

        [TestMethod]
        public void TerminalRejection_WithAnotherRequestsToken_OrForAnotherJob_IsIgnored()
        {
            EngineHarness h = RunningWork();
            h.Mqtt.Deliver(h.Mqtt.JobsPrefix + "job-1/update/rejected", Rejection("InvalidStateTransition", "CANCELED", "1:old"));
            h.Mqtt.Deliver(h.Mqtt.JobsPrefix + "job-2/update/rejected", Rejection("InvalidStateTransition", "CANCELED", null));
            h.Pump();
            Assert.AreEqual(0, h.Work.Cancels);
            Assert.AreEqual("job-1", h.Agent.CurrentJobId);
        }

        [TestMethod]
        public void RejectionWithoutClientToken_InANonTerminalStatus_DoesNotStopTheWork()
        {
            EngineHarness h = RunningWork();
            h.Mqtt.Deliver(h.Mqtt.JobsPrefix + "job-1/update/rejected", Rejection("VersionMismatch", "IN_PROGRESS", null));
            h.Pump();
            Assert.AreEqual(0, h.Work.Cancels);
            Assert.AreEqual("job-1", h.Agent.CurrentJobId);
        }
    }
}
