using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Platform;
using NfDevice.Jobs.Platform;

namespace NfDevice.Cloud.Tests.Desktop
{
    [TestClass]
    public sealed class MqttNetConnectionTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

        internal sealed class RecordingEvents : IMqttEvents
        {
            public ConcurrentQueue<(string Topic, byte[] Payload)> Messages { get; } = new();
            public ConcurrentQueue<bool> Changes { get; } = new();

            public void MessageReceived(string topic, byte[] payload) => Messages.Enqueue((topic, payload));

            public void ConnectionChanged(bool connected) => Changes.Enqueue(connected);
        }

        private static MqttNetConnection Connect(TestPki pki, int port, RecordingEvents events, X509Certificate2 pinnedRoot = null, string thing = "thing-1",
            Action<MqttConnectionOptions> configure = null)
        {
            var options = new MqttConnectionOptions
            {
                Host = "127.0.0.1",
                Port = port,
                ClientId = thing,
                ClientCertificate = pki.Issue("CN=" + thing, server: false),
                RootCa = pinnedRoot ?? pki.Root,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                OperationTimeout = TimeSpan.FromSeconds(5),
                ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(400),
            };
            configure?.Invoke(options);
            var connection = new MqttNetConnection(options, new RecentLog(100), new SystemRandom()) { Events = events };
            connection.Start();
            return connection;
        }

        [TestMethod]
        public async Task ConnectGate_HoldsTheHandshakeUntilASlotIsFree_AndIsGivenBackAfterIt()
        {
            using var pki = new TestPki();
            await using var broker = new TestBroker(pki.ServerCertificate, pki.Root);
            await broker.StartAsync();
            using var gate = new System.Threading.SemaphoreSlim(1);
            gate.Wait(); // another device's handshake holds the only slot
            var events = new RecordingEvents();
            using var connection = Connect(pki, broker.Port, events, configure: o =>
            {
                o.ConnectGate = gate;
                o.ConnectTimeout = TimeSpan.FromSeconds(1);
            });

            // Longer than the connect timeout: waiting for the slot is not part of the handshake, and nothing reached the broker.
            Assert.IsFalse(connection.WaitConnected(TimeSpan.FromSeconds(2)));
            Assert.AreEqual(0, (await broker.ClientIdsAsync()).Count);
            Assert.IsNull(connection.LastError);

            gate.Release();
            Assert.IsTrue(connection.WaitConnected(Wait), connection.LastError);
            Assert.IsTrue(TestBroker.WaitFor(() => gate.CurrentCount == 1, Wait), "the slot was not given back after the handshake");
        }

        [TestMethod]
        public async Task WithoutAcknowledgementWaits_PublishAndSubscribeReturnTrue_AndStillReachTheBroker()
        {
            using var pki = new TestPki();
            await using var broker = new TestBroker(pki.ServerCertificate, pki.Root);
            await broker.StartAsync();
            var events = new RecordingEvents();
            using var connection = Connect(pki, broker.Port, events, configure: o => o.WaitForAcknowledgements = false);
            Assert.IsTrue(connection.WaitConnected(Wait), connection.LastError);

            Assert.IsTrue(connection.Subscribe("$aws/things/thing-1/jobs/notify-next"));
            byte[] payload = Encoding.UTF8.GetBytes("{\"clientToken\":\"2\"}");
            Assert.IsTrue(connection.Publish("$aws/things/thing-1/jobs/get", payload, 0, payload.Length));

            Assert.IsTrue(TestBroker.WaitFor(() => broker.Subscriptions.Contains(("thing-1", "$aws/things/thing-1/jobs/notify-next")), Wait));
            Assert.IsTrue(TestBroker.WaitFor(() => broker.Published.Any(p => p.Topic == "$aws/things/thing-1/jobs/get"), Wait));
            await broker.InjectAsync("$aws/things/thing-1/jobs/notify-next", Encoding.UTF8.GetBytes("{\"timestamp\":1}"));
            Assert.IsTrue(TestBroker.WaitFor(() => events.Messages.Any(), Wait));
        }

        [TestMethod]
        public async Task Connects_WithDeviceCertificate_ThenSubscribesPublishesAndReceives()
        {
            using var pki = new TestPki();
            await using var broker = new TestBroker(pki.ServerCertificate, pki.Root);
            await broker.StartAsync();
            var events = new RecordingEvents();
            using var connection = Connect(pki, broker.Port, events);

            Assert.IsTrue(connection.WaitConnected(Wait), connection.LastError);
            CollectionAssert.AreEqual(new[] { true }, events.Changes.ToArray());
            CollectionAssert.Contains((await broker.ClientIdsAsync()).ToList(), "thing-1");

            Assert.IsTrue(connection.Subscribe("$aws/things/thing-1/jobs/notify-next"));
            Assert.IsTrue(broker.Subscriptions.Contains(("thing-1", "$aws/things/thing-1/jobs/notify-next")));

            byte[] buffer = Encoding.UTF8.GetBytes("xx{\"clientToken\":\"1\"}yy");
            Assert.IsTrue(connection.Publish("$aws/things/thing-1/jobs/get", buffer, 2, buffer.Length - 4));
            Assert.IsTrue(TestBroker.WaitFor(() => broker.Published.Any(), Wait));
            var published = broker.Published.Single();
            Assert.AreEqual("$aws/things/thing-1/jobs/get", published.Topic);
            Assert.AreEqual("{\"clientToken\":\"1\"}", Encoding.UTF8.GetString(published.Payload));

            await broker.InjectAsync("$aws/things/thing-1/jobs/notify-next", Encoding.UTF8.GetBytes("{\"timestamp\":1}"));
            Assert.IsTrue(TestBroker.WaitFor(() => events.Messages.Any(), Wait));
            var received = events.Messages.Single();
            Assert.AreEqual("$aws/things/thing-1/jobs/notify-next", received.Topic);
            Assert.AreEqual("{\"timestamp\":1}", Encoding.UTF8.GetString(received.Payload));
        }

        [TestMethod]
        public async Task ServerDrop_ReportsDownThenUp_AndRestoresSubscriptionsBeforeUp()
        {
            using var pki = new TestPki();
            await using var broker = new TestBroker(pki.ServerCertificate, pki.Root);
            await broker.StartAsync();
            var events = new RecordingEvents();
            using var connection = Connect(pki, broker.Port, events);
            Assert.IsTrue(connection.WaitConnected(Wait), connection.LastError);
            Assert.IsTrue(connection.Subscribe("a/b"));

            await broker.DropClientAsync("thing-1");

            Assert.IsTrue(TestBroker.WaitFor(() => events.Changes.Count >= 3, Wait), "changes: " + string.Join(",", events.Changes));
            CollectionAssert.AreEqual(new[] { true, false, true }, events.Changes.ToArray());
            Assert.AreEqual(2, connection.ConnectCount);
            Assert.AreEqual(2, broker.Subscriptions.Count(s => s.Topic == "a/b"));

            // The restored subscription delivers without the engine subscribing again.
            await broker.InjectAsync("a/b", new byte[] { 1, 2, 3 });
            Assert.IsTrue(TestBroker.WaitFor(() => events.Messages.Any(), Wait));
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, events.Messages.Single().Payload);
        }

        [TestMethod]
        public async Task BrokerRestart_ReconnectsWithBackoff_AndCallsReturnFalseWhileDown()
        {
            using var pki = new TestPki();
            var broker = new TestBroker(pki.ServerCertificate, pki.Root);
            await broker.StartAsync();
            var events = new RecordingEvents();
            using var connection = Connect(pki, broker.Port, events);
            Assert.IsTrue(connection.WaitConnected(Wait), connection.LastError);
            Assert.IsTrue(connection.Subscribe("jobs/x"));

            await broker.StopAsync();
            Assert.IsTrue(TestBroker.WaitFor(() => !connection.IsConnected, Wait));
            Assert.IsFalse(connection.Publish("jobs/x", new byte[] { 1 }, 0, 1));
            Assert.IsFalse(connection.Subscribe("jobs/y"));

            var restarted = new TestBroker(pki.ServerCertificate, pki.Root, broker.Port);
            await using (restarted)
            {
                await restarted.StartAsync();
                Assert.IsTrue(connection.WaitConnected(Wait), connection.LastError);
                // Both the earlier topic and the one asked for while down are subscribed on the new session.
                Assert.IsTrue(TestBroker.WaitFor(() => restarted.Subscriptions.Count >= 2, Wait));
                CollectionAssert.AreEquivalent(new[] { "jobs/x", "jobs/y" }, restarted.Subscriptions.Select(s => s.Topic).ToArray());
                Assert.IsTrue(connection.Publish("jobs/x", new byte[] { 7 }, 0, 1));
            }
        }

        [TestMethod]
        public async Task BrokerCertificateFromAnotherCa_IsRefused()
        {
            using var pki = new TestPki();
            using var impostor = new TestPki("impostor root");
            // The impostor broker accepts the device, but its own certificate chains to another root.
            await using var broker = new TestBroker(impostor.ServerCertificate, pki.Root);
            await broker.StartAsync();
            var events = new RecordingEvents();
            using var connection = Connect(pki, broker.Port, events);

            Assert.IsFalse(connection.WaitConnected(TimeSpan.FromSeconds(3)));
            Assert.IsTrue(events.Changes.IsEmpty);
            Assert.AreEqual(0, (await broker.ClientIdsAsync()).Count);
            StringAssert.Contains(connection.LastError ?? "", "pinned root");
        }

        [TestMethod]
        public void NoBrokerListening_LastErrorSaysTheConnectionWasRefused()
        {
            using var pki = new TestPki();
            int port = Support.TestNetwork.FreePort(); // nothing listens there
            var events = new RecordingEvents();
            using var connection = Connect(pki, port, events);

            Assert.IsTrue(TestBroker.WaitFor(() => connection.LastError != null, Wait), "no error reported");
            Assert.IsFalse(connection.IsConnected);
            // MQTTnet's own message names only the host; the socket error underneath says what happened.
            StringAssert.Contains(connection.LastError, "127.0.0.1:" + port);
            StringAssert.Contains(connection.LastError, "SocketException: Connection refused");
        }

        [TestMethod]
        public async Task BrokerRefusesTheCertificate_LastErrorSaysWhatToCheck()
        {
            using var pki = new TestPki();
            await using var broker = new TestBroker(pki.ServerCertificate, pki.Root) { RefuseConnects = true };
            await broker.StartAsync();
            var events = new RecordingEvents();
            using var connection = Connect(pki, broker.Port, events, thing: "dev-7");

            Assert.IsTrue(TestBroker.WaitFor(() => connection.LastError != null, Wait), "no error reported");
            Assert.IsFalse(connection.IsConnected);
            StringAssert.Contains(connection.LastError, "broker refused the connection: NotAuthorized");
            StringAssert.Contains(connection.LastError, "client id 'dev-7'");
            StringAssert.Contains(connection.LastError, "iot:Connect");
        }

        [TestMethod]
        public void CaPinning_RefusesALeafSignedByAnotherRoot_AndAcceptsTheRightOne()
        {
            using var pki = new TestPki();
            using var other = new TestPki("other root");
            Assert.IsTrue(CaPinning.Validate(pki.ServerCertificate, null, System.Net.Security.SslPolicyErrors.None, pki.Root, out _));
            Assert.IsFalse(CaPinning.Validate(other.ServerCertificate, null, System.Net.Security.SslPolicyErrors.None, pki.Root, out string reason));
            StringAssert.Contains(reason, "pinned root");
            Assert.IsFalse(CaPinning.Validate(pki.ServerCertificate, null, System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch, pki.Root, out _));
        }

        [TestMethod]
        public void CaPinning_RemembersAChainForItsRootOnly_AndStillChecksTheHostNameEveryTime()
        {
            using var pki = new TestPki();
            using var other = new TestPki("other root");
            Assert.IsTrue(CaPinning.Validate(pki.ServerCertificate, null, System.Net.Security.SslPolicyErrors.None, pki.Root, out _));
            Assert.IsTrue(CaPinning.Validate(pki.ServerCertificate, null, System.Net.Security.SslPolicyErrors.None, pki.Root, out _));

            // The same certificate pinned to another root is checked afresh, and refused.
            Assert.IsFalse(CaPinning.Validate(pki.ServerCertificate, null, System.Net.Security.SslPolicyErrors.None, other.Root, out string reason));
            StringAssert.Contains(reason, "pinned root");
            Assert.IsFalse(CaPinning.Validate(pki.ServerCertificate, null, System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch, pki.Root, out reason));
            StringAssert.Contains(reason, "host name");
        }

        [TestMethod]
        public void Calls_ReturnFalse_WhenNeverConnected()
        {
            using var pki = new TestPki();
            var events = new RecordingEvents();
            // Nothing listens on this port: connect attempts fail and back off.
            using var connection = Connect(pki, 1, events);
            Assert.IsFalse(connection.IsConnected);
            Assert.IsFalse(connection.Subscribe("t"));
            Assert.IsFalse(connection.Publish("t", new byte[2], 0, 2));
            Assert.IsFalse(connection.Publish("t", new byte[2], 1, 2));
        }

        [TestMethod]
        public void ReconnectDelay_GrowsExponentially_IsCapped_AndKeepsHalfFixed()
        {
            var o = new MqttConnectionOptions { ReconnectMinDelay = TimeSpan.FromSeconds(1), ReconnectMaxDelay = TimeSpan.FromSeconds(30) };
            Assert.AreEqual(500, o.ReconnectDelay(0, 0).TotalMilliseconds, 1);
            Assert.AreEqual(1000, o.ReconnectDelay(0, 1000).TotalMilliseconds, 1);
            Assert.AreEqual(2000, o.ReconnectDelay(2, 0).TotalMilliseconds, 1);
            Assert.AreEqual(4000, o.ReconnectDelay(2, 1000).TotalMilliseconds, 1);
            Assert.AreEqual(30000, o.ReconnectDelay(40, 1000).TotalMilliseconds, 1);
            Assert.AreEqual(15000, o.ReconnectDelay(40, 0).TotalMilliseconds, 1);
        }
    }
}
