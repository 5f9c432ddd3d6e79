using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MQTTnet;
using MQTTnet.Protocol;
using NfDevice.Cloud;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;
using NfDevice.Desktop.Hosting;

namespace NfDevice.Benchmarks
{
    /// <summary>
    /// Jobs requests per second the emulator sustains: 32 raw MQTTnet clients (TLS, device certificates), each doing
    /// DescribeJobExecution then UpdateJobExecution (IN_PROGRESS with statusDetails) in a loop, one request in flight
    /// per client. Baseline: the same number of MQTT round trips on the same broker without the Jobs service (each
    /// client publishes to a non-reserved topic it subscribes to and waits for its own message). One operation is one
    /// request and its reply, so requests/s = 1e9 / Mean(ns).
    /// Run: dotnet run -c Release --project tests/NfDevice.Benchmarks -- --filter '*EmulatorJobsThroughputBenchmarks*'
    /// </summary>
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
    public class EmulatorJobsThroughputBenchmarks
    {
        private const int Clients = 32;
        private const int CyclesPerClient = 100;
        private const int RequestsPerInvoke = Clients * CyclesPerClient * 2;
        private Emulator _emulator;
        private BenchClient[] _clients;

        [GlobalSetup]
        public void Setup()
        {
            // A system clock and no step timeout: executions stay IN_PROGRESS for the whole run.
            _emulator = new Emulator(new EmulatorOptions { MqttPort = 0, HttpPort = 0, DataDirectory = null });
            _emulator.StartAsync().GetAwaiter().GetResult();
            _clients = new BenchClient[Clients];
            for (int i = 0; i < Clients; i++)
            {
                string thing = "rps-" + i.ToString("D2");
                DeviceIdentity identity = _emulator.Provision(thing);
                _clients[i] = BenchClient.ConnectAsync(_emulator, identity).GetAwaiter().GetResult();
            }
            _emulator.CreateJob("rps-job", "{\"operation\":\"diagnostics\"}", _clients.Select(c => c.Thing).ToArray());
            foreach (BenchClient c in _clients) c.StartJobAsync("rps-job").GetAwaiter().GetResult();
        }

        /// <summary>Baseline: an MQTT publish echoed back to its sender through the broker's routing.</summary>
        [Benchmark(Baseline = true, OperationsPerInvoke = RequestsPerInvoke)]
        public Task EchoRoundTrips() => Task.WhenAll(_clients.Select(c => c.EchoLoopAsync(CyclesPerClient * 2)));

        /// <summary>DescribeJobExecution + UpdateJobExecution cycles through the Jobs service.</summary>
        [Benchmark(OperationsPerInvoke = RequestsPerInvoke)]
        public Task JobsRequests() => Task.WhenAll(_clients.Select(c => c.JobsLoopAsync("rps-job", CyclesPerClient)));

        [GlobalCleanup]
        public void TearDown()
        {
            foreach (BenchClient c in _clients ?? Array.Empty<BenchClient>()) c?.Dispose();
            _emulator?.StopAsync().GetAwaiter().GetResult();
        }
    }

    /// <summary>A raw device: TLS with its certificate, one request in flight, replies matched by topic.</summary>
    internal sealed class BenchClient : IDisposable
    {
        private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(20);
        private readonly IMqttClient _client;
        private readonly string _prefix;
        private readonly string _echo;
        private TaskCompletionSource<string> _reply;
        private string _accepted, _rejected;
        private int _token;

        private BenchClient(IMqttClient client, string thing)
        {
            _client = client;
            Thing = thing;
            _prefix = "$aws/things/" + thing + "/jobs/";
            _echo = "bench/" + thing + "/echo";
            client.ApplicationMessageReceivedAsync += e =>
            {
                string topic = e.ApplicationMessage.Topic;
                if (topic == _accepted || topic == _rejected) Volatile.Read(ref _reply)?.TrySetResult(topic);
                return Task.CompletedTask;
            };
        }

        public string Thing { get; }

        public static async Task<BenchClient> ConnectAsync(Emulator emulator, DeviceIdentity identity)
        {
            MqttClientOptions options = EmulatorClientOptions.For(emulator, identity, ReplyTimeout);
            var client = new MqttClientFactory().CreateMqttClient();
            var bench = new BenchClient(client, identity.ThingName);
            using var cts = new CancellationTokenSource(ReplyTimeout);
            var connected = await client.ConnectAsync(options, cts.Token).ConfigureAwait(false);
            if (connected.ResultCode != MqttClientConnectResultCode.Success) throw new InvalidOperationException("CONNACK " + connected.ResultCode);
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(bench._echo, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cts.Token).ConfigureAwait(false);
            return bench;
        }

        /// <summary>IN_PROGRESS once, so that the loop's updates are IN_PROGRESS -> IN_PROGRESS.</summary>
        public Task StartJobAsync(string jobId) => RequestAsync(_prefix + jobId + "/update", "{\"status\":\"IN_PROGRESS\"}");

        public async Task JobsLoopAsync(string jobId, int cycles)
        {
            for (int i = 0; i < cycles; i++)
            {
                await RequestAsync(_prefix + jobId + "/get", "{\"clientToken\":\"" + Next() + "\"}").ConfigureAwait(false);
                await RequestAsync(_prefix + jobId + "/update", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"step\":\"" + i + "\"},\"clientToken\":\"" + Next() + "\"}").ConfigureAwait(false);
            }
        }

        public async Task EchoLoopAsync(int roundTrips)
        {
            for (int i = 0; i < roundTrips; i++) await RoundTripAsync(_echo, _echo, null, "{\"n\":" + i + "}").ConfigureAwait(false);
        }

        public void Dispose() => _client.Dispose();

        private async Task RequestAsync(string topic, string payload)
        {
            string answer = await RoundTripAsync(topic, topic + "/accepted", topic + "/rejected", payload).ConfigureAwait(false);
            if (answer != topic + "/accepted") throw new InvalidOperationException(topic + " was rejected");
        }

        private async Task<string> RoundTripAsync(string topic, string accepted, string rejected, string payload)
        {
            var reply = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _accepted = accepted;
            _rejected = rejected;
            Volatile.Write(ref _reply, reply);
            var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            await _client.PublishAsync(message).ConfigureAwait(false);
            return await reply.Task.WaitAsync(ReplyTimeout).ConfigureAwait(false);
        }

        private string Next() => (++_token).ToString();
    }
}
