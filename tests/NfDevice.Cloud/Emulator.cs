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
using NfDevice.Cloud.Acm;
using NfDevice.Cloud.Aws;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Firmware;
using NfDevice.Cloud.Iam;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Mqtt;
using NfDevice.Cloud.S3;
using NfDevice.Cloud.Signer;
using NfDevice.Cloud.WebConsole;
using NfDevice.Cloud.Store;

namespace NfDevice.Cloud
{
    /// <summary>Settings of one emulator instance.</summary>
    public sealed class EmulatorOptions
    {
        /// <summary>MQTT TLS port; 0 picks a free one.</summary>
        public int MqttPort { get; set; } = 8883;
        /// <summary>HTTP control-plane port (IoT, IAM and Signer routes); 0 picks a free one.</summary>
        public int HttpPort { get; set; } = 4580;
        /// <summary>
        /// S3 port (path-style S3 API and presigned URLs); 0 picks a free one. Null (default): 4581, or a free port
        /// when <see cref="HttpPort"/> is 0 (so tests that ask for free ports get them for S3 too).
        /// </summary>
        public int? S3Port { get; set; }
        /// <summary>Address every listener binds (loopback by default; 0.0.0.0 for physical boards on the LAN).</summary>
        public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;
        /// <summary>
        /// Host name or IP devices use to reach the emulator (null = 127.0.0.1): added to the broker certificate's
        /// subjectAltName, written to device bundles and used as the host of presigned S3 URLs.
        /// </summary>
        public string EndpointHost { get; set; }
        /// <summary>
        /// Where the CA and the state database (state.db: registry, jobs, S3, IAM, Signer, ACM) live; null keeps
        /// everything in memory (`serve --in-memory`).
        /// </summary>
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
    public sealed partial class Emulator : IAsyncDisposable
    {
        private readonly ConcurrentQueue<string> _log = new ConcurrentQueue<string>();
        private readonly MqttOutbox _outbox;
        private Broker _broker;
        private WebApplication _web;
        private Timer _ticker;
        private S3Server _s3Server;

        /// <summary>Creates the emulator (loads or creates the CA and registry); call <see cref="StartAsync"/>.</summary>
        public Emulator(EmulatorOptions options = null)
        {
            Options = options ?? new EmulatorOptions();
            Ca = CertificateAuthority.LoadOrCreate(Options.DataDirectory, DeviceHost == "127.0.0.1" ? null : new[] { DeviceHost });
            Database = StateDatabase.Open(Options.DataDirectory);
            Registry = new Registry(Database, Options.DataDirectory);
            Credentials = new AwsCredentialStore();
            Credentials.Add(Options.AccessKeyId, Options.SecretAccessKey);
            _outbox = new MqttOutbox(Log);
            // The Jobs data plane over HTTPS answers through the same service; its replies are taken back on the way out.
            JobsData = new JobsDataPlane(_outbox, new SigV4Verifier(Credentials) { Region = Region });
            Jobs = new JobsService(Options.Clock, Registry, JobsData, Options.Limits, db: Database);
            JobsData.Jobs = Jobs;
            Jobs.LogResolveFailure = line => Log("jobs: document not delivered: " + line);
            Func<DateTimeOffset> now = () => Options.Clock.UtcNow;
            // One verifier on the emulator clock: presigned S3 URLs expire on FakeClock time in tests.
            AwsVerifier = new SigV4Verifier(Credentials, now);
            S3Store = new S3Store(now, Database);
            S3Endpoint = new S3Endpoint(S3Store, AwsVerifier);
            IamStore = new IamStore(AccountId, now, Database);
            RoleSessions = new RoleSessions(Credentials, IamStore);
            S3Endpoint.Authorize = RoleSessions.AuthorizeS3;
            // ACM checks an imported certificate's validity against real time, as the openssl certificate was made in it.
            Acm = new AcmStore(Region, AccountId, null, Database);
            SignerService = new SignerService(S3Store, Region, AccountId, now, Acm, Database);
            CodeSign = new CodeSignPlaceholder(SignerService, S3Store);
            ConsoleSignIn = new ConsoleSignIn(Options.AccessKeyId, Options.SecretAccessKey);
            var preparer = new FirmwareJobPreparer(S3Store, CodeSign);
            Jobs.PrepareSpec = preparer.Prepare;
        }

        /// <summary>Account id in every ARN (IAM, Signer).</summary>
        public const string AccountId = "123456789012";
        /// <summary>The region the emulator answers for.</summary>
        public const string Region = "us-east-1";
        /// <summary>SigV4 verifier of S3 (on the emulator clock, so presigned URLs expire on FakeClock time).</summary>
        public SigV4Verifier AwsVerifier { get; }
        /// <summary>S3 buckets and objects.</summary>
        public S3Store S3Store { get; }
        /// <summary>The S3 REST endpoint (its <see cref="S3Endpoint.Faults"/> inject download faults).</summary>
        public S3Endpoint S3Endpoint { get; }
        /// <summary>IAM roles and policies.</summary>
        public IamStore IamStore { get; }
        /// <summary>STS-like role sessions used to presign URLs.</summary>
        public RoleSessions RoleSessions { get; }
        /// <summary>The state database (null in memory).</summary>
        public StateDatabase Database { get; }
        /// <summary>Certificates imported into ACM (code-signing material of Signer profiles).</summary>
        public AcmStore Acm { get; }
        /// <summary>Code-signing profiles and jobs.</summary>
        public SignerService SignerService { get; }
        /// <summary>The ${aws:iot:code-sign-signature:...} resolver used at CreateJob.</summary>
        public CodeSignPlaceholder CodeSign { get; }
        /// <summary>The presigned-URL resolver plugged into <see cref="JobsService.Resolver"/> (after start).</summary>
        public PresignedUrlResolver PresignResolver { get; private set; }
        /// <summary>The S3 port in use (after start).</summary>
        public int S3Port { get; private set; }
        /// <summary>http://{endpoint host}:{S3Port}/, for `aws s3 --endpoint-url` (after start).</summary>
        public Uri S3BaseUri => new Uri("http://" + DeviceHost + ":" + S3Port + "/");
        /// <summary>The host devices use: <see cref="EmulatorOptions.EndpointHost"/> or 127.0.0.1.</summary>
        public string DeviceHost => string.IsNullOrEmpty(Options.EndpointHost) ? LocalHost : Options.EndpointHost;
        /// <summary>
        /// The address this machine reaches the emulator at: the <see cref="EmulatorOptions.ListenAddress"/> when it names
        /// one (--listen 127.0.0.2), 127.0.0.1 when it binds every address.
        /// </summary>
        public string LocalHost => Options.ListenAddress == null || Options.ListenAddress.Equals(IPAddress.Any) || Options.ListenAddress.Equals(IPAddress.IPv6Any)
            ? "127.0.0.1"
            : Options.ListenAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + Options.ListenAddress + "]" : Options.ListenAddress.ToString();

        /// <summary>The options.</summary>
        public EmulatorOptions Options { get; }
        /// <summary>The CA.</summary>
        public CertificateAuthority Ca { get; }
        /// <summary>Things, groups, certificates.</summary>
        public Registry Registry { get; }
        /// <summary>The Jobs service.</summary>
        public JobsService Jobs { get; }
        /// <summary>The Jobs data plane over HTTPS (iot-jobs-data), on the one endpoint.</summary>
        public JobsDataPlane JobsData { get; }
        /// <summary>SigV4 credentials known to the emulator (shared with the S3/IAM/Signer emulation).</summary>
        public AwsCredentialStore Credentials { get; }
        /// <summary>The MQTT port in use (after start).</summary>
        public int MqttPort { get; private set; }
        /// <summary>The HTTP port in use (after start).</summary>
        public int HttpPort { get; private set; }
        /// <summary>http://{<see cref="LocalHost"/>}:{HttpPort}, for `aws --endpoint-url`.</summary>
        public string HttpEndpoint => "http://" + LocalHost + ":" + HttpPort;
        /// <summary>Who may sign in to the web console (the key pair, or the one-time token `serve` prints).</summary>
        public ConsoleSignIn ConsoleSignIn { get; }
        /// <summary>The web console's address (after start).</summary>
        public string ConsoleUrl => HttpEndpoint + ConsoleSetup.Prefix + "/";
        /// <summary>Current emulator time, epoch seconds.</summary>
        public long NowSeconds => Options.Clock.UtcNow.ToUnixTimeSeconds();
        /// <summary>Everything logged so far (refusals, delivery problems).</summary>
        public IReadOnlyList<string> LogLines => _log.ToArray();
        /// <summary>Hook for other emulated services (S3, IAM, Signer) to add routes before start.</summary>
        public Action<WebApplication> ConfigureRoutes { get; set; }
        /// <summary>Hook to serve more services on the one endpoint before start (e.g. <c>edge.Register(SigningNames.Acm, ...)</c>).</summary>
        public Action<ServiceEdge> ConfigureServices { get; set; }

        /// <summary>Starts the broker, the control plane and the timer tick.</summary>
        public async Task StartAsync()
        {
            MqttPort = Options.MqttPort == 0 ? FreePort() : Options.MqttPort;
            Options.Broker.Port = MqttPort;
            _broker = new Broker(Options.Broker, Ca, Registry, Jobs, _outbox, Log);
            await _broker.StartAsync().ConfigureAwait(false);

            _s3Server = await S3Server.StartAsync(S3Endpoint, Options.S3Port ?? (Options.HttpPort == 0 ? 0 : 4581), Options.ListenAddress).ConfigureAwait(false);
            S3Port = _s3Server.Port;
            PresignResolver = new PresignedUrlResolver(IamStore, RoleSessions, S3BaseUri);
            Jobs.Resolver = PresignResolver;

            // ApplicationName: the console's Razor Pages live in this assembly, whoever the entry assembly is (tests, tools).
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(Emulator).Assembly.GetName().Name });
            builder.Logging.ClearProviders();
            builder.Services.AddWebConsole(this, ConsoleSignIn);
            // The host must not own Ctrl+C/SIGTERM: the CLI (or the test) decides when the emulator stops.
            builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, PassiveLifetime>();
            builder.WebHost.ConfigureKestrel(k => k.Listen(Options.ListenAddress, Options.HttpPort));
            _web = builder.Build();
            // One endpoint for every service: ServiceEdge routes by signing scope, target, Host and shape (ServiceRouter).
            // Header-signed IAM and Signer calls are checked against real time (as the IoT gate is), so the AWS CLI works
            // while tests move the FakeClock; S3 keeps the emulator clock so presigned URLs expire on it.
            var controlVerifier = new SigV4Verifier(Credentials) { Region = Region };
            var edge = new ServiceEdge(Log);
            edge.Register(SigningNames.S3, (ctx, route) => S3Endpoint.HandleAsync(ctx, route.HostBucket), maxBodyBytes: null);
            var iam = new IamEndpoint(IamStore, controlVerifier);
            edge.Register(SigningNames.Iam, (ctx, _) => iam.HandleAsync(ctx));
            var signer = new SignerEndpoint(SignerService, controlVerifier);
            edge.Register(SigningNames.Signer, (ctx, _) => signer.HandleAsync(ctx));
            var acm = new AcmEndpoint(Acm, controlVerifier);
            // ImportCertificate carries a certificate chain of up to 2 MiB, base64 in JSON.
            edge.Register(SigningNames.IotJobsData, (ctx, _) => JobsData.HandleAsync(ctx));
            edge.Register(SigningNames.Acm, (ctx, _) => acm.HandleAsync(ctx), maxBodyBytes: 4 * 1024 * 1024);
            ConfigureServices?.Invoke(edge);
            _web.Use(edge.InvokeAsync);
            var gate = new SigV4Gate(Credentials);
            // The web console signs in with a cookie and checks origins and anti-forgery tokens itself (WebConsole/).
            _web.UseWebConsole();
            _web.Use(async (ctx, next) =>
            {
                if (ConsoleSetup.IsConsolePath(ctx.Request))
                {
                    await next(ctx).ConfigureAwait(false);
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

            // Timers that fell due while the emulator was down fire now; then every second.
            Jobs.Tick();
            _ticker = new Timer(_ =>
            {
                try { Jobs.Tick(); }
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

        /// <summary>Stops the listeners and the timer tick (every acknowledged change is already in the state database).</summary>
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
            if (_s3Server != null) await _s3Server.DisposeAsync().ConfigureAwait(false);
            _s3Server = null;
        }

        /// <summary>Stops (see <see cref="StopAsync"/>) and closes the state database.</summary>
        public async ValueTask DisposeAsync()
        {
            await StopAsync().ConfigureAwait(false);
            Database?.Dispose();
        }

        /// <summary>Creates the thing if missing and issues an ACTIVE certificate attached to it.</summary>
        public DeviceIdentity Provision(string thingName)
        {
            if (!Registry.IsValidName(thingName)) throw new ArgumentException("invalid thing name: " + thingName, nameof(thingName));
            return Provisioning.Provision(Registry, Ca, thingName);
        }

        /// <summary>
        /// Provisions a thing and writes its device bundle to <paramref name="directory"/>: nfdevice.json, root CA,
        /// certificate, key and the code-signing certificate of <paramref name="signingProfile"/> (created with
        /// <see cref="DefaultSigningPlatform"/> if missing). Returns the nfdevice.json path.
        /// </summary>
        public string ProvisionBundle(string thingName, string directory, string signingProfile = DefaultSigningProfile) =>
            Provisioning.WriteBundle(ProvisionWithCodeSigning(thingName, signingProfile), directory, DeviceHost, MqttPort == 0 ? Options.MqttPort : MqttPort);

        /// <summary><see cref="Provision"/> plus the code-signing certificate of the profile (created if missing).</summary>
        public DeviceIdentity ProvisionWithCodeSigning(string thingName, string signingProfile = DefaultSigningProfile)
        {
            DeviceIdentity id = Provision(thingName);
            return new DeviceIdentity
            {
                ThingName = id.ThingName, CertificateId = id.CertificateId, CertificatePem = id.CertificatePem,
                PrivateKeyPem = id.PrivateKeyPem, RootCaPem = id.RootCaPem,
                CodeSigningCertificatePem = GetOrCreateSigningProfile(signingProfile ?? DefaultSigningProfile).CertificatePem,
            };
        }

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
