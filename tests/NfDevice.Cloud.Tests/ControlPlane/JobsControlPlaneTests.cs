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
    [TestClass]
    public sealed class JobsControlPlaneTests
    {
        private static async Task<(HttpStatusCode Status, string ErrorType, JsonElement Json)> Send(HttpClient http, HttpMethod method, string path, string body = null)
        {
            using var req = new HttpRequestMessage(method, path);
            if (body != null) req.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using var resp = await http.SendAsync(req);
            string text = await resp.Content.ReadAsStringAsync();
            string type = resp.Headers.TryGetValues("x-amzn-ErrorType", out var v) ? v.First() : null;
            return (resp.StatusCode, type, Json.Parse(string.IsNullOrEmpty(text) ? "{}" : text));
        }

        private static string JobBody(string targets, string extra = "") =>
            "{\"targets\":[" + targets + "],\"document\":\"{\\\"operation\\\":\\\"reboot\\\"}\"" + extra + "}";

        private const string ThingA = "\"arn:aws:iot:us-east-1:123456789012:thing/thing-a\"";

        [TestMethod]
        public async Task CreateJob_QueuesExecution_AndDescribeShowsProcessDetailsAndConfigs()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("thing-a");
            using var http = emu.SignedHttp();

            var created = await Send(http, HttpMethod.Put, "/jobs/job-1", JobBody(ThingA,
                ",\"description\":\"d\",\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":30},\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"TIMED_OUT\",\"numberOfRetries\":2}]},\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::123456789012:role/r\",\"expiresInSec\":600}"));
            var described = await Send(http, HttpMethod.Get, "/jobs/job-1");
            var doc = await Send(http, HttpMethod.Get, "/jobs/job-1/job-document");
            var dup = await Send(http, HttpMethod.Put, "/jobs/job-1", JobBody(ThingA));

            Assert.AreEqual("description,jobArn,jobId", Json.Keys(created.Json));
            Assert.AreEqual("arn:aws:iot:us-east-1:123456789012:job/job-1", created.Json.GetProperty("jobArn").GetString());
            var job = described.Json.GetProperty("job");
            Assert.AreEqual("IN_PROGRESS", job.GetProperty("status").GetString());
            Assert.AreEqual(1, job.GetProperty("jobProcessDetails").GetProperty("numberOfQueuedThings").GetInt32());
            Assert.AreEqual(30, job.GetProperty("timeoutConfig").GetProperty("inProgressTimeoutInMinutes").GetInt32());
            Assert.AreEqual("TIMED_OUT", job.GetProperty("jobExecutionsRetryConfig").GetProperty("criteriaList")[0].GetProperty("failureType").GetString());
            Assert.AreEqual(600, job.GetProperty("presignedUrlConfig").GetProperty("expiresInSec").GetInt32());
            Assert.AreEqual(emu.Now, job.GetProperty("createdAt").GetInt64());
            Assert.AreEqual("{\"operation\":\"reboot\"}", doc.Json.GetProperty("document").GetString());
            Assert.AreEqual(HttpStatusCode.Conflict, dup.Status);
            Assert.AreEqual("ResourceAlreadyExistsException", dup.ErrorType);
        }

        [TestMethod]
        [DataRow("{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/thing-a\"],\"document\":\"not json\"}", "InvalidRequestException", HttpStatusCode.BadRequest)]
        [DataRow("{\"document\":\"{}\"}", "InvalidRequestException", HttpStatusCode.BadRequest)]
        [DataRow("{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/ghost\"],\"document\":\"{}\"}", "ResourceNotFoundException", HttpStatusCode.NotFound)]
        [DataRow("{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/thing-a\"],\"document\":\"{}\",\"targetSelection\":\"SOMETIMES\"}", "InvalidRequestException", HttpStatusCode.BadRequest)]
        [DataRow("{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/thing-a\"],\"document\":\"{}\",\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":0}}", "InvalidRequestException", HttpStatusCode.BadRequest)]
        [DataRow("{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/thing-a\"],\"document\":\"{}\",\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"REJECTED\",\"numberOfRetries\":1}]}}", "InvalidRequestException", HttpStatusCode.BadRequest)]
        public async Task CreateJob_BadRequests_AreRefused(string body, string errorType, HttpStatusCode status)
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("thing-a");
            using var http = emu.SignedHttp();

            var r = await Send(http, HttpMethod.Put, "/jobs/job-1", body);

            Assert.AreEqual(status, r.Status);
            Assert.AreEqual(errorType, r.ErrorType);
            Assert.AreEqual(0, emu.Emulator.Snapshot().Count);
        }

        [TestMethod]
        public async Task ContinuousGroupJob_ReachesThingsAddedLater()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var http = emu.SignedHttp();
            await Send(http, HttpMethod.Post, "/things/thing-a", "{}");
            await Send(http, HttpMethod.Post, "/things/thing-b", "{}");
            await Send(http, HttpMethod.Post, "/thing-groups/fleet", "{}");
            await Send(http, HttpMethod.Put, "/thing-groups/addThingToThingGroup", "{\"thingGroupName\":\"fleet\",\"thingName\":\"thing-a\"}");

            await Send(http, HttpMethod.Put, "/jobs/job-c", JobBody("\"arn:aws:iot:us-east-1:123456789012:thinggroup/fleet\"", ",\"targetSelection\":\"CONTINUOUS\""));
            await Send(http, HttpMethod.Put, "/jobs/job-s", JobBody("\"arn:aws:iot:us-east-1:123456789012:thinggroup/fleet\""));
            await Send(http, HttpMethod.Put, "/thing-groups/addThingToThingGroup", "{\"thingGroupArn\":\"arn:aws:iot:us-east-1:123456789012:thinggroup/fleet\",\"thingArn\":\"arn:aws:iot:us-east-1:123456789012:thing/thing-b\"}");
            var forB = await Send(http, HttpMethod.Get, "/things/thing-b/jobs");
            var forJob = await Send(http, HttpMethod.Get, "/jobs/job-c/things");

            var jobsOfB = forB.Json.GetProperty("executionSummaries").EnumerateArray().Select(e => e.GetProperty("jobId").GetString()).ToArray();
            CollectionAssert.AreEqual(new[] { "job-c" }, jobsOfB);
            Assert.AreEqual("jobExecutionSummary,jobId", Json.Keys(forB.Json.GetProperty("executionSummaries")[0]));
            Assert.AreEqual("executionNumber,lastUpdatedAt,queuedAt,retryAttempt,status", Json.Keys(forB.Json.GetProperty("executionSummaries")[0].GetProperty("jobExecutionSummary")));
            Assert.AreEqual(2, forJob.Json.GetProperty("executionSummaries").GetArrayLength());
            Assert.AreEqual("jobExecutionSummary,thingArn", Json.Keys(forJob.Json.GetProperty("executionSummaries")[0]));
        }

        [TestMethod]
        public async Task CancelJob_WithoutForce_LeavesInProgress_WithForce_CancelsIt()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var a = await emu.ConnectAsync("thing-a");
            emu.Emulator.Provision("thing-b");
            using var http = emu.SignedHttp();
            await Send(http, HttpMethod.Put, "/jobs/job-1", JobBody(ThingA + ",\"arn:aws:iot:us-east-1:123456789012:thing/thing-b\""));
            await a.RequestAsync("start-next", "{}");
            await a.SubscribeEventsAsync();

            var soft = await Send(http, HttpMethod.Put, "/jobs/job-1/cancel", "{\"reasonCode\":\"R\",\"comment\":\"c\"}");
            Assert.AreEqual(HttpStatusCode.OK, soft.Status);
            Assert.AreEqual("IN_PROGRESS", emu.Emulator.Snapshot().Single(s => s.ThingName == "thing-a").Status);
            Assert.AreEqual("CANCELED", emu.Emulator.Snapshot().Single(s => s.ThingName == "thing-b").Status);
            Assert.AreEqual(0, (await a.DrainAsync()).Count);

            await Send(http, HttpMethod.Put, "/jobs/job-1/cancel?force=true", "{}");
            var events = await a.DrainAsync();
            var described = await Send(http, HttpMethod.Get, "/things/thing-a/jobs/job-1");

            Assert.AreEqual("CANCELED", described.Json.GetProperty("execution").GetProperty("status").GetString());
            Assert.IsTrue(described.Json.GetProperty("execution").GetProperty("forceCanceled").GetBoolean());
            Assert.AreEqual("{\"timestamp\":" + emu.Now + "}", events.Single(e => e.Topic == a.Prefix + "notify-next").Payload);
            var (_, rejected) = await a.RequestAsync("job-1/update", "{\"status\":\"SUCCEEDED\"}");
            Assert.AreEqual("InvalidStateTransition", rejected.GetProperty("code").GetString());
        }

        [TestMethod]
        public async Task CancelJobExecution_InProgressNeedsForce_AndChecksVersion()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var a = await emu.ConnectAsync("thing-a");
            using var http = emu.SignedHttp();
            await Send(http, HttpMethod.Put, "/jobs/job-1", JobBody(ThingA));
            await a.RequestAsync("start-next", "{}");

            var noForce = await Send(http, HttpMethod.Put, "/things/thing-a/jobs/job-1/cancel", "{}");
            var staleVersion = await Send(http, HttpMethod.Put, "/things/thing-a/jobs/job-1/cancel?force=true", "{\"expectedVersion\":1}");
            var ok = await Send(http, HttpMethod.Put, "/things/thing-a/jobs/job-1/cancel?force=true", "{\"expectedVersion\":2,\"statusDetails\":{\"why\":\"operator\"}}");

            Assert.AreEqual(HttpStatusCode.Conflict, noForce.Status);
            Assert.AreEqual("InvalidStateTransitionException", noForce.ErrorType);
            Assert.AreEqual("VersionConflictException", staleVersion.ErrorType);
            Assert.AreEqual(HttpStatusCode.OK, ok.Status);
            var exec = emu.Emulator.Snapshot().Single();
            Assert.AreEqual("CANCELED", exec.Status);
            Assert.AreEqual("operator", exec.StatusDetails["why"]);
        }

        [TestMethod]
        public async Task DeleteJobExecution_ThenDevice_GetsResourceNotFound()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var a = await emu.ConnectAsync("thing-a");
            using var http = emu.SignedHttp();
            await Send(http, HttpMethod.Put, "/jobs/job-1", JobBody(ThingA));
            await a.RequestAsync("start-next", "{}");

            var refused = await Send(http, HttpMethod.Delete, "/things/thing-a/jobs/job-1/executionNumber/1");
            var deleted = await Send(http, HttpMethod.Delete, "/things/thing-a/jobs/job-1/executionNumber/1?force=true");
            var (_, json) = await a.RequestAsync("job-1/update", "{\"status\":\"SUCCEEDED\"}");

            Assert.AreEqual("InvalidStateTransitionException", refused.ErrorType);
            Assert.AreEqual(HttpStatusCode.OK, deleted.Status);
            Assert.AreEqual("ResourceNotFound", json.GetProperty("code").GetString());
        }

        [TestMethod]
        public async Task DeleteJob_RemovesJob_AndForceNeededWhileInProgress()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var a = await emu.ConnectAsync("thing-a");
            using var http = emu.SignedHttp();
            await Send(http, HttpMethod.Put, "/jobs/job-1", JobBody(ThingA));
            await a.RequestAsync("start-next", "{}");

            var refused = await Send(http, HttpMethod.Delete, "/jobs/job-1");
            var deleted = await Send(http, HttpMethod.Delete, "/jobs/job-1?force=true");
            var gone = await Send(http, HttpMethod.Get, "/jobs/job-1");
            var list = await Send(http, HttpMethod.Get, "/jobs");

            Assert.AreEqual("InvalidStateTransitionException", refused.ErrorType);
            Assert.AreEqual(HttpStatusCode.OK, deleted.Status);
            Assert.AreEqual("ResourceNotFoundException", gone.ErrorType);
            Assert.AreEqual(0, list.Json.GetProperty("jobs").GetArrayLength());
            Assert.AreEqual(0, emu.Emulator.Snapshot().Count);
        }

        [TestMethod]
        public async Task DescribeJobExecution_AndListJobs_UseAwsShapes()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var a = await emu.ConnectAsync("thing-a");
            using var http = emu.SignedHttp();
            await Send(http, HttpMethod.Put, "/jobs/job-1", JobBody(ThingA, ",\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10}"));
            await a.RequestAsync("start-next", "{\"statusDetails\":{\"k\":\"v\"}}");

            var exec = (await Send(http, HttpMethod.Get, "/things/thing-a/jobs/job-1?executionNumber=1")).Json.GetProperty("execution");
            var list = await Send(http, HttpMethod.Get, "/jobs?status=IN_PROGRESS");

            Assert.AreEqual("approximateSecondsBeforeTimedOut,executionNumber,forceCanceled,jobId,lastUpdatedAt,queuedAt,startedAt,status,statusDetails,thingArn,versionNumber", Json.Keys(exec));
            Assert.AreEqual("v", exec.GetProperty("statusDetails").GetProperty("detailsMap").GetProperty("k").GetString());
            Assert.AreEqual(600, exec.GetProperty("approximateSecondsBeforeTimedOut").GetInt64());
            var summary = list.Json.GetProperty("jobs")[0];
            Assert.AreEqual("createdAt,isConcurrent,jobArn,jobId,lastUpdatedAt,status,targetSelection", Json.Keys(summary));
        }
    }
}
