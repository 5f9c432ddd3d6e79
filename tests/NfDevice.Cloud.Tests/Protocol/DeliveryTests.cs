using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MQTTnet.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Protocol
{
    [TestClass]
    public sealed class DeliveryTests
    {
        [TestMethod]
        public async Task Replies_ArriveAtQos0_WithoutSubscription_EventsAtSubscriptionQos1()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            await dev.SubscribeEventsAsync();

            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            var notifyQos = await dev.NextQosAsync(dev.Prefix + "notify-next");
            await dev.PublishAsync(dev.Prefix + "get", "{}");
            var replyQos = await dev.NextQosAsync(dev.Prefix + "get/accepted");

            Assert.AreEqual(MqttQualityOfServiceLevel.AtLeastOnce, notifyQos);
            Assert.AreEqual(MqttQualityOfServiceLevel.AtMostOnce, replyQos);
        }

        [TestMethod]
        public async Task Replies_GoOnlyToTheRequester()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var a = await emu.ConnectAsync("thing-a");
            await using var b = await emu.ConnectAsync("thing-b");
            await b.SubscribeAsync("#");

            await a.RequestAsync("get", "{\"clientToken\":\"only-a\"}");
            var seenByB = await b.DrainAsync();

            Assert.IsFalse(seenByB.Any(m => m.Payload.Contains("only-a")));
        }

        [TestMethod]
        public async Task ThingRemovedFromGroup_ContinuousExecutionBecomesRemoved()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.AddThingsToGroup("fleet", "thing-a");
            emu.Emulator.CreateJob(new JobSpec { JobId = "job1", Document = "{\"operation\":\"x\"}", Targets = new List<string> { Arns.ThingGroup("fleet") }, TargetSelection = "CONTINUOUS" });
            await dev.SubscribeEventsAsync();

            emu.Emulator.Registry.RemoveFromGroup("thing-a", "fleet");
            emu.Emulator.Jobs.OnThingRemovedFromGroup("thing-a", "fleet");
            var events = await dev.DrainAsync();

            Assert.AreEqual("REMOVED", emu.Emulator.Snapshot().Single().Status);
            Assert.AreEqual("{\"timestamp\":" + emu.Now + "}", events.Single(e => e.Topic == dev.Prefix + "notify-next").Payload);
        }

        [TestMethod]
        public async Task Rollout_ExponentialRate_GrowsByIncrementFactor()
        {
            await using var emu = await TestEmulator.StartAsync();
            var things = Enumerable.Range(0, 10).Select(i => "t" + i).ToArray();
            foreach (var t in things) emu.Emulator.Registry.TryCreateThing(t, null, out _);
            emu.Emulator.CreateJob(new JobSpec
            {
                JobId = "job1",
                Document = "{\"operation\":\"x\"}",
                Targets = things.Select(Arns.Thing).ToList(),
                Rollout = new RolloutConfig { BaseRatePerMinute = 2, IncrementFactor = 2, NumberOfNotifiedThings = 2, MaximumPerMinute = 100 },
            });

            Assert.AreEqual(2, emu.Emulator.Snapshot().Count);
            emu.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.AreEqual(6, emu.Emulator.Snapshot().Count);
            emu.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.AreEqual(10, emu.Emulator.Snapshot().Count);
        }
    }
}
