using System;
using System.Net.Http;
using System.Threading.Tasks;
using NfDevice.Cloud;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Tests.Support
{
    /// <summary>An in-memory emulator on free loopback ports with a fake clock.</summary>
    internal sealed class TestEmulator : IAsyncDisposable
    {
        public static readonly DateTimeOffset Start = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        private TestEmulator(Emulator emulator, FakeClock clock)
        {
            Emulator = emulator;
            Clock = clock;
        }

        public Emulator Emulator { get; }
        public FakeClock Clock { get; }
        public long Now => Clock.UtcNow.ToUnixTimeSeconds();

        public static async Task<TestEmulator> StartAsync(Action<EmulatorOptions> configure = null)
        {
            var clock = new FakeClock(Start);
            var options = new EmulatorOptions { MqttPort = 0, HttpPort = 0, DataDirectory = OnDiskDirectory(), Clock = clock };
            configure?.Invoke(options);
            var emulator = new Emulator(options);
            await emulator.StartAsync();
            return new TestEmulator(emulator, clock);
        }

        /// <summary>
        /// In memory, unless NFCLOUD_TESTS_ON_DISK=1: then every test emulator gets a fresh data directory, so the whole
        /// suite runs with the state database writing through (every protocol answer must stay the same).
        /// </summary>
        private static string OnDiskDirectory() => Environment.GetEnvironmentVariable("NFCLOUD_TESTS_ON_DISK") == "1"
            ? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nfcloud-ondisk-" + Guid.NewGuid().ToString("N"))
            : null;

        /// <summary>Provisions <paramref name="thing"/> and connects it.</summary>
        public Task<TestDevice> ConnectAsync(string thing) => TestDevice.ConnectAsync(Emulator, Emulator.Provision(thing));

        /// <summary>An HttpClient signing with the emulator's credentials.</summary>
        public HttpClient SignedHttp(string secret = null, Func<DateTimeOffset> now = null)
        {
            var handler = new SigV4SigningHandler(Emulator.Options.AccessKeyId, secret ?? Emulator.Options.SecretAccessKey, null);
            if (now != null) handler.Now = now;
            return new HttpClient(handler) { BaseAddress = new Uri(Emulator.HttpEndpoint), Timeout = TimeSpan.FromSeconds(20) };
        }

        public async ValueTask DisposeAsync() => await Emulator.DisposeAsync();
    }
}
