using System;
using System.CommandLine;
using System.IO;
using System.Net.Http;
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
        public static Task<int> Main(string[] args) => BuildRoot().Parse(args).InvokeAsync();

        /// <summary>The command tree (serve, provision).</summary>
        public static RootCommand BuildRoot()
        {
            var mqttPort = new Option<int>("--mqtt-port") { Description = "MQTT over TLS port", DefaultValueFactory = _ => 8883 };
            var httpPort = new Option<int>("--http-port") { Description = "Control-plane (AWS IoT REST) port", DefaultValueFactory = _ => 4580 };
            var dataDir = new Option<string>("--data-dir") { Description = "CA, registry and bundles", DefaultValueFactory = _ => Path.Combine(".nfdevice", "cloud") };

            var serve = new Command("serve", "Run the AWS IoT emulator (MQTT broker + Jobs + control plane) on loopback");
            serve.Add(mqttPort);
            serve.Add(httpPort);
            serve.Add(dataDir);
            serve.SetAction((parse, ct) => ServeAsync(parse.GetValue(mqttPort), parse.GetValue(httpPort), parse.GetValue(dataDir), ct));

            var thing = new Option<string>("--thing") { Description = "Thing name", Required = true };
            var outDir = new Option<string>("--out") { Description = "Directory for the device bundle", Required = true };
            var endpoint = new Option<string>("--endpoint-url") { Description = "Running emulator's control plane", DefaultValueFactory = _ => "http://127.0.0.1:4580" };
            var provision = new Command("provision", "Create a thing with a certificate and write its device bundle (nfdevice.json, root-ca.pem, device.cert.pem, device.private.key)");
            provision.Add(thing);
            provision.Add(outDir);
            provision.Add(dataDir);
            provision.Add(endpoint);
            provision.Add(mqttPort);
            provision.SetAction((parse, ct) => ProvisionAsync(parse.GetValue(thing), parse.GetValue(outDir), parse.GetValue(dataDir), parse.GetValue(endpoint), parse.GetValue(mqttPort), ct));

            var root = new RootCommand("nfcloud: AWS IoT Core, Jobs and friends on your machine, for nf-device");
            root.Add(serve);
            root.Add(provision);
            root.Add(Demo.DemoCommand.Build());
            return root;
        }

        private static async Task<int> ServeAsync(int mqttPort, int httpPort, string dataDir, CancellationToken ct)
        {
            var options = new EmulatorOptions { MqttPort = mqttPort, HttpPort = httpPort, DataDirectory = dataDir, Log = line => Console.Error.WriteLine(line) };
            await using var emulator = new Emulator(options);
            await emulator.StartAsync();
            var table = new Table().AddColumn("").AddColumn("");
            table.AddRow("MQTT (TLS 1.2, client certificates)", "127.0.0.1:" + emulator.MqttPort);
            table.AddRow("Control plane (aws iot --endpoint-url)", emulator.HttpEndpoint);
            table.AddRow("Web console", emulator.HttpEndpoint + "/");
            table.AddRow("AWS_ACCESS_KEY_ID", options.AccessKeyId);
            table.AddRow("AWS_SECRET_ACCESS_KEY", options.SecretAccessKey);
            table.AddRow("AWS_DEFAULT_REGION", "us-east-1");
            table.AddRow("Root CA", Path.GetFullPath(Path.Combine(dataDir, "ca.cert.pem")));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine("Example: [grey]aws iot list-things --endpoint-url " + emulator.HttpEndpoint + "[/]");
            AnsiConsole.MarkupLine("Press Ctrl+C to stop.");
            try { await Task.Delay(Timeout.Infinite, ct); } catch (OperationCanceledException) { }
            return 0;
        }

        private static async Task<int> ProvisionAsync(string thing, string outDir, string dataDir, string endpoint, int mqttPort, CancellationToken ct)
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
                using HttpResponseMessage response = await http.PostAsync(endpoint.TrimEnd('/') + "/_emulator/provision/" + Uri.EscapeDataString(thing), new StringContent(""), ct);
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
                };
                port = r.GetProperty("mqttPort").GetInt32();
                Console.WriteLine("provisioned through the running emulator at " + endpoint);
            }
            catch (HttpRequestException)
            {
                // No emulator running: write straight into its data directory; the next `serve` picks it up.
                var registry = new Registry(dataDir);
                identity = Provisioning.Provision(registry, CertificateAuthority.LoadOrCreate(dataDir), thing);
                registry.Flush();
                Console.WriteLine("no emulator at " + endpoint + "; provisioned into " + Path.GetFullPath(dataDir));
            }
            string settings = Provisioning.WriteBundle(identity, outDir, "127.0.0.1", port);
            Console.WriteLine("thing " + identity.ThingName + ", certificate " + identity.CertificateId);
            Console.WriteLine("settings: " + Path.GetFullPath(settings));
            return 0;
        }
    }
}
