using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NfDevice.Cloud.Aws;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Mqtt;

namespace NfDevice.Cloud
{
    /// <summary>Settings of one emulator instance.</summary>
    public sealed class EmulatorOptions
    {
        /// <summary>MQTT TLS port; 0 picks a free one.</summary>
        public int MqttPort { get; set; } = 8883;
        /// <summary>HTTP control-plane port; 0 picks a free one.</summary>
        public int HttpPort { get; set; } = 4580;
        /// <summary>Where the CA, the registry and bundles live; null keeps everything in memory.</summary>
        public string DataDirectory { get; set; } = Path.Combine(".nfdevice", "cloud");
        /// <summary>Time source (a <see cref="FakeClock"/> in tests).</summary>
        public IClock Clock { get; set; } = new SystemClock();
        /// <summary>Device request limits.</summary>
        public JobsLimits Limits { get; set; } = new JobsLimits();
        /// <summary>Broker policy settings (the port is taken from <see cref="MqttPort"/>).</summary>
        public BrokerOptions Broker { get; set; } = new BrokerOptions();
        /// <summary>The SigV4 access key id the control plane accepts.</summary>
        public string AccessKeyId { get; set; } = "AKIANFDEVICEEMULATOR";
        /// <summary>Its secret.</summary>
        public string SecretAccessKey { get; set; } = "nfdeviceEmulatorSecretKey0000000000000000";
        /// <summary>Log sink (console in `serve`); every line is also kept in <see cref="Emulator.LogLines"/>.</summary>
        public Action<string> Log { get; set; }
    }

    /// <summary>
    /// The cloud emulator in one object: CA, registry, MQTT broker with the Jobs service, and the control plane
    /// on HTTP. `nfcloud serve`, the demo and end-to-end tests all use this class.
    /// </summary>
    public sealed class Emulator : IAsyncDisposable
    {
        private readonly ConcurrentQueue<string> _log = new ConcurrentQueue<string>();
        private readonly MqttOutbox _outbox;
        private Broker _broker;
        private WebApplication _web;
        private Timer _ticker;

        /// <summary>Creates the emulator (loads or creates the CA and registry); call <see cref="StartAsync"/>.</summary>
        public Emulator(EmulatorOptions options = null)
        {
            Options = options ?? new EmulatorOptions();
            Ca = CertificateAuthority.LoadOrCreate(Options.DataDirectory);
            Registry = new Registry(Options.DataDirectory);
            Credentials = new AwsCredentialStore();
            Credentials.Add(Options.AccessKeyId, Options.SecretAccessKey);
            _outbox = new MqttOutbox(Log);
            Jobs = new JobsService(Options.Clock, Registry, _outbox, Options.Limits);
        }

        /// <summary>The options.</summary>
        public EmulatorOptions Options { get; }
        /// <summary>The CA.</summary>
        public CertificateAuthority Ca { get; }
        /// <summary>Things, groups, certificates.</summary>
        public Registry Registry { get; }
        /// <summary>The Jobs service.</summary>
        public JobsService Jobs { get; }
        /// <summary>SigV4 credentials known to the emulator (shared with the S3/IAM/Signer emulation).</summary>
        public AwsCredentialStore Credentials { get; }
        /// <summary>The MQTT port in use (after start).</summary>
        public int MqttPort { get; private set; }
        /// <summary>The HTTP port in use (after start).</summary>
        public int HttpPort { get; private set; }
        /// <summary>http://127.0.0.1:{HttpPort}, for `aws --endpoint-url`.</summary>
        public string HttpEndpoint => "http://127.0.0.1:" + HttpPort;
        /// <summary>Current emulator time, epoch seconds.</summary>
        public long NowSeconds => Options.Clock.UtcNow.ToUnixTimeSeconds();
        /// <summary>Everything logged so far (refusals, delivery problems).</summary>
        public IReadOnlyList<string> LogLines => _log.ToArray();
        /// <summary>Hook for other emulated services (S3, IAM, Signer) to add routes before start.</summary>
        public Action<WebApplication> ConfigureRoutes { get; set; }

        /// <summary>Starts the broker, the control plane and the timer tick.</summary>
        public async Task StartAsync()
        {
            MqttPort = Options.MqttPort == 0 ? FreePort() : Options.MqttPort;
            Options.Broker.Port = MqttPort;
            _broker = new Broker(Options.Broker, Ca, Registry, Jobs, _outbox, Log);
            await _broker.StartAsync().ConfigureAwait(false);

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            // The host must not own Ctrl+C/SIGTERM: the CLI (or the test) decides when the emulator stops.
            builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, PassiveLifetime>();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Options.HttpPort));
            _web = builder.Build();
            var gate = new SigV4Gate(Credentials);
            _web.Use(async (ctx, next) =>
            {
                if (HttpMethods.IsGet(ctx.Request.Method) && ctx.Request.Path == "/")
                {
                    ctx.Response.ContentType = "text/html; charset=utf-8";
                    await ctx.Response.WriteAsync(ConsolePage.Render(this)).ConfigureAwait(false);
                    return;
                }
                AwsException refused = await gate.CheckAsync(ctx.Request).ConfigureAwait(false);
                if (refused != null)
                {
                    Log("http: " + ctx.Request.Method + " " + ctx.Request.Path + " refused: " + refused.ErrorType);
                    await HttpJson.WriteError(ctx, refused).ConfigureAwait(false);
                    return;
                }
                await next(ctx).ConfigureAwait(false);
            });
            RegistryApi.Map(_web, this);
            JobsApi.Map(_web, this);
            ConfigureRoutes?.Invoke(_web);
            _web.MapFallback((RequestDelegate)(ctx => HttpJson.WriteError(ctx, new AwsException("UnknownOperationException", 404, "Unknown operation " + ctx.Request.Method + " " + ctx.Request.Path))));
            await _web.StartAsync().ConfigureAwait(false);
            var addresses = _web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses;
            HttpPort = new Uri(addresses.First()).Port;

            _ticker = new Timer(_ =>
            {
                try
                {
                    Jobs.Tick();
                    Registry.Flush();
                }
                catch (Exception ex) { Log("tick failed: " + ex.Message); }
            }, null, 1000, 1000);
        }

        /// <summary>Stops only the MQTT broker (every device is disconnected); jobs and the control plane stay up.</summary>
        public async Task StopBrokerAsync()
        {
            if (_broker != null) await _broker.StopAsync().ConfigureAwait(false);
            _broker = null;
        }

        /// <summary>Starts the MQTT broker again on the same port (after <see cref="StopBrokerAsync"/>).</summary>
        public async Task StartBrokerAsync()
        {
            if (_broker != null) return;
            _broker = new Broker(Options.Broker, Ca, Registry, Jobs, _outbox, Log);
            await _broker.StartAsync().ConfigureAwait(false);
        }

        /// <summary>Stops everything and saves the registry.</summary>
        public async Task StopAsync()
        {
            _ticker?.Dispose();
            _ticker = null;
            if (_broker != null) await _broker.StopAsync().ConfigureAwait(false);
            _broker = null;
            if (_web != null)
            {
                await _web.StopAsync().ConfigureAwait(false);
                await _web.DisposeAsync().ConfigureAwait(false);
            }
            _web = null;
            Registry.Flush();
        }

        /// <inheritdoc/>
        public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

        /// <summary>Creates the thing if missing and issues an ACTIVE certificate attached to it.</summary>
        public DeviceIdentity Provision(string thingName)
        {
            if (!Registry.IsValidName(thingName)) throw new ArgumentException("invalid thing name: " + thingName, nameof(thingName));
            DeviceIdentity id = Provisioning.Provision(Registry, Ca, thingName);
            Registry.Flush();
            return id;
        }

        /// <summary>Provisions a thing and writes its device bundle (nfdevice.json and PEM files) to <paramref name="directory"/>.</summary>
        public string ProvisionBundle(string thingName, string directory) =>
            Provisioning.WriteBundle(Provision(thingName), directory, "127.0.0.1", MqttPort == 0 ? Options.MqttPort : MqttPort);

        /// <summary>Creates a thing group (if missing) and adds things to it (CONTINUOUS jobs follow).</summary>
        public void AddThingsToGroup(string group, params string[] things)
        {
            Registry.TryCreateGroup(group, NowSeconds, out _);
            foreach (string t in things)
            {
                Registry.TryCreateThing(t, null, out _);
                if (Registry.AddToGroup(t, group)) Jobs.OnThingAddedToGroup(t, group);
            }
        }

        /// <summary>CreateJob (throws <see cref="AwsException"/> as the control plane would answer).</summary>
        public JobRecord CreateJob(JobSpec spec) => Jobs.CreateJob(spec);

        /// <summary>CreateJob targeting things by name with an inline document.</summary>
        public JobRecord CreateJob(string jobId, string document, params string[] thingNames) =>
            Jobs.CreateJob(new JobSpec { JobId = jobId, Document = document, Targets = thingNames.Select(Arns.Thing).ToList() });

        /// <summary>Every execution, copied.</summary>
        public IReadOnlyList<ExecutionSnapshot> Snapshot() => Jobs.Snapshot();

        private void Log(string line)
        {
            string stamped = DateTimeOffset.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + " " + line;
            _log.Enqueue(stamped);
            while (_log.Count > 10000 && _log.TryDequeue(out _)) { }
            Options.Log?.Invoke(stamped);
        }

        private sealed class PassiveLifetime : Microsoft.Extensions.Hosting.IHostLifetime
        {
            public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }

        private static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }
    }
}
