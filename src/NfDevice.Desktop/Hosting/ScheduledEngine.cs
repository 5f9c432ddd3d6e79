using System;
using System.Threading;

namespace NfDevice.Desktop.Hosting
{
    /// <summary>
    /// One engine in an <see cref="EngineScheduler"/>: its place in the ready queue and the timer queue, and whether it
    /// ended. <see cref="Wake"/> is the only call other threads make (an MQTT message arrived, a stop was asked).
    /// </summary>
    public sealed class ScheduledEngine
    {
        // Idle: neither queued nor running (a timer may be armed). Queued: in the ready queue. Running: a worker runs
        // it. Woken: a wake arrived while it ran, so it goes back to the ready queue instead of sleeping. Finished: gone.
        internal const int Idle = 0, Queued = 1, Running = 2, Woken = 3, Finished = 4;

        private readonly EngineScheduler _scheduler;
        private readonly ManualResetEventSlim _ended = new ManualResetEventSlim(false);
        private int _state = Idle;

        internal ScheduledEngine(EngineScheduler scheduler, ISchedulable body)
        {
            _scheduler = scheduler;
            Body = body;
        }

        /// <summary>The engine.</summary>
        public ISchedulable Body { get; }

        /// <summary>True once the engine answered <see cref="StepResult.Finished"/>, a step threw, or the scheduler was disposed.</summary>
        public bool IsFinished => Volatile.Read(ref _state) == Finished;

        /// <summary>What a step threw (the engine was then dropped), or null.</summary>
        public Exception Fault { get; private set; }

        /// <summary>Monotonic milliseconds of the armed timer (long.MaxValue: none); read and written under the timer lock.</summary>
        internal long TimerDue = long.MaxValue;

        /// <summary>Makes the engine run soon: at once if a worker is free. Safe from any thread, cheap when already due.</summary>
        public void Wake()
        {
            while (true)
            {
                int state = Volatile.Read(ref _state);
                switch (state)
                {
                    case Idle:
                        if (Interlocked.CompareExchange(ref _state, Queued, Idle) == Idle)
                        {
                            _scheduler.Enqueue(this);
                            return;
                        }
                        break;
                    case Running:
                        if (Interlocked.CompareExchange(ref _state, Woken, Running) == Running) return;
                        break;
                    default:
                        return; // already queued, already woken, or finished
                }
            }
        }

        /// <summary>Blocks until the engine finished or <paramref name="timeout"/> passed (a scheduler thread waiting here counts as blocked).</summary>
        public bool WaitFinished(TimeSpan timeout)
        {
            using (EngineScheduler.Blocking()) return _ended.Wait(timeout);
        }

        // Called by the worker that dequeued it.
        internal void BeginRun() => Interlocked.Exchange(ref _state, Running);

        // After a Busy step: back to the ready queue (a wake during the step changes nothing).
        internal void Requeue()
        {
            Interlocked.Exchange(ref _state, Queued);
            _scheduler.Enqueue(this);
        }

        // After an Idle step (its timer already armed): sleep, unless a wake arrived during the step.
        internal void Sleep()
        {
            if (Interlocked.CompareExchange(ref _state, Idle, Running) == Running) return;
            Requeue();
        }

        internal void End(Exception fault)
        {
            Fault = fault;
            Interlocked.Exchange(ref _state, Finished);
            _ended.Set();
        }
    }
}
