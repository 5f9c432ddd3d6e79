using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.ControlPlane
{
    /// <summary>schedulingConfig on the fake clock (issue 11 §4): SCHEDULED until startTime, endBehavior at endTime, rollout only inside maintenance windows.</summary>
    [TestClass]
    public sealed class JobSchedulingTests
    {
        // TestEmulator.Start is 2026-01-02T03:04:05Z.
        private static async Task<(HttpStatusCode Status, string ErrorType, JsonElement Json)> Send(HttpClient http, HttpMethod method, string path, string body = null)
        {
            using var req = new HttpRequestMessage(method, path);
            if (body != null) req.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using var resp = await http.SendAsync(req);
            string text = await resp.Content.ReadAsStringAsync();
            string type = resp.Headers.TryGetValues("x-amzn-ErrorType", out var v) ? v.First() : null;
            return (resp.StatusCode, type, Json.Parse(string.IsNullOrEmpty(text) ? "{}" : text));
        }

        private static string Job(string scheduling, string extra = "", params string[] things) =>
            "{\"targets\":[" + string.Join(",", things.Select(t => "\"arn:aws:iot:us-east-1:123456789012:thing/" + t + "\"")) + "]," +
            "\"document\":\"{\\\"operation\\\":\\\"reboot\\\"}\",\"schedulingConfig\":" + scheduling + extra + "}";

        private static async Task<string> Status(HttpClient http, string jobId) =>
            (await Send(http, HttpMethod.Get, "/jobs/" + jobId)).Json.GetProperty("job").GetProperty("status").GetString();

        [TestMethod]
        public async Task ScheduledJob_IsScheduledWithoutExecutions_ThenInProgressAtStartTime()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("dev-1");
            using var http = emu.SignedHttp();

            var created = await Send(http, HttpMethod.Put, "/jobs/later", Job("{\"startTime\":\"2026-01-02T05:00\"}", "", "dev-1"));
            string before = await Status(http, "later");
            int executionsBefore = emu.Emulator.Snapshot().Count;
            emu.Clock.Advance(TimeSpan.FromMinutes(110));   // 04:54
            string stillBefore = await Status(http, "later");
            emu.Clock.Advance(TimeSpan.FromMinutes(6));     // 05:00
            string after = await Status(http, "later");

            Assert.AreEqual(HttpStatusCode.OK, created.Status, created.Json.ToString());
            Assert.AreEqual("SCHEDULED", before);
            Assert.AreEqual(0, executionsBefore);
            Assert.AreEqual("SCHEDULED", stillBefore);
            Assert.AreEqual("IN_PROGRESS", after);
            Assert.AreEqual("QUEUED", emu.Emulator.Snapshot().Single().Status);
            var described = await Send(http, HttpMethod.Get, "/jobs/later");
            Assert.AreEqual("2026-01-02T05:00", described.Json.GetProperty("job").GetProperty("schedulingConfig").GetProperty("startTime").GetString());
        }

        [TestMethod]
        public async Task EndTime_WithCancel_CancelsTheJobAndItsQueuedExecutions()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("dev-1");
            using var http = emu.SignedHttp();

            await Send(http, HttpMethod.Put, "/jobs/window", Job("{\"startTime\":\"2026-01-02T04:00\",\"endTime\":\"2026-01-02T05:00\",\"endBehavior\":\"CANCEL\"}", "", "dev-1"));
            emu.Clock.Advance(TimeSpan.FromHours(1));    // 04:04: started
            string started = await Status(http, "window");
            emu.Clock.Advance(TimeSpan.FromHours(1));    // 05:04: ended
            var ended = await Send(http, HttpMethod.Get, "/jobs/window");

            Assert.AreEqual("IN_PROGRESS", started);
            Assert.AreEqual("CANCELED", ended.Json.GetProperty("job").GetProperty("status").GetString());
            Assert.AreEqual("SCHEDULE_ENDED", ended.Json.GetProperty("job").GetProperty("reasonCode").GetString());
            Assert.AreEqual("CANCELED", emu.Emulator.Snapshot().Single().Status);
        }

        [TestMethod]
        public async Task StartTimeTooSoon_OrBadFormat_OrEndBeforeStart_IsInvalidRequest()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("dev-1");
            using var http = emu.SignedHttp();

            var soon = await Send(http, HttpMethod.Put, "/jobs/a", Job("{\"startTime\":\"2026-01-02T03:10\"}", "", "dev-1"));
            var format = await Send(http, HttpMethod.Put, "/jobs/b", Job("{\"startTime\":\"tomorrow\"}", "", "dev-1"));
            var order = await Send(http, HttpMethod.Put, "/jobs/c", Job("{\"startTime\":\"2026-01-02T06:00\",\"endTime\":\"2026-01-02T06:10\"}", "", "dev-1"));
            var cron = await Send(http, HttpMethod.Put, "/jobs/d", Job("{\"maintenanceWindows\":[{\"startTime\":\"every day\",\"durationInMinutes\":60}]}", "", "dev-1"));

            foreach (var r in new[] { soon, format, order, cron })
            {
                Assert.AreEqual(HttpStatusCode.BadRequest, r.Status, r.Json.ToString());
                Assert.AreEqual("InvalidRequestException", r.ErrorType);
            }
            Assert.AreEqual(0, emu.Emulator.Jobs.ListJobs().Count);
        }

        [TestMethod]
        public async Task MaintenanceWindows_ReleaseExecutionsOnlyInsideAWindow_AndTheJobIsScheduledOutside()
        {
            await using var emu = await TestEmulator.StartAsync();
            foreach (string t in new[] { "dev-1", "dev-2", "dev-3" }) emu.Emulator.Provision(t);
            using var http = emu.SignedHttp();

            // Window every day 06:00-06:59 UTC; one execution per minute.
            var created = await Send(http, HttpMethod.Put, "/jobs/nightly", Job("{\"maintenanceWindows\":[{\"startTime\":\"cron(0 6 * * ? *)\",\"durationInMinutes\":60}]}",
                ",\"jobExecutionsRolloutConfig\":{\"maximumPerMinute\":1}", "dev-1", "dev-2", "dev-3"));
            string outside = await Status(http, "nightly");
            int releasedOutside = emu.Emulator.Snapshot().Count;
            emu.Clock.Advance(new DateTimeOffset(2026, 1, 2, 6, 0, 0, TimeSpan.Zero) - emu.Clock.UtcNow);
            string inside = await Status(http, "nightly");
            int releasedAtSix = emu.Emulator.Snapshot().Count;
            emu.Clock.Advance(TimeSpan.FromMinutes(1));
            int releasedAtSixOne = emu.Emulator.Snapshot().Count;
            emu.Clock.Advance(TimeSpan.FromMinutes(64));     // 07:05, window over with one thing left
            string afterWindow = await Status(http, "nightly");
            int releasedAfterWindow = emu.Emulator.Snapshot().Count;
            emu.Clock.Advance(TimeSpan.FromMinutes(23 * 60 - 5));   // next day 06:00
            int releasedNextDay = emu.Emulator.Snapshot().Count;

            Assert.AreEqual(HttpStatusCode.OK, created.Status, created.Json.ToString());
            Assert.AreEqual("SCHEDULED", outside);
            Assert.AreEqual(0, releasedOutside);
            Assert.AreEqual("IN_PROGRESS", inside);
            Assert.AreEqual(1, releasedAtSix);
            Assert.AreEqual(2, releasedAtSixOne);
            Assert.AreEqual("SCHEDULED", afterWindow);
            Assert.AreEqual(2, releasedAfterWindow);
            Assert.AreEqual(3, releasedNextDay);
        }

        [TestMethod]
        public void Cron_MatchesAwsSixFieldExpressions()
        {
            var weekdays = NfDevice.Cloud.Jobs.MaintenanceCron.Parse("cron(30 22 ? * MON-FRI *)", out string e1);
            var every15 = NfDevice.Cloud.Jobs.MaintenanceCron.Parse("cron(*/15 * * * ? *)", out string e2);

            Assert.IsNull(e1);
            Assert.IsNull(e2);
            Assert.IsTrue(weekdays.Matches(new DateTime(2026, 12, 7, 22, 30, 0, DateTimeKind.Utc)));    // a Monday
            Assert.IsFalse(weekdays.Matches(new DateTime(2026, 12, 6, 22, 30, 0, DateTimeKind.Utc)));   // a Sunday
            Assert.IsTrue(every15.Matches(new DateTime(2026, 12, 6, 1, 45, 0, DateTimeKind.Utc)));
            Assert.IsFalse(every15.Matches(new DateTime(2026, 12, 6, 1, 44, 0, DateTimeKind.Utc)));
            Assert.IsNull(NfDevice.Cloud.Jobs.MaintenanceCron.Parse("cron(0 6 * *)", out string e3));
            StringAssert.Contains(e3, "6 fields");
        }
    }
}
