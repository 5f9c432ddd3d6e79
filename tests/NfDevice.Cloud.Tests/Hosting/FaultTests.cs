using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Hosting
{
    [TestClass]
    public sealed class FaultTests
    {
        [TestMethod]
        public async Task RejectWith_AnswersThrottled_EchoingToken_ThenServesNormally()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            int remaining = 1;
            emu.Emulator.Jobs.RejectWith = (thing, topic) => remaining-- > 0 ? "RequestThrottled" : null;

            var (topic1, throttled) = await dev.RequestAsync("start-next", "{\"clientToken\":\"t1\"}");
            var (topic2, _) = await dev.RequestAsync("start-next", "{\"clientToken\":\"t2\"}");

            Assert.AreEqual(dev.Prefix + "start-next/rejected", topic1);
            Assert.AreEqual("RequestThrottled", throttled.GetProperty("code").GetString());
            Assert.AreEqual("t1", throttled.GetProperty("clientToken").GetString());
            Assert.AreEqual("clientToken,code,message,timestamp", Json.Keys(throttled));
            Assert.AreEqual(dev.Prefix + "start-next/accepted", topic2);
        }

        [TestMethod]
        public async Task BrokerRestart_KeepsJobs_AndDevicesReconnect()
        {
            await using var emu = await TestEmulator.StartAsync();
            var identity = emu.Emulator.Provision("thing-a");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "thing-a");
            await using (var before = await TestDevice.ConnectAsync(emu.Emulator, identity))
            {
                await before.RequestAsync("start-next", "{}");
                await emu.Emulator.StopBrokerAsync();
                for (int i = 0; i < 100 && before.Client.IsConnected; i++) await Task.Delay(50);
                Assert.IsFalse(before.Client.IsConnected);
            }
            await emu.Emulator.StartBrokerAsync();
            await using var after = await TestDevice.ConnectAsync(emu.Emulator, identity);

            var (_, json) = await after.RequestAsync("job1/update", "{\"status\":\"SUCCEEDED\",\"expectedVersion\":2}");

            Assert.IsFalse(json.TryGetProperty("code", out _));
            Assert.AreEqual("SUCCEEDED", emu.Emulator.Snapshot().Single().Status);
        }
    }
}
