using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Hosting
{
    [TestClass]
    public sealed class EmulatorHostingTests
    {
        private static string TempDir()
        {
            string dir = Path.Combine(Path.GetTempPath(), "nfcloud-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return dir;
        }

        [TestMethod]
        public async Task Restart_WithSameDataDirectory_KeepsCaAndIdentities()
        {
            string dir = TempDir();
            try
            {
                DeviceIdentity identity;
                string rootPem;
                await using (var first = await TestEmulator.StartAsync(o => o.DataDirectory = dir))
                {
                    identity = first.Emulator.Provision("thing-a");
                    rootPem = first.Emulator.Ca.RootPem;
                }
                await using var second = await TestEmulator.StartAsync(o => o.DataDirectory = dir);
                Assert.AreEqual(rootPem, second.Emulator.Ca.RootPem);
                await using var dev = await TestDevice.ConnectAsync(second.Emulator, identity);
                Assert.IsTrue(dev.Client.IsConnected);
            }
            finally { Directory.Delete(dir, true); }
        }

        [TestMethod]
        public async Task ProvisionBundle_WritesSettingsShapeAndUsableFiles()
        {
            string dir = TempDir();
            try
            {
                await using var emu = await TestEmulator.StartAsync();
                string settingsPath = emu.Emulator.ProvisionBundle("thing-a", dir);

                var settings = JsonDocument.Parse(File.ReadAllText(settingsPath)).RootElement;
                Assert.AreEqual("certificate,chunkSize,codeSigningCertificate,endpoint,logLevel,port,privateKey,rootCa,thingName,wifiPassword,wifiSsid", Json.Keys(settings));
                Assert.AreEqual("thing-a", settings.GetProperty("thingName").GetString());
                Assert.AreEqual("127.0.0.1", settings.GetProperty("endpoint").GetString());
                Assert.AreEqual(emu.Emulator.MqttPort, settings.GetProperty("port").GetInt32());
                Assert.AreEqual(4096, settings.GetProperty("chunkSize").GetInt32());
                var identity = new DeviceIdentity
                {
                    ThingName = "thing-a",
                    CertificatePem = File.ReadAllText(Path.Combine(dir, settings.GetProperty("certificate").GetString())),
                    PrivateKeyPem = File.ReadAllText(Path.Combine(dir, settings.GetProperty("privateKey").GetString())),
                    RootCaPem = File.ReadAllText(Path.Combine(dir, settings.GetProperty("rootCa").GetString())),
                };
                using (var cert = identity.ToX509()) StringAssert.Contains(cert.Subject, "CN=thing-a");
                await using var dev = await TestDevice.ConnectAsync(emu.Emulator, identity);
                Assert.IsTrue(dev.Client.IsConnected);
            }
            finally { Directory.Delete(dir, true); }
        }

        [TestMethod]
        public async Task CliProvision_WithoutRunningEmulator_WritesIntoDataDirectory()
        {
            string dir = TempDir();
            try
            {
                string data = Path.Combine(dir, "data");
                string bundle = Path.Combine(dir, "bundle");
                int rc = await Program.BuildRoot().Parse(new[] { "provision", "--thing", "cli-thing", "--out", bundle, "--data-dir", data, "--endpoint-url", "http://127.0.0.1:1" }).InvokeAsync();

                Assert.AreEqual(0, rc);
                Assert.IsTrue(File.Exists(Path.Combine(bundle, "nfdevice.json")));
                await using var emu = await TestEmulator.StartAsync(o => o.DataDirectory = data);
                Assert.IsNotNull(emu.Emulator.Registry.FindThing("cli-thing"));
                var identity = new DeviceIdentity
                {
                    ThingName = "cli-thing",
                    CertificatePem = File.ReadAllText(Path.Combine(bundle, "device.cert.pem")),
                    PrivateKeyPem = File.ReadAllText(Path.Combine(bundle, "device.private.key")),
                };
                await using var dev = await TestDevice.ConnectAsync(emu.Emulator, identity);
                Assert.IsTrue(dev.Client.IsConnected);
            }
            finally { Directory.Delete(dir, true); }
        }

        [TestMethod]
        public async Task CliProvision_AgainstRunningEmulator_RegistersInIt()
        {
            string dir = TempDir();
            try
            {
                await using var emu = await TestEmulator.StartAsync();
                int rc = await Program.BuildRoot().Parse(new[] { "provision", "--thing", "live-thing", "--out", dir, "--endpoint-url", emu.Emulator.HttpEndpoint }).InvokeAsync();

                Assert.AreEqual(0, rc);
                Assert.IsNotNull(emu.Emulator.Registry.FindThing("live-thing"));
                var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "nfdevice.json"))).RootElement;
                Assert.AreEqual(emu.Emulator.MqttPort, settings.GetProperty("port").GetInt32());
            }
            finally { Directory.Delete(dir, true); }
        }

        [TestMethod]
        public async Task DocumentResolver_RunsOnEveryDelivery_ButNotForGetJobDocument()
        {
            await using var emu = await TestEmulator.StartAsync();
            int calls = 0;
            emu.Emulator.Jobs.Resolver = new CountingResolver(() => ++calls);
            await using var dev = await emu.ConnectAsync("thing-a");
            await dev.SubscribeEventsAsync();
            emu.Emulator.CreateJob("job1", "{\"url\":\"${placeholder}\"}", "thing-a");

            var events = await dev.DrainAsync();
            var (_, first) = await dev.RequestAsync("$next/get", "{}");
            var (_, second) = await dev.RequestAsync("job1/get", "{}");

            var next = Json.Parse(events.Single(e => e.Topic == dev.Prefix + "notify-next").Payload);
            Assert.AreEqual("resolved-1", next.GetProperty("execution").GetProperty("jobDocument").GetProperty("url").GetString());
            Assert.AreEqual("resolved-2", first.GetProperty("execution").GetProperty("jobDocument").GetProperty("url").GetString());
            Assert.AreEqual("resolved-3", second.GetProperty("execution").GetProperty("jobDocument").GetProperty("url").GetString());
            Assert.AreEqual("{\"url\":\"${placeholder}\"}", emu.Emulator.Jobs.GetJob("job1").Spec.Document);
        }

        [TestMethod]
        public async Task WebConsole_AtTheRoot_AsksToSignIn_AndShowsNothingBefore()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            using var http = new HttpClient();

            using HttpResponseMessage response = await http.GetAsync(emu.Emulator.HttpEndpoint + "/");
            string html = await response.Content.ReadAsStringAsync();

            StringAssert.Contains(response.RequestMessage.RequestUri.AbsolutePath, "/console/sign-in");
            StringAssert.Contains(html, "Sign in");
            Assert.IsFalse(html.Contains("thing-a") || html.Contains("job1"), html);
        }

        private sealed class CountingResolver : IJobDocumentResolver
        {
            private readonly Func<int> _next;
            public CountingResolver(Func<int> next) { _next = next; }
            public string Resolve(JobDocumentContext context) => context.Document.Replace("${placeholder}", "resolved-" + _next());
        }
    }
}
