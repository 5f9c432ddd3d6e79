#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Engine;

namespace NfDevice.Jobs.Tests.Engine
{
    [TestClass]
    public class TransitionTableTests
    {
        [TestMethod]
        public void Names_FollowTheEnumOrder()
        {
            Assert.AreEqual("Offline", AgentNames.State(AgentState.Offline));
            Assert.AreEqual("Rebooting", AgentNames.State(AgentState.Rebooting));
            Assert.AreEqual("Running", AgentNames.State(AgentState.Running));
            Assert.AreEqual("RebootRequested", AgentNames.Event(AgentEvent.RebootRequested));
            Assert.AreEqual("GiveUp", AgentNames.Event(AgentEvent.GiveUp));
            Assert.AreEqual("PrepareReboot", AgentNames.Action(AgentAction.PrepareReboot));
            Assert.AreEqual("ResumeCheck", AgentNames.Action(AgentAction.ResumeCheck));
            Assert.AreEqual("?", AgentNames.State((AgentState)AgentNames.StateCount));
            Assert.AreEqual("?", AgentNames.Event((AgentEvent)AgentNames.EventCount));
            Assert.AreEqual("?", AgentNames.Action((AgentAction)AgentNames.ActionCount));
            Assert.AreNotEqual("?", AgentNames.Event((AgentEvent)(AgentNames.EventCount - 1)));
            Assert.AreNotEqual("?", AgentNames.Action((AgentAction)(AgentNames.ActionCount - 1)));
            Assert.AreEqual("rebootLoop", EngineReasons.Name(EngineReason.RebootLoop));
            Assert.AreEqual("documentNotDelivered", EngineReasons.Name(EngineReason.DocumentNotDelivered));
            Assert.AreEqual("documentUnreadable", EngineReasons.Name((EngineReason)(EngineReasons.Count - 1)));
        }

        [TestMethod]
        public void EveryRow_IsFoundByItsStateAndEvent_AndNoPairAppearsTwice()
        {
            int count = TransitionTable.Count;
            for (int i = 0; i < count; i++)
            {
                Assert.AreEqual(i, TransitionTable.FindRow(TransitionTable.From(i), TransitionTable.On(i)),
                    AgentNames.State(TransitionTable.From(i)) + "/" + AgentNames.Event(TransitionTable.On(i)));
                Transition t = TransitionTable.Find(TransitionTable.From(i), TransitionTable.On(i));
                Assert.IsTrue(t.To == TransitionTable.To(i) && t.Do == TransitionTable.Action(i), "row " + i.ToString());
                for (int j = i + 1; j < count; j++)
                {
                    Assert.IsFalse(TransitionTable.From(i) == TransitionTable.From(j) && TransitionTable.On(i) == TransitionTable.On(j), "duplicate row " + i.ToString());
                }
            }
        }

        [TestMethod]
        public void EveryStateAndActionIsUsed()
        {
            for (int s = 0; s < AgentNames.StateCount; s++)
            {
                bool from = false;
                bool to = false;
                for (int i = 0; i < TransitionTable.Count; i++)
                {
                    from |= (int)TransitionTable.From(i) == s;
                    to |= (int)TransitionTable.To(i) == s;
                }

                Assert.IsTrue(from && to, AgentNames.State((AgentState)s));
            }

            for (int a = 1; a < AgentNames.ActionCount; a++)
            {
                bool used = false;
                for (int i = 0; i < TransitionTable.Count; i++)
                {
                    used |= (int)TransitionTable.Action(i) == a;
                }

                Assert.IsTrue(used, AgentNames.Action((AgentAction)a));
            }
        }

        [TestMethod]
        public void EveryStateWithARequestInFlight_HandlesLossRetryAndGiveUp_AndDisconnect()
        {
            AgentState[] waiting = { AgentState.Discovering, AgentState.Resuming, AgentState.Starting, AgentState.Reporting, AgentState.Finishing };
            AgentEvent[] needed = { AgentEvent.Retryable, AgentEvent.ReplyTimeout, AgentEvent.RetryDue, AgentEvent.GiveUp, AgentEvent.RejectedOther, AgentEvent.Disconnected };
            for (int s = 0; s < waiting.Length; s++)
            {
                for (int e = 0; e < needed.Length; e++)
                {
                    Assert.IsNotNull(TransitionTable.Find(waiting[s], needed[e]), AgentNames.State(waiting[s]) + "/" + AgentNames.Event(needed[e]));
                }
            }

            AgentState[] online = { AgentState.Connecting, AgentState.Idle, AgentState.Running, AgentState.Stalled };
            for (int s = 0; s < online.Length; s++)
            {
                Transition t = TransitionTable.Find(online[s], AgentEvent.Disconnected);
                Assert.IsNotNull(t);
                Assert.IsTrue(t.To == AgentState.Offline);
            }
        }

        [TestMethod]
        public void WhileAJobIsHeld_CloudSideEndAndDuplicatesAreHandled()
        {
            AgentState[] held = { AgentState.Starting, AgentState.Running, AgentState.Reporting };
            for (int s = 0; s < held.Length; s++)
            {
                Assert.IsTrue(TransitionTable.Find(held[s], AgentEvent.NextEmpty).Do == AgentAction.AbandonJob);
                Assert.IsTrue(TransitionTable.Find(held[s], AgentEvent.NextJob).Do == AgentAction.AbandonJob);
                Assert.IsTrue(TransitionTable.Find(held[s], AgentEvent.NextSame).Do == AgentAction.RefreshDocument);
                Assert.IsTrue(TransitionTable.Find(held[s], AgentEvent.NextSame).To == held[s]);
            }

            Assert.IsNull(TransitionTable.Find(AgentState.Discovering, AgentEvent.NextJob));
            Assert.IsNull(TransitionTable.Find(AgentState.Rebooting, AgentEvent.Connected));
        }

        [TestMethod]
        public void Find_ReturnsNull_ForValuesOutsideTheEnums()
        {
            Assert.IsNull(TransitionTable.Find((AgentState)99, AgentEvent.Boot));
            Assert.IsNull(TransitionTable.Find(AgentState.Offline, (AgentEvent)99));
            Assert.IsNull(TransitionTable.Find((AgentState)(-1), AgentEvent.Boot));
        }
    }
}
