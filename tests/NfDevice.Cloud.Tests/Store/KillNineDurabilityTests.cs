using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using MQTTnet;

namespace NfDevice.Cloud.Tests.Store
{
    /// <summary>
    /// `nfcloud serve` as a real process, killed with SIGKILL at a random point of a firmware job's life, restarted on
    /// the same data directory: everything acknowledged before the kill is there and answered as before.
    /// </summary>
    [TestClass]
    public sealed class KillNineDurabilityTests
    {
        private const string Thing = "dev-1", Job = "fw-1", Bucket = "firmware";
        private static readonly byte[] Image = Encoding.ASCII.GetBytes("firmware image bytes");

        /// <summary>What the client was told, step by step; the restarted emulator must agree with all of it.</summary>
        private sealed class Acknowledged
        {
            public string CertificateId, CertificatePem, PrivateKey, CodeSigningPem, ObjectVersion;
            public string ExecutionStatus;
            public long ExecutionVersion;
            public bool Deactivated;
            public int Steps;
        }

        public TestContext TestContext { get; set; }

        [TestMethod]
        public async Task KillNine_AtRandomPointsOfAJob_LosesNothingAcknowledged()
        {
            int seed = Environment.TickCount;
            var random = new Random(seed);
            // One kill early (registry, S3, Signer), one inside the device's part of the job, one after the last step.
            int[] killAfter = { random.Next(1, 5), random.Next(5, 8), 8 };
            TestContext.WriteLine("seed " + seed + ", kill after steps " + string.Join(", ", killAfter));
            foreach (int k in killAfter)
            {
                string dir = StoreTestSupport.TempDir();
                try
                {
                    using var serve = new ServeProcess(dir);
                    await serve.StartAsync();
                    var ack = new Acknowledged();
                    await RunStepsAsync(serve, ack, k);
                    await Task.Delay(random.Next(0, 50));
                    serve.Kill9();

                    await serve.StartAsync();
                    await CheckAsync(serve, ack, "killed after step " + k + " (seed " + seed + ")");
                    serve.Kill9();
                }
                finally { StoreTestSupport.Delete(dir); }
            }
        }

        [TestMethod]
        public async Task Sigterm_And_Sigint_StopServeCleanly_AndKeepTheState()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                using var serve = new ServeProcess(dir);
                foreach (PosixSignal signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
                {
                    await serve.StartAsync();
                    using (var http = serve.Http())
                        await OkAsync(await http.PostAsync("/things/thing-" + (int)signal, new StringContent("{}")));
                    Assert.AreEqual(0, kill(serve.Process.Id, signal == PosixSignal.SIGTERM ? 15 : 2));
                    Assert.IsTrue(serve.Process.WaitForExit(60000), "serve did not stop after " + signal);
                    serve.Process.WaitForExit();
                    Assert.AreEqual(0, serve.Process.ExitCode, serve.Output);
                    StringAssert.Contains(serve.Output, "nfcloud: stopped");
                }
                await serve.StartAsync();
                using var check = serve.Http();
                foreach (PosixSignal signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
                    Assert.AreEqual(HttpStatusCode.OK, (await check.GetAsync("/things/thing-" + (int)signal)).StatusCode);
            }
            finally { StoreTestSupport.Delete(dir); }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int sig);

        private static async Task RunStepsAsync(ServeProcess serve, Acknowledged ack, int steps)
        {
            using var iot = serve.Http();
            using var s3 = serve.Http("s3", serve.S3Port);
            using var signer = serve.Http("signer");
            IMqttClient device = null;
            Channel<(string Topic, string Payload)> inbox = Channel.CreateUnbounded<(string, string)>();
            try
            {
                for (int step = 1; step <= steps; step++)
                {
                    switch (step)
                    {
                        case 1:  // thing, certificate, and the default profile's code-signing certificate
                            var provisioned = await JsonAsync(await iot.PostAsync("/_emulator/provision/" + Thing, new StringContent("")));
                            ack.CertificateId = provisioned.GetProperty("certificateId").GetString();
                            ack.CertificatePem = provisioned.GetProperty("certificatePem").GetString();
                            ack.PrivateKey = provisioned.GetProperty("privateKey").GetString();
                            ack.CodeSigningPem = provisioned.GetProperty("codeSigningCertificate").GetString();
                            break;
                        case 2:  // a versioned bucket and the image
                            await OkAsync(await s3.PutAsync("/" + Bucket, new ByteArrayContent(Array.Empty<byte>())));
                            await OkAsync(await s3.PutAsync("/" + Bucket + "?versioning", new StringContent("<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled</Status></VersioningConfiguration>")));
                            HttpResponseMessage put = await OkAsync(await s3.PutAsync("/" + Bucket + "/app.bin", new ByteArrayContent(Image)));
                            ack.ObjectVersion = put.Headers.GetValues("x-amz-version-id").Single();
                            break;
                        case 3:  // put-signing-profile again on the same name: the key devices trust stays
                            await OkAsync(await signer.PutAsync("/signing-profiles/" + Emulator.DefaultSigningProfile,
                                new StringContent("{\"platformId\":\"" + Emulator.DefaultSigningPlatform + "\"}")));
                            break;
                        case 4:  // the job, with an in-progress timeout
                            string body = JsonSerializer.Serialize(new { targets = new[] { "arn:aws:iot:us-east-1:123456789012:thing/" + Thing }, document = "{\"operation\":\"diagnostics\"}", timeoutConfig = new { inProgressTimeoutInMinutes = 60 } });
                            await OkAsync(await iot.PutAsync("/jobs/" + Job, new StringContent(body)));
                            ack.ExecutionStatus = "QUEUED";
                            ack.ExecutionVersion = 1;
                            break;
                        case 5:  // the device starts it
                            var (client, code) = await serve.ConnectAsync(Thing, ack.CertificatePem, ack.PrivateKey);
                            Assert.AreEqual(MqttClientConnectResultCode.Success, code);
                            device = client;
                            device.ApplicationMessageReceivedAsync += e => { inbox.Writer.TryWrite((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload))); return Task.CompletedTask; };
                            await RequestAsync(device, inbox, "start-next", "{\"clientToken\":\"s\"}");
                            (ack.ExecutionStatus, ack.ExecutionVersion) = ("IN_PROGRESS", 2);
                            break;
                        case 6:
                            await RequestAsync(device, inbox, Job + "/update", "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":2,\"statusDetails\":{\"step\":\"verify\"}}");
                            ack.ExecutionVersion = 3;
                            break;
                        case 7:
                            await RequestAsync(device, inbox, Job + "/update", "{\"status\":\"SUCCEEDED\",\"expectedVersion\":3}");
                            (ack.ExecutionStatus, ack.ExecutionVersion) = ("SUCCEEDED", 4);
                            break;
                        case 8:  // a certificate deactivated with 200 stays deactivated
                            await OkAsync(await iot.PutAsync("/certificates/" + ack.CertificateId + "?newStatus=INACTIVE", new StringContent("")));
                            ack.Deactivated = true;
                            break;
                    }
                    ack.Steps = step;
                }
            }
            finally { device?.Dispose(); }
        }

        private static async Task RequestAsync(IMqttClient device, Channel<(string Topic, string Payload)> inbox, string request, string payload)
        {
            string topic = "$aws/things/" + Thing + "/jobs/" + request;
            await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).Build());
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                var (t, p) = await inbox.Reader.ReadAsync(cts.Token);
                if (t == topic + "/accepted") return;
                if (t == topic + "/rejected") Assert.Fail(topic + " rejected: " + p);
            }
        }

        private static async Task CheckAsync(ServeProcess serve, Acknowledged ack, string when)
        {
            using var iot = serve.Http();
            using var s3 = serve.Http("s3", serve.S3Port);
            using var signer = serve.Http("signer");
            if (ack.Steps >= 1)
            {
                Assert.AreEqual(HttpStatusCode.OK, (await iot.GetAsync("/things/" + Thing)).StatusCode, when);
                string pem = await (await signer.GetAsync("/signing-profiles/" + Emulator.DefaultSigningProfile + "/certificate")).Content.ReadAsStringAsync();
                Assert.AreEqual(ack.CodeSigningPem.Trim(), pem.Trim(), "the code-signing certificate devices hold, " + when);
            }
            if (ack.Steps >= 2)
            {
                HttpResponseMessage get = await s3.GetAsync("/" + Bucket + "/app.bin?versionId=" + ack.ObjectVersion);
                Assert.AreEqual(HttpStatusCode.OK, get.StatusCode, when);
                CollectionAssert.AreEqual(Image, await get.Content.ReadAsByteArrayAsync(), when);
            }
            if (ack.Steps >= 4)
            {
                JsonElement e = (await JsonAsync(await iot.GetAsync("/things/" + Thing + "/jobs/" + Job))).GetProperty("execution");
                Assert.AreEqual(ack.ExecutionStatus, e.GetProperty("status").GetString(), when);
                Assert.AreEqual(ack.ExecutionVersion, e.GetProperty("versionNumber").GetInt64(), when);
            }
            if (ack.Steps >= 1)
            {
                var (client, code) = await serve.ConnectAsync(Thing, ack.CertificatePem, ack.PrivateKey);
                using (client)
                    Assert.AreEqual(ack.Deactivated ? MqttClientConnectResultCode.NotAuthorized : MqttClientConnectResultCode.Success, code, "device connects iff its certificate is active, " + when);
            }
        }

        private static async Task<HttpResponseMessage> OkAsync(HttpResponseMessage response)
        {
            if (!response.IsSuccessStatusCode) Assert.Fail(response.RequestMessage.Method + " " + response.RequestMessage.RequestUri + ": " + (int)response.StatusCode + " " + await response.Content.ReadAsStringAsync());
            return response;
        }

        private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
        {
            string text = await response.Content.ReadAsStringAsync();
            Assert.IsTrue(response.IsSuccessStatusCode, (int)response.StatusCode + " " + text);
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
