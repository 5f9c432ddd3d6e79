using System.Collections;
using System.Threading;
using NfDevice.Jobs.Json;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Engine
{
    /// <summary>Sees every transition the engine takes (tests, the desktop simulator's live view).</summary>
    public interface IAgentObserver
    {
        /// <summary>Called on the engine thread after <paramref name="action"/> ran.</summary>
        void OnTransition(AgentState from, AgentEvent e, AgentState to, AgentAction action);
    }

    /// <summary>
    /// Told that the engine has work: an event was queued, or <see cref="JobAgent.Stop"/>/<see cref="JobAgent.Halt"/>
    /// was called. A host that drives many engines with <see cref="JobAgent.RunOnce"/> from a few threads (the desktop
    /// simulator) schedules the engine again; <see cref="JobAgent.Run"/> needs none.
    /// </summary>
    public interface IAgentWaker
    {
        /// <summary>Called from the thread that queued the work (an MQTT thread, a host thread); must only schedule and return.</summary>
        void Wake();
    }

    /// <summary>
    /// The AWS IoT Jobs agent: one event queue, one thread, the state machine of <see cref="TransitionTable"/>.
    /// The platform's MQTT callbacks only enqueue (<see cref="MessageReceived"/>, <see cref="ConnectionChanged"/>);
    /// the work happens in <see cref="RunOnce"/> (tests drive it step by step with a fake clock) or <see cref="Run"/>.
    /// </summary>
    public sealed partial class JobAgent : IMqttEvents
    {
        private readonly AgentOptions _options;
        private readonly IMqttConnection _mqtt;
        private readonly IClock _clock;
        private readonly IStateStore _store;
        private readonly ILog _log;
        private readonly IRandom _random;
        private readonly IPower _power;
        private readonly IDeviceInfo _device;
        private readonly HandlerRegistry _registry = new HandlerRegistry();
        private readonly JobContext _context;

        private readonly object _sync = new object();
        private readonly System.Text.StringBuilder _line = new System.Text.StringBuilder(96);
        private readonly Queue _queue = new Queue();
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private bool _stopRequested;
        private bool _cleanStop;
        private int _queuedConnects;

        // Events waiting in _queue, written under _sync and read (Interlocked, no lock) by a step slice deciding whether to yield.
        private int _queued;
        private bool _booted;

        private AgentState _state = AgentState.Offline;
        private bool _hasOutcome;
        private AgentEvent _outcome;

        /// <summary>Creates the agent and registers the built-in <c>reboot</c> and <c>diagnostics</c> handlers. Throws on missing arguments.</summary>
        public JobAgent(AgentOptions options, IMqttConnection mqtt, IClock clock, IStateStore store, ILog log, IRandom random, IPower power, IDeviceInfo device)
        {
            if (options == null || mqtt == null || clock == null || store == null || log == null || random == null || power == null || device == null)
            {
                throw new System.ArgumentNullException();
            }

            if (!JobsValidation.IsValidThingName(options.ThingName))
            {
                throw new System.ArgumentException("ThingName");
            }

            _options = options;
            _mqtt = mqtt;
            _clock = clock;
            _store = store;
            _log = log;
            _random = random;
            _power = power;
            _device = device;
            _context = new JobContext(this, device, power, clock, log);
            _buffer = options.RequestBuffer != null && options.RequestBuffer.Length >= 512 ? options.RequestBuffer
                : new byte[options.RequestBufferBytes < 512 ? 512 : options.RequestBufferBytes];
            _writer = new JsonWriter(_buffer, 0, _buffer.Length);
            _tokenCounter = random.Next(1000000);
            BuildFixedTopics();
            _registry.Register(new RebootHandler());
            _registry.Register(new DiagnosticsHandler());
        }

        /// <summary>Current state.</summary>
        public AgentState State
        {
            get { return _state; }
        }

        /// <summary>Name of the current state, for logs and displays.</summary>
        public string StateName
        {
            get { return AgentNames.State(_state); }
        }

        /// <summary>jobId of the execution held, or null.</summary>
        public string CurrentJobId
        {
            get { return _jobId; }
        }

        /// <summary>executionNumber of the execution held, or 0.</summary>
        public long CurrentExecutionNumber
        {
            get { return _jobId == null ? 0 : _executionNumber; }
        }

        /// <summary>Last known versionNumber of the execution held, or 0.</summary>
        public long CurrentVersionNumber
        {
            get { return _jobId == null ? 0 : _version; }
        }

        /// <summary>Executions reported SUCCEEDED (and accepted).</summary>
        public int JobsSucceeded { get; private set; }

        /// <summary>Executions reported FAILED (and accepted).</summary>
        public int JobsFailed { get; private set; }

        /// <summary>Executions reported REJECTED (and accepted).</summary>
        public int JobsRejected { get; private set; }

        /// <summary>Executions that ended on the cloud side (canceled, removed, timed out) while held.</summary>
        public int JobsAbandoned { get; private set; }

        /// <summary>Messages dropped: malformed, for another thing, for an old clientToken or another execution.</summary>
        public int MessagesIgnored { get; private set; }

        /// <summary>Handler steps taken (all executions).</summary>
        public long HandlerSteps { get; private set; }

        /// <summary>Slices of handler steps run; <see cref="HandlerSteps"/> / HandlerSlices is the mean steps per slice.</summary>
        public long HandlerSlices { get; private set; }

        /// <summary>The last backoff delay chosen, in milliseconds.</summary>
        public int LastRetryDelayMs { get; private set; }

        /// <summary>Optional observer of every transition.</summary>
        public IAgentObserver Observer { get; set; }

        /// <summary>Optional: told whenever work is queued or a stop is asked (hosts that drive <see cref="RunOnce"/>).</summary>
        public IAgentWaker Waker { get; set; }

        /// <summary>
        /// True once <see cref="Stop"/> or <see cref="Halt"/> was called and the run has not ended yet. A host that
        /// drives <see cref="RunOnce"/> stops calling it and calls <see cref="EndRun"/>, as <see cref="Run"/> does.
        /// </summary>
        public bool StopRequested
        {
            get { return _stopRequested; }
        }

        /// <summary>The handlers (built-ins included).</summary>
        public HandlerRegistry Handlers
        {
            get { return _registry; }
        }

        /// <summary>Adds a handler, replacing a registered one with the same operation.</summary>
        public void Register(IJobHandler handler)
        {
            _registry.Register(handler);
        }

        /// <summary>Adds a recognizer for documents without <c>operation</c>.</summary>
        public void RegisterFormat(IJobFormat format)
        {
            _registry.RegisterFormat(format);
        }

        /// <summary>Enqueues an incoming PUBLISH and returns. Safe from any thread.</summary>
        public void MessageReceived(string topic, byte[] payload)
        {
            Enqueue(new QueuedItem(topic, payload, false));
        }

        /// <summary>Enqueues a session change and returns. Safe from any thread.</summary>
        public void ConnectionChanged(bool connected)
        {
            if (connected)
            {
                Interlocked.Increment(ref _queuedConnects);
            }

            Enqueue(new QueuedItem(null, null, connected));
        }

        /// <summary>
        /// Processes the timers that are due and at most one queued event. Returns true if anything was done.
        /// Call from one thread only (the engine thread).
        /// </summary>
        public bool RunOnce()
        {
            bool did = false;
            if (!_booted)
            {
                _booted = true;
                Dispatch(AgentEvent.Boot);
                did = true;
            }

            long now = _clock.MonotonicMilliseconds;
            if (_replyDeadline >= 0 && now >= _replyDeadline)
            {
                _replyDeadline = -1;
                Dispatch(AgentEvent.ReplyTimeout);
                did = true;
            }

            if (_retryAt >= 0 && now >= _retryAt)
            {
                _retryAt = -1;
                Dispatch(AgentEvent.RetryDue);
                did = true;
            }

            if (_stepAt >= 0 && now >= _stepAt)
            {
                _stepAt = -1;
                Dispatch(AgentEvent.StepDue);
                did = true;
            }

            QueuedItem item = null;
            lock (_sync)
            {
                if (_queue.Count > 0)
                {
                    item = (QueuedItem)_queue.Dequeue();
                    _queued = _queue.Count;
                }
            }

            if (item != null)
            {
                Handle(item);
                did = true;
            }

            return did;
        }

        /// <summary>Runs the engine on the calling thread until <see cref="Stop"/>.</summary>
        public void Run()
        {
            while (!_stopRequested)
            {
                if (RunOnce())
                {
                    continue;
                }

                _wake.WaitOne(MillisecondsToNextTimer(), false);
            }

            EndRun();
        }

        /// <summary>
        /// Ends a run after <see cref="StopRequested"/>: a clean stop takes back the boot it counted (a halt writes
        /// nothing). <see cref="Run"/> calls it; a host driving <see cref="RunOnce"/> calls it once, on the engine's thread.
        /// </summary>
        public void EndRun()
        {
            if (_cleanStop)
            {
                NoteCleanStop();
            }

            _stopRequested = false;
            _cleanStop = false;
        }

        /// <summary>Makes <see cref="Run"/> return after the event it is processing. Safe from any thread.</summary>
        public void Stop()
        {
            _cleanStop = true;
            _stopRequested = true;
            _wake.Set();
            WakeHost();
        }

        /// <summary>
        /// Makes <see cref="Run"/> return after the event it is processing without any further write, as a power
        /// cut or a killed process would (tests and the desktop host's kill). Safe from any thread.
        /// </summary>
        public void Halt()
        {
            _stopRequested = true;
            _wake.Set();
            WakeHost();
        }

        /// <summary>Milliseconds until the next timer is due (0 if one is due), at most <see cref="AgentOptions.MaxIdleWaitMs"/>.</summary>
        public int MillisecondsToNextTimer()
        {
            long now = _clock.MonotonicMilliseconds;
            long wait = _options.MaxIdleWaitMs;
            wait = Earlier(wait, _replyDeadline, now);
            wait = Earlier(wait, _retryAt, now);
            wait = Earlier(wait, _stepAt, now);
            return (int)wait;
        }

        private static long Earlier(long wait, long at, long now)
        {
            if (at < 0)
            {
                return wait;
            }

            long d = at - now;
            if (d < 0)
            {
                d = 0;
            }

            return d < wait ? d : wait;
        }

        private void Enqueue(QueuedItem item)
        {
            lock (_sync)
            {
                _queue.Enqueue(item);
                _queued = _queue.Count;
            }

            _wake.Set();
            WakeHost();
        }

        private void WakeHost()
        {
            IAgentWaker waker = Waker;
            if (waker != null)
            {
                waker.Wake();
            }
        }

        private void Handle(QueuedItem item)
        {
            if (item.Topic == null)
            {
                if (item.Connected)
                {
                    Interlocked.Decrement(ref _queuedConnects);
                    // A session that came back without a "down" first still needs subscriptions and rediscovery.
                    if (_state != AgentState.Offline && _state != AgentState.Connecting)
                    {
                        Dispatch(AgentEvent.Disconnected);
                    }

                    Dispatch(AgentEvent.Connected);
                }
                else
                {
                    Dispatch(AgentEvent.Disconnected);
                }

                return;
            }

            AgentEvent e;
            if (Classify(item.Topic, item.Payload, out e))
            {
                Dispatch(e);
            }
            else
            {
                MessagesIgnored++;
            }
        }

        /// <summary>The driver: looks the event up, enters the next state, runs the action, and feeds its outcome back.</summary>
        private void Dispatch(AgentEvent e)
        {
            // An action posts at most one outcome; chains are short (Connected -> Ready -> ...). The bound guards a table error.
            for (int guard = 0; guard < 8; guard++)
            {
                int row = TransitionTable.FindRow(_state, e);
                if (row < 0)
                {
                    _log.Write(LogLevel.Debug, "jobs: " + AgentNames.Event(e) + " ignored in " + AgentNames.State(_state));
                    return;
                }

                AgentState from = _state;
                AgentAction action = TransitionTable.Action(row);
                _state = TransitionTable.To(row);
                if (_state != AgentState.Running)
                {
                    _stepAt = -1;
                }

                _hasOutcome = false;
                Execute(action);
                LogTransition(from, e, action, TransitionTable.To(row));
                IAgentObserver observer = Observer;
                if (observer != null)
                {
                    observer.OnTransition(from, e, TransitionTable.To(row), action);
                }

                if (!_hasOutcome)
                {
                    return;
                }

                e = _outcome;
            }

            _log.Write(LogLevel.Error, "jobs: transition chain too long in " + AgentNames.State(_state));
        }

        /// <summary>
        /// One Debug line per transition (a developer's trace; Info says what happens to jobs, issue 13 §1), built in a
        /// reused StringBuilder so only the line itself is allocated.
        /// </summary>
        private void LogTransition(AgentState from, AgentEvent e, AgentAction action, AgentState to)
        {
            _line.Clear();
            _line.Append("jobs: ").Append(AgentNames.State(from)).Append(" --").Append(AgentNames.Event(e)).Append('/')
                .Append(AgentNames.Action(action)).Append("--> ").Append(AgentNames.State(to));
            _log.Write(LogLevel.Debug, _line.ToString());
        }

        private void Post(AgentEvent outcome)
        {
            _hasOutcome = true;
            _outcome = outcome;
        }

        private sealed class QueuedItem
        {
            public readonly string Topic;
            public readonly byte[] Payload;
            public readonly bool Connected;

            public QueuedItem(string topic, byte[] payload, bool connected)
            {
                Topic = topic;
                Payload = payload;
                Connected = connected;
            }
        }
    }
}
