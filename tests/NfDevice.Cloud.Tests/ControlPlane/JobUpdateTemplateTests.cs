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
    /// <summary>UpdateJob, AssociateTargetsWithJob, job templates, DeleteJobExecution and the document limit (issue 11 §4).</summary>
    [TestClass]
    public sealed class JobUpdateTemplateTests
    {
        private const string Doc = "\"document\":\"{\\\"operation\\\":\\\"reboot\\\"}\"";

        private static async Task<(HttpStatusCode Status, string ErrorType, JsonElement Json)> Send(HttpClient http, HttpMethod method, string path, string body = null)
        {
            using var req = new HttpRequestMessage(method, path);
            if (body != null) req.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using var resp = await http.SendAsync(req);
            string text = await resp.Content.ReadAsStringAsync();
            string type = resp.Headers.TryGetValues("x-amzn-ErrorType", out var v) ? v.First() : null;
            return (resp.StatusCode, type, Json.Parse(string.IsNullOrEmpty(text) ? "{}" : text));
        }

        private static string Thing(string t) => "\"arn:aws:iot:us-east-1:123456789012:thing/" + t + "\"";
        private static string Group(string g) => "\"arn:aws:iot:us-east-1:123456789012:thinggroup/" + g + "\"";

        [TestMethod]
        public async Task UpdateJob_ReplacesDescriptionAndConfigs_NewTimeoutOnlyForExecutionsStartedLater()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var device = await emu.ConnectAsync("dev-1");
            emu.Emulator.Provision("dev-2");
            using var http = emu.SignedHttp();
            await Send(http, HttpMethod.Put, "/jobs/j1", "{\"targets\":[" + Thing("dev-1") + "," + Thing("dev-2") + "]," + Doc + ",\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":10}}");
            var started = await device.RequestAsync("start-next", "{}");

            var updated = await Send(http, HttpMethod.Patch, "/jobs/j1", "{\"description\":\"new\",\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":60}," +
                "\"presignedUrlConfig\":{\"roleArn\":\"arn:aws:iam::123456789012:role/r\",\"expiresInSec\":900}," +
                "\"abortConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"action\":\"CANCEL\",\"thresholdPercentage\":50,\"minNumberOfExecutedThings\":1}]}}");
            var refused = await Send(http, HttpMethod.Patch, "/jobs/j1", "{\"document\":\"{}\"}");
            var described = (await Send(http, HttpMethod.Get, "/jobs/j1")).Json.GetProperty("job");
            emu.Clock.Advance(TimeSpan.FromMinutes(11));

            Assert.AreEqual(HttpStatusCode.OK, updated.Status, updated.Json.ToString());
            Assert.AreEqual("InvalidRequestException", refused.ErrorType);
            Assert.AreEqual("new", described.GetProperty("description").GetString());
            Assert.AreEqual(60, described.GetProperty("timeoutConfig").GetProperty("inProgressTimeoutInMinutes").GetInt32());
            Assert.AreEqual(900, described.GetProperty("presignedUrlConfig").GetProperty("expiresInSec").GetInt32());
            Assert.AreEqual("FAILED", described.GetProperty("abortConfig").GetProperty("criteriaList")[0].GetProperty("failureType").GetString());
            StringAssert.Contains(started.Topic, "accepted");
            // The execution started under the 10-minute timer keeps it (DG: the in-progress timer can't be updated).
            Assert.AreEqual("TIMED_OUT", emu.Emulator.Snapshot().Single(e => e.ThingName == "dev-1").Status);
        }

        [TestMethod]
        public async Task AssociateTargets_AddsAGroupToAContinuousJob_AndRefusesASnapshotJob()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.AddThingsToGroup("field", "dev-1");
            emu.Emulator.AddThingsToGroup("lab", "dev-2", "dev-3");
            using var http = emu.SignedHttp();
            await Send(http, HttpMethod.Put, "/jobs/cont", "{\"targets\":[" + Group("field") + "],\"targetSelection\":\"CONTINUOUS\"," + Doc + "}");
            await Send(http, HttpMethod.Put, "/jobs/snap", "{\"targets\":[" + Group("field") + "]," + Doc + "}");

            var added = await Send(http, HttpMethod.Post, "/jobs/cont/targets", "{\"targets\":[" + Group("lab") + "],\"comment\":\"add the lab\"}");
            var snapshot = await Send(http, HttpMethod.Post, "/jobs/snap/targets", "{\"targets\":[" + Group("lab") + "]}");
            var missing = await Send(http, HttpMethod.Post, "/jobs/cont/targets", "{\"targets\":[" + Group("nowhere") + "]}");

            Assert.AreEqual(HttpStatusCode.OK, added.Status, added.Json.ToString());
            Assert.AreEqual("cont", added.Json.GetProperty("jobId").GetString());
            CollectionAssert.AreEquivalent(new[] { "dev-1", "dev-2", "dev-3" }, emu.Emulator.Snapshot().Where(e => e.JobId == "cont").Select(e => e.ThingName).ToArray());
            Assert.AreEqual("InvalidRequestException", snapshot.ErrorType);
            Assert.AreEqual(1, emu.Emulator.Snapshot().Count(e => e.JobId == "snap"));
            Assert.AreEqual("ResourceNotFoundException", missing.ErrorType);
            var job = (await Send(http, HttpMethod.Get, "/jobs/cont")).Json.GetProperty("job");
            Assert.AreEqual("add the lab", job.GetProperty("comment").GetString());
            Assert.AreEqual(2, job.GetProperty("targets").GetArrayLength());
        }

        [TestMethod]
        public async Task JobTemplate_CreateDescribeListDelete_AndCreateJobTakesItsDocumentAndConfig()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("dev-1");
            using var http = emu.SignedHttp();

            var created = await Send(http, HttpMethod.Put, "/job-templates/reboot", "{\"description\":\"reboot it\"," + Doc + ",\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":15}}");
            var duplicate = await Send(http, HttpMethod.Put, "/job-templates/reboot", "{\"description\":\"again\"," + Doc + "}");
            var noSource = await Send(http, HttpMethod.Put, "/job-templates/empty", "{\"description\":\"no document\"}");
            var described = await Send(http, HttpMethod.Get, "/job-templates/reboot");
            var listed = await Send(http, HttpMethod.Get, "/job-templates");
            string arn = created.Json.GetProperty("jobTemplateArn").GetString();
            var job = await Send(http, HttpMethod.Put, "/jobs/from-template", "{\"targets\":[" + Thing("dev-1") + "],\"jobTemplateArn\":\"" + arn + "\"}");
            var withDocument = await Send(http, HttpMethod.Put, "/jobs/both", "{\"targets\":[" + Thing("dev-1") + "],\"jobTemplateArn\":\"" + arn + "\"," + Doc + "}");
            var jobDescribed = (await Send(http, HttpMethod.Get, "/jobs/from-template")).Json.GetProperty("job");
            var deleted = await Send(http, HttpMethod.Delete, "/job-templates/reboot");
            var gone = await Send(http, HttpMethod.Get, "/job-templates/reboot");

            Assert.AreEqual("arn:aws:iot:us-east-1:123456789012:jobtemplate/reboot", arn);
            Assert.AreEqual("ConflictException", duplicate.ErrorType);
            Assert.AreEqual("InvalidRequestException", noSource.ErrorType);
            Assert.AreEqual("reboot it", described.Json.GetProperty("description").GetString());
            Assert.AreEqual(15, described.Json.GetProperty("timeoutConfig").GetProperty("inProgressTimeoutInMinutes").GetInt32());
            Assert.AreEqual(1, listed.Json.GetProperty("jobTemplates").GetArrayLength());
            Assert.AreEqual(HttpStatusCode.OK, job.Status, job.Json.ToString());
            Assert.AreEqual("InvalidRequestException", withDocument.ErrorType);
            Assert.AreEqual("reboot it", jobDescribed.GetProperty("description").GetString());
            Assert.AreEqual(arn, jobDescribed.GetProperty("jobTemplateArn").GetString());
            Assert.AreEqual(15, jobDescribed.GetProperty("timeoutConfig").GetProperty("inProgressTimeoutInMinutes").GetInt32());
            Assert.AreEqual("{\"operation\":\"reboot\"}", emu.Emulator.Jobs.GetJob("from-template").Spec.Document);
            Assert.AreEqual(HttpStatusCode.OK, deleted.Status);
            Assert.AreEqual("ResourceNotFoundException", gone.ErrorType);
            Assert.AreEqual("IN_PROGRESS", emu.Emulator.Jobs.GetJob("from-template").Status);
        }

        [TestMethod]
        public async Task JobTemplate_FromAJobArn_CopiesItsDocumentAndConfiguration()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("dev-1");
            using var http = emu.SignedHttp();
            await Send(http, HttpMethod.Put, "/jobs/origin", "{\"targets\":[" + Thing("dev-1") + "]," + Doc + ",\"jobExecutionsRetryConfig\":{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":3}]}}");

            var created = await Send(http, HttpMethod.Put, "/job-templates/copy", "{\"description\":\"copy\",\"jobArn\":\"arn:aws:iot:us-east-1:123456789012:job/origin\"}");
            var described = await Send(http, HttpMethod.Get, "/job-templates/copy");

            Assert.AreEqual(HttpStatusCode.OK, created.Status, created.Json.ToString());
            Assert.AreEqual("{\"operation\":\"reboot\"}", described.Json.GetProperty("document").GetString());
            Assert.AreEqual(3, described.Json.GetProperty("jobExecutionsRetryConfig").GetProperty("criteriaList")[0].GetProperty("numberOfRetries").GetInt32());
        }

        [TestMethod]
        public async Task DeleteJobExecution_RefusesQueuedAndInProgressWithoutForce_DeletesTerminalOnes()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("dev-1");
            using var http = emu.SignedHttp();
            await Send(http, HttpMethod.Put, "/jobs/j", "{\"targets\":[" + Thing("dev-1") + "]," + Doc + "}");

            var queued = await Send(http, HttpMethod.Delete, "/things/dev-1/jobs/j/executionNumber/1");
            await Send(http, HttpMethod.Put, "/things/dev-1/jobs/j/cancel", "{}");
            var canceled = await Send(http, HttpMethod.Delete, "/things/dev-1/jobs/j/executionNumber/1");

            Assert.AreEqual(HttpStatusCode.Conflict, queued.Status);
            Assert.AreEqual("InvalidStateTransitionException", queued.ErrorType);
            Assert.AreEqual(HttpStatusCode.OK, canceled.Status, canceled.Json.ToString());
            Assert.AreEqual(0, emu.Emulator.Snapshot().Count);
        }

        [TestMethod]
        public async Task DocumentLimit_Counts32768Utf8Bytes_NotUtf16Characters()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("dev-1");
            using var http = emu.SignedHttp();
            // "é" is one UTF-16 character and two UTF-8 bytes: 16,400 of them are 32,800 bytes in a 16,4xx-character document.
            string wide = "{\\\"text\\\":\\\"" + new string('é', 16400) + "\\\"}";
            string exact = "{\\\"text\\\":\\\"" + new string('a', 32768 - 11) + "\\\"}";

            var tooBig = await Send(http, HttpMethod.Put, "/jobs/wide", "{\"targets\":[" + Thing("dev-1") + "],\"document\":\"" + wide + "\"}");
            var atLimit = await Send(http, HttpMethod.Put, "/jobs/exact", "{\"targets\":[" + Thing("dev-1") + "],\"document\":\"" + exact + "\"}");

            Assert.AreEqual("InvalidRequestException", tooBig.ErrorType);
            StringAssert.Contains(tooBig.Json.GetProperty("message").GetString(), "32768");
            Assert.AreEqual(HttpStatusCode.OK, atLimit.Status, atLimit.Json.ToString());
            Assert.AreEqual(32768, Encoding.UTF8.GetByteCount(emu.Emulator.Jobs.GetJob("exact").Spec.Document));
        }

        [TestMethod]
        public async Task CancelJobWithoutForce_ShowsCanceled_WhileItsInProgressExecutionStaysInProgress()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var device = await emu.ConnectAsync("dev-1");
            emu.Emulator.Provision("dev-2");
            using var http = emu.SignedHttp();
            await Send(http, HttpMethod.Put, "/jobs/j", "{\"targets\":[" + Thing("dev-1") + "," + Thing("dev-2") + "]," + Doc + "}");
            await device.RequestAsync("start-next", "{}");

            await Send(http, HttpMethod.Put, "/jobs/j/cancel", "{}");

            Assert.AreEqual("CANCELED", (await Send(http, HttpMethod.Get, "/jobs/j")).Json.GetProperty("job").GetProperty("status").GetString());
            Assert.AreEqual("IN_PROGRESS", emu.Emulator.Snapshot().Single(e => e.ThingName == "dev-1").Status);
            Assert.AreEqual("CANCELED", emu.Emulator.Snapshot().Single(e => e.ThingName == "dev-2").Status);
        }
    }
}
