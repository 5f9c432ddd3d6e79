using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Protocol
{
    [TestClass]
    public sealed class JobsProtocolTests
    {
        [TestMethod]
        public async Task StartNext_ReturnsExecutionWithDocumentObject_AndVersion2_AndEchoesToken()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"reboot\",\"n\":1}", "thing-a");

            var (topic, json) = await dev.RequestAsync("start-next", "{\"clientToken\":\"tok-1\",\"statusDetails\":{\"step\":\"begin\"}}");

            Assert.AreEqual(dev.Prefix + "start-next/accepted", topic);
            Assert.AreEqual("clientToken,execution,timestamp", Json.Keys(json));
            Assert.AreEqual("tok-1", json.GetProperty("clientToken").GetString());
            Assert.AreEqual(emu.Now, json.GetProperty("timestamp").GetInt64());
            var e = json.GetProperty("execution");
            Assert.AreEqual("executionNumber,jobDocument,jobId,lastUpdatedAt,queuedAt,startedAt,status,statusDetails,versionNumber", Json.Keys(e));
            Assert.AreEqual("IN_PROGRESS", e.GetProperty("status").GetString());
            Assert.AreEqual(2, e.GetProperty("versionNumber").GetInt64());
            Assert.AreEqual(1, e.GetProperty("executionNumber").GetInt64());
            Assert.AreEqual(JsonValueKind.Object, e.GetProperty("jobDocument").ValueKind);
            Assert.AreEqual("reboot", e.GetProperty("jobDocument").GetProperty("operation").GetString());
            Assert.AreEqual(JsonValueKind.Number, e.GetProperty("startedAt").ValueKind);
            Assert.AreEqual(e.GetProperty("startedAt").GetInt64(), e.GetProperty("lastUpdatedAt").GetInt64());
            Assert.AreEqual("begin", e.GetProperty("statusDetails").GetProperty("step").GetString());
        }

        [TestMethod]
        public async Task StartNext_WithNothingPending_HasNoExecution_AndNoTokenWhenNoneSent()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");

            var (topic, json) = await dev.RequestAsync("start-next", "");

            Assert.AreEqual(dev.Prefix + "start-next/accepted", topic);
            Assert.AreEqual("timestamp", Json.Keys(json));
        }

        [TestMethod]
        public async Task StartNext_Twice_ReturnsSameInProgressExecutionUnchanged()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            await dev.RequestAsync("start-next", "{\"statusDetails\":{\"a\":\"1\"}}");

            var (_, json) = await dev.RequestAsync("start-next", "{\"statusDetails\":{\"a\":\"2\"}}");

            var e = json.GetProperty("execution");
            Assert.AreEqual(2, e.GetProperty("versionNumber").GetInt64());
            Assert.AreEqual("1", e.GetProperty("statusDetails").GetProperty("a").GetString());
        }

        [TestMethod]
        public async Task DescribeNext_QueuedExecution_OmitsStartedAtAndStatusDetails()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");

            var (topic, json) = await dev.RequestAsync("$next/get", "{\"clientToken\":\"c\"}");

            Assert.AreEqual(dev.Prefix + "$next/get/accepted", topic);
            var e = json.GetProperty("execution");
            Assert.AreEqual("executionNumber,jobDocument,jobId,lastUpdatedAt,queuedAt,status,versionNumber", Json.Keys(e));
            Assert.AreEqual("QUEUED", e.GetProperty("status").GetString());
            Assert.AreEqual(1, e.GetProperty("versionNumber").GetInt64());
            Assert.AreEqual(emu.Now, e.GetProperty("queuedAt").GetInt64());
        }

        [TestMethod]
        public async Task DescribeNext_EmptyPayloadAndNothingPending_AnswersTimestampOnly()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");

            var (topic, json) = await dev.RequestAsync("$next/get", "");

            Assert.AreEqual(dev.Prefix + "$next/get/accepted", topic);
            Assert.AreEqual("timestamp", Json.Keys(json));
        }

        [TestMethod]
        public async Task Describe_IncludeJobDocumentFalse_OmitsDocument()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");

            var (_, json) = await dev.RequestAsync("job1/get", "{\"includeJobDocument\":false}");

            Assert.IsFalse(json.GetProperty("execution").TryGetProperty("jobDocument", out _));
        }

        [TestMethod]
        public async Task Describe_UnknownJob_IsResourceNotFound_WithoutExecutionState()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");

            var (topic, json) = await dev.RequestAsync("nope/get", "{\"clientToken\":\"t9\"}");

            Assert.AreEqual(dev.Prefix + "nope/get/rejected", topic);
            Assert.AreEqual("clientToken,code,message,timestamp", Json.Keys(json));
            Assert.AreEqual("ResourceNotFound", json.GetProperty("code").GetString());
            Assert.AreEqual("t9", json.GetProperty("clientToken").GetString());
        }

        [TestMethod]
        public async Task GetPending_ListsInProgressAndQueuedSummaries_InOrder()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            emu.Emulator.CreateJob("job2", "{\"operation\":\"x\"}", "thing-a");
            emu.Emulator.CreateJob("job3", "{\"operation\":\"x\"}", "thing-a");
            await dev.RequestAsync("job2/update", "{\"status\":\"IN_PROGRESS\"}");

            var (_, json) = await dev.RequestAsync("get", "{\"clientToken\":\"g\"}");

            Assert.AreEqual("clientToken,inProgressJobs,queuedJobs,timestamp", Json.Keys(json));
            var inProgress = json.GetProperty("inProgressJobs").EnumerateArray().ToList();
            var queued = json.GetProperty("queuedJobs").EnumerateArray().ToList();
            Assert.AreEqual(1, inProgress.Count);
            Assert.AreEqual("job2", inProgress[0].GetProperty("jobId").GetString());
            Assert.AreEqual("executionNumber,jobId,lastUpdatedAt,queuedAt,startedAt,versionNumber", Json.Keys(inProgress[0]));
            CollectionAssert.AreEqual(new[] { "job1", "job3" }, queued.Select(q => q.GetProperty("jobId").GetString()).ToArray());
            Assert.AreEqual("executionNumber,jobId,lastUpdatedAt,queuedAt,versionNumber", Json.Keys(queued[0]));
        }

        [TestMethod]
        public async Task GetPending_WithNothing_ReturnsEmptyArrays()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");

            var (_, json) = await dev.RequestAsync("get", "{}");

            Assert.AreEqual(0, json.GetProperty("inProgressJobs").GetArrayLength());
            Assert.AreEqual(0, json.GetProperty("queuedJobs").GetArrayLength());
            Assert.AreEqual("inProgressJobs,queuedJobs,timestamp", Json.Keys(json));
        }
    }
}
