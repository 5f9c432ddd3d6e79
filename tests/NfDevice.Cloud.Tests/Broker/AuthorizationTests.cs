using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Broker
{
    [TestClass]
    public sealed class AuthorizationTests
    {
        [TestMethod]
        public async Task Subscribe_ToAnotherThingsTopics_IsRefused_OwnIsGranted()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var a = await emu.ConnectAsync("thing-a");
            emu.Emulator.Provision("thing-b");

            var other = await a.SubscribeAsync("$aws/things/thing-b/jobs/notify-next");
            var wildcard = await a.SubscribeAsync("$aws/things/+/jobs/notify");
            var own = await a.SubscribeAsync("$aws/things/thing-a/jobs/#");

            Assert.IsFalse(other == MqttClientSubscribeResultCode.GrantedQoS0 || other == MqttClientSubscribeResultCode.GrantedQoS1, other.ToString());
            Assert.IsFalse(wildcard == MqttClientSubscribeResultCode.GrantedQoS0 || wildcard == MqttClientSubscribeResultCode.GrantedQoS1, wildcard.ToString());
            Assert.AreEqual(MqttClientSubscribeResultCode.GrantedQoS1, own);
            Assert.IsTrue(emu.Emulator.LogLines.Any(l => l.Contains("thing-b/jobs/notify-next") && l.Contains("refused")));
        }

        [TestMethod]
        public async Task Publish_ToAnotherThingsJobs_DisconnectsAndIsNotServed()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var a = await emu.ConnectAsync("thing-a");
            emu.Emulator.Provision("thing-b");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-b");

            try { await a.PublishAsync("$aws/things/thing-b/jobs/start-next", "{}"); } catch (Exception) { }
            for (int i = 0; i < 100 && a.Client.IsConnected; i++) await Task.Delay(50);

            Assert.IsFalse(a.Client.IsConnected);
            Assert.AreEqual("QUEUED", emu.Emulator.Snapshot().Single().Status);
            Assert.IsTrue(emu.Emulator.LogLines.Any(l => l.Contains("$aws/things/thing-b/jobs/start-next") && l.Contains("refused")));
        }

        [TestMethod]
        public async Task Publish_Refused_IsDroppedWhenDisconnectDisabled()
        {
            await using var emu = await TestEmulator.StartAsync(o => o.Broker.DisconnectOnPolicyViolation = false);
            await using var a = await emu.ConnectAsync("thing-a");
            emu.Emulator.Provision("thing-b");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-b");

            await a.PublishAsync("$aws/things/thing-b/jobs/start-next", "{}");
            await a.DrainAsync();

            Assert.IsTrue(a.Client.IsConnected);
            Assert.AreEqual("QUEUED", emu.Emulator.Snapshot().Single().Status);
        }

        [TestMethod]
        public async Task NonReservedTopics_RouteBetweenThings()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var a = await emu.ConnectAsync("thing-a");
            await using var b = await emu.ConnectAsync("thing-b");
            await b.SubscribeAsync("fleet/hello");

            await a.PublishAsync("fleet/hello", "{\"from\":\"a\"}");
            var (_, json) = await b.NextAsync("fleet/hello");

            Assert.AreEqual("a", json.GetProperty("from").GetString());
        }

        [TestMethod]
        public async Task UnregisteredCertificate_IsRefused()
        {
            await using var emu = await TestEmulator.StartAsync();
            // Issued by the emulator CA but never registered (as if created outside the registry).
            var (certPem, keyPem, _) = emu.Emulator.Ca.IssueDeviceCertificate("ghost");
            var identity = new DeviceIdentity { ThingName = "ghost", CertificatePem = certPem, PrivateKeyPem = keyPem, RootCaPem = emu.Emulator.Ca.RootPem };

            await AssertConnectFails(() => TestDevice.ConnectAsync(emu.Emulator, identity));
            Assert.IsTrue(emu.Emulator.LogLines.Any(l => l.Contains("not registered")));
        }

        [TestMethod]
        public async Task CertificateAttachedToNoThing_IsRefused()
        {
            await using var emu = await TestEmulator.StartAsync();
            var (certPem, keyPem, _) = emu.Emulator.Ca.IssueDeviceCertificate("loose");
            using (var c = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(certPem))
                emu.Emulator.Registry.AddCertificate(CertificateAuthority.CertificateId(c), certPem, true);
            var identity = new DeviceIdentity { ThingName = "loose", CertificatePem = certPem, PrivateKeyPem = keyPem, RootCaPem = emu.Emulator.Ca.RootPem };

            await AssertConnectFails(() => TestDevice.ConnectAsync(emu.Emulator, identity));
            Assert.IsTrue(emu.Emulator.LogLines.Any(l => l.Contains("attached to no thing")));
        }

        [TestMethod]
        public async Task InactiveCertificate_IsRefused()
        {
            await using var emu = await TestEmulator.StartAsync();
            var id = emu.Emulator.Provision("thing-a");
            emu.Emulator.Registry.SetCertificateStatus(id.CertificateId, "INACTIVE");

            await AssertConnectFails(() => TestDevice.ConnectAsync(emu.Emulator, id));
        }

        [TestMethod]
        public async Task ClientIdOtherThanThingName_IsRefused()
        {
            await using var emu = await TestEmulator.StartAsync();
            var id = emu.Emulator.Provision("thing-a");
            emu.Emulator.Provision("thing-b");

            await AssertConnectFails(() => TestDevice.ConnectAsync(emu.Emulator, id, clientId: "thing-b"));
        }

        [TestMethod]
        public async Task CertificateFromAnotherCa_IsRefused()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var other = await TestEmulator.StartAsync();
            var foreign = other.Emulator.Provision("thing-a");
            emu.Emulator.Provision("thing-a");

            await AssertConnectFails(() => TestDevice.ConnectAsync(emu.Emulator, foreign));
        }

        [TestMethod]
        public async Task PlainTcp_IsRefused()
        {
            await using var emu = await TestEmulator.StartAsync();
            var id = emu.Emulator.Provision("thing-a");
            var client = new MqttClientFactory().CreateMqttClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

            await AssertConnectFails(async () =>
            {
                var r = await client.ConnectAsync(TestDevice.Options(emu.Emulator, "thing-a", null, tls: false), cts.Token);
                if (r.ResultCode != MqttClientConnectResultCode.Success) throw new InvalidOperationException(r.ResultCode.ToString());
            });
            client.Dispose();
        }

        [TestMethod]
        public async Task TlsWithoutClientCertificate_IsRefused()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("thing-a");
            var client = new MqttClientFactory().CreateMqttClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

            await AssertConnectFails(async () =>
            {
                var r = await client.ConnectAsync(TestDevice.Options(emu.Emulator, "thing-a", null), cts.Token);
                if (r.ResultCode != MqttClientConnectResultCode.Success) throw new InvalidOperationException(r.ResultCode.ToString());
            });
            client.Dispose();
        }

        private static async Task AssertConnectFails(Func<Task> connect)
        {
            bool failed = false;
            try { await connect(); }
            catch (Exception ex) { failed = true; Console.WriteLine("refused as expected: " + ex.Message); }
            Assert.IsTrue(failed, "connection should have been refused");
        }
    }
}
