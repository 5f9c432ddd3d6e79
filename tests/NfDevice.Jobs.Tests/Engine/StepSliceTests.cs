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
    /// Issue 13 §2: a step slice keeps the handler moving while nothing else waits, up to StepSliceMs, and yields
    /// the moment an event is queued; a handler that must wait ends the slice and is not stepped in a spin.
    /// </summary>
    [TestClass]
    public class StepSliceTests
    {
        /// <summary>A handler whose every step costs <see cref="CostMs"/> of fake time, optionally doing something at one step.</summary>
        private sealed class ChunkHandler : IJobHandler
        {
            public readonly FakeClock Clock;
            public int CostMs = 3;
            public int RunningSteps = 100;
            public int WaitingSteps;
            public int Steps;
            public int DeliverAtStep = -1;
            public FakeMqtt Mqtt;
            public int DocumentVersionAtNextStep = -1;

            public ChunkHandler(FakeClock clock)
            {
                Clock = clock;
            }

            public string Operation
            {
                get { return "chunks"; }
            }

            public string Validate(JobContext context)
            {
                return null;
            }

            public void Start(JobContext context)
            {
            }

            public StepResult Step(JobContext context)
            {
                Steps++;
                if (Steps == DeliverAtStep + 1)
                {
                    DocumentVersionAtNextStep = context.DocumentVersion;
                }

                if (Steps <= WaitingSteps)
                {
                    return StepResult.Waiting;
                }

                Clock.Advance(CostMs);
                if (Steps == DeliverAtStep)
                {
                    // The same execution delivered again (a fresh presigned URL): an event for the engine.
                    Mqtt.NotifyNext(FakeMqtt.Execution("j1", 1, 2, "IN_PROGRESS", "{\"operation\":\"chunks\",\"v\":2}"));
                }

                return Steps <= RunningSteps + WaitingSteps ? StepResult.Running : StepResult.Succeeded;
            }

            public void Cancel(JobContext context)
            {
            }
        }

        private static ChunkHandler Start(EngineHarness h, int sliceMs)
        {
            h.Options.StepSliceMs = sliceMs;
            h.Options.IdleStepMs = 20;
            ChunkHandler handler = new ChunkHandler(h.Clock);
            handler.Mqtt = h.Mqtt;
            h.Agent.Register(handler);
            h.Connect();
            h.OfferJob("j1", 1, EngineHarness.Doc("chunks"));
            return handler;
        }

        [TestMethod]
        public void Slice_StepsAgainAndAgain_UntilTheSliceIsUsedUp()
        {
            EngineHarness h = new EngineHarness();
            ChunkHandler handler = Start(h, 10);
            h.AcceptUpdate(2, "IN_PROGRESS");

            // 3 ms per step, 10 ms slices: 4 steps (0, 3, 6, 9 -> 12 ms) per slice; 101 steps in 26 slices.
            Assert.AreEqual(101, handler.Steps);
            Assert.AreEqual(101L, h.Agent.HandlerSteps);
            Assert.AreEqual(26L, h.Agent.HandlerSlices);
            Assert.IsTrue(h.LastContains("\"status\":\"SUCCEEDED\""), h.LastPayload);
        }

        [TestMethod]
        public void Slice_Yields_TheMomentAnEventIsQueued()
        {
            EngineHarness h = new EngineHarness();
            ChunkHandler handler = Start(h, 1000);
            handler.DeliverAtStep = 2;
            h.AcceptUpdate(2, "IN_PROGRESS");

            // The notify-next queued during step 2 was handled (document refreshed) before step 3 ran.
            Assert.AreEqual(2, handler.DocumentVersionAtNextStep);
            Assert.AreEqual(101, handler.Steps);
            Assert.IsTrue(h.Agent.HandlerSlices >= 2);
        }

        [TestMethod]
        public void Waiting_EndsTheSlice_AndTheNextStepComesAfterIdleStepMs()
        {
            EngineHarness h = new EngineHarness();
            ChunkHandler handler = Start(h, 1000);
            handler.WaitingSteps = 2;
            h.AcceptUpdate(2, "IN_PROGRESS");
            Assert.AreEqual(1, handler.Steps, "a waiting handler was stepped again without time passing");

            h.Advance(19);
            Assert.AreEqual(1, handler.Steps);
            h.Advance(1);
            Assert.AreEqual(2, handler.Steps);
            h.Advance(20);
            Assert.AreEqual(103, handler.Steps, "after waiting, the work ran in full slices");
        }

        [TestMethod]
        public void ZeroSlice_StepsOncePerSlice()
        {
            EngineHarness h = new EngineHarness();
            ChunkHandler handler = Start(h, 0);
            handler.RunningSteps = 5;
            h.AcceptUpdate(2, "IN_PROGRESS");
            Assert.AreEqual(6, handler.Steps);
            Assert.AreEqual(6L, h.Agent.HandlerSlices);
        }
    }
}
