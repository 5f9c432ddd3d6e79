#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Tests.Fakes;

namespace NfDevice.Jobs.Tests.Engine
{
    /// <summary>Issue 13 §1: transitions are Debug; Info and above say what happens to a job, in words.</summary>
    [TestClass]
    public class EngineLogTests
    {
        private const string Debug = "0 ";

        private static int CountAtInfoOrAbove(FakeLog log, string text)
        {
            int n = 0;
            for (int i = 0; i < log.Lines.Count; i++)
            {
                string line = (string)log.Lines[i];
                if (!line.StartsWith(Debug) && line.IndexOf(text) >= 0)
                {
                    n++;
                }
            }

            return n;
        }

        private static string Dump(FakeLog log)
        {
            System.Text.StringBuilder sb = new System.Text.StringBuilder();
            for (int i = 0; i < log.Lines.Count; i++)
            {
                string line = (string)log.Lines[i];
                if (!line.StartsWith(Debug))
                {
                    sb.Append(line).Append('\n');
                }
            }

            return sb.ToString();
        }

        [TestMethod]
        public void Transitions_AreDebug_AndInfoSaysJobTakenAndEndedWithItsStatus()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = 50;
            h.ConnectAndStartWork("job-1");
            h.AcceptUpdate(3, "SUCCEEDED");

            Assert.IsTrue(h.Log.Contains(Debug + "jobs: Running --StepDue/Step--> Running"), "the transitions are not in the Debug trace");
            Assert.AreEqual(0, CountAtInfoOrAbove(h.Log, "-->"), "a transition was logged above Debug");
            Assert.AreEqual(1, CountAtInfoOrAbove(h.Log, "jobs: job job-1 taken (operation work, execution 1)"));
            Assert.AreEqual(1, CountAtInfoOrAbove(h.Log, "jobs: job job-1 ended SUCCEEDED"));
        }

        [TestMethod]
        public void FailedJob_EndLine_NamesStatusReasonAndDetail()
        {
            EngineHarness h = new EngineHarness();
            h.Work.FailWith = "download";
            h.Work.RunningSteps = 1;
            h.ConnectAndStartWork("job-2");
            h.AcceptUpdate(3, "FAILED");
            Assert.AreEqual(1, CountAtInfoOrAbove(h.Log, "jobs: job job-2 ended FAILED, reason: download"), h.Log.Lines.Count.ToString());
        }

        [TestMethod]
        public void AbandonedJob_NamesTheStatus_OrSaysItNoLongerExists()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.Work.ReportEveryStep = true;
            h.ConnectAndStartWork("job-3");
            h.Mqtt.Deliver(h.Mqtt.JobsPrefix + "job-3/update/rejected",
                "{\"code\":\"InvalidStateTransition\",\"message\":\"x\",\"timestamp\":1," + FakeMqtt.ExecutionState("CANCELED", 4) + "}");
            h.Pump();
            Assert.AreEqual(1, CountAtInfoOrAbove(h.Log, "jobs: job job-3 ended on the cloud side: CANCELED"), Dump(h.Log));
            Assert.AreEqual(0, CountAtInfoOrAbove(h.Log, "()"), "an empty status name was logged");

            h.OfferJob("job-4", 1, EngineHarness.Doc("work"));
            h.AcceptUpdate(2, "IN_PROGRESS");
            h.Advance(h.Options.ProgressThrottleMs);
            Assert.IsTrue(h.LastTopic.EndsWith("/jobs/job-4/update"), h.LastTopic);
            h.Mqtt.Reject("ResourceNotFound", null);
            h.Pump();
            Assert.AreEqual(1, CountAtInfoOrAbove(h.Log, "jobs: job job-4 ended on the cloud side: it no longer exists"), Dump(h.Log));
        }
    }
}
