using System.Collections;
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Tests.Fakes;

namespace NfDevice.Jobs.Tests.Engine
{
    /// <summary>
    /// A JobAgent on the fake platform, driven step by step (no threads): the test plays the cloud through
    /// <see cref="Mqtt"/> and moves time with <see cref="Clock"/>. Transitions are recorded as "From>Event>To".
    /// </summary>
    public sealed class EngineHarness : IAgentObserver
    {
        /// <summary>Thing name used by every scenario.</summary>
        public const string Thing = "dev-1";

        /// <summary>Clock.</summary>
        public readonly FakeClock Clock = new FakeClock();

        /// <summary>State store (kept across <see cref="Restart"/>).</summary>
        public readonly FakeStateStore Store = new FakeStateStore();

        /// <summary>Log.</summary>
        public readonly FakeLog Log = new FakeLog();

        /// <summary>Random.</summary>
        public readonly FakeRandom Random = new FakeRandom();

        /// <summary>Power.</summary>
        public readonly FakePower Power = new FakePower();

        /// <summary>Device.</summary>
        public readonly FakeDeviceInfo Device = new FakeDeviceInfo();

        /// <summary>MQTT.</summary>
        public readonly FakeMqtt Mqtt = new FakeMqtt(Thing);

        /// <summary>Options (change before <see cref="Restart"/> to take effect).</summary>
        public readonly AgentOptions Options = new AgentOptions();

        /// <summary>Transitions since the agent was created.</summary>
        public readonly ArrayList Trace = new ArrayList();

        /// <summary>The agent.</summary>
        public JobAgent Agent;

        /// <summary>A harness with a booted, disconnected agent and a scripted "work" handler (2 running steps).</summary>
        public EngineHarness()
        {
            Options.ThingName = Thing;
            Options.StepIntervalMs = 0;
            Options.StepSliceMs = 0; // one handler step per slice: the scenario tables count steps
            Options.ReplyTimeoutMs = 5000;
            Options.BackoffBaseMs = 1000;
            Options.BackoffCapMs = 8000;
            Options.MaxAttempts = 4;
            Options.RediscoverDelayMs = 30000;
            Options.ProgressThrottleMs = 1000;
            Options.MaxBootsInPhase = 3;
            Work = new ScriptedHandler("work", 2);
            Restart();
        }

        /// <summary>The "work" handler registered on every agent of this harness.</summary>
        public ScriptedHandler Work;

        /// <summary>A new agent over the same store (a reboot or process restart), booted.</summary>
        public void Restart()
        {
            Trace.Clear();
            Agent = new JobAgent(Options, Mqtt, Clock, Store, Log, Random, Power, Device);
            Agent.Register(Work);
            Agent.Observer = this;
            Mqtt.Events = Agent;
            Pump();
        }

        /// <summary>Runs the engine until it has nothing to do (bounded).</summary>
        public void Pump()
        {
            for (int i = 0; i < 100 && Agent.RunOnce(); i++)
            {
            }
        }

        /// <summary>The session comes up.</summary>
        public void Connect()
        {
            Mqtt.IsConnected = true;
            Agent.ConnectionChanged(true);
            Pump();
        }

        /// <summary>The session goes down.</summary>
        public void Disconnect()
        {
            Mqtt.IsConnected = false;
            Agent.ConnectionChanged(false);
            Pump();
        }

        /// <summary>Moves time and pumps.</summary>
        public void Advance(long milliseconds)
        {
            Clock.Advance(milliseconds);
            Pump();
        }

        /// <summary>A job document with <paramref name="operation"/>.</summary>
        public static string Doc(string operation)
        {
            return "{\"operation\":\"" + operation + "\",\"url\":\"https://example.com/x?sig=1\"}";
        }

        /// <summary>Answers the describe in flight with a QUEUED execution of <paramref name="jobId"/>.</summary>
        public void OfferJob(string jobId, long executionNumber, string document)
        {
            Mqtt.Accept(FakeMqtt.Execution(jobId, executionNumber, 1, "QUEUED", document));
            Pump();
        }

        /// <summary>Accepts the update in flight (versionNumber as AWS would count).</summary>
        public void AcceptUpdate(long newVersion, string status)
        {
            Mqtt.Accept(FakeMqtt.ExecutionState(status, newVersion));
            Pump();
        }

        /// <summary>Connects and answers the first describe with an empty queue.</summary>
        public void ConnectIdle()
        {
            Connect();
            Mqtt.Accept(string.Empty);
            Pump();
        }

        /// <summary>Connects, offers <paramref name="jobId"/> with the "work" operation and accepts IN_PROGRESS: the agent is Running.</summary>
        public void ConnectAndStartWork(string jobId)
        {
            Connect();
            OfferJob(jobId, 1, Doc("work"));
            AcceptUpdate(2, "IN_PROGRESS");
        }

        /// <summary>Records the transition.</summary>
        public void OnTransition(AgentState from, AgentEvent e, AgentState to, AgentAction action)
        {
            Trace.Add(AgentNames.State(from) + ">" + AgentNames.Event(e) + ">" + AgentNames.State(to));
        }

        /// <summary>True when the trace holds <paramref name="expected"/> as consecutive entries, starting at or after <paramref name="from"/>.</summary>
        public bool TraceContains(string[] expected, int from)
        {
            for (int start = from; start + expected.Length <= Trace.Count; start++)
            {
                bool all = true;
                for (int i = 0; i < expected.Length && all; i++)
                {
                    all = (string)Trace[start + i] == expected[i];
                }

                if (all)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The trace as one line (assert messages).</summary>
        public string TraceText()
        {
            System.Text.StringBuilder sb = new System.Text.StringBuilder();
            for (int i = 0; i < Trace.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append("; ");
                }

                sb.Append((string)Trace[i]);
            }

            return sb.ToString();
        }

        /// <summary>Publishes whose topic ends with <paramref name="suffix"/>.</summary>
        public int CountPublishes(string suffix)
        {
            int n = 0;
            for (int i = 0; i < Mqtt.Count; i++)
            {
                string t = Mqtt.At(i).Topic;
                if (t.Length >= suffix.Length && t.Substring(t.Length - suffix.Length) == suffix)
                {
                    n++;
                }
            }

            return n;
        }

        /// <summary>Text of the last publish.</summary>
        public string LastPayload
        {
            get { return Mqtt.Last == null ? null : Mqtt.Last.Payload; }
        }

        /// <summary>Topic of the last publish.</summary>
        public string LastTopic
        {
            get { return Mqtt.Last == null ? null : Mqtt.Last.Topic; }
        }

        /// <summary>True if the last publish contains <paramref name="text"/>.</summary>
        public bool LastContains(string text)
        {
            return LastPayload != null && LastPayload.IndexOf(text) >= 0;
        }
    }
}
