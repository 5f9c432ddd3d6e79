#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System.Threading;
using NfDevice.Jobs.Engine;

namespace NfDevice.Jobs.Tests.Engine
{
    [TestClass]
    public class EngineThreadTests
    {
        [TestMethod]
        public void Run_ProcessesEventsFromAnotherThread_AndReturnsAfterStop()
        {
            EngineHarness h = new EngineHarness();
            Thread engine = new Thread(h.Agent.Run);
            engine.Start();
            h.Mqtt.IsConnected = true;
            h.Agent.ConnectionChanged(true);
            for (int i = 0; i < 500 && h.Agent.State != AgentState.Discovering; i++)
            {
                Thread.Sleep(10);
            }

            Assert.AreEqual(AgentState.Discovering, h.Agent.State);
            h.Agent.Stop();
            Assert.IsTrue(engine.Join(5000), "Run did not return after Stop");
        }

        [TestMethod]
        public void MillisecondsToNextTimer_IsTheReplyDeadline_CappedByMaxIdleWait()
        {
            EngineHarness h = new EngineHarness();
            Assert.AreEqual(h.Options.MaxIdleWaitMs, h.Agent.MillisecondsToNextTimer());
            h.Connect();
            h.Options.MaxIdleWaitMs = 100000;
            Assert.AreEqual(h.Options.ReplyTimeoutMs, h.Agent.MillisecondsToNextTimer());
            h.Clock.Advance(1200);
            Assert.AreEqual(h.Options.ReplyTimeoutMs - 1200, h.Agent.MillisecondsToNextTimer());
        }
    }
}
