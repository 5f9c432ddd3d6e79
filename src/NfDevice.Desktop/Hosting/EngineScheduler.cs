using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace NfDevice.Desktop.Hosting
{
    /// <summary>
    /// Drives many engines (<see cref="ISchedulable"/>) from a few threads: a ready queue served by about one worker per
    /// core, a timer queue for engines that sleep until their next deadline, and <see cref="ScheduledEngine.Wake"/> for
    /// events from other threads. Ten thousand simulated devices then cost a handful of threads instead of ten thousand.
    /// <para>
    /// A step that waits (an HTTP response, an fsync, a publish acknowledgement) would hold a core's worth of engines
    /// back, so the pool keeps <see cref="TargetWorkers"/> workers <em>running</em>: a worker inside
    /// <see cref="Blocking"/>, or whose step has run longer than <see cref="StallMilliseconds"/>, stops counting and
    /// another worker takes its place (a new thread, up to <see cref="MaxWorkers"/>). Workers beyond the target that
    /// find nothing to do for <see cref="RetireAfterMilliseconds"/> end. The .NET thread pool does the same for its own
    /// work; it is not used here because MQTTnet's I/O runs on it and must never wait behind engine steps.
    /// </para>
    /// <para>
    /// Fairness: one turn of an engine runs steps while it answers <see cref="StepResult.Busy"/> for at most
    /// <see cref="SliceMilliseconds"/>, then it goes to the back of the ready queue. A step that throws ends only that
    /// engine (<see cref="ScheduledEngine.Fault"/>).
    /// </para>
    /// </summary>
    public sealed class EngineScheduler : IDisposable
    {
        [ThreadStatic] private static Worker t_worker;

        private readonly object _gate = new object();
        private readonly Queue<ScheduledEngine> _ready = new Queue<ScheduledEngine>();
        private readonly List<Worker> _workers = new List<Worker>();
        private readonly HashSet<ScheduledEngine> _engines = new HashSet<ScheduledEngine>();
        private readonly object _timerGate = new object();
        private readonly PriorityQueue<ScheduledEngine, long> _timers = new PriorityQueue<ScheduledEngine, long>();
        private readonly Thread _timerThread;
        private readonly long _sliceTicks;
        private int _running;
        private int _waiting;
        private int _peakWorkers;
        private long _steps;
        private bool _disposed;

        /// <summary>
        /// Starts <paramref name="workers"/> workers (default: one per core) and the timer thread; at most
        /// <paramref name="maxWorkers"/> threads while steps wait (default: 16 per target worker, at least 32).
        /// </summary>
        public EngineScheduler(int workers = 0, int maxWorkers = 0, string name = "engines")
        {
            TargetWorkers = workers > 0 ? workers : Environment.ProcessorCount;
            MaxWorkers = Math.Max(TargetWorkers, maxWorkers > 0 ? maxWorkers : Math.Max(32, TargetWorkers * 16));
            Name = name;
            _sliceTicks = SliceMilliseconds * Stopwatch.Frequency / 1000;
            lock (_gate)
            {
                for (int i = 0; i < TargetWorkers; i++) StartWorkerLocked();
            }
            _timerThread = new Thread(TimerLoop) { IsBackground = true, Name = name + " timers" };
            _timerThread.Start();
        }

        /// <summary>Workers that run steps at the same time (the rest wait or are blocked).</summary>
        public int TargetWorkers { get; }

        /// <summary>Upper bound of worker threads, blocked ones included.</summary>
        public int MaxWorkers { get; }

        /// <summary>Name prefix of the threads.</summary>
        public string Name { get; }

        /// <summary>Longest turn of one engine before the others get theirs.</summary>
        public const int SliceMilliseconds = 5;

        /// <summary>A step running longer than this counts as blocked: another worker is started beside it.</summary>
        public const int StallMilliseconds = 50;

        /// <summary>An extra worker with nothing to do for this long ends.</summary>
        public const int RetireAfterMilliseconds = 5000;

        /// <summary>Worker threads now (blocked ones included), not counting the timer thread.</summary>
        public int WorkerThreads
        {
            get { lock (_gate) return _workers.Count; }
        }

        /// <summary>Most worker threads alive at once since the scheduler started.</summary>
        public int PeakWorkerThreads => Volatile.Read(ref _peakWorkers);

        /// <summary>Engines not finished yet.</summary>
        public int Engines
        {
            get { lock (_gate) return _engines.Count; }
        }

        /// <summary>Steps run so far (all engines).</summary>
        public long Steps => Interlocked.Read(ref _steps);

        /// <summary>Adds an engine and, unless <paramref name="start"/> is false (then <see cref="ScheduledEngine.Wake"/> starts it), makes it run soon.</summary>
        public ScheduledEngine Add(ISchedulable engine, bool start = true)
        {
            if (engine == null) throw new ArgumentNullException(nameof(engine));
            var entry = new ScheduledEngine(this, engine);
            lock (_gate)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(EngineScheduler));
                _engines.Add(entry);
            }
            if (start) entry.Wake();
            return entry;
        }

        /// <summary>
        /// Marks the calling thread as waiting (network, disk, another thread) until the scope is disposed: if it is a
        /// worker of a scheduler, another worker takes its place at once. No effect on other threads. Does not allocate.
        /// </summary>
        public static BlockingScope Blocking()
        {
            Worker worker = t_worker;
            if (worker == null) return default;
            worker.Owner.EnterBlocking(worker);
            return new BlockingScope(worker);
        }

        /// <summary>Stops the workers and the timer thread; engines not finished are dropped (marked finished).</summary>
        public void Dispose()
        {
            List<ScheduledEngine> left;
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                left = new List<ScheduledEngine>(_engines);
                _engines.Clear();
                _ready.Clear();
                Monitor.PulseAll(_gate);
            }
            lock (_timerGate) Monitor.PulseAll(_timerGate);
            foreach (ScheduledEngine e in left) e.End(null);
        }

        /// <summary>The end of a <see cref="Blocking"/> scope.</summary>
        public readonly struct BlockingScope : IDisposable
        {
            private readonly Worker _worker;

            internal BlockingScope(Worker worker) => _worker = worker;

            /// <summary>The worker counts as running again.</summary>
            public void Dispose() => _worker?.Owner.ExitBlocking(_worker);
        }

        internal void Enqueue(ScheduledEngine engine)
        {
            lock (_gate)
            {
                if (_disposed) return;
                _ready.Enqueue(engine);
                DispatchLocked();
            }
        }

        internal void ArmTimer(ScheduledEngine engine, int milliseconds)
        {
            long due = Environment.TickCount64 + milliseconds;
            lock (_timerGate)
            {
                // An earlier timer already armed wakes the engine first; it re-arms then. Keeps the heap small.
                long armed = engine.TimerDue;
                if (armed <= due && armed > Environment.TickCount64) return;
                engine.TimerDue = due;
                bool earliest = !_timers.TryPeek(out _, out long first) || due < first;
                _timers.Enqueue(engine, due);
                if (earliest) Monitor.Pulse(_timerGate);
            }
        }

        // Lets a waiting worker (or a new one) take ready work while fewer than the target run.
        private void DispatchLocked()
        {
            if (_ready.Count == 0 || _running >= TargetWorkers) return;
            if (_waiting > 0) Monitor.Pulse(_gate);
            else if (_workers.Count < MaxWorkers) StartWorkerLocked();
        }

        private void StartWorkerLocked()
        {
            var worker = new Worker(this);
            _workers.Add(worker);
            if (_workers.Count > _peakWorkers) _peakWorkers = _workers.Count;
            worker.Thread = new Thread(() => WorkerLoop(worker)) { IsBackground = true, Name = Name + " worker" };
            worker.Thread.Start();
        }

        private void EnterBlocking(Worker worker)
        {
            lock (_gate)
            {
                worker.BlockDepth++;
                if (!worker.Counted) return;
                worker.Counted = false;
                _running--;
                DispatchLocked();
            }
        }

        private void ExitBlocking(Worker worker)
        {
            lock (_gate)
            {
                if (--worker.BlockDepth > 0 || worker.Counted || worker.StepStarted == 0) return;
                // Counted again for the rest of its step: new turns wait until the pool is back at its target.
                worker.Counted = true;
                _running++;
            }
        }

        private void WorkerLoop(Worker worker)
        {
            t_worker = worker;
            while (true)
            {
                ScheduledEngine engine;
                lock (_gate)
                {
                    while (true)
                    {
                        if (_disposed)
                        {
                            _workers.Remove(worker);
                            return;
                        }
                        if (_ready.Count > 0 && _running < TargetWorkers) break;
                        _waiting++;
                        bool signaled = Monitor.Wait(_gate, RetireAfterMilliseconds);
                        _waiting--;
                        if (!signaled && _workers.Count > TargetWorkers && _ready.Count == 0)
                        {
                            _workers.Remove(worker);
                            return;
                        }
                    }
                    engine = _ready.Dequeue();
                    worker.Counted = true;
                    worker.StepStarted = Stopwatch.GetTimestamp();
                    _running++;
                    // Several were ready and more may run: pass the signal on.
                    DispatchLocked();
                }

                Turn(engine);

                lock (_gate)
                {
                    if (worker.Counted) _running--;
                    worker.Counted = false;
                    worker.StepStarted = 0;
                    DispatchLocked();
                }
            }
        }

        // One turn of one engine: steps while it is busy and the slice lasts.
        private void Turn(ScheduledEngine engine)
        {
            engine.BeginRun();
            StepResult result;
            int idle = -1;
            long start = Stopwatch.GetTimestamp();
            try
            {
                do
                {
                    result = engine.Body.Step();
                    Interlocked.Increment(ref _steps);
                }
                while (result == StepResult.Busy && Stopwatch.GetTimestamp() - start < _sliceTicks);
                if (result == StepResult.Idle) idle = engine.Body.IdleMilliseconds;
            }
            catch (Exception e)
            {
                Finish(engine, e);
                return;
            }

            switch (result)
            {
                case StepResult.Finished:
                    Finish(engine, null);
                    break;
                case StepResult.Busy:
                    engine.Requeue();
                    break;
                default:
                    if (idle >= 0) ArmTimer(engine, idle);
                    engine.Sleep();
                    break;
            }
        }

        private void Finish(ScheduledEngine engine, Exception fault)
        {
            lock (_gate) _engines.Remove(engine);
            engine.End(fault);
        }

        // Fires due timers, and every few milliseconds looks for workers stuck in a long step.
        private void TimerLoop()
        {
            var due = new List<ScheduledEngine>();
            while (true)
            {
                lock (_timerGate)
                {
                    if (Volatile.Read(ref _disposed)) return;
                    long now = Environment.TickCount64;
                    while (_timers.TryPeek(out ScheduledEngine e, out long at) && at <= now)
                    {
                        _timers.Dequeue();
                        if (e.TimerDue != at) continue; // superseded by a later arming
                        e.TimerDue = long.MaxValue;
                        due.Add(e);
                    }
                    if (due.Count == 0)
                    {
                        long wait = StallMilliseconds / 2;
                        if (_timers.TryPeek(out _, out long next)) wait = Math.Clamp(next - now, 0, wait);
                        Monitor.Wait(_timerGate, (int)wait);
                    }
                }
                foreach (ScheduledEngine e in due) e.Wake();
                due.Clear();
                CheckStalls();
            }
        }

        private void CheckStalls()
        {
            long limit = Stopwatch.GetTimestamp() - StallMilliseconds * Stopwatch.Frequency / 1000;
            lock (_gate)
            {
                if (_ready.Count == 0) return;
                foreach (Worker w in _workers)
                {
                    if (w.Counted && w.StepStarted != 0 && w.StepStarted < limit)
                    {
                        w.Counted = false;
                        _running--;
                    }
                }
                DispatchLocked();
            }
        }

        /// <summary>A worker thread and what the pool knows about it (fields under the scheduler's lock).</summary>
        internal sealed class Worker
        {
            internal Worker(EngineScheduler owner) => Owner = owner;

            internal EngineScheduler Owner { get; }
            internal Thread Thread;
            /// <summary>Counted in the running workers (false while blocked or stalled).</summary>
            internal bool Counted;
            /// <summary>Stopwatch timestamp of the current turn's start, 0 between turns.</summary>
            internal long StepStarted;
            internal int BlockDepth;
        }
    }
}
