using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NfDevice.Cloud;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Benchmarks
{
    /// <summary>
    /// Monitoring (each iteration is one cold operation: one start-up, one provisioning), 15 iterations, median reported;
    /// in process, because building BenchmarkDotNet's generated project exceeds its 2-minute limit on the shared machine.
    /// </summary>
    public sealed class EmulatorStateBenchmarkConfig : ManualConfig
    {
        public EmulatorStateBenchmarkConfig()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(15)
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(20), logOutput: false)));
            AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median);
        }
    }

    /// <summary>
    /// Start-up of the emulator on its state database (state.db): opening a data directory that holds 10,000 job
    /// executions (10 jobs x 1,000 things, a third of them IN_PROGRESS with timers) against an empty one, the baseline.
    /// What is timed is what `serve` does before it listens: load the CA and every stored entity, rebuild the indexes,
    /// and the first timer tick (timeouts that fell due while down); then close. Listener start-up is the same for both.
    /// Run: dotnet run -c Release --project tests/NfDevice.Benchmarks -- --filter '*EmulatorStartupBenchmarks*'
    /// </summary>
    [Config(typeof(EmulatorStateBenchmarkConfig))]
    public class EmulatorStartupBenchmarks
    {
        private const int Things = 1000, Jobs = 10;
        private string _empty, _full;

        [GlobalSetup]
        public void Setup()
        {
            string root = Path.Combine(Path.GetTempPath(), "nfdevice-bench-state-" + Guid.NewGuid().ToString("N"));
            _empty = Path.Combine(root, "empty");
            _full = Path.Combine(root, "full");
            new Emulator(new EmulatorOptions { DataDirectory = _empty }).DisposeAsync().AsTask().GetAwaiter().GetResult();
            var emulator = new Emulator(new EmulatorOptions { DataDirectory = _full });
            var targets = new List<string>();
            for (int i = 0; i < Things; i++)
            {
                emulator.Registry.TryCreateThing("thing-" + i, null, out _);
                targets.Add(Arns.Thing("thing-" + i));
            }
            for (int j = 0; j < Jobs; j++)
                emulator.CreateJob(new JobSpec { JobId = "job-" + j, Document = "{\"operation\":\"diagnostics\"}", Targets = targets, InProgressTimeoutInMinutes = 60 });
            for (int i = 0; i < Things; i += 3)
                emulator.Jobs.HandleDeviceRequest("thing-" + i, "thing-" + i, "$aws/things/thing-" + i + "/jobs/start-next", Encoding.UTF8.GetBytes("{\"stepTimeoutInMinutes\":30}"));
            if (emulator.Snapshot().Count != Things * Jobs) throw new InvalidOperationException("setup did not store " + Things * Jobs + " executions");
            emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        /// <summary>Baseline: a data directory with a CA and an empty state database.</summary>
        [Benchmark(Baseline = true)]
        public int OpenEmptyDataDirectory() => Open(_empty);

        /// <summary>10,000 executions, 1,000 things, 10 jobs stored.</summary>
        [Benchmark]
        public int Open10000Executions() => Open(_full);

        private static int Open(string dir)
        {
            var emulator = new Emulator(new EmulatorOptions { DataDirectory = dir });
            emulator.Jobs.Tick();
            int count = emulator.Snapshot().Count;
            emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return count;
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(_empty), true);
        }
    }

    /// <summary>
    /// Provisioning one more thing (thing, CA-issued certificate, attachment, all written to state.db) into a registry of
    /// 5,000 things against an empty one, the baseline: a ratio near 1 is provisioning in O(1) each, O(N) in total
    /// (issue 14: the registry used to be rewritten whole after every thing).
    /// Run: dotnet run -c Release --project tests/NfDevice.Benchmarks -- --filter '*EmulatorProvisionBenchmarks*'
    /// </summary>
    [Config(typeof(EmulatorStateBenchmarkConfig))]
    public class EmulatorProvisionBenchmarks
    {
        private string _root;
        private Emulator _empty, _large;
        private int _next;

        [GlobalSetup]
        public void Setup()
        {
            _root = Path.Combine(Path.GetTempPath(), "nfdevice-bench-provision-" + Guid.NewGuid().ToString("N"));
            _empty = new Emulator(new EmulatorOptions { DataDirectory = Path.Combine(_root, "empty") });
            _large = new Emulator(new EmulatorOptions { DataDirectory = Path.Combine(_root, "large") });
            for (int i = 0; i < 5000; i++) _large.Provision("existing-" + i);
        }

        /// <summary>Baseline: the registry is empty.</summary>
        [Benchmark(Baseline = true)]
        public string ProvisionIntoEmptyRegistry() => _empty.Provision("new-" + _next++).CertificateId;

        /// <summary>The registry holds 5,000 things with certificates.</summary>
        [Benchmark]
        public string ProvisionInto5000Things() => _large.Provision("new-" + _next++).CertificateId;

        [GlobalCleanup]
        public void Cleanup()
        {
            _empty.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _large.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_root, true);
        }
    }
}
