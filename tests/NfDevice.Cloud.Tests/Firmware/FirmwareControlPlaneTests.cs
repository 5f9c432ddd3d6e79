using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Aws;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Firmware
{
    /// <summary>
    /// The firmware flow as the AWS CLI drives it against one emulator: S3 on its own port, IAM and Signer on the
    /// control-plane port with their own SigV4 service names, CreateJob with presignedUrlConfig.
    /// </summary>
    [TestClass]
    public sealed class FirmwareControlPlaneTests
    {
        private static HttpClient Client(TestEmulator emu, string service) =>
            new HttpClient(new SigV4SigningHandler(emu.Emulator.Options.AccessKeyId, emu.Emulator.Options.SecretAccessKey, null, "us-east-1", service))
            { BaseAddress = new Uri(emu.Emulator.HttpEndpoint), Timeout = TimeSpan.FromSeconds(20) };

        private static async Task<HttpResponseMessage> S3(TestEmulator emu, HttpMethod method, string pathAndQuery, byte[] body = null)
        {
            var msg = new HttpRequestMessage(method, new Uri(emu.Emulator.S3BaseUri, pathAndQuery));
            if (body != null) msg.Content = new ByteArrayContent(body);
            var admin = new AwsCredential(emu.Emulator.Options.AccessKeyId, emu.Emulator.Options.SecretAccessKey, null, null);
            SigV4Signer.Sign(msg, admin, "us-east-1", "s3", emu.Clock.UtcNow, body);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            return await http.SendAsync(msg);
        }

        private static async Task<string> Ok(HttpResponseMessage r)
        {
            string body = await r.Content.ReadAsStringAsync();
            Assert.IsTrue(r.IsSuccessStatusCode, (int)r.StatusCode + " " + body);
            return body;
        }

        private static StringContent Form(string body) => new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");

        private static StringContent JsonBody(object o) => new StringContent(JsonSerializer.Serialize(o), Encoding.UTF8, "application/json");

        /// <summary>Runs the README's AWS CLI flow as signed HTTP requests; returns (image version, role ARN).</summary>
        private static async Task<(string Version, string RoleArn)> PrepareThroughApis(TestEmulator emu, byte[] image)
        {
            await Ok(await S3(emu, HttpMethod.Put, "fw-images"));
            await Ok(await S3(emu, HttpMethod.Put, "fw-images?versioning", Encoding.UTF8.GetBytes(
                "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled</Status></VersioningConfiguration>")));
            HttpResponseMessage put = await S3(emu, HttpMethod.Put, "fw-images/app.bin", image);
            await Ok(put);
            string version = string.Join("", put.Headers.GetValues("x-amz-version-id"));

            using HttpClient signer = Client(emu, "signer");
            await Ok(await signer.PutAsync("/signing-profiles/prof", JsonBody(new { platformId = "AWSIoTDeviceManagement-SHA256-ECDSA" })));
            string started = await Ok(await signer.PostAsync("/signing-jobs", JsonBody(new
            {
                source = new { s3 = new { bucketName = "fw-images", key = "app.bin", version } },
                destination = new { s3 = new { bucketName = "fw-images", prefix = "SignedImages/" } },
                profileName = "prof",
            })));
            StringAssert.Contains(started, "jobId");

            using HttpClient iam = Client(emu, "iam");
            string created = await Ok(await iam.PostAsync("/", Form("Action=CreateRole&Version=2010-05-08&RoleName=fw-read&AssumeRolePolicyDocument="
                + Uri.EscapeDataString(Emulator.PresignTrustPolicy))));
            await Ok(await iam.PostAsync("/", Form("Action=PutRolePolicy&Version=2010-05-08&RoleName=fw-read&PolicyName=read&PolicyDocument="
                + Uri.EscapeDataString(Emulator.PresignPermissionPolicy("fw-images")))));
            StringAssert.Contains(created, "<Arn>arn:aws:iam::123456789012:role/fw-read</Arn>");
            return (version, "arn:aws:iam::123456789012:role/fw-read");
        }

        [TestMethod]
        public async Task CliShapedFlow_CreateJobWithPresignedUrlConfig_ResolvesCodesignOnceAndKeepsThePresignPlaceholder()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("dev-1");
            byte[] image = FirmwareDeliveryTests.Image(5000, 3);
            var (version, roleArn) = await PrepareThroughApis(emu, image);
            string document = Emulator.FirmwareDocument("fw-images", "app.bin", version, "2.0.0", image.Length);
            using HttpClient iot = emu.SignedHttp();

            await Ok(await iot.PutAsync("/jobs/fw1", JsonBody(new
            {
                targets = new[] { "arn:aws:iot:us-east-1:123456789012:thing/dev-1" },
                document,
                presignedUrlConfig = new { roleArn, expiresInSec = 300 },
            })));
            string stored = JsonDocument.Parse(await Ok(await iot.GetAsync("/jobs/fw1/job-document"))).RootElement.GetProperty("document").GetString();
            string described = await Ok(await iot.GetAsync("/jobs/fw1"));

            Assert.IsFalse(stored.Contains("code-sign-signature", StringComparison.Ordinal), stored);
            StringAssert.Contains(stored, "${aws:iot:s3-presigned-url-v2:https://s3.us-east-1.amazonaws.com/fw-images/app.bin%3FversionId%3D");
            var codesign = JsonDocument.Parse(stored).RootElement.GetProperty("codesign");
            Assert.AreEqual(image.Length, codesign.GetProperty("rawPayloadSize").GetInt32());
            StringAssert.Contains(described, "\"expiresInSec\":300");
        }

        [TestMethod]
        public async Task CreateJob_WithPresignPlaceholderButNoPresignedUrlConfig_IsInvalidRequest()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("dev-1");
            using HttpClient iot = emu.SignedHttp();

            HttpResponseMessage r = await iot.PutAsync("/jobs/fw1", JsonBody(new
            {
                targets = new[] { "arn:aws:iot:us-east-1:123456789012:thing/dev-1" },
                document = "{\"url\":\"" + Emulator.PresignedUrlPlaceholder("fw-images", "app.bin") + "\"}",
            }));
            string body = await r.Content.ReadAsStringAsync();

            Assert.AreEqual(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.AreEqual("InvalidRequestException", string.Join("", r.Headers.GetValues("x-amzn-ErrorType")));
            StringAssert.Contains(body, "presignedUrlConfig");
            Assert.AreEqual(0, emu.Emulator.Jobs.ListJobs().Count);
        }

        [TestMethod]
        public async Task CreateJob_WithUnsignedImageInCodesignPlaceholder_IsInvalidRequest()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("dev-1");
            emu.Emulator.CreateFirmwareBucket("fw-images");
            string version = emu.Emulator.UploadImage("fw-images", "app.bin", new byte[10]);
            using HttpClient iot = emu.SignedHttp();

            HttpResponseMessage r = await iot.PutAsync("/jobs/fw1", JsonBody(new
            {
                targets = new[] { "arn:aws:iot:us-east-1:123456789012:thing/dev-1" },
                document = "{\"codesign\":\"" + Emulator.CodeSignSignaturePlaceholder("fw-images", "app.bin", version) + "\"}",
            }));

            Assert.AreEqual(HttpStatusCode.BadRequest, r.StatusCode);
            StringAssert.Contains(await r.Content.ReadAsStringAsync(), "no successful signing job");
        }

        [TestMethod]
        public async Task CreateJob_WithDocumentSource_ReadsTheDocumentFromTheEmulatorsS3Once()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("dev-1");
            emu.Emulator.CreateFirmwareBucket("docs");
            emu.Emulator.UploadImage("docs", "job.json", Encoding.UTF8.GetBytes("{\"operation\":\"from-s3\"}"));
            using HttpClient iot = emu.SignedHttp();

            await Ok(await iot.PutAsync("/jobs/j1", JsonBody(new { targets = new[] { "arn:aws:iot:us-east-1:123456789012:thing/dev-1" }, documentSource = "https://s3.us-east-1.amazonaws.com/docs/job.json" })));
            emu.Emulator.UploadImage("docs", "job.json", Encoding.UTF8.GetBytes("{\"operation\":\"changed\"}"));
            await Ok(await iot.PutAsync("/jobs/j2", JsonBody(new { targets = new[] { "arn:aws:iot:us-east-1:123456789012:thing/dev-1" }, documentSource = "s3://docs/job.json" })));
            HttpResponseMessage missing = await iot.PutAsync("/jobs/j3", JsonBody(new { targets = new[] { "arn:aws:iot:us-east-1:123456789012:thing/dev-1" }, documentSource = "s3://docs/nope.json" }));

            Assert.AreEqual("{\"operation\":\"from-s3\"}", emu.Emulator.Jobs.GetJob("j1").Spec.Document);
            Assert.AreEqual("{\"operation\":\"changed\"}", emu.Emulator.Jobs.GetJob("j2").Spec.Document);
            Assert.AreEqual(HttpStatusCode.BadRequest, missing.StatusCode);
        }

        [TestMethod]
        public async Task TheSigningScopeDecidesTheService_OnTheControlPlanePort()
        {
            await using var emu = await TestEmulator.StartAsync();
            using HttpClient iamSignedAsIot = Client(emu, "iot");
            using HttpClient signerSignedAsIot = Client(emu, "iot");
            using HttpClient iotSignedAsIam = Client(emu, "iam");

            HttpResponseMessage iam = await iamSignedAsIot.PostAsync("/", Form("Action=GetRole&Version=2010-05-08&RoleName=x"));
            HttpResponseMessage signer = await signerSignedAsIot.GetAsync("/signing-platforms");
            HttpResponseMessage iot = await iotSignedAsIam.GetAsync("/things");

            // Scope first (LocalStack's order): signed for IoT, POST / and /signing-platforms are IoT requests IoT has no
            // operation for; signed for IAM, GET /things is an IAM request without an Action.
            Assert.AreEqual(HttpStatusCode.NotFound, iam.StatusCode);
            StringAssert.Contains(await iam.Content.ReadAsStringAsync(), "Unknown operation");
            Assert.AreEqual(HttpStatusCode.NotFound, signer.StatusCode);
            Assert.AreNotEqual(HttpStatusCode.OK, iot.StatusCode);
            StringAssert.Contains(await iot.Content.ReadAsStringAsync(), "<ErrorResponse");
            using HttpClient rightSigner = Client(emu, "signer");
            StringAssert.Contains(await Ok(await rightSigner.GetAsync("/signing-platforms")), "AWSIoTDeviceManagement-SHA256-ECDSA");
        }
    }
}
