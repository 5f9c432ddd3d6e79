using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Protocol
{
    [TestClass]
    public sealed class TimerAndRetryTests
    {
        private static JobSpec Spec(string id, params string[] things) => new JobSpec
        {
            JobId = id,
            Document = "{\"operation\":\"x\"}",
            Targets = things.Select(Arns.Thing).ToList(),
        };

        [TestMethod]
        public async Task StepTimeout_EndsInTimedOut_WithEvents()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob(Spec("job1", "thing-a"));
            await dev.RequestAsync("start-next", "{\"stepTimeoutInMinutes\":2}");
            await dev.SubscribeEventsAsync();

            emu.Clock.Advance(TimeSpan.FromSeconds(119));
            Assert.AreEqual("IN_PROGRESS", emu.Emulator.Snapshot()[0].Status);
            emu.Clock.Advance(TimeSpan.FromSeconds(1));
            var events = await dev.DrainAsync();

            Assert.AreEqual("TIMED_OUT", emu.Emulator.Snapshot()[0].Status);
            Assert.AreEqual("{\"timestamp\":" + emu.Now + "}", events.Single(e => e.Topic == dev.Prefix + "notify-next").Payload);
            var (topic, json) = await dev.RequestAsync("job1/update", "{\"status\":\"SUCCEEDED\"}");
            Assert.AreEqual("InvalidStateTransition", json.GetProperty("code").GetString());
            Assert.AreEqual("TIMED_OUT", json.GetProperty("executionState").GetProperty("status").GetString());
        }

        [TestMethod]
        public async Task StepTimeout_ResetByUpdate_AndCanceledWithMinusOne()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob(Spec("job1", "thing-a"));
            await dev.RequestAsync("start-next", "{\"stepTimeoutInMinutes\":2}");

            emu.Clock.Advance(TimeSpan.FromMinutes(1));
            await dev.RequestAsync("job1/update", "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":2}");
            emu.Clock.Advance(TimeSpan.FromSeconds(90));
            Assert.AreEqual("IN_PROGRESS", emu.Emulator.Snapshot()[0].Status);
            await dev.RequestAsync("job1/update", "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":-1}");
            emu.Clock.Advance(TimeSpan.FromHours(5));

            Assert.AreEqual("IN_PROGRESS", emu.Emulator.Snapshot()[0].Status);
        }

        [TestMethod]
        public async Task InProgressTimeout_CapsTheStepTimer()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            var spec = Spec("job1", "thing-a");
            spec.InProgressTimeoutInMinutes = 20;
            emu.Emulator.CreateJob(spec);
            await dev.RequestAsync("start-next", "{}");

            emu.Clock.Advance(TimeSpan.FromMinutes(13));
            await dev.RequestAsync("job1/update", "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":9}");
            emu.Clock.Advance(TimeSpan.FromMinutes(7) - TimeSpan.FromSeconds(1));
            Assert.AreEqual("IN_PROGRESS", emu.Emulator.Snapshot()[0].Status);
            emu.Clock.Advance(TimeSpan.FromSeconds(1));

            Assert.AreEqual("TIMED_OUT", emu.Emulator.Snapshot()[0].Status);
        }

        [TestMethod]
        public async Task InProgressTimeout_DoesNotRunWhileQueued()
        {
            await using var emu = await TestEmulator.StartAsync();
            var spec = Spec("job1", "thing-a");
            spec.InProgressTimeoutInMinutes = 1;
            emu.Emulator.Provision("thing-a");
            emu.Emulator.CreateJob(spec);

            emu.Clock.Advance(TimeSpan.FromMinutes(10));

            Assert.AreEqual("QUEUED", emu.Emulator.Snapshot()[0].Status);
        }

        [TestMethod]
        public async Task RetryConfig_RequeuesFailed_WithNewExecutionNumber_UntilExhausted()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            var spec = Spec("job1", "thing-a");
            spec.RetryCriteria = new List<RetryCriterion> { new RetryCriterion { FailureType = "FAILED", NumberOfRetries = 1 } };
            emu.Emulator.CreateJob(spec);
            await dev.RequestAsync("start-next", "{}");
            await dev.SubscribeEventsAsync();

            await dev.RequestAsync("job1/update", "{\"status\":\"FAILED\"}");
            var events = await dev.DrainAsync();

            var next = Json.Parse(events.Single(e => e.Topic == dev.Prefix + "notify-next").Payload).GetProperty("execution");
            Assert.AreEqual(2, next.GetProperty("executionNumber").GetInt64());
            Assert.AreEqual(1, next.GetProperty("versionNumber").GetInt64());
            Assert.AreEqual("QUEUED", next.GetProperty("status").GetString());
            var (_, started) = await dev.RequestAsync("start-next", "{}");
            Assert.AreEqual(2, started.GetProperty("execution").GetProperty("executionNumber").GetInt64());
            await dev.RequestAsync("job1/update", "{\"status\":\"FAILED\",\"executionNumber\":2}");

            var snap = emu.Emulator.Snapshot();
            Assert.AreEqual(2, snap.Count);
            Assert.AreEqual("FAILED", snap[1].Status);
            Assert.AreEqual(1, snap[1].RetryAttempt);
            Assert.AreEqual("COMPLETED", emu.Emulator.Jobs.GetJob("job1").Status);
        }

        [TestMethod]
        public async Task RetryConfig_RequeuesTimedOut_ButNotRejected()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            var spec = Spec("job1", "thing-a");
            spec.RetryCriteria = new List<RetryCriterion> { new RetryCriterion { FailureType = "ALL", NumberOfRetries = 3 } };
            emu.Emulator.CreateJob(spec);
            await dev.RequestAsync("start-next", "{\"stepTimeoutInMinutes\":1}");
            emu.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.AreEqual(2, emu.Emulator.Snapshot().Count);
            Assert.AreEqual("TIMED_OUT", emu.Emulator.Snapshot()[0].Status);

            await dev.RequestAsync("job1/update", "{\"status\":\"REJECTED\",\"executionNumber\":2}");

            Assert.AreEqual(2, emu.Emulator.Snapshot().Count);
            Assert.AreEqual("REJECTED", emu.Emulator.Snapshot()[1].Status);
        }

        [TestMethod]
        public async Task Rollout_MaximumPerMinute_ReleasesExecutionsPerMinute()
        {
            await using var emu = await TestEmulator.StartAsync();
            var things = Enumerable.Range(0, 5).Select(i => "t" + i).ToArray();
            foreach (var t in things) emu.Emulator.Provision(t);
            var spec = Spec("job1", things);
            spec.Rollout = new RolloutConfig { MaximumPerMinute = 2 };
            emu.Emulator.CreateJob(spec);

            Assert.AreEqual(2, emu.Emulator.Snapshot().Count);
            emu.Clock.Advance(TimeSpan.FromSeconds(59));
            Assert.AreEqual(2, emu.Emulator.Snapshot().Count);
            emu.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.AreEqual(4, emu.Emulator.Snapshot().Count);
            emu.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.AreEqual(5, emu.Emulator.Snapshot().Count);
            Assert.AreEqual("IN_PROGRESS", emu.Emulator.Jobs.GetJob("job1").Status);
        }

        [TestMethod]
        public async Task AbortConfig_CancelsQueuedExecutions_WhenThresholdReached()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var a = await emu.ConnectAsync("thing-a");
            emu.Emulator.Provision("thing-b");
            emu.Emulator.Provision("thing-c");
            var spec = Spec("job1", "thing-a", "thing-b", "thing-c");
            spec.AbortCriteria = new List<AbortCriterion> { new AbortCriterion { FailureType = "FAILED", ThresholdPercentage = 50, MinNumberOfExecutedThings = 1 } };
            emu.Emulator.CreateJob(spec);

            await a.RequestAsync("job1/update", "{\"status\":\"FAILED\"}");

            var snap = emu.Emulator.Snapshot();
            Assert.AreEqual("FAILED", snap.Single(s => s.ThingName == "thing-a").Status);
            Assert.AreEqual("CANCELED", snap.Single(s => s.ThingName == "thing-b").Status);
            Assert.AreEqual("CANCELED", snap.Single(s => s.ThingName == "thing-c").Status);
            Assert.AreEqual("CANCELED", emu.Emulator.Jobs.GetJob("job1").Status);
        }
    }
}
