using System;
using System.CommandLine;
using System.IO;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Iot;
using Spectre.Console;

namespace NfDevice.Cloud
{
    /// <summary>The `nfcloud` command line.</summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        /// <remarks>
        /// `serve` handles SIGINT and SIGTERM itself (see <see cref="ServeAsync"/>); the generous termination timeout only
        /// keeps System.CommandLine from cutting a graceful stop short on a loaded machine.
        /// </remarks>
        public static Task<int> Main(string[] args) =>
            BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });

        /// <summary>The command tree (serve, provision).</summary>
        public static RootCommand BuildRoot()
        {
            var mqttPort = new Option<int>("--mqtt-port") { Description = "MQTT over TLS port", DefaultValueFactory = _ => 8883 };
            var httpPort = new Option<int>("--http-port") { Description = "Control-plane (AWS IoT REST) port", DefaultValueFactory = _ => 4580 };
            var dataDir = new Option<string>("--data-dir") { Description = "CA, registry and bundles", DefaultValueFactory = _ => Path.Combine(".nfdevice", "cloud") };
            var s3Port = new Option<int>("--s3-port") { Description = "S3 port (images, presigned URLs)", DefaultValueFactory = _ => 4581 };
            var listen = new Option<string>("--listen") { Description = "Address to bind (127.0.0.1; 0.0.0.0 for boards on the LAN)", DefaultValueFactory = _ => "127.0.0.1" };
            var deviceEndpoint = new Option<string>("--endpoint") { Description = "Host/IP devices use to reach the emulator (added to the broker certificate, written to bundles)" };

            var inMemory = new Option<bool>("--in-memory") { Description = "Keep nothing on disk: CA and state live and die with the process (tests)" };
            var serve = new Command("serve", "Run the AWS IoT emulator (MQTT broker + Jobs + control plane) on loopback");
            serve.Add(inMemory);
            serve.Add(mqttPort);
            serve.Add(httpPort);
            serve.Add(dataDir);
            serve.Add(s3Port);
            serve.Add(listen);
            serve.Add(deviceEndpoint);
            serve.SetAction((parse, ct) => ServeAsync(new ServeSettings(parse.GetValue(mqttPort), parse.GetValue(httpPort), parse.GetValue(s3Port),
                parse.GetValue(inMemory) ? null : parse.GetValue(dataDir), parse.GetValue(listen), parse.GetValue(deviceEndpoint)), ct));

            var thing = new Option<string>("--thing") { Description = "Thing name", Required = true };
            var outDir = new Option<string>("--out") { Description = "Directory for the device bundle", Required = true };
            var endpoint = new Option<string>("--endpoint-url") { Description = "Running emulator's control plane", DefaultValueFactory = _ => "http://127.0.0.1:4580" };
            var signingProfile = new Option<string>("--signing-profile") { Description = "Signer profile whose code-signing certificate goes to the device", DefaultValueFactory = _ => Emulator.DefaultSigningProfile };
            var aws = new Option<bool>("--aws") { Description = "Print the AWS CLI steps for real AWS IoT instead of using the emulator CA" };
            var provision = new Command("provision", "Create a thing with a certificate and write its device bundle (nfdevice.json, root-ca.pem, device.cert.pem, device.private.key, code-signing.cert.pem)");
            provision.Add(thing);
            provision.Add(outDir);
            provision.Add(dataDir);
            provision.Add(endpoint);
            provision.Add(mqttPort);
            provision.Add(signingProfile);
            provision.Add(deviceEndpoint);
            provision.Add(aws);
            provision.SetAction((parse, ct) => parse.GetValue(aws)
                ? Task.FromResult(ProvisionForAws(parse.GetValue(thing), parse.GetValue(outDir), parse.GetValue(signingProfile)))
                : ProvisionAsync(parse.GetValue(thing), parse.GetValue(outDir), parse.GetValue(dataDir), parse.GetValue(endpoint), parse.GetValue(mqttPort),
                    parse.GetValue(signingProfile), parse.GetValue(deviceEndpoint), ct));

            var root = new RootCommand("nfcloud: AWS IoT Core, Jobs and friends on your machine, for nf-device");
            root.Add(serve);
            root.Add(provision);
            root.Add(Demo.DemoCommand.Build());
            return root;
        }

        private sealed record ServeSettings(int MqttPort, int HttpPort, int S3Port, string DataDir, string Listen, string Endpoint);

        private static async Task<int> ServeAsync(ServeSettings s, CancellationToken ct)
        {
            if (!System.Net.IPAddress.TryParse(s.Listen, out System.Net.IPAddress address))
            {
                Console.Error.WriteLine("--listen must be an IP address: " + s.Listen);
                return 2;
            }
            var options = new EmulatorOptions
            {
                MqttPort = s.MqttPort, HttpPort = s.HttpPort, S3Port = s.S3Port, DataDirectory = s.DataDir, ListenAddress = address,
                EndpointHost = s.Endpoint, Log = line => Console.Error.WriteLine(line),
            };
            options.Broker.Address = address;
            if (!System.Net.IPAddress.IsLoopback(address))
                AnsiConsole.MarkupLine("[yellow]warning:[/] listening on " + Markup.Escape(s.Listen) + ": anyone on this network can reach the emulator, whose credentials are well known. Use only on a trusted LAN.");
            string busy = PortCheck.FirstInUse(address, (s.MqttPort, "--mqtt-port"), (s.HttpPort, "--http-port"), (s.S3Port, "--s3-port"));
            if (busy != null)
            {
                Console.Error.WriteLine(busy);
                return 2;
            }
            // Ctrl+C and SIGTERM: stop the listeners and close the database, then exit 0 (instead of the runtime's
            // immediate exit). Every acknowledged change is already durable; this only ends the process cleanly.
            // System.CommandLine may see the same signal and cancel ct first; either way the stop below runs once.
            // Not disposed: a handler may still be running on its own thread while ServeAsync returns.
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Action<PosixSignalContext> onSignal = context =>
            {
                context.Cancel = true;
                if (stop.IsCancellationRequested) return;
                Console.Error.WriteLine("nfcloud: " + context.Signal + " received, stopping");
                stop.Cancel();
            };
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, onSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, onSignal);
            var emulator = new Emulator(options);
            try
            {
                await emulator.StartAsync();
                PrintBanner(emulator, options, s.DataDir);
                try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
            }
            finally
            {
                await emulator.DisposeAsync();
                Console.Error.WriteLine("nfcloud: stopped");
            }
            return 0;
        }

        private static void PrintBanner(Emulator emulator, EmulatorOptions options, string dataDir)
        {
            // Plain lines, not a table: the credentials must paste into a shell as they are.
            Console.WriteLine("MQTT (TLS 1.2, client certificates): " + emulator.DeviceHost + ":" + emulator.MqttPort);
            Console.WriteLine("Every service (--endpoint-url):       " + emulator.HttpEndpoint + "   (iot, s3, iam, signer, acm)");
            Console.WriteLine("S3 for devices (presigned URLs):      " + emulator.S3BaseUri.GetLeftPart(UriPartial.Authority));
            Console.WriteLine("Web console (one-time sign-in link):  " + emulator.ConsoleUrl + "sign-in?token=" + emulator.ConsoleSignIn.OneTimeToken);
            Console.WriteLine("Root CA:                              " + (dataDir == null ? "(in memory)" : Path.GetFullPath(Path.Combine(dataDir, "ca.cert.pem"))));
            Console.WriteLine("Data directory:                       " + (dataDir == null ? "none (--in-memory: nothing survives a stop)" : Path.GetFullPath(dataDir)));
            Console.WriteLine();
            Console.WriteLine("# AWS CLI credentials for this emulator (paste into your shell):");
            Console.WriteLine("export AWS_ACCESS_KEY_ID=" + options.AccessKeyId);
            Console.WriteLine("export AWS_SECRET_ACCESS_KEY=" + options.SecretAccessKey);
            Console.WriteLine("export AWS_DEFAULT_REGION=us-east-1");
            Console.WriteLine();
            Console.WriteLine("Example: aws iot list-things --endpoint-url " + emulator.HttpEndpoint);
            Console.WriteLine("Press Ctrl+C to stop.");
        }

        private static int ProvisionForAws(string thing, string outDir, string signingProfile)
        {
            if (!Registry.IsValidName(thing))
            {
                Console.Error.WriteLine("invalid thing name (1-128 of [a-zA-Z0-9:_-]): " + thing);
                return 2;
            }
            string settings = Provisioning.WriteSettings(outDir, thing, AwsProvisioningGuide.EndpointPlaceholder, 8883);
            Console.WriteLine(AwsProvisioningGuide.Steps(thing, outDir, signingProfile));
            Console.WriteLine("settings (endpoint to fill in): " + Path.GetFullPath(settings));
            return 0;
        }

        private static async Task<int> ProvisionAsync(string thing, string outDir, string dataDir, string endpoint, int mqttPort,
            string signingProfile, string deviceHost, CancellationToken ct)
        {
            if (!Registry.IsValidName(thing))
            {
                Console.Error.WriteLine("invalid thing name (1-128 of [a-zA-Z0-9:_-]): " + thing);
                return 2;
            }
            DeviceIdentity identity = null;
            int port = mqttPort;
            var defaults = new EmulatorOptions();
            try
            {
                using var http = new HttpClient(new SigV4SigningHandler(defaults.AccessKeyId, defaults.SecretAccessKey, null)) { Timeout = TimeSpan.FromSeconds(10) };
                using HttpResponseMessage response = await http.PostAsync(endpoint.TrimEnd('/') + "/_emulator/provision/" + Uri.EscapeDataString(thing)
                    + "?signingProfile=" + Uri.EscapeDataString(signingProfile ?? Emulator.DefaultSigningProfile), new StringContent(""), ct);
                string body = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine("emulator refused: " + (int)response.StatusCode + " " + body);
                    return 1;
                }
                using var doc = JsonDocument.Parse(body);
                var r = doc.RootElement;
                identity = new DeviceIdentity
                {
                    ThingName = r.GetProperty("thingName").GetString(),
                    CertificateId = r.GetProperty("certificateId").GetString(),
                    CertificatePem = r.GetProperty("certificatePem").GetString(),
                    PrivateKeyPem = r.GetProperty("privateKey").GetString(),
                    RootCaPem = r.GetProperty("rootCa").GetString(),
                    CodeSigningCertificatePem = r.TryGetProperty("codeSigningCertificate", out var cs) ? cs.GetString() : null,
                };
                port = r.GetProperty("mqttPort").GetInt32();
                if (deviceHost == null && r.TryGetProperty("endpoint", out var host)) deviceHost = host.GetString();
                Console.WriteLine("provisioned through the running emulator at " + endpoint);
            }
            catch (HttpRequestException)
            {
                // No emulator running: write straight into its data directory (the state database); the next `serve`
                // picks it up. Signing profiles are stored there too, so the bundle gets the profile's certificate.
                await using (var offline = new Emulator(new EmulatorOptions { DataDirectory = dataDir, MqttPort = mqttPort }))
                    identity = offline.ProvisionWithCodeSigning(thing, signingProfile);
                Console.WriteLine("no emulator at " + endpoint + "; provisioned into " + Path.GetFullPath(dataDir));
            }
            string settings = Provisioning.WriteBundle(identity, outDir, deviceHost ?? "127.0.0.1", port);
            Console.WriteLine("thing " + identity.ThingName + ", certificate " + identity.CertificateId);
            Console.WriteLine("settings: " + Path.GetFullPath(settings));
            return 0;
        }
    }
}
