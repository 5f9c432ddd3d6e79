using System;
using System.Text;
using BenchmarkDotNet.Attributes;
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Platform;

namespace NfDevice.Benchmarks
{
    /// <summary>
    /// Allocations of the engine per handled message. One operation is one whole job on a warm engine:
    /// notify-next -> describe $next accepted -> IN_PROGRESS accepted -> (one handler step) -> SUCCEEDED accepted
    /// -> describe $next accepted (empty), i.e. 5 messages handled and 5 requests published. Divide "Allocated"
    /// by 5 for the figure per message. The fake cloud below reuses its reply buffers, so what is measured is
    /// the engine (queue items, clientTokens, log lines, execution-record writes, per-job topic strings).
    /// Run: dotnet run -c Release --project tests/NfDevice.Benchmarks -- --filter '*EngineBenchmarks*' --job short
    /// </summary>
    [MemoryDiagnoser]
    [OpCounts.OpCountColumns]
    public class EngineBenchmarks
    {
        private const string Thing = "bench-thing";
        private const string Prefix = "$aws/things/" + Thing + "/jobs/";
        private readonly BenchClock _clock = new BenchClock();
        private readonly BenchMqtt _mqtt = new BenchMqtt();
        private readonly BenchStore _store = new BenchStore();
        private JobAgent _agent;
        private byte[] _notify;

        /// <summary>A connected, idle agent with the built-in diagnostics handler.</summary>
        [GlobalSetup]
        public void Setup()
        {
            AgentOptions o = new AgentOptions();
            o.ThingName = Thing;
            o.StepIntervalMs = 0;
            _agent = new JobAgent(o, _mqtt, _clock, _store, new BenchLog(), new BenchRandom(), new BenchPower(), new BenchDevice());
            _mqtt.IsConnected = true;
            _notify = Encoding.UTF8.GetBytes("{\"timestamp\":1767225600,\"execution\":{\"jobId\":\"bench-job\",\"status\":\"QUEUED\",\"queuedAt\":1767225000,\"lastUpdatedAt\":1767225000,\"versionNumber\":1,\"executionNumber\":1,\"jobDocument\":{\"operation\":\"diagnostics\"}}}");
            Pump();
            Reply(string.Empty);
            if (_agent.State != AgentState.Idle)
            {
                throw new InvalidOperationException("setup: agent not idle but " + _agent.StateName);
            }

            // The measured cycle must really run a job end to end.
            if (JobCycleOfFiveMessages() != 1 || JobCycleOfFiveMessages() != 2 || _agent.State != AgentState.Idle)
            {
                throw new InvalidOperationException("setup: the job cycle did not complete; agent in " + _agent.StateName);
            }
        }

        /// <summary>One job, five messages.</summary>
        [Benchmark]
        public int JobCycleOfFiveMessages()
        {
            _agent.MessageReceived(Prefix + "notify-next", _notify);
            Pump();
            Reply(DescribeMembers);
            Reply(StateInProgress);
            Reply(StateSucceeded);
            Reply(string.Empty);
            return _agent.JobsSucceeded;
        }

        private const string DescribeMembers = ",\"execution\":{\"jobId\":\"bench-job\",\"status\":\"QUEUED\",\"queuedAt\":1767225000,\"lastUpdatedAt\":1767225000,\"versionNumber\":1,\"executionNumber\":1,\"jobDocument\":{\"operation\":\"diagnostics\"}}";
        private const string StateInProgress = ",\"executionState\":{\"status\":\"IN_PROGRESS\",\"versionNumber\":2}";
        private const string StateSucceeded = ",\"executionState\":{\"status\":\"SUCCEEDED\",\"versionNumber\":3}";

        private void Pump()
        {
            for (int i = 0; i < 20 && _agent.RunOnce(); i++)
            {
            }
        }

        /// <summary>Answers the last request on /accepted with its clientToken and <paramref name="members"/>.</summary>
        private void Reply(string members)
        {
            byte[] payload = _mqtt.BuildAnswer(members);
            _agent.MessageReceived(_mqtt.AnswerTopic, payload);
            Pump();
        }

        private sealed class BenchMqtt : IMqttConnection
        {
            private readonly byte[] _token = new byte[64];
            private readonly byte[][] _cache = new byte[512][];
            private readonly System.Collections.Hashtable _topics = new System.Collections.Hashtable();
            private int _tokenLength;
            private static readonly byte[] Head = Encoding.UTF8.GetBytes("{\"timestamp\":1767225600,\"clientToken\":\"");
            private static readonly byte[] Quote = Encoding.UTF8.GetBytes("\"");
            private static readonly byte[] Tail = Encoding.UTF8.GetBytes("}");

            public bool IsConnected { get; set; }

            public string AnswerTopic { get; private set; }

            public bool Subscribe(string topic) => true;

            public bool Publish(string topic, byte[] payload, int offset, int count)
            {
                // The clientToken is the first string member after "clientToken": copy it without allocating.
                int at = IndexOf(payload, offset, count, "\"clientToken\":\"");
                _tokenLength = 0;
                if (at >= 0)
                {
                    int i = at + 15;
                    while (i < offset + count && payload[i] != (byte)'"')
                    {
                        _token[_tokenLength++] = payload[i++];
                    }
                }

                string answer = (string)_topics[topic];
                if (answer == null)
                {
                    answer = topic + "/accepted";
                    _topics[topic] = answer;
                }

                AnswerTopic = answer;
                return true;
            }

            public byte[] BuildAnswer(string members)
            {
                int length = Head.Length + _tokenLength + Quote.Length + members.Length + Tail.Length;
                byte[] b = _cache[length];
                if (b == null)
                {
                    b = new byte[length];
                    _cache[length] = b;
                }

                int p = 0;
                Array.Copy(Head, 0, b, p, Head.Length);
                p += Head.Length;
                Array.Copy(_token, 0, b, p, _tokenLength);
                p += _tokenLength;
                b[p++] = (byte)'"';
                for (int i = 0; i < members.Length; i++)
                {
                    b[p++] = (byte)members[i];
                }

                b[p] = (byte)'}';
                return b;
            }

            private static int IndexOf(byte[] b, int offset, int count, string s)
            {
                for (int i = offset; i + s.Length <= offset + count; i++)
                {
                    int k = 0;
                    while (k < s.Length && b[i + k] == (byte)s[k])
                    {
                        k++;
                    }

                    if (k == s.Length)
                    {
                        return i;
                    }
                }

                return -1;
            }
        }

        private sealed class BenchClock : IClock
        {
            public long UtcSeconds => 1767225600;

            public long MonotonicMilliseconds => 1000;
        }

        private sealed class BenchStore : IStateStore
        {
            public byte[] Read(string name) => null;

            public bool Write(string name, byte[] data, int count) => true;

            public bool Delete(string name) => true;
        }

        private sealed class BenchLog : ILog
        {
            public void Write(LogLevel level, string message)
            {
            }
        }

        private sealed class BenchRandom : IRandom
        {
            public int Next(int maxExclusive) => 0;
        }

        private sealed class BenchPower : IPower
        {
            public long FreeMemory => 100000;

            public void Reboot()
            {
            }
        }

        private sealed class BenchDevice : IDeviceInfo
        {
            public string FirmwareVersion => "1.0.0";

            public string PlatformName => "bench";
        }
    }
}
