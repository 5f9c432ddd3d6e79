using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.Tests
{
    /// <summary>The S3 endpoint over HTTP on loopback: buckets, versioning, Range, errors, presigned GETs, fault hooks.</summary>
    [TestClass]
    public sealed class S3EndpointTests
    {
        private static readonly byte[] Image = Enumerable.Range(0, 10000).Select(i => (byte)(i * 7)).ToArray();

        private static async Task<S3Fixture> WithObjectAsync()
        {
            var f = await S3Fixture.StartAsync();
            f.Store.CreateBucket("fw-bucket");
            f.Store.PutObject("fw-bucket", "img.bin", Image);
            return f;
        }

        [TestMethod]
        public async Task CreateBucket_Versioning_Put_Get_RoundTripOverHttp()
        {
            await using var f = await S3Fixture.StartAsync();
            Assert.AreEqual(HttpStatusCode.OK, (await f.SendSignedAsync(HttpMethod.Put, "/fw-bucket")).StatusCode);
            var v = Encoding.UTF8.GetBytes("<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled</Status></VersioningConfiguration>");
            Assert.AreEqual(HttpStatusCode.OK, (await f.SendSignedAsync(HttpMethod.Put, "/fw-bucket?versioning", v)).StatusCode);

            var put1 = await f.SendSignedAsync(HttpMethod.Put, "/fw-bucket/rc/fw%20v1%2B2%7D.bin", Encoding.UTF8.GetBytes("one"));
            var put2 = await f.SendSignedAsync(HttpMethod.Put, "/fw-bucket/rc/fw%20v1%2B2%7D.bin", Encoding.UTF8.GetBytes("two"));
            Assert.AreEqual(HttpStatusCode.OK, put1.StatusCode);
            string v1 = put1.Headers.GetValues("x-amz-version-id").Single(), v2 = put2.Headers.GetValues("x-amz-version-id").Single();
            Assert.AreNotEqual(v1, v2);
            Assert.AreEqual("\"" + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes("one"))) + "\"", put1.Headers.ETag.Tag);

            var latest = await f.SendSignedAsync(HttpMethod.Get, "/fw-bucket/rc/fw%20v1%2B2%7D.bin");
            Assert.AreEqual("two", await latest.Content.ReadAsStringAsync());
            var old = await f.SendSignedAsync(HttpMethod.Get, "/fw-bucket/rc/fw%20v1%2B2%7D.bin?versionId=" + v1);
            Assert.AreEqual("one", await old.Content.ReadAsStringAsync());
            Assert.AreEqual(v1, old.Headers.GetValues("x-amz-version-id").Single());
            Assert.AreEqual("one", Encoding.UTF8.GetString(f.Store.GetObject("fw-bucket", "rc/fw v1+2}.bin", v1).Data));

            string versions = await (await f.SendSignedAsync(HttpMethod.Get, "/fw-bucket?versions")).Content.ReadAsStringAsync();
            StringAssert.Contains(versions, $"<VersionId>{v2}</VersionId><IsLatest>true</IsLatest>");
            StringAssert.Contains(versions, $"<VersionId>{v1}</VersionId><IsLatest>false</IsLatest>");
        }

        [TestMethod]
        public async Task Get_ServesRange_With206ContentRangeAndAcceptRanges()
        {
            await using var f = await WithObjectAsync();
            var r = await f.SendSignedAsync(HttpMethod.Get, "/fw-bucket/img.bin", tweak: m => m.Headers.Range = new RangeHeaderValue(4096, 8191));
            Assert.AreEqual(HttpStatusCode.PartialContent, r.StatusCode);
            Assert.AreEqual("bytes 4096-8191/10000", r.Content.Headers.ContentRange.ToString());
            Assert.AreEqual("bytes", r.Headers.AcceptRanges.Single());
            CollectionAssert.AreEqual(Image.Skip(4096).Take(4096).ToArray(), await r.Content.ReadAsByteArrayAsync());

            var tail = await f.SendSignedAsync(HttpMethod.Get, "/fw-bucket/img.bin", tweak: m => m.Headers.Range = new RangeHeaderValue(8192, null));
            Assert.AreEqual("bytes 8192-9999/10000", tail.Content.Headers.ContentRange.ToString());
            var suffix = await f.SendSignedAsync(HttpMethod.Get, "/fw-bucket/img.bin", tweak: m => m.Headers.Range = new RangeHeaderValue(null, 10));
            Assert.AreEqual("bytes 9990-9999/10000", suffix.Content.Headers.ContentRange.ToString());
            var beyond = await f.SendSignedAsync(HttpMethod.Get, "/fw-bucket/img.bin", tweak: m => m.Headers.Range = new RangeHeaderValue(9000, 20000));
            Assert.AreEqual("bytes 9000-9999/10000", beyond.Content.Headers.ContentRange.ToString());
        }

        [TestMethod]
        public async Task Get_Returns416InvalidRange_WhenRangeStartsPastTheEnd()
        {
            await using var f = await WithObjectAsync();
            var r = await f.SendSignedAsync(HttpMethod.Get, "/fw-bucket/img.bin", tweak: m => m.Headers.Range = new RangeHeaderValue(10000, 10100));
            Assert.AreEqual(HttpStatusCode.RequestedRangeNotSatisfiable, r.StatusCode);
            string body = await r.Content.ReadAsStringAsync();
            StringAssert.Contains(body, "<Error><Code>InvalidRange</Code><Message>The requested range is not satisfiable</Message><RangeRequested>bytes=10000-10100</RangeRequested><ActualObjectSize>10000</ActualObjectSize>");
        }

        [TestMethod]
        public async Task Head_ReturnsHeadersWithoutBody()
        {
            await using var f = await WithObjectAsync();
            var r = await f.SendSignedAsync(HttpMethod.Head, "/fw-bucket/img.bin");
            Assert.AreEqual(HttpStatusCode.OK, r.StatusCode);
            Assert.AreEqual(10000, r.Content.Headers.ContentLength);
            Assert.AreEqual(0, (await r.Content.ReadAsByteArrayAsync()).Length);
        }

        [TestMethod]
        public async Task Errors_AreS3XmlBodies()
        {
            await using var f = await WithObjectAsync();
            var noBucket = await f.SendSignedAsync(HttpMethod.Get, "/missing-bucket/x");
            Assert.AreEqual(HttpStatusCode.NotFound, noBucket.StatusCode);
            Assert.AreEqual("application/xml", noBucket.Content.Headers.ContentType.MediaType);
            StringAssert.Contains(await noBucket.Content.ReadAsStringAsync(), "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>missing-bucket</BucketName><RequestId>");

            var noKey = await f.SendSignedAsync(HttpMethod.Get, "/fw-bucket/nope.bin");
            StringAssert.Contains(await noKey.Content.ReadAsStringAsync(), "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>nope.bin</Key>");

            var anonymous = await f.Http.GetAsync(f.Url("/fw-bucket/img.bin"));
            Assert.AreEqual(HttpStatusCode.Forbidden, anonymous.StatusCode);
            StringAssert.Contains(await anonymous.Content.ReadAsStringAsync(), "<Error><Code>AccessDenied</Code><Message>Access Denied</Message>");

            var wrongSecret = new HttpRequestMessage(HttpMethod.Get, f.Url("/fw-bucket/img.bin"));
            SigV4Signer.Sign(wrongSecret, new AwsCredential(f.Admin.AccessKeyId, "not-the-secret"), "us-east-1", "s3", DateTimeOffset.UtcNow);
            var mismatch = await f.Http.SendAsync(wrongSecret);
            Assert.AreEqual(HttpStatusCode.Forbidden, mismatch.StatusCode);
            string body = await mismatch.Content.ReadAsStringAsync();
            StringAssert.Contains(body, "<Code>SignatureDoesNotMatch</Code>");
            StringAssert.Contains(body, "<CanonicalRequest>GET\n/fw-bucket/img.bin\n\n");
        }

        [TestMethod]
        public async Task PresignedGet_Works_AndExpiredOrTamperedOrMalformedGetS3Errors()
        {
            await using var f = await WithObjectAsync();
            Uri url = SigV4Signer.Presign("GET", f.Url("/fw-bucket/img.bin"), f.Admin, "us-east-1", DateTimeOffset.UtcNow, 300);
            var ok = await f.Http.GetAsync(url);
            Assert.AreEqual(HttpStatusCode.OK, ok.StatusCode);
            CollectionAssert.AreEqual(Image, await ok.Content.ReadAsByteArrayAsync());

            Uri expired = SigV4Signer.Presign("GET", f.Url("/fw-bucket/img.bin"), f.Admin, "us-east-1", DateTimeOffset.UtcNow.AddMinutes(-10), 60);
            var e = await f.Http.GetAsync(expired);
            Assert.AreEqual(HttpStatusCode.Forbidden, e.StatusCode);
            StringAssert.Contains(await e.Content.ReadAsStringAsync(), "<Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>60</X-Amz-Expires><Expires>");

            var tampered = await f.Http.GetAsync(new Uri(url.AbsoluteUri.Replace("X-Amz-Expires=300", "X-Amz-Expires=301")));
            Assert.AreEqual(HttpStatusCode.Forbidden, tampered.StatusCode);
            StringAssert.Contains(await tampered.Content.ReadAsStringAsync(), "<Code>SignatureDoesNotMatch</Code>");

            var malformed = await f.Http.GetAsync(new Uri(url.AbsoluteUri.Replace("X-Amz-Expires=300", "X-Amz-Expires=700000")));
            Assert.AreEqual(HttpStatusCode.BadRequest, malformed.StatusCode);
            StringAssert.Contains(await malformed.Content.ReadAsStringAsync(), "<Code>AuthorizationQueryParametersError</Code><Message>X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds</Message>");
        }

        [TestMethod]
        public async Task Faults_IgnoreRange_WrongContentRange_AndDrop()
        {
            await using var f = await WithObjectAsync();
            Uri url = SigV4Signer.Presign("GET", f.Url("/fw-bucket/img.bin"), f.Admin, "us-east-1", DateTimeOffset.UtcNow, 300);
            HttpRequestMessage Ranged() => new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Range = new RangeHeaderValue(100, 199) } };

            f.Endpoint.Faults.IgnoreRangeTimes = 1;
            var full = await f.Http.SendAsync(Ranged());
            Assert.AreEqual(HttpStatusCode.OK, full.StatusCode);
            Assert.AreEqual(10000, (await full.Content.ReadAsByteArrayAsync()).Length);
            Assert.AreEqual(HttpStatusCode.PartialContent, (await f.Http.SendAsync(Ranged())).StatusCode);

            f.Endpoint.Faults.WrongContentRangeTimes = 1;
            f.Endpoint.Faults.ContentRangeShift = 5;
            var wrong = await f.Http.SendAsync(Ranged());
            Assert.AreEqual("bytes 105-204/10000", wrong.Content.Headers.ContentRange.ToString());

            f.Endpoint.Faults.DropTimes = 1;
            f.Endpoint.Faults.DropAfterBytes = 1000;
            var dropped = await f.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            Assert.AreEqual(HttpStatusCode.OK, dropped.StatusCode);
            var stream = await dropped.Content.ReadAsStreamAsync();
            var buffer = new byte[20000];
            int total = 0;
            await Assert.ThrowsAsync<Exception>(async () =>
            {
                int n;
                while ((n = await stream.ReadAsync(buffer, total, buffer.Length - total)) > 0) total += n;
                if (total < 10000) throw new Exception("short body");
            });
            Assert.AreEqual(1000, total);
        }

        [TestMethod]
        public async Task Throttle_LimitsThroughput()
        {
            await using var f = await WithObjectAsync();
            f.Endpoint.Faults.ThrottleBytesPerSecond = 20000;
            var waits = new System.Collections.Concurrent.ConcurrentQueue<TimeSpan>();
            f.Endpoint.Faults.Delay = (d, ct) => { waits.Enqueue(d); return Task.CompletedTask; };
            var r = await f.SendSignedAsync(HttpMethod.Get, "/fw-bucket/img.bin");
            Assert.AreEqual(10000, (await r.Content.ReadAsByteArrayAsync()).Length);
            // 10,000 bytes at 20,000 B/s go out in slices of ~2 KB, each due at sent/rate: the schedule ends at ~0.5 s.
            Assert.IsTrue(waits.Count >= 4, "slices paced: " + waits.Count);
            Assert.IsTrue(waits.Max() >= TimeSpan.FromMilliseconds(400), "last slice due at " + waits.Max());
        }

        [TestMethod]
        public async Task AwsChunkedUpload_IsDecoded()
        {
            await using var f = await S3Fixture.StartAsync();
            f.Store.CreateBucket("fw-bucket");
            byte[] chunked = Encoding.ASCII.GetBytes("5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");
            var msg = new HttpRequestMessage(HttpMethod.Put, f.Url("/fw-bucket/c.txt")) { Content = new ByteArrayContent(chunked) };
            msg.Content.Headers.ContentEncoding.Add("aws-chunked");
            msg.Headers.TryAddWithoutValidation("x-amz-decoded-content-length", "11");
            msg.Headers.TryAddWithoutValidation("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
            SignKeepingPayloadHeader(msg, f.Admin);
            var r = await f.Http.SendAsync(msg);
            Assert.AreEqual(HttpStatusCode.OK, r.StatusCode, await r.Content.ReadAsStringAsync());
            Assert.AreEqual("hello world", Encoding.ASCII.GetString(f.Store.GetObject("fw-bucket", "c.txt").Data));
        }

        /// <summary>Signs with the x-amz-content-sha256 already on the request (the STREAMING marker) as the payload hash.</summary>
        private static void SignKeepingPayloadHeader(HttpRequestMessage msg, AwsCredential cred)
        {
            var now = DateTimeOffset.UtcNow;
            string amzDate = SigV4.FormatAmzDate(now);
            msg.Headers.Remove("x-amz-date");
            msg.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
            msg.Headers.Host = msg.RequestUri.Authority;
            var headers = SigV4Tests.FromMessage(msg).Headers;
            var signed = headers.Keys.Where(k => k == "host" || k.StartsWith("x-amz-")).OrderBy(k => k, StringComparer.Ordinal).ToList();
            string canonical = SigV4.CanonicalRequest("PUT", SigV4.CanonicalUri(msg.RequestUri.AbsolutePath, "s3"), "", signed,
                n => headers.TryGetValue(n, out string v) ? v : null, headers["x-amz-content-sha256"]);
            string scope = SigV4.Scope(amzDate.Substring(0, 8), "us-east-1", "s3");
            string sig = SigV4.Signature(SigV4.SigningKey(cred.SecretAccessKey, amzDate.Substring(0, 8), "us-east-1", "s3"), SigV4.StringToSign(amzDate, scope, canonical));
            msg.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={cred.AccessKeyId}/{scope}, SignedHeaders={string.Join(";", signed)}, Signature={sig}");
        }
    }
}
