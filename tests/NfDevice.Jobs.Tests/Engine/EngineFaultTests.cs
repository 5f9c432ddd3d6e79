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
    /// A fault injected at each state the engine waits in, against <see cref="FakeCloud"/>: whatever happens,
    /// the engine ends Idle with every execution in a defined terminal status, and an execution is ended by the
    /// cloud (CANCELED/TIMED_OUT) only when that was the fault.
    /// </summary>
    [TestClass]
    public class EngineFaultTests
    {
        private const int Disconnect = 0;
        private const int Restart = 1;
        private const int Duplicate = 2;
        private const int Throttle = 3;
        private const int Cancel = 4;
        private const int StepTimeout = 5;

        private static readonly string[] FaultNames = { "disconnect", "restart", "duplicate", "throttle", "cancel", "stepTimeout" };

        private static readonly AgentState[] States =
        {
            AgentState.Offline, AgentState.Idle, AgentState.Discovering, AgentState.Starting, AgentState.Running,
            AgentState.Reporting, AgentState.Finishing, AgentState.Resuming, AgentState.Stalled, AgentState.Rebooting,
        };

        [TestMethod]
        public void EveryFault_AtEveryWaitingState_EndsEveryExecutionInADefinedStatus()
        {
            for (int s = 0; s < States.Length; s++)
            {
                for (int f = 0; f < FaultNames.Length; f++)
                {
                    RunCase(States[s], f);
                }
            }
        }

        [TestMethod]
        public void WithoutFaults_TheCloudRunsBothJobsToSucceeded()
        {
            EngineHarness h = NewHarness();
            FakeCloud cloud = new FakeCloud(h.Mqtt);
            h.Connect();
            cloud.Process();
            h.Pump();
            cloud.Add("job1", EngineHarness.Doc("work"));
            cloud.Add("job2", EngineHarness.Doc("reboot"));
            Settle(h, cloud, "no fault");
            Assert.AreEqual("SUCCEEDED", cloud.Find("job1").Status);
            Assert.AreEqual("SUCCEEDED", cloud.Find("job2").Status);
            Assert.AreEqual(0, cloud.UpdatesAfterTerminal);
        }

        private static EngineHarness NewHarness()
        {
            EngineHarness h = new EngineHarness();
            h.Options.ProgressThrottleMs = 0;
            h.Work.RunningSteps = 3;
            h.Work.ReportEveryStep = true;
            h.Work.Checkpoint = true;
            h.Restart();
            return h;
        }

        private static void RunCase(AgentState target, int fault)
        {
            string name = AgentNames.State(target) + "/" + FaultNames[fault];
            EngineHarness h = NewHarness();
            FakeCloud cloud = new FakeCloud(h.Mqtt);
            h.Connect();
            cloud.Process();
            h.Pump();
            if (target == AgentState.Stalled)
            {
                // Discovery of the new job is throttled until the engine gives up and stalls.
                cloud.ThrottleNext = h.Options.MaxAttempts;
            }

            if (target != AgentState.Idle)
            {
                cloud.Add("job1", EngineHarness.Doc("work"));
                cloud.Add("job2", EngineHarness.Doc("reboot"));
            }

            if (target == AgentState.Offline || target == AgentState.Resuming)
            {
                Assert.IsTrue(RunUntil(h, cloud, AgentState.Running), name + ": Running not reached");
                h.Disconnect();
                if (target == AgentState.Resuming)
                {
                    h.Connect();
                }
            }

            Assert.IsTrue(RunUntil(h, cloud, target), name + ": state not reached; " + h.TraceText());
            string held = h.Agent.CurrentJobId;
            Inject(h, cloud, fault, held);
            if (target == AgentState.Idle)
            {
                cloud.Add("job1", EngineHarness.Doc("work"));
                cloud.Add("job2", EngineHarness.Doc("reboot"));
            }

            Settle(h, cloud, name);
            for (int i = 0; i < cloud.Jobs.Count; i++)
            {
                CloudJob j = (CloudJob)cloud.Jobs[i];
                bool endedByFault = (fault == Cancel || fault == StepTimeout) && j.Id == held;
                if (endedByFault)
                {
                    Assert.IsTrue(j.IsTerminal, name + ": " + j.Id + " " + j.Status);
                }
                else
                {
                    Assert.AreEqual("SUCCEEDED", j.Status, name + ": " + j.Id + "; " + h.TraceText());
                }
            }

            Assert.IsNull(h.Agent.CurrentJobId, name);
            Assert.IsFalse(h.Store.Has(h.Options.RecordName), name);
        }

        private static void Inject(EngineHarness h, FakeCloud cloud, int fault, string held)
        {
            switch (fault)
            {
                case Disconnect:
                    h.Disconnect();
                    h.Connect();
                    break;
                case Restart:
                    h.Mqtt.IsConnected = false;
                    h.Restart();
                    h.Connect();
                    break;
                case Duplicate:
                    // notify-next again, and the last message delivered twice (QoS 1).
                    h.Mqtt.Redeliver();
                    cloud.RenotifyNext();
                    h.Mqtt.Redeliver();

                    break;
                case Throttle:
                    cloud.ThrottleNext = 2;
                    break;
                case Cancel:
                    if (held != null)
                    {
                        cloud.End(held, "CANCELED");
                    }

                    break;
                default:
                    if (held != null)
                    {
                        cloud.End(held, "TIMED_OUT");
                    }

                    break;
            }
        }

        /// <summary>Runs engine and cloud until the engine is in <paramref name="target"/> (checked after every engine step).</summary>
        private static bool RunUntil(EngineHarness h, FakeCloud cloud, AgentState target)
        {
            for (int i = 0; i < 2000; i++)
            {
                if (h.Agent.State == target)
                {
                    return true;
                }

                if (h.Agent.RunOnce())
                {
                    continue;
                }

                if (h.Agent.State == target)
                {
                    return true;
                }

                if (!cloud.Process())
                {
                    if (h.Agent.State == AgentState.Rebooting)
                    {
                        h.Mqtt.IsConnected = false;
                        h.Restart();
                        h.Connect();
                    }
                    else
                    {
                        h.Clock.Advance(500);
                    }
                }
            }

            return h.Agent.State == target;
        }

        private static void Settle(EngineHarness h, FakeCloud cloud, string name)
        {
            for (int i = 0; i < 4000; i++)
            {
                if (h.Agent.RunOnce() || cloud.Process())
                {
                    continue;
                }

                if (AllTerminal(cloud) && h.Agent.State == AgentState.Idle)
                {
                    return;
                }

                if (h.Agent.State == AgentState.Rebooting)
                {
                    h.Mqtt.IsConnected = false;
                    h.Restart();
                    h.Connect();
                }
                else if (h.Agent.State == AgentState.Offline)
                {
                    h.Connect();
                }
                else
                {
                    h.Clock.Advance(1000);
                }
            }

            Assert.IsTrue(false, name + ": did not settle in " + h.Agent.StateName + "; " + h.TraceText());
        }

        private static bool AllTerminal(FakeCloud cloud)
        {
            for (int i = 0; i < cloud.Jobs.Count; i++)
            {
                if (!((CloudJob)cloud.Jobs[i]).IsTerminal)
                {
                    return false;
                }
            }

            return cloud.Jobs.Count > 0;
        }
    }
}
