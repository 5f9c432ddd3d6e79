using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Aws;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.ControlPlane
{
    /// <summary>
    /// One endpoint for every service (issue 11 §1): the control-plane port routes by SigV4 scope, then target,
    /// Host and shape; AWS IoT accepts both names clients sign it with; bodies are bounded before buffering.
    /// </summary>
    [TestClass]
    public sealed class SingleEndpointTests
    {
        private static HttpClient Signed(TestEmulator emu, string service, string region = "us-east-1", string secret = null) =>
            new HttpClient(new SigV4SigningHandler(emu.Emulator.Options.AccessKeyId, secret ?? emu.Emulator.Options.SecretAccessKey, null, region, service))
            { BaseAddress = new Uri(emu.Emulator.HttpEndpoint), Timeout = TimeSpan.FromSeconds(30) };

        private static async Task<(HttpStatusCode Status, string ErrorType, string Body)> Send(HttpClient http, HttpMethod method, string path, string body = null)
        {
            using var req = new HttpRequestMessage(method, path);
            if (body != null) req.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using HttpResponseMessage resp = await http.SendAsync(req);
            string type = resp.Headers.TryGetValues("x-amzn-ErrorType", out var v) ? v.First() : null;
            return (resp.StatusCode, type, await resp.Content.ReadAsStringAsync());
        }

        private static async Task<HttpResponseMessage> SendS3(TestEmulator emu, HttpMethod method, string url, byte[] body = null, string connectTo = null)
        {
            var msg = new HttpRequestMessage(method, url);
            if (body != null) msg.Content = new ByteArrayContent(body);
            // S3 checks signatures on the emulator clock (so presigned URLs expire on FakeClock time).
            SigV4Signer.Sign(msg, new AwsCredential(emu.Emulator.Options.AccessKeyId, emu.Emulator.Options.SecretAccessKey), "us-east-1", "s3", emu.Clock.UtcNow, body);
            // Virtual-hosted style: the Host header names the bucket, the connection goes to loopback.
            if (connectTo != null) msg.RequestUri = new Uri(connectTo + msg.RequestUri.PathAndQuery);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            return await http.SendAsync(msg);
        }

        [TestMethod]
        public async Task IotControlPlane_AcceptsBothScopesClientsSignWith_IotAndExecuteApi()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var iot = Signed(emu, "iot");
            using var executeApi = Signed(emu, "execute-api");

            var byIot = await Send(iot, HttpMethod.Post, "/things/dev-iot", "{}");
            var byExecuteApi = await Send(executeApi, HttpMethod.Post, "/things/dev-execute-api", "{}");

            Assert.AreEqual(HttpStatusCode.OK, byIot.Status, byIot.Body);
            Assert.AreEqual(HttpStatusCode.OK, byExecuteApi.Status, byExecuteApi.Body);
            Assert.IsNotNull(emu.Emulator.Registry.FindThing("dev-iot"));
            Assert.IsNotNull(emu.Emulator.Registry.FindThing("dev-execute-api"));
        }

        [TestMethod]
        public async Task ExecuteApiScope_StillRefusesWrongSecretRegionAndStaleDate()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var wrongSecret = Signed(emu, "execute-api", secret: "not-the-secret");
            using var wrongRegion = Signed(emu, "execute-api", region: "eu-west-1");
            var staleHandler = new SigV4SigningHandler(emu.Emulator.Options.AccessKeyId, emu.Emulator.Options.SecretAccessKey, null, "us-east-1", "execute-api")
            { Now = () => DateTimeOffset.UtcNow.AddMinutes(-20) };
            using var stale = new HttpClient(staleHandler) { BaseAddress = new Uri(emu.Emulator.HttpEndpoint) };

            var secret = await Send(wrongSecret, HttpMethod.Get, "/things");
            var region = await Send(wrongRegion, HttpMethod.Get, "/things");
            var old = await Send(stale, HttpMethod.Get, "/things");

            Assert.AreEqual("InvalidSignatureException", secret.ErrorType);
            StringAssert.Contains(secret.Body, "does not match");
            Assert.AreEqual("InvalidSignatureException", region.ErrorType);
            StringAssert.Contains(region.Body, "scoped to a valid region, not \\u0027eu-west-1\\u0027");
            Assert.AreEqual("InvalidSignatureException", old.ErrorType);
            StringAssert.Contains(old.Body, "Signature expired");
        }

        [TestMethod]
        public async Task SharedPath_ThingsJobs_IsTheControlPlaneUnderIot_AndTheJobsDataPlaneUnderIotJobsData()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("dev-1");
            emu.Emulator.CreateJob("job-1", "{\"operation\":\"reboot\"}", "dev-1");
            using var iot = Signed(emu, "iot");
            using var jobsData = Signed(emu, "iot-jobs-data");

            var control = await Send(iot, HttpMethod.Get, "/things/dev-1/jobs");
            var data = await Send(jobsData, HttpMethod.Get, "/things/dev-1/jobs");
            var started = await Send(jobsData, HttpMethod.Put, "/things/dev-1/jobs/$next", "{}");
            var missing = await Send(jobsData, HttpMethod.Get, "/things/dev-1/jobs/no-such-job");

            StringAssert.Contains(control.Body, "\"executionSummaries\"");   // ListJobExecutionsForThing
            StringAssert.Contains(data.Body, "\"queuedJobs\"");              // GetPendingJobExecutions
            Assert.IsFalse(data.Body.Contains("timestamp", StringComparison.Ordinal), data.Body);
            Assert.AreEqual(HttpStatusCode.OK, started.Status, started.Body);
            Assert.AreEqual("IN_PROGRESS", emu.Emulator.Snapshot().Single().Status);
            Assert.AreEqual("ResourceNotFoundException", missing.ErrorType);
        }

        [TestMethod]
        public async Task S3_IsServedOnTheControlPlanePort_PathStyle()
        {
            await using var emu = await TestEmulator.StartAsync();
            string endpoint = emu.Emulator.HttpEndpoint;

            using var create = await SendS3(emu, HttpMethod.Put, endpoint + "/my-firmware");
            using var put = await SendS3(emu, HttpMethod.Put, endpoint + "/my-firmware/app.bin", new byte[] { 1, 2, 3 });
            using var get = await SendS3(emu, HttpMethod.Get, endpoint + "/my-firmware/app.bin");

            Assert.AreEqual(HttpStatusCode.OK, create.StatusCode, await create.Content.ReadAsStringAsync());
            Assert.AreEqual(HttpStatusCode.OK, put.StatusCode);
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, await get.Content.ReadAsByteArrayAsync());
            Assert.AreEqual("AmazonS3", get.Headers.Server.ToString());
        }

        [TestMethod]
        public async Task S3_VirtualHostedStyle_TakesTheBucketFromTheHost()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.S3Store.CreateBucket("my-firmware");
            string port = emu.Emulator.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

            using var put = await SendS3(emu, HttpMethod.Put, "http://my-firmware.s3.localhost:" + port + "/images/app.bin", new byte[] { 7, 8 }, connectTo: emu.Emulator.HttpEndpoint);
            using var get = await SendS3(emu, HttpMethod.Get, emu.Emulator.HttpEndpoint + "/my-firmware/images/app.bin");

            Assert.AreEqual(HttpStatusCode.OK, put.StatusCode, await put.Content.ReadAsStringAsync());
            CollectionAssert.AreEqual(new byte[] { 7, 8 }, await get.Content.ReadAsByteArrayAsync());
        }

        [TestMethod]
        public async Task SamePathTwoServices_TheScopeDecides_ThingsBucketVersusIotThings()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var iot = Signed(emu, "iot");

            using var bucket = await SendS3(emu, HttpMethod.Put, emu.Emulator.HttpEndpoint + "/things");
            var things = await Send(iot, HttpMethod.Get, "/things");

            Assert.AreEqual(HttpStatusCode.OK, bucket.StatusCode);
            Assert.IsTrue(emu.Emulator.S3Store.BucketExists("things"));
            Assert.AreEqual(HttpStatusCode.OK, things.Status);
            StringAssert.Contains(things.Body, "\"things\"");
        }

        [TestMethod]
        public async Task IamAndSigner_AreReachedByScopeOnTheOneEndpoint()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var signer = Signed(emu, "signer");

            var platforms = await Send(signer, HttpMethod.Get, "/signing-platforms");
            var wrong = await Send(Signed(emu, "iot"), HttpMethod.Get, "/signing-platforms");

            Assert.AreEqual(HttpStatusCode.OK, platforms.Status, platforms.Body);
            StringAssert.Contains(platforms.Body, "AWSIoTDeviceManagement-SHA256-ECDSA");
            // Signed for IoT, the path is IoT's: it has no such operation.
            Assert.AreNotEqual(HttpStatusCode.OK, wrong.Status);
        }

        [TestMethod]
        public async Task PresignedUrl_WorksOnTheControlPlanePortToo()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.S3Store.CreateBucket("my-firmware");
            emu.Emulator.S3Store.PutObject("my-firmware", "app.bin", new byte[] { 9, 9, 9 });
            var cred = new AwsCredential(emu.Emulator.Options.AccessKeyId, emu.Emulator.Options.SecretAccessKey);
            Uri url = SigV4Signer.Presign("GET", new Uri(emu.Emulator.HttpEndpoint + "/my-firmware/app.bin"), cred, "us-east-1", emu.Clock.UtcNow, 600);
            using var http = new HttpClient();

            using var ok = await http.GetAsync(url);
            emu.Clock.Advance(TimeSpan.FromSeconds(601));
            using var expired = await http.GetAsync(url);

            CollectionAssert.AreEqual(new byte[] { 9, 9, 9 }, await ok.Content.ReadAsByteArrayAsync());
            Assert.AreEqual(HttpStatusCode.Forbidden, expired.StatusCode);
            StringAssert.Contains(await expired.Content.ReadAsStringAsync(), "Request has expired");
        }

        [TestMethod]
        public async Task OversizedSignedBody_Is413BeforeBuffering_AndNothingIsCreated()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var iot = Signed(emu, "iot");
            string big = "{\"attributePayload\":{\"attributes\":{\"a\":\"" + new string('x', (int)ServiceEdge.ControlPlaneMaxBodyBytes) + "\"}}}";

            var r = await Send(iot, HttpMethod.Post, "/things/too-big", big);

            Assert.AreEqual((HttpStatusCode)413, r.Status);
            Assert.AreEqual("RequestEntityTooLargeException", r.ErrorType);
            Assert.IsNull(emu.Emulator.Registry.FindThing("too-big"));
        }

        [TestMethod]
        public async Task UnsignedLargeBody_IsRefusedAsMissingToken()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(emu.Emulator.HttpEndpoint) };

            var r = await Send(http, HttpMethod.Post, "/things/anon", new string('x', 3 * 1024 * 1024));

            Assert.AreEqual(HttpStatusCode.Forbidden, r.Status);
            Assert.AreEqual("MissingAuthenticationTokenException", r.ErrorType);
            Assert.IsNull(emu.Emulator.Registry.FindThing("anon"));
        }

        [TestMethod]
        public void Router_FollowsLocalStacksOrder_ScopeThenTargetThenHostThenShape()
        {
            static ServiceRoute R(string method, string path, string auth = null, string host = "127.0.0.1:4580", string target = null, string contentType = null, string credentialQuery = null) =>
                ServiceRouter.Route(method, path, h => h switch
                {
                    "authorization" => auth,
                    "host" => host,
                    "x-amz-target" => target,
                    "content-type" => contentType,
                    _ => null,
                }, q => q == "X-Amz-Credential" ? credentialQuery : null);
            const string Iot = "AWS4-HMAC-SHA256 Credential=AKID/20261206/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=0";
            const string Jobs = "AWS4-HMAC-SHA256 Credential=AKID/20261206/us-east-1/iot-jobs-data/aws4_request, SignedHeaders=host, Signature=0";

            Assert.AreEqual("iot", R("GET", "/things/t/jobs", Iot).Service);
            Assert.AreEqual("iot-jobs-data", R("GET", "/things/t/jobs", Jobs).Service);
            Assert.AreEqual("s3", R("GET", "/b/k", credentialQuery: "AKID/20261206/us-east-1/s3/aws4_request").Service);
            Assert.AreEqual("acm", R("POST", "/", target: "CertificateManager.ListCertificates").Service);
            Assert.AreEqual("iot-jobs-data", R("GET", "/things/t/jobs", host: "abc.jobs.iot.us-east-1.amazonaws.com").Service);
            ServiceRoute virtualHosted = R("GET", "/k", host: "my-firmware.s3.localhost:4580");
            Assert.AreEqual("s3", virtualHosted.Service);
            Assert.AreEqual("my-firmware", virtualHosted.HostBucket);
            Assert.AreEqual("iam", R("POST", "/", contentType: "application/x-www-form-urlencoded; charset=utf-8").Service);
            Assert.AreEqual("signer", R("GET", "/signing-profiles").Service);
            Assert.IsNull(R("GET", "/").Service);
        }
    }
}
