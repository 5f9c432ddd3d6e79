using System;
using System.Linq;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Hosting;

namespace NfDevice.Cloud.Tests.Desktop
{
    /// <summary>
    /// The rules of <see cref="EngineScheduler"/> with scripted engines: a ready engine runs, an idle one sleeps until its
    /// timer or a wake, a wake runs it without a timer, a throwing step ends only its engine, and a waiting step does not
    /// hold the others back. Waits are generous bounds for a loaded machine; nothing asserts how fast.
    /// </summary>
    [TestClass]
    public sealed class EngineSchedulerTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

        /// <summary>An engine whose answers come from a script; counts its steps.</summary>
        private sealed class ScriptedEngine : ISchedulable
        {
            private readonly Func<int, StepResult> _script;
            private int _steps;

            public ScriptedEngine(Func<int, StepResult> script, int idleMilliseconds = -1)
            {
                _script = script;
                IdleMilliseconds = idleMilliseconds;
            }

            public int Steps => Volatile.Read(ref _steps);

            public int IdleMilliseconds { get; set; }

            public StepResult Step() => _script(Interlocked.Increment(ref _steps));
        }

        private static bool Eventually(Func<bool> condition)
        {
            var until = DateTime.UtcNow + Wait;
            while (!condition())
            {
                if (DateTime.UtcNow > until) return false;
                Thread.Sleep(5);
            }
            return true;
        }

        [TestMethod]
        public void ReadyEngine_RunsItsStepsUntilFinished()
        {
            using var scheduler = new EngineScheduler(workers: 1);
            var engine = new ScriptedEngine(n => n < 100 ? StepResult.Busy : StepResult.Finished);

            ScheduledEngine entry = scheduler.Add(engine);

            Assert.IsTrue(entry.WaitFinished(Wait));
            Assert.AreEqual(100, engine.Steps);
            Assert.IsNull(entry.Fault);
            Assert.AreEqual(0, scheduler.Engines);
        }

        [TestMethod]
        public void BusyEngines_TakeTurns_SoOneEndlessEngineDoesNotStarveAnother()
        {
            using var scheduler = new EngineScheduler(workers: 1);
            var endless = new ScriptedEngine(_ => StepResult.Busy);
            var shortOne = new ScriptedEngine(n => n < 10 ? StepResult.Busy : StepResult.Finished);

            scheduler.Add(endless);
            Assert.IsTrue(Eventually(() => endless.Steps > 0));
            ScheduledEngine second = scheduler.Add(shortOne);

            Assert.IsTrue(second.WaitFinished(Wait), "the second engine never got a turn beside an endless one");
            Assert.AreEqual(10, shortOne.Steps);
        }

        [TestMethod]
        public void IdleEngine_SleepsUntilWoken_WhenItHasNoTimer()
        {
            using var scheduler = new EngineScheduler(workers: 1);
            var engine = new ScriptedEngine(n => n == 2 ? StepResult.Finished : StepResult.Idle, idleMilliseconds: -1);

            ScheduledEngine entry = scheduler.Add(engine);
            Assert.IsTrue(Eventually(() => engine.Steps == 1));
            Thread.Sleep(300);

            Assert.AreEqual(1, engine.Steps, "an idle engine without a timer was stepped without a wake");
            Assert.IsFalse(entry.IsFinished);
            entry.Wake();
            Assert.IsTrue(entry.WaitFinished(Wait), "a wake did not run the sleeping engine");
            Assert.AreEqual(2, engine.Steps);
        }

        [TestMethod]
        public void IdleEngine_RunsAgainWhenItsTimerIsDue_WithoutAWake()
        {
            using var scheduler = new EngineScheduler(workers: 1);
            var engine = new ScriptedEngine(n => n < 3 ? StepResult.Idle : StepResult.Finished, idleMilliseconds: 20);

            ScheduledEngine entry = scheduler.Add(engine);

            Assert.IsTrue(entry.WaitFinished(Wait), "the engine's timer never brought it back");
            Assert.AreEqual(3, engine.Steps);
        }

        [TestMethod]
        public void IdleEngine_WithAFarTimer_IsNotSteppedBeforeIt_ButAWakeRunsItAtOnce()
        {
            using var scheduler = new EngineScheduler(workers: 1);
            var engine = new ScriptedEngine(n => n == 2 ? StepResult.Finished : StepResult.Idle, idleMilliseconds: (int)TimeSpan.FromHours(1).TotalMilliseconds);

            ScheduledEngine entry = scheduler.Add(engine);
            Assert.IsTrue(Eventually(() => engine.Steps == 1));
            Thread.Sleep(300);
            Assert.AreEqual(1, engine.Steps);

            entry.Wake();
            Assert.IsTrue(entry.WaitFinished(Wait));
        }

        [TestMethod]
        public void WakeDuringAStep_RunsTheEngineAgain_InsteadOfLettingItSleep()
        {
            using var scheduler = new EngineScheduler(workers: 1);
            ScheduledEngine entry = null;
            var ready = new ManualResetEventSlim();
            // First step: an event arrives while the step runs (as an MQTT message may), and the step answers Idle.
            var engine = new ScriptedEngine(n =>
            {
                if (n == 1)
                {
                    ready.Wait(Wait);
                    entry.Wake();
                    return StepResult.Idle;
                }
                return StepResult.Finished;
            });

            entry = scheduler.Add(engine, start: false);
            entry.Wake();
            ready.Set();

            Assert.IsTrue(entry.WaitFinished(Wait), "the wake that arrived during the step was lost");
            Assert.AreEqual(2, engine.Steps);
        }

        [TestMethod]
        public void ThrowingStep_EndsOnlyThatEngine_WithItsFault()
        {
            using var scheduler = new EngineScheduler(workers: 1);
            var bad = new ScriptedEngine(n => n == 3 ? throw new InvalidOperationException("step bug") : StepResult.Busy);
            var good = new ScriptedEngine(n => n < 50 ? StepResult.Busy : StepResult.Finished);

            ScheduledEngine badEntry = scheduler.Add(bad);
            ScheduledEngine goodEntry = scheduler.Add(good);

            Assert.IsTrue(badEntry.WaitFinished(Wait));
            Assert.IsInstanceOfType<InvalidOperationException>(badEntry.Fault);
            Assert.AreEqual(3, bad.Steps);
            Assert.IsTrue(goodEntry.WaitFinished(Wait));
            Assert.IsNull(goodEntry.Fault);
            Assert.AreEqual(50, good.Steps);
        }

        [TestMethod]
        public void StepInABlockingScope_DoesNotHoldBackTheOtherEngines()
        {
            using var scheduler = new EngineScheduler(workers: 1, maxWorkers: 4);
            using var release = new ManualResetEventSlim();
            var blocked = new ScriptedEngine(n =>
            {
                if (n == 1)
                {
                    using (EngineScheduler.Blocking()) release.Wait(Wait);
                }
                return StepResult.Finished;
            });
            var other = new ScriptedEngine(n => n < 20 ? StepResult.Busy : StepResult.Finished);

            ScheduledEngine blockedEntry = scheduler.Add(blocked);
            Assert.IsTrue(Eventually(() => blocked.Steps == 1));
            ScheduledEngine otherEntry = scheduler.Add(other);

            Assert.IsTrue(otherEntry.WaitFinished(Wait), "the only running worker waited, and no other took its place");
            Assert.IsFalse(blockedEntry.IsFinished);
            release.Set();
            Assert.IsTrue(blockedEntry.WaitFinished(Wait));
            Assert.IsTrue(scheduler.PeakWorkerThreads is >= 2 and <= 4, "peak workers " + scheduler.PeakWorkerThreads);
        }

        [TestMethod]
        public void StepThatWaitsWithoutSayingSo_IsNoticed_AndAnotherWorkerRunsTheRest()
        {
            using var scheduler = new EngineScheduler(workers: 1, maxWorkers: 2);
            using var release = new ManualResetEventSlim();
            // No Blocking scope: the stall check must find the worker stuck in this step.
            var stuck = new ScriptedEngine(n =>
            {
                if (n == 1) release.Wait(Wait);
                return StepResult.Finished;
            });
            var other = new ScriptedEngine(n => n < 20 ? StepResult.Busy : StepResult.Finished);

            ScheduledEngine stuckEntry = scheduler.Add(stuck);
            Assert.IsTrue(Eventually(() => stuck.Steps == 1));
            ScheduledEngine otherEntry = scheduler.Add(other);

            Assert.IsTrue(otherEntry.WaitFinished(Wait), "a worker stuck in a step held back the ready engine");
            release.Set();
            Assert.IsTrue(stuckEntry.WaitFinished(Wait));
        }

        [TestMethod]
        public void ManyEngines_ShareAFewThreads()
        {
            using var scheduler = new EngineScheduler(workers: 2, maxWorkers: 4);
            // Each engine sleeps on a short timer a few times, as idle devices do between messages.
            var engines = Enumerable.Range(0, 500).Select(_ => new ScriptedEngine(n => n < 4 ? StepResult.Idle : StepResult.Finished, idleMilliseconds: 10)).ToArray();

            ScheduledEngine[] entries = engines.Select(e => scheduler.Add(e)).ToArray();

            Assert.IsTrue(entries.All(e => e.WaitFinished(Wait)));
            Assert.IsTrue(engines.All(e => e.Steps == 4));
            Assert.IsTrue(scheduler.PeakWorkerThreads <= 4, "peak workers " + scheduler.PeakWorkerThreads);
        }

        [TestMethod]
        public void Dispose_EndsEnginesThatAreStillThere()
        {
            var scheduler = new EngineScheduler(workers: 1);
            var sleeper = new ScriptedEngine(_ => StepResult.Idle);
            ScheduledEngine entry = scheduler.Add(sleeper);
            Assert.IsTrue(Eventually(() => sleeper.Steps == 1));

            scheduler.Dispose();

            Assert.IsTrue(entry.IsFinished);
            Assert.ThrowsExactly<ObjectDisposedException>(() => scheduler.Add(sleeper));
        }
    }
}
