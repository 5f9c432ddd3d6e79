using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using MQTTnet;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Broker
{
    /// <summary>Issue 11 §5: the broker as AWS IoT Core behaves — reply delivery, refused certificates named in the log, the 128 KB limit, loopback endpoints.</summary>
    [TestClass]
    public sealed class AwsIotCoreBehaviourTests
    {
        private static async Task<bool> Eventually(Func<bool> condition, int timeoutMs = 15000)
        {
            for (int waited = 0; waited < timeoutMs; waited += 50)
            {
                if (condition()) return true;
                await Task.Delay(50);
            }
            return condition();
        }

        private static async Task<bool> ConnectFails(Func<Task<TestDevice>> connect)
        {
            try
            {
                await using TestDevice d = await connect();
                return false;
            }
            catch (Exception) { return true; }
        }

        [TestMethod]
        public async Task JobsReply_ReachesTheUnsubscribedRequesterOnce_AndNoOtherSubscriber()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var requester = await emu.ConnectAsync("thing-a");
            await using var subscribedRequester = await emu.ConnectAsync("thing-b");
            await using var bystander = await emu.ConnectAsync("thing-c");
            await subscribedRequester.SubscribeAsync(subscribedRequester.Prefix + "get/accepted");
            await bystander.SubscribeAsync("#");

            var unsubscribed = await requester.RequestAsync("get", "{\"clientToken\":\"token-a\"}");
            var subscribed = await subscribedRequester.RequestAsync("get", "{\"clientToken\":\"token-b\"}");
            var extraForB = await subscribedRequester.DrainAsync();
            var seenByBystander = await bystander.DrainAsync();

            Assert.AreEqual(requester.Prefix + "get/accepted", unsubscribed.Topic);
            Assert.AreEqual("token-a", unsubscribed.Json.GetProperty("clientToken").GetString());
            Assert.AreEqual("token-b", subscribed.Json.GetProperty("clientToken").GetString());
            // A subscription does not make the reply arrive twice.
            Assert.IsFalse(extraForB.Any(m => m.Payload.Contains("token-b")), string.Join("|", extraForB.Select(m => m.Topic)));
            Assert.IsFalse(seenByBystander.Any(m => m.Payload.Contains("token-")), string.Join("|", seenByBystander.Select(m => m.Topic)));
        }

        [TestMethod]
        public async Task CertificateFromAnotherCa_IsRefusedAtTheHandshake_AndTheLogNamesItAndWhy()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var other = await TestEmulator.StartAsync();
            DeviceIdentity foreign = other.Emulator.Provision("thing-a");
            emu.Emulator.Provision("thing-a");

            bool refused = await ConnectFails(() => TestDevice.ConnectAsync(emu.Emulator, foreign));

            Assert.IsTrue(refused);
            Assert.IsTrue(await Eventually(() => emu.Emulator.LogLines.Any(l => l.Contains("TLS handshake refused: certificate " + foreign.CertificateId) && l.Contains("not issued by the emulator's CA"))),
                string.Join("\n", emu.Emulator.LogLines));
        }

        [TestMethod]
        public async Task InactiveAndRevokedCertificates_AreRefusedAtConnect_AndTheLogNamesThemAndTheirStatus()
        {
            await using var emu = await TestEmulator.StartAsync();
            DeviceIdentity inactive = emu.Emulator.Provision("thing-a");
            DeviceIdentity revoked = emu.Emulator.Provision("thing-b");
            emu.Emulator.Registry.SetCertificateStatus(inactive.CertificateId, "INACTIVE");
            emu.Emulator.Registry.SetCertificateStatus(revoked.CertificateId, "REVOKED");

            bool inactiveRefused = await ConnectFails(() => TestDevice.ConnectAsync(emu.Emulator, inactive));
            bool revokedRefused = await ConnectFails(() => TestDevice.ConnectAsync(emu.Emulator, revoked));

            Assert.IsTrue(inactiveRefused);
            Assert.IsTrue(revokedRefused);
            Assert.IsTrue(emu.Emulator.LogLines.Any(l => l.Contains("certificate " + inactive.CertificateId + " is INACTIVE")), string.Join("\n", emu.Emulator.LogLines));
            Assert.IsTrue(emu.Emulator.LogLines.Any(l => l.Contains("certificate " + revoked.CertificateId + " is REVOKED")), string.Join("\n", emu.Emulator.LogLines));
        }

        [TestMethod]
        public async Task PublishOver128KB_IsRefusedWithADisconnect_AndNotServed()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var device = await emu.ConnectAsync("thing-a");
            string big = "{\"clientToken\":\"big\",\"pad\":\"" + new string('x', NfDevice.Cloud.Mqtt.Broker.MaxPayloadBytes) + "\"}";

            try { await device.PublishAsync(device.Prefix + "get", big); }
            catch (Exception) { /* the connection may already be closed when the PUBACK is due */ }

            Assert.IsTrue(await Eventually(() => !device.Client.IsConnected), "the client should have been disconnected");
            Assert.IsTrue(emu.Emulator.LogLines.Any(l => l.Contains("PAYLOAD_LIMIT_EXCEEDED") && l.Contains("thing-a")), string.Join("\n", emu.Emulator.LogLines));
        }

        [TestMethod]
        public async Task PublishOfExactly128KB_IsAccepted()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var device = await emu.ConnectAsync("thing-a");
            string prefix = "{\"clientToken\":\"edge\",\"pad\":\"", suffix = "\"}";
            string exact = prefix + new string('x', NfDevice.Cloud.Mqtt.Broker.MaxPayloadBytes - prefix.Length - suffix.Length) + suffix;

            var reply = await device.RequestAsync("get", exact);

            Assert.AreEqual("edge", reply.Json.GetProperty("clientToken").GetString());
            Assert.IsTrue(device.Client.IsConnected);
        }

        [TestMethod]
        public void BrokerCertificate_NamesAnotherLoopbackEndpoint_AndIsNotReissuedAtTheNextStart()
        {
            string dir = Path.Combine(Path.GetTempPath(), "nfcloud-ca-" + Guid.NewGuid().ToString("N"));
            try
            {
                CertificateAuthority first = CertificateAuthority.LoadOrCreate(dir, new[] { "127.0.0.2" });
                CertificateAuthority second = CertificateAuthority.LoadOrCreate(dir, new[] { "127.0.0.2" });

                Assert.IsTrue(CertificateAuthority.Names(first.ServerCertificate, new[] { "127.0.0.2" }));
                Assert.AreEqual(first.ServerCertificate.Thumbprint, second.ServerCertificate.Thumbprint);
            }
            finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
        }

        [TestMethod]
        public async Task ListenOn127_0_0_2_TheEmulatorUsesThatAddress_ForDevicesAndItsEndpoint()
        {
            await using var emu = await TestEmulator.StartAsync(o =>
            {
                o.ListenAddress = System.Net.IPAddress.Parse("127.0.0.2");
                o.Broker.Address = o.ListenAddress;
            });

            Assert.AreEqual("127.0.0.2", emu.Emulator.DeviceHost);
            StringAssert.StartsWith(emu.Emulator.HttpEndpoint, "http://127.0.0.2:");
            Assert.IsTrue(CertificateAuthority.Names(emu.Emulator.Ca.ServerCertificate, new[] { "127.0.0.2" }));
            using var http = emu.SignedHttp();
            using var listed = await http.GetAsync("/things");
            Assert.AreEqual(System.Net.HttpStatusCode.OK, listed.StatusCode);
        }
    
        [TestMethod]
        public async Task ServeBanner_WithListen127_0_0_2_PrintsThatAddress()
        {
            string data = Path.Combine(Path.GetTempPath(), "nfcloud-listen-" + Guid.NewGuid().ToString("N"));
            var output = new StringWriter();
            TextWriter original = Console.Out;
            Console.SetOut(TextWriter.Synchronized(output));
            using var stop = new CancellationTokenSource();
            try
            {
                Task<int> serve = NfDevice.Cloud.Program.BuildRoot().Parse(new[] { "serve", "--http-port", "0", "--mqtt-port", "0", "--s3-port", "0", "--data-dir", data, "--listen", "127.0.0.2" })
                    .InvokeAsync(null, stop.Token);
                for (int i = 0; i < 600 && !output.ToString().Contains("Press Ctrl+C"); i++) await Task.Delay(100);
                stop.Cancel();
                Assert.AreEqual(0, await serve);
            }
            finally
            {
                Console.SetOut(original);
                try { Directory.Delete(data, true); } catch (IOException) { }
            }

            string banner = output.ToString();
            StringAssert.Contains(banner, "MQTT (TLS 1.2, client certificates): 127.0.0.2:");
            StringAssert.Contains(banner, "http://127.0.0.2:");
            Assert.IsFalse(banner.Contains("127.0.0.1", StringComparison.Ordinal), banner);
        }
    }
}
