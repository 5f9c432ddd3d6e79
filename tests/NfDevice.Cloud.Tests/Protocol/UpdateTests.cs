using System.Text;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Protocol
{
    [TestClass]
    public sealed class UpdateTests
    {
        private static async Task<(TestEmulator, TestDevice)> WithJobAsync()
        {
            var emu = await TestEmulator.StartAsync();
            var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            return (emu, dev);
        }

        [TestMethod]
        public async Task Update_Minimal_AnswersTimestampOnly_AndVersionsIncrementByOne()
        {
            var (emu, dev) = await WithJobAsync();
            await using (emu) await using (dev)
            {
                var (topic, json) = await dev.RequestAsync("job1/update", "{\"status\":\"IN_PROGRESS\"}");
                Assert.AreEqual(dev.Prefix + "job1/update/accepted", topic);
                Assert.AreEqual("timestamp", Json.Keys(json));

                (_, json) = await dev.RequestAsync("job1/update", "{\"status\":\"IN_PROGRESS\",\"includeJobExecutionState\":true,\"clientToken\":\"u2\"}");
                Assert.AreEqual("clientToken,executionState,timestamp", Json.Keys(json));
                Assert.AreEqual("status,versionNumber", Json.Keys(json.GetProperty("executionState")));
                Assert.AreEqual(3, json.GetProperty("executionState").GetProperty("versionNumber").GetInt64());

                (_, json) = await dev.RequestAsync("job1/update", "{\"status\":\"SUCCEEDED\",\"statusDetails\":{\"result\":\"ok\"},\"includeJobExecutionState\":true,\"includeJobDocument\":true}");
                Assert.AreEqual("executionState,jobDocument,timestamp", Json.Keys(json));
                Assert.AreEqual("SUCCEEDED", json.GetProperty("executionState").GetProperty("status").GetString());
                Assert.AreEqual("ok", json.GetProperty("executionState").GetProperty("statusDetails").GetProperty("result").GetString());
                Assert.AreEqual(4, json.GetProperty("executionState").GetProperty("versionNumber").GetInt64());
                Assert.AreEqual("x", json.GetProperty("jobDocument").GetProperty("operation").GetString());
            }
        }

        [TestMethod]
        public async Task Update_FromTerminal_IsInvalidStateTransition_WithExecutionState()
        {
            var (emu, dev) = await WithJobAsync();
            await using (emu) await using (dev)
            {
                await dev.RequestAsync("job1/update", "{\"status\":\"SUCCEEDED\"}");
                var (topic, json) = await dev.RequestAsync("job1/update", "{\"status\":\"IN_PROGRESS\",\"clientToken\":\"late\"}");
                Assert.AreEqual(dev.Prefix + "job1/update/rejected", topic);
                Assert.AreEqual("clientToken,code,executionState,message,timestamp", Json.Keys(json));
                Assert.AreEqual("InvalidStateTransition", json.GetProperty("code").GetString());
                Assert.AreEqual("SUCCEEDED", json.GetProperty("executionState").GetProperty("status").GetString());
                Assert.AreEqual(2, json.GetProperty("executionState").GetProperty("versionNumber").GetInt64());
                Assert.AreEqual("late", json.GetProperty("clientToken").GetString());
            }
        }

        [TestMethod]
        public async Task Update_QueuedToRejected_IsAllowed()
        {
            var (emu, dev) = await WithJobAsync();
            await using (emu) await using (dev)
            {
                var (topic, _) = await dev.RequestAsync("job1/update", "{\"status\":\"REJECTED\",\"statusDetails\":{\"reason\":\"unknown operation\"}}");
                Assert.AreEqual(dev.Prefix + "job1/update/accepted", topic);
                Assert.AreEqual("REJECTED", emu.Emulator.Snapshot()[0].Status);
            }
        }

        [TestMethod]
        [DataRow("2")]
        [DataRow("\"2\"")]
        public async Task Update_ExpectedVersion_AcceptsNumberOrNumericString(string expected)
        {
            var (emu, dev) = await WithJobAsync();
            await using (emu) await using (dev)
            {
                await dev.RequestAsync("start-next", "{}");
                var (topic, _) = await dev.RequestAsync("job1/update", "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":" + expected + "}");
                Assert.AreEqual(dev.Prefix + "job1/update/accepted", topic);
            }
        }

        [TestMethod]
        [DataRow("1")]
        [DataRow("\"7\"")]
        public async Task Update_StaleExpectedVersion_IsVersionMismatch_WithExecutionState(string expected)
        {
            var (emu, dev) = await WithJobAsync();
            await using (emu) await using (dev)
            {
                await dev.RequestAsync("start-next", "{}");
                var (topic, json) = await dev.RequestAsync("job1/update", "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":" + expected + "}");
                Assert.AreEqual(dev.Prefix + "job1/update/rejected", topic);
                Assert.AreEqual("VersionMismatch", json.GetProperty("code").GetString());
                Assert.AreEqual("code,executionState,message,timestamp", Json.Keys(json));
                Assert.AreEqual(2, json.GetProperty("executionState").GetProperty("versionNumber").GetInt64());
                Assert.AreEqual(2, emu.Emulator.Snapshot()[0].VersionNumber);
            }
        }

        [TestMethod]
        [DataRow("{\"clientToken\":\"r\"}", DisplayName = "missing status")]
        [DataRow("{\"clientToken\":\"r\",\"status\":\"QUEUED\"}", DisplayName = "status not settable by a device")]
        [DataRow("{\"clientToken\":\"r\",\"status\":\"TIMED_OUT\"}", DisplayName = "service-only status")]
        [DataRow("{\"clientToken\":\"r\",\"status\":\"DONE\"}", DisplayName = "unknown status")]
        [DataRow("{\"clientToken\":\"r\",\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"a\":1}}", DisplayName = "non-string value")]
        [DataRow("{\"clientToken\":\"r\",\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"bad key\":\"v\"}}", DisplayName = "key pattern")]
        [DataRow("{\"clientToken\":\"r\",\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"k\":\"\"}}", DisplayName = "empty value")]
        [DataRow("{\"clientToken\":\"r\",\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"k\":\"a\\u0001b\"}}", DisplayName = "control character")]
        [DataRow("{\"clientToken\":\"r\",\"status\":\"IN_PROGRESS\",\"statusDetails\":[]}", DisplayName = "not a map")]
        [DataRow("{\"clientToken\":\"r\",\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":0}", DisplayName = "step timeout 0")]
        [DataRow("{\"clientToken\":\"r\",\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":10081}", DisplayName = "step timeout too large")]
        [DataRow("{\"clientToken\":\"r\",\"status\":\"IN_PROGRESS\",\"expectedVersion\":\"abc\"}", DisplayName = "expectedVersion not numeric")]
        [DataRow("{\"clientToken\":\"r\",\"status\":\"IN_PROGRESS\",\"includeJobDocument\":\"yes\"}", DisplayName = "flag not boolean")]
        public async Task Update_InvalidContent_IsInvalidRequest_EchoingToken_WithoutExecutionState(string payload)
        {
            var (emu, dev) = await WithJobAsync();
            await using (emu) await using (dev)
            {
                var (topic, json) = await dev.RequestAsync("job1/update", payload);
                Assert.AreEqual(dev.Prefix + "job1/update/rejected", topic);
                Assert.AreEqual("InvalidRequest", json.GetProperty("code").GetString());
                Assert.AreEqual("clientToken,code,message,timestamp", Json.Keys(json));
                Assert.AreEqual("r", json.GetProperty("clientToken").GetString());
                Assert.AreEqual(1, emu.Emulator.Snapshot()[0].VersionNumber);
            }
        }

        [TestMethod]
        public async Task Update_StatusDetailsLimits_1024CharsAnd10Pairs()
        {
            var (emu, dev) = await WithJobAsync();
            await using (emu) await using (dev)
            {
                string v1024 = new string('v', 1024);
                var (topic, _) = await dev.RequestAsync("job1/update", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"k\":\"" + v1024 + "\"}}");
                Assert.AreEqual(dev.Prefix + "job1/update/accepted", topic);
                (topic, _) = await dev.RequestAsync("job1/update", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"k\":\"" + v1024 + "v\"}}");
                Assert.AreEqual(dev.Prefix + "job1/update/rejected", topic);

                var ten = new StringBuilder("{");
                for (int i = 0; i < 10; i++) ten.Append(i == 0 ? "" : ",").Append("\"k").Append(i).Append("\":\"v\"");
                (topic, _) = await dev.RequestAsync("job1/update", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":" + ten + "}}");
                Assert.AreEqual(dev.Prefix + "job1/update/accepted", topic);
                (topic, _) = await dev.RequestAsync("job1/update", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":" + ten + ",\"k10\":\"v\"}}");
                Assert.AreEqual(dev.Prefix + "job1/update/rejected", topic);
            }
        }

        [TestMethod]
        public async Task Update_PairLimitIsConfigurable()
        {
            await using var emu = await TestEmulator.StartAsync(o => o.Limits.MaxStatusDetailsPairs = 1);
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");

            var (topic, _) = await dev.RequestAsync("job1/update", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"a\":\"1\",\"b\":\"2\"}}");

            Assert.AreEqual(dev.Prefix + "job1/update/rejected", topic);
        }

        [TestMethod]
        public async Task MalformedJson_IsInvalidJson_WithoutToken()
        {
            var (emu, dev) = await WithJobAsync();
            await using (emu) await using (dev)
            {
                var (topic, json) = await dev.RequestAsync("job1/update", "{\"clientToken\":\"x\",\"status\":");
                Assert.AreEqual(dev.Prefix + "job1/update/rejected", topic);
                Assert.AreEqual("InvalidJson", json.GetProperty("code").GetString());
                Assert.AreEqual("code,message,timestamp", Json.Keys(json));
            }
        }

        [TestMethod]
        public async Task NonUtf8Payload_IsInvalidJson()
        {
            var (emu, dev) = await WithJobAsync();
            await using (emu) await using (dev)
            {
                byte[] payload = { (byte)'{', (byte)'"', (byte)'s', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}' };
                await dev.PublishBytesAsync(dev.Prefix + "job1/update", payload);
                var (topic, json) = await dev.NextAsync(t => t.StartsWith(dev.Prefix + "job1/update/", System.StringComparison.Ordinal));
                Assert.AreEqual(dev.Prefix + "job1/update/rejected", topic);
                Assert.AreEqual("InvalidJson", json.GetProperty("code").GetString());
            }
        }

        [TestMethod]
        [DataRow("job1/bogus")]
        [DataRow("job1/update/extra")]
        [DataRow("notify")]
        [DataRow("get/accepted")]
        public async Task UnknownJobsTopic_IsInvalidTopic(string suffix)
        {
            var (emu, dev) = await WithJobAsync();
            await using (emu) await using (dev)
            {
                var (topic, json) = await dev.RequestAsync(suffix, "{\"clientToken\":\"t\"}");
                Assert.AreEqual(dev.Prefix + suffix + "/rejected", topic);
                Assert.AreEqual("InvalidTopic", json.GetProperty("code").GetString());
                Assert.IsFalse(json.TryGetProperty("executionState", out _));
            }
        }

        [TestMethod]
        public async Task Update_UnknownJob_IsResourceNotFound()
        {
            var (emu, dev) = await WithJobAsync();
            await using (emu) await using (dev)
            {
                var (topic, json) = await dev.RequestAsync("other/update", "{\"status\":\"IN_PROGRESS\"}");
                Assert.AreEqual(dev.Prefix + "other/update/rejected", topic);
                Assert.AreEqual("ResourceNotFound", json.GetProperty("code").GetString());
                Assert.AreEqual("code,message,timestamp", Json.Keys(json));
            }
        }

        [TestMethod]
        public async Task Update_DollarNext_IsNotAValidJobId()
        {
            var (emu, dev) = await WithJobAsync();
            await using (emu) await using (dev)
            {
                var (topic, json) = await dev.RequestAsync("$next/update", "{\"status\":\"IN_PROGRESS\"}");
                Assert.AreEqual(dev.Prefix + "$next/update/rejected", topic);
                Assert.AreEqual("InvalidRequest", json.GetProperty("code").GetString());
            }
        }
    }
}
