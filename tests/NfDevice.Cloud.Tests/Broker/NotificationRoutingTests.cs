using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Mqtt;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Broker
{
    /// <summary>
    /// Issue 14: Jobs notifications go to the one session they are for (no scan of every session). The outcome must be
    /// the one MQTTnet's routing gave: subscribers only, at min(subscription QoS, 1), never another thing.
    /// </summary>
    [TestClass]
    public sealed class NotificationRoutingTests
    {
        // Each routing test runs with the direct route and with MQTTnet's (the emulator before issue 14): same outcome.
        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public async Task Notification_ReachesTheSubscribedThing_AndNoOtherThingSubscribedToEverything(bool direct)
        {
            await using var emu = await TestEmulator.StartAsync(o => o.Broker.RouteThingNotificationsDirectly = direct);
            await using var a = await emu.ConnectAsync("thing-a");
            await using var b = await emu.ConnectAsync("thing-b");
            await a.SubscribeEventsAsync();
            await b.SubscribeAsync("#");
            var refused = await b.SubscribeAsync("$aws/things/+/jobs/notify-next");

            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            var (_, json) = await a.NextAsync(a.Prefix + "notify-next");
            var seenByB = await b.DrainAsync();

            Assert.AreEqual("job1", json.GetProperty("execution").GetProperty("jobId").GetString());
            Assert.AreNotEqual(MqttClientSubscribeResultCode.GrantedQoS1, refused);
            Assert.IsFalse(seenByB.Any(m => m.Topic.Contains("thing-a", StringComparison.Ordinal)), string.Join("|", seenByB.Select(m => m.Topic)));
        }

        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public async Task Notification_WithoutASubscription_IsNotDelivered_UnlikeAReply(bool direct)
        {
            await using var emu = await TestEmulator.StartAsync(o => o.Broker.RouteThingNotificationsDirectly = direct);
            await using var a = await emu.ConnectAsync("thing-a");

            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            var seen = await a.DrainAsync();

            Assert.IsFalse(seen.Any(m => m.Topic.EndsWith("/notify-next", StringComparison.Ordinal) || m.Topic.EndsWith("/notify", StringComparison.Ordinal)),
                string.Join("|", seen.Select(m => m.Topic)));
        }

        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public async Task Notification_AfterUnsubscribe_IsNotDelivered(bool direct)
        {
            await using var emu = await TestEmulator.StartAsync(o => o.Broker.RouteThingNotificationsDirectly = direct);
            await using var a = await emu.ConnectAsync("thing-a");
            await a.SubscribeEventsAsync();
            using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
                await a.Client.UnsubscribeAsync(new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(a.Prefix + "notify-next").Build(), cts.Token);

            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            var seen = await a.DrainAsync();

            Assert.IsFalse(seen.Any(m => m.Topic == a.Prefix + "notify-next"), string.Join("|", seen.Select(m => m.Topic)));
            Assert.IsTrue(seen.Any(m => m.Topic == a.Prefix + "notify"), "still subscribed to notify: " + string.Join("|", seen.Select(m => m.Topic)));
        }

        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public async Task Notification_ThroughTheThingsOwnWildcard_ArrivesAtTheSubscriptionsQos(bool direct)
        {
            await using var emu = await TestEmulator.StartAsync(o => o.Broker.RouteThingNotificationsDirectly = direct);
            await using var a = await emu.ConnectAsync("thing-a");
            await using var b = await emu.ConnectAsync("thing-b");
            await a.DrainAsync();
            await b.DrainAsync();
            await a.SubscribeAsync("$aws/things/thing-a/jobs/#", MqttQualityOfServiceLevel.AtMostOnce);
            await b.SubscribeAsync("$aws/things/thing-b/jobs/+", MqttQualityOfServiceLevel.AtMostOnce);
            await b.SubscribeAsync("$aws/things/thing-b/jobs/notify-next", MqttQualityOfServiceLevel.AtLeastOnce);

            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a", "thing-b");
            var qosA = await a.NextQosAsync(a.Prefix + "notify-next");
            var qosB = await b.NextQosAsync(b.Prefix + "notify-next");

            Assert.AreEqual(MqttQualityOfServiceLevel.AtMostOnce, qosA);
            // Two matching filters: the higher QoS wins, as in MQTTnet's routing; and the message comes once.
            Assert.AreEqual(MqttQualityOfServiceLevel.AtLeastOnce, qosB);
            var rest = await b.DrainAsync();
            Assert.IsFalse(rest.Any(m => m.Topic == b.Prefix + "notify-next"), string.Join("|", rest.Select(m => m.Topic)));
        }

        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public async Task Notification_AfterATakeoverWithACleanSession_NeedsANewSubscription(bool direct)
        {
            await using var emu = await TestEmulator.StartAsync(o => o.Broker.RouteThingNotificationsDirectly = direct);
            DeviceIdentity id = emu.Emulator.Provision("thing-a");
            await using var first = await TestDevice.ConnectAsync(emu.Emulator, id);
            await first.SubscribeEventsAsync();
            // The same client id connects again while the first connection is open: MQTTnet replaces the session.
            await using var second = await TestDevice.ConnectAsync(emu.Emulator, id);

            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            var seen = await second.DrainAsync();

            Assert.IsFalse(seen.Any(m => m.Topic == second.Prefix + "notify-next"), string.Join("|", seen.Select(m => m.Topic)));
        }

        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public async Task Subscription_AtQos2_IsGrantedAtQos1_AndNotificationsArriveAtQos1(bool direct)
        {
            await using var emu = await TestEmulator.StartAsync(o => o.Broker.RouteThingNotificationsDirectly = direct);
            await using var a = await emu.ConnectAsync("thing-a");
            await a.DrainAsync();

            var granted = await a.SubscribeAsync(a.Prefix + "notify-next", MqttQualityOfServiceLevel.ExactlyOnce);
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            var qos = await a.NextQosAsync(a.Prefix + "notify-next");

            Assert.AreEqual(MqttClientSubscribeResultCode.GrantedQoS1, granted);
            Assert.AreEqual(MqttQualityOfServiceLevel.AtLeastOnce, qos);
        }

        [TestMethod]
        public async Task Notification_ToAnMqtt5Session_IsRoutedByMqttnet_AndArrives()
        {
            await using var emu = await TestEmulator.StartAsync();
            DeviceIdentity id = emu.Emulator.Provision("thing-a");
            var received = Channel.CreateUnbounded<string>();
            using var client = new MqttClientFactory().CreateMqttClient();
            client.ApplicationMessageReceivedAsync += e =>
            {
                received.Writer.TryWrite(e.ApplicationMessage.Topic + " " + e.ApplicationMessage.SubscriptionIdentifiers?.FirstOrDefault());
                return Task.CompletedTask;
            };
            MqttClientOptions options = TestDevice.Options(emu.Emulator, "thing-a", id.ToX509());
            options.ProtocolVersion = MqttProtocolVersion.V500;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await client.ConnectAsync(options, cts.Token);
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithSubscriptionIdentifier(7)
                .WithTopicFilter("$aws/things/thing-a/jobs/notify-next", MqttQualityOfServiceLevel.AtLeastOnce).Build(), cts.Token);

            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            string first = await received.Reader.ReadAsync(cts.Token);

            // The subscription identifier is an MQTT 5 feature the direct route does not record: MQTTnet's routing keeps it.
            Assert.AreEqual("$aws/things/thing-a/jobs/notify-next 7", first);
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cts.Token);
        }

        [TestMethod]
        public void SessionSubscriptions_MatchLikeMqtt_TheHighestQosWins_AndUnsubscribeForgets()
        {
            var items = new ConcurrentDictionary<object, object>();
            SessionSubscriptions.Start(items, MqttProtocolVersion.V311);
            SessionSubscriptions.Granted(items, new MqttTopicFilter { Topic = "$aws/things/t/jobs/#", QualityOfServiceLevel = MqttQualityOfServiceLevel.AtMostOnce });
            SessionSubscriptions.Granted(items, new MqttTopicFilter { Topic = "$aws/things/t/jobs/notify", QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce });

            Assert.IsTrue(SessionSubscriptions.TryMatch(items, "$aws/things/t/jobs/notify", out bool both, out var qosBoth));
            Assert.IsTrue(SessionSubscriptions.TryMatch(items, "$aws/things/t/jobs/notify-next", out bool wildcardOnly, out var qosWildcard));
            Assert.IsTrue(SessionSubscriptions.TryMatch(items, "$aws/things/u/jobs/notify", out bool other, out _));
            SessionSubscriptions.Removed(items, "$aws/things/t/jobs/#");
            Assert.IsTrue(SessionSubscriptions.TryMatch(items, "$aws/things/t/jobs/notify-next", out bool afterRemoval, out _));

            Assert.IsTrue(both);
            Assert.AreEqual(MqttQualityOfServiceLevel.AtLeastOnce, qosBoth);
            Assert.IsTrue(wildcardOnly);
            Assert.AreEqual(MqttQualityOfServiceLevel.AtMostOnce, qosWildcard);
            Assert.IsFalse(other);
            Assert.IsFalse(afterRemoval);
        }

        [TestMethod]
        public void SessionSubscriptions_DoNotRouteMqtt5Sessions_OrSessionsTheyDidNotStart()
        {
            var mqtt5 = new ConcurrentDictionary<object, object>();
            SessionSubscriptions.Start(mqtt5, MqttProtocolVersion.V500);
            SessionSubscriptions.Granted(mqtt5, new MqttTopicFilter { Topic = "a/#", QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce });

            Assert.IsFalse(SessionSubscriptions.TryMatch(mqtt5, "a/b", out _, out _));
            Assert.IsFalse(SessionSubscriptions.TryMatch(new ConcurrentDictionary<object, object>(), "a/b", out _, out _));
        }
    }
}
