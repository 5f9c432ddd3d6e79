using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Protocol
{
    [TestClass]
    public sealed class NotificationTests
    {
        [TestMethod]
        public async Task FirstJob_SendsNotifyAndNotifyNext_WithDocument()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            await dev.SubscribeEventsAsync();
            emu.Emulator.CreateJob("job1", "{\"operation\":\"customJob\",\"otherInfo\":\"someValue\"}", "thing-a");

            var events = await dev.DrainAsync();

            Assert.AreEqual(2, events.Count);
            var notify = Json.Parse(events.Single(e => e.Topic == dev.Prefix + "notify").Payload);
            Assert.AreEqual("jobs,timestamp", Json.Keys(notify));
            Assert.AreEqual("QUEUED", Json.Keys(notify.GetProperty("jobs")));
            var summary = notify.GetProperty("jobs").GetProperty("QUEUED")[0];
            Assert.AreEqual("executionNumber,jobId,lastUpdatedAt,queuedAt,versionNumber", Json.Keys(summary));
            Assert.AreEqual(1, summary.GetProperty("versionNumber").GetInt64());
            var next = Json.Parse(events.Single(e => e.Topic == dev.Prefix + "notify-next").Payload);
            Assert.AreEqual("execution,timestamp", Json.Keys(next));
            Assert.AreEqual("executionNumber,jobDocument,jobId,lastUpdatedAt,queuedAt,status,versionNumber", Json.Keys(next.GetProperty("execution")));
            Assert.AreEqual("someValue", next.GetProperty("execution").GetProperty("jobDocument").GetProperty("otherInfo").GetString());
        }

        [TestMethod]
        public async Task SecondJob_SendsNotifyOnly()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            await dev.SubscribeEventsAsync();
            emu.Emulator.CreateJob("job2", "{\"operation\":\"x\"}", "thing-a");

            var events = await dev.DrainAsync();

            Assert.AreEqual(1, events.Count);
            Assert.AreEqual(dev.Prefix + "notify", events[0].Topic);
            var queued = Json.Parse(events[0].Payload).GetProperty("jobs").GetProperty("QUEUED");
            CollectionAssert.AreEqual(new[] { "job1", "job2" }, queued.EnumerateArray().Select(j => j.GetProperty("jobId").GetString()).ToArray());
        }

        [TestMethod]
        public async Task HeadOfQueueStart_SendsNoEvents()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            emu.Emulator.CreateJob("job2", "{\"operation\":\"x\"}", "thing-a");
            await dev.SubscribeEventsAsync();

            await dev.RequestAsync("start-next", "{}");
            await dev.RequestAsync("job1/update", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"p\":\"50\"}}");
            var events = await dev.DrainAsync();

            Assert.AreEqual(0, events.Count, string.Join("\n", events.Select(e => e.Topic)));
        }

        [TestMethod]
        public async Task NonHeadStart_SendsNotifyAndNotifyNext()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            emu.Emulator.CreateJob("job2", "{\"operation\":\"x\"}", "thing-a");
            await dev.SubscribeEventsAsync();

            await dev.RequestAsync("job2/update", "{\"status\":\"IN_PROGRESS\"}");
            var events = await dev.DrainAsync();

            var notify = Json.Parse(events.Single(e => e.Topic == dev.Prefix + "notify").Payload);
            Assert.AreEqual("job2", notify.GetProperty("jobs").GetProperty("IN_PROGRESS")[0].GetProperty("jobId").GetString());
            var next = Json.Parse(events.Single(e => e.Topic == dev.Prefix + "notify-next").Payload);
            Assert.AreEqual("job2", next.GetProperty("execution").GetProperty("jobId").GetString());
            Assert.AreEqual("IN_PROGRESS", next.GetProperty("execution").GetProperty("status").GetString());
        }

        [TestMethod]
        public async Task LastJobDone_SendsEmptyForms()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            await dev.RequestAsync("start-next", "{}");
            await dev.SubscribeEventsAsync();

            await dev.RequestAsync("job1/update", "{\"status\":\"SUCCEEDED\"}");
            var events = await dev.DrainAsync();

            Assert.AreEqual(2, events.Count);
            string notify = events.Single(e => e.Topic == dev.Prefix + "notify").Payload;
            Assert.AreEqual("{\"timestamp\":" + emu.Now + ",\"jobs\":{}}", notify);
            string next = events.Single(e => e.Topic == dev.Prefix + "notify-next").Payload;
            Assert.AreEqual("{\"timestamp\":" + emu.Now + "}", next);
        }

        [TestMethod]
        public async Task HeadDone_WithMoreQueued_NotifyNextCarriesNextJob()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            emu.Emulator.CreateJob("job2", "{\"operation\":\"y\"}", "thing-a");
            await dev.RequestAsync("start-next", "{}");
            await dev.SubscribeEventsAsync();

            await dev.RequestAsync("job1/update", "{\"status\":\"FAILED\"}");
            var events = await dev.DrainAsync();

            var next = Json.Parse(events.Single(e => e.Topic == dev.Prefix + "notify-next").Payload);
            Assert.AreEqual("job2", next.GetProperty("execution").GetProperty("jobId").GetString());
            var notify = Json.Parse(events.Single(e => e.Topic == dev.Prefix + "notify").Payload);
            Assert.AreEqual("QUEUED", Json.Keys(notify.GetProperty("jobs")));
        }

        [TestMethod]
        public async Task OtherThingsEvents_AreNotDeliveredToSubscribers()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var a = await emu.ConnectAsync("thing-a");
            await using var b = await emu.ConnectAsync("thing-b");
            await a.SubscribeEventsAsync();
            await a.SubscribeAsync("#");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-b");

            var events = await a.DrainAsync();

            Assert.AreEqual(0, events.Count);
        }
    }
}
