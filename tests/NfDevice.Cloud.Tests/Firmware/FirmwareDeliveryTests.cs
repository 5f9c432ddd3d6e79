using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Firmware
{
    /// <summary>A device (raw MQTTnet client) fetching a firmware job whose document carries both placeholders.</summary>
    [TestClass]
    public sealed class FirmwareDeliveryTests
    {
        internal static byte[] Image(int size, int seed)
        {
            var bytes = new byte[size];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        /// <summary>Bucket, image, role, profile, signing job and job "fw1" for dev-1; returns the image.</summary>
        internal static byte[] Publish(Emulator em, bool allowGetObject = true, long expiresInSec = 3600)
        {
            byte[] image = Image(20000, 7);
            em.Registry.TryCreateThing("dev-1", null, out _);
            em.CreateFirmwareBucket("fw-images");
            string version = em.UploadImage("fw-images", "apps/app 1.2.0.bin", image);
            string role = em.CreatePresignRole("fw-read", "fw-images", allowGetObject);
            em.CreateSigningProfile("prof");
            em.SignImage("prof", "fw-images", "apps/app 1.2.0.bin", version);
            string doc = Emulator.FirmwareDocument("fw-images", "apps/app 1.2.0.bin", version, "1.2.0", image.Length);
            em.CreateFirmwareJob("fw1", doc, role, expiresInSec, "dev-1");
            return image;
        }

        private static async Task<HttpResponseMessage> GetRange(HttpClient http, string url, long from, long to)
        {
            var req = new HttpRequestMessage(HttpMethod.Get, url);
            req.Headers.Range = new RangeHeaderValue(from, to);
            return await http.SendAsync(req);
        }

        [TestMethod]
        public async Task Describe_GivesWorkingPresignedUrlAndCodesign_AndAFreshUrlOnTheNextDelivery()
        {
            await using var emu = await TestEmulator.StartAsync();
            byte[] image = Publish(emu.Emulator);
            await using var dev = await emu.ConnectAsync("dev-1");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };

            var (topic, reply) = await dev.RequestAsync("fw1/get", "{}");
            Assert.AreEqual(dev.Prefix + "fw1/get/accepted", topic);
            JsonElement doc = reply.GetProperty("execution").GetProperty("jobDocument");
            string url = doc.GetProperty("image").GetProperty("url").GetString();
            StringAssert.StartsWith(url, emu.Emulator.S3BaseUri.GetLeftPart(UriPartial.Authority) + "/fw-images/apps/app%201.2.0.bin?");
            StringAssert.Contains(url, "X-Amz-Security-Token=");
            using (HttpResponseMessage part = await GetRange(http, url, 100, 4195))
            {
                Assert.AreEqual(HttpStatusCode.PartialContent, part.StatusCode, await part.Content.ReadAsStringAsync());
                CollectionAssert.AreEqual(image.Skip(100).Take(4096).ToArray(), await part.Content.ReadAsByteArrayAsync());
            }

            JsonElement codesign = doc.GetProperty("codesign");
            Assert.AreEqual(image.Length, codesign.GetProperty("rawPayloadSize").GetInt32());
            Assert.AreEqual("SHA256withECDSA", codesign.GetProperty("signatureAlgorithm").GetString());
            using X509Certificate2 cert = X509Certificate2.CreateFromPem(emu.Emulator.CodeSigningCertificatePem("prof"));
            using ECDsa key = cert.GetECDsaPublicKey();
            Assert.IsTrue(key.VerifyData(image, Convert.FromBase64String(codesign.GetProperty("signature").GetString()), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

            emu.Clock.Advance(TimeSpan.FromSeconds(1));
            var (_, again) = await dev.RequestAsync("$next/get", "{}");
            string second = again.GetProperty("execution").GetProperty("jobDocument").GetProperty("image").GetProperty("url").GetString();
            Assert.AreNotEqual(url, second);
            using HttpResponseMessage tail = await GetRange(http, second, image.Length - 10, image.Length - 1);
            Assert.AreEqual(HttpStatusCode.PartialContent, tail.StatusCode);
            CollectionAssert.AreEqual(image.Skip(image.Length - 10).ToArray(), await tail.Content.ReadAsByteArrayAsync());
        }

        [TestMethod]
        public async Task StartNextAndUpdateWithDocument_AlsoCarryPresignedUrls()
        {
            await using var emu = await TestEmulator.StartAsync();
            Publish(emu.Emulator);
            await using var dev = await emu.ConnectAsync("dev-1");

            var (t1, started) = await dev.RequestAsync("start-next", "{}");
            var (t2, updated) = await dev.RequestAsync("fw1/update", "{\"status\":\"IN_PROGRESS\",\"includeJobDocument\":true}");

            Assert.AreEqual(dev.Prefix + "start-next/accepted", t1);
            StringAssert.Contains(started.GetProperty("execution").GetProperty("jobDocument").GetProperty("image").GetProperty("url").GetString(), "X-Amz-Signature=");
            Assert.AreEqual(dev.Prefix + "fw1/update/accepted", t2);
            StringAssert.Contains(updated.GetProperty("jobDocument").GetProperty("image").GetProperty("url").GetString(), "X-Amz-Signature=");
        }

        [TestMethod]
        public async Task RoleWithoutGetObject_DescribeAndStartNextAreRejectedWithTheReason_AndNothingChanges()
        {
            await using var emu = await TestEmulator.StartAsync();
            Publish(emu.Emulator, allowGetObject: false);
            await using var dev = await emu.ConnectAsync("dev-1");

            var (topic, reply) = await dev.RequestAsync("fw1/get", "{\"clientToken\":\"c1\"}");
            var (startTopic, _) = await dev.RequestAsync("start-next", "{}");

            Assert.AreEqual(dev.Prefix + "fw1/get/rejected", topic);
            Assert.AreEqual("InvalidRequest", reply.GetProperty("code").GetString());
            Assert.AreEqual("c1", reply.GetProperty("clientToken").GetString());
            string message = reply.GetProperty("message").GetString();
            StringAssert.Contains(message, "s3:GetObject");
            StringAssert.Contains(message, "arn:aws:s3:::fw-images/apps/app 1.2.0.bin");
            Assert.AreEqual(dev.Prefix + "start-next/rejected", startTopic);
            Assert.AreEqual(ExecStatus.Queued, emu.Emulator.Snapshot().Single().Status);
            Assert.IsTrue(emu.Emulator.LogLines.Any(l => l.Contains("document not delivered") && l.Contains("fw1")));
        }

        [TestMethod]
        public async Task RoleWithoutGetObject_NotifyNextCarriesTheExecutionWithoutDocument()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("dev-1");
            await dev.SubscribeEventsAsync();
            Publish(emu.Emulator, allowGetObject: false);

            var (_, next) = await dev.NextAsync(dev.Prefix + "notify-next");

            JsonElement execution = next.GetProperty("execution");
            Assert.AreEqual("fw1", execution.GetProperty("jobId").GetString());
            Assert.IsFalse(execution.TryGetProperty("jobDocument", out _));
        }

        [TestMethod]
        public async Task ExpiredUrl_Answers403RequestHasExpired_AndAFreshDescribeGivesAWorkingOne()
        {
            await using var emu = await TestEmulator.StartAsync();
            byte[] image = Publish(emu.Emulator, expiresInSec: 60);
            await using var dev = await emu.ConnectAsync("dev-1");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            var (_, reply) = await dev.RequestAsync("fw1/get", "{}");
            string url = reply.GetProperty("execution").GetProperty("jobDocument").GetProperty("image").GetProperty("url").GetString();
            StringAssert.Contains(url, "X-Amz-Expires=60&");

            emu.Clock.Advance(TimeSpan.FromSeconds(61));
            using (HttpResponseMessage expired = await GetRange(http, url, 0, 99))
            {
                Assert.AreEqual(HttpStatusCode.Forbidden, expired.StatusCode);
                string body = await expired.Content.ReadAsStringAsync();
                StringAssert.Contains(body, "<Code>AccessDenied</Code>");
                StringAssert.Contains(body, "<Message>Request has expired</Message>");
            }
            var (_, fresh) = await dev.RequestAsync("fw1/get", "{}");
            string renewed = fresh.GetProperty("execution").GetProperty("jobDocument").GetProperty("image").GetProperty("url").GetString();
            using HttpResponseMessage ok = await GetRange(http, renewed, 0, 99);

            Assert.AreEqual(HttpStatusCode.PartialContent, ok.StatusCode);
            CollectionAssert.AreEqual(image.Take(100).ToArray(), await ok.Content.ReadAsByteArrayAsync());
        }

        [TestMethod]
        public async Task ThrowingResolver_IsAnsweredOnRejected_NotEscaping()
        {
            await using var emu = await TestEmulator.StartAsync();
            await using var dev = await emu.ConnectAsync("dev-1");
            emu.Emulator.CreateJob("job1", "{\"operation\":\"x\"}", "dev-1");
            emu.Emulator.Jobs.Resolver = new ThrowingResolver();

            var (topic, reply) = await dev.RequestAsync("job1/get", "{}");
            var (stillServing, _) = await dev.RequestAsync("get", "{}");

            Assert.AreEqual(dev.Prefix + "job1/get/rejected", topic);
            StringAssert.Contains(reply.GetProperty("message").GetString(), "resolver broke");
            Assert.AreEqual(dev.Prefix + "get/accepted", stillServing);
        }

        private sealed class ThrowingResolver : IJobDocumentResolver
        {
            public string Resolve(JobDocumentContext context) => throw new InvalidOperationException("resolver broke");
        }
    }
}
