using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MQTTnet;
using MQTTnet.Protocol;
using NfDevice.Cloud;
using NfDevice.Cloud.Iot;

namespace NfDevice.Benchmarks
{
    /// <summary>
    /// What one Jobs notification costs the emulator as the fleet grows (issue 14: MQTTnet's routing checks every session
    /// for each published message, so a rollout to N things cost O(N²)). N TLS devices (250 and 2,000) stay connected, each subscribed to
    /// its notify topic; one operation is one notification delivered: a job created for all N things and then canceled
    /// (each gives every thing one `notify`), timed until every device has received both. Baseline: MQTTnet's routing
    /// (<see cref="NfDevice.Cloud.Mqtt.BrokerOptions.RouteThingNotificationsDirectly"/> = false, the emulator before the change); the other
    /// row delivers to the thing's own session. Compare the rows' per-notification times across the two fleet sizes; after
    /// each iteration a `// notify` line gives the process's CPU per notification (emulator and devices together).
    /// Run: dotnet run -c Release --project tests/NfDevice.Benchmarks -- --filter '*EmulatorNotificationBenchmarks*'
    /// </summary>
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
    public class EmulatorNotificationBenchmarks
    {
        private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);
        private Emulator _emulator;
        private NotifiedDevice[] _devices;
        private string[] _things;
        private int _round;

        /// <summary>Connected devices.</summary>
        [Params(250, 2000)]
        public int Devices { get; set; }

        /// <summary>Which route the case measures (set per benchmark method, before the setup).</summary>
        private bool Direct { get; set; }

        [GlobalSetup(Target = nameof(MqttnetRouting))]
        public void SetupMqttnetRouting() { Direct = false; Setup(); }

        [GlobalSetup(Target = nameof(DirectToSession))]
        public void SetupDirect() { Direct = true; Setup(); }

        private void Setup()
        {
            var options = new EmulatorOptions { MqttPort = 0, HttpPort = 0, DataDirectory = null };
            options.Broker.RouteThingNotificationsDirectly = Direct;
            _emulator = new Emulator(options);
            _emulator.StartAsync().GetAwaiter().GetResult();
            _things = Enumerable.Range(1, Devices).Select(i => "notify-" + i.ToString("D5")).ToArray();
            var identities = _things.Select(_emulator.Provision).ToArray();
            _devices = new NotifiedDevice[Devices];
            using var gate = new SemaphoreSlim(8);
            Task.WhenAll(identities.Select(async (id, i) =>
            {
                await gate.WaitAsync().ConfigureAwait(false);
                try { _devices[i] = await NotifiedDevice.ConnectAsync(_emulator, id).ConfigureAwait(false); }
                finally { gate.Release(); }
            })).GetAwaiter().GetResult();
        }

        /// <summary>Baseline: every notification through MQTTnet's routing (a check of every subscribed session).</summary>
        [Benchmark(Baseline = true)]
        public Task MqttnetRouting() => CreateAndCancelAsync();

        /// <summary>Every notification straight to its thing's session.</summary>
        [Benchmark]
        public Task DirectToSession() => CreateAndCancelAsync();

        // Two notifications per device: QUEUED (create) and gone from the pending list (cancel).
        private async Task CreateAndCancelAsync()
        {
            string jobId = "n" + (++_round).ToString();
            Task all = Task.WhenAll(_devices.Select(d => d.ExpectAsync(2)));
            _emulator.CreateJob(jobId, "{\"operation\":\"x\"}", _things);
            _emulator.Jobs.CancelJob(jobId, false, null, null);
            await all.WaitAsync(Bound).ConfigureAwait(false);
        }

        private TimeSpan _cpuAtStart;

        [IterationSetup]
        public void StartCpu() => _cpuAtStart = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

        [IterationCleanup]
        public void ReportCpu()
        {
            double cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart).TotalMilliseconds;
            Console.WriteLine("// notify " + (Direct ? "direct" : "mqttnet") + " " + Devices + " devices: CPU " + (cpu * 1000 / (2.0 * Devices)).ToString("0.0") + " µs per notification");
        }

        [GlobalCleanup]
        public void TearDown()
        {
            foreach (NotifiedDevice d in _devices ?? Array.Empty<NotifiedDevice>()) d?.Dispose();
            _emulator?.StopAsync().GetAwaiter().GetResult();
        }

        /// <summary>A device subscribed to its `notify` topic, counting what arrives.</summary>
        private sealed class NotifiedDevice : IDisposable
        {
            private readonly IMqttClient _client;
            private int _count;
            private int _target;
            private TaskCompletionSource _reached;

            private NotifiedDevice(IMqttClient client)
            {
                _client = client;
                client.ApplicationMessageReceivedAsync += e =>
                {
                    if (e.ApplicationMessage.Topic.EndsWith("/jobs/notify", StringComparison.Ordinal) && Interlocked.Increment(ref _count) >= Volatile.Read(ref _target))
                        Volatile.Read(ref _reached)?.TrySetResult();
                    return Task.CompletedTask;
                };
            }

            public static async Task<NotifiedDevice> ConnectAsync(Emulator emulator, DeviceIdentity identity)
            {
                MqttClientOptions options = EmulatorClientOptions.For(emulator, identity, TimeSpan.FromSeconds(60));
                var client = new MqttClientFactory().CreateMqttClient();
                var device = new NotifiedDevice(client);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                var connected = await client.ConnectAsync(options, cts.Token).ConfigureAwait(false);
                if (connected.ResultCode != MqttClientConnectResultCode.Success) throw new InvalidOperationException("CONNACK " + connected.ResultCode);
                await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter("$aws/things/" + identity.ThingName + "/jobs/notify", MqttQualityOfServiceLevel.AtLeastOnce).Build(), cts.Token).ConfigureAwait(false);
                return device;
            }

            /// <summary>Completes when <paramref name="more"/> further notifications have arrived.</summary>
            public Task ExpectAsync(int more)
            {
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _reached, reached);
                int target = Volatile.Read(ref _count) + more;
                Volatile.Write(ref _target, target);
                if (Volatile.Read(ref _count) >= target) reached.TrySetResult();
                return reached.Task;
            }

            public void Dispose() => _client.Dispose();
        }
    }
}
