using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Aws;
using NfDevice.Cloud.Iam;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.S3;

namespace NfDevice.Cloud.Tests
{
    /// <summary>${aws:iot:s3-presigned-url...} resolution: fresh URLs on the emulator's S3, only for roles that allow it.</summary>
    [TestClass]
    public sealed class S3PresignedUrlResolverTests
    {
        private static (IamStore Iam, AwsCredentialStore Creds, PresignedUrlResolver Resolver, RoleSessions Sessions, string RoleArn) Setup(bool allow = true)
        {
            var iam = new IamStore();
            var creds = new AwsCredentialStore();
            IamRole role = iam.CreateRole("iot-presign", IamPolicyTests.IotTrust);
            if (allow) iam.PutRolePolicy("iot-presign", "get", IamPolicyTests.GetObjectFw);
            var sessions = new RoleSessions(creds, iam);
            return (iam, creds, new PresignedUrlResolver(iam, sessions, new Uri("http://127.0.0.1:9000")), sessions, role.Arn);
        }

        private static string UrlIn(string doc) => JsonDocument.Parse(doc).RootElement.GetProperty("url").GetString();

        [TestMethod]
        public void Resolve_V1_ReplacesPlaceholderWithPresignedUrlOnEmulator()
        {
            var s = Setup();
            var now = new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero);
            string doc = "{\"url\":\"${aws:iot:s3-presigned-url:https://s3.eu-west-1.amazonaws.com/fw-bucket/rc/img.bin}\",\"size\":10}";
            string resolved = s.Resolver.Resolve(doc, s.RoleArn, 60, now);
            Uri url = new Uri(UrlIn(resolved));
            Assert.AreEqual("/fw-bucket/rc/img.bin", url.AbsolutePath);
            Assert.AreEqual(9000, url.Port);
            StringAssert.StartsWith(url.Query, "?X-Amz-Security-Token=");
            StringAssert.Contains(url.Query, "&X-Amz-Date=20261123T200000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=60&X-Amz-Credential=ASIA");
            StringAssert.Contains(url.Query, "%2F20261123%2Feu-west-1%2Fs3%2Faws4_request");
            StringAssert.EndsWith(resolved, ",\"size\":10}");

            var verifier = new SigV4Verifier(s.Creds, () => now.AddSeconds(30));
            var req = new SigV4Request { Method = "GET", RawPath = url.AbsolutePath, RawQuery = url.Query.TrimStart('?'), Headers = new Dictionary<string, string> { ["host"] = "127.0.0.1:9000" } };
            Assert.IsTrue(verifier.VerifyPresigned(req).Ok);
        }

        [TestMethod]
        public void Resolve_IsFreshOnEachDelivery()
        {
            var s = Setup();
            var now = new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero);
            string doc = "{\"url\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/fw-bucket/img.bin}\"}";
            string first = UrlIn(s.Resolver.Resolve(doc, s.RoleArn, 0, now));
            string second = UrlIn(s.Resolver.Resolve(doc, s.RoleArn, 0, now.AddSeconds(1)));
            Assert.AreNotEqual(first, second);
            StringAssert.Contains(first, "X-Amz-Expires=3600");
            StringAssert.Contains(first, "us-east-1");
        }

        [TestMethod]
        public void Resolve_V2_DecodesKeyAndKeepsVersionId_VirtualHosted()
        {
            var s = Setup();
            var now = DateTimeOffset.UtcNow;
            string doc = "{\"url\":\"${aws:iot:s3-presigned-url-v2:https://fw-bucket.s3.us-west-2.amazonaws.com/rc/fw%20v1%2B2%7D.bin%3FversionId%3DabcDEF}\"}";
            // S3 authorizes GET ?versionId= as s3:GetObjectVersion: without it the resolver refuses (see the next test).
            s.Iam.PutRolePolicy("iot-presign", "get-version", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObjectVersion\",\"Resource\":\"arn:aws:s3:::fw-bucket/*\"}]}");
            Uri url = new Uri(UrlIn(s.Resolver.Resolve(doc, s.RoleArn, 120, now)));
            Assert.AreEqual("/fw-bucket/rc/fw%20v1%2B2%7D.bin", url.AbsolutePath);
            StringAssert.StartsWith(url.Query, "?versionId=abcDEF&X-Amz-Security-Token=");
            StringAssert.Contains(url.Query, "us-west-2");
        }

        [TestMethod]
        public void Resolve_FailsWithReason_WhenVersionedUrlButRoleLacksGetObjectVersion()
        {
            var s = Setup();
            string doc = "{\"url\":\"${aws:iot:s3-presigned-url-v2:https://s3.us-east-1.amazonaws.com/fw-bucket/img.bin%3FversionId%3Dv1}\"}";

            var e = Assert.ThrowsExactly<PlaceholderResolutionException>(() => s.Resolver.Resolve(doc, s.RoleArn, 60, DateTimeOffset.UtcNow));

            StringAssert.Contains(e.Message, "s3:GetObjectVersion");
        }

        [TestMethod]
        public void Resolve_FailsWithReason_WhenRoleLacksGetObjectOrTrust()
        {
            var s = Setup(allow: false);
            string doc = "{\"url\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/fw-bucket/img.bin}\"}";
            var e = Assert.ThrowsExactly<PlaceholderResolutionException>(() => s.Resolver.Resolve(doc, s.RoleArn, 60, DateTimeOffset.UtcNow));
            Assert.AreEqual($"cannot presign s3://fw-bucket/img.bin: role {s.RoleArn} is not allowed s3:GetObject on arn:aws:s3:::fw-bucket/img.bin (no statement allows it)", e.Message);
            Assert.IsFalse(s.Resolver.TryResolve(doc, null, 60, DateTimeOffset.UtcNow, out _, out string noRole));
            StringAssert.Contains(noRole, "no presignedUrlConfig.roleArn");
            Assert.IsFalse(s.Resolver.TryResolve(doc, s.RoleArn, 59, DateTimeOffset.UtcNow, out _, out string range));
            StringAssert.Contains(range, "between 60 and 3600");
        }

        [TestMethod]
        public void Resolve_ThroughJobDocumentResolverInterface_LeavesDocumentsWithoutPlaceholders()
        {
            var s = Setup();
            IJobDocumentResolver r = s.Resolver;
            Assert.AreEqual("{\"a\":1}", r.Resolve(new JobDocumentContext { Document = "{\"a\":1}", NowSeconds = 1 }));
            string resolved = r.Resolve(new JobDocumentContext
            {
                Document = "{\"url\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/fw-bucket/img.bin}\"}",
                PresignedUrlRoleArn = s.RoleArn,
                PresignedUrlExpiresInSec = 300,
                NowSeconds = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(),
            });
            StringAssert.Contains(resolved, "X-Amz-Date=20260101T000000Z");
        }

        [TestMethod]
        public async Task ResolvedUrl_DownloadsFromS3_AndRoleSessionsAreLimitedToTheRolePolicy()
        {
            await using var f = await S3Fixture.StartAsync();
            f.Store.CreateBucket("fw-bucket");
            f.Store.CreateBucket("private-bucket");
            f.Store.PutObject("fw-bucket", "img.bin", new byte[] { 1, 2, 3 });
            f.Store.PutObject("private-bucket", "k", new byte[] { 9 });
            var iam = new IamStore();
            IamRole role = iam.CreateRole("iot-presign", IamPolicyTests.IotTrust);
            iam.PutRolePolicy("iot-presign", "get", IamPolicyTests.GetObjectFw);
            var sessions = new RoleSessions(f.Credentials, iam);
            f.Endpoint.Authorize = sessions.AuthorizeS3;
            var resolver = new PresignedUrlResolver(iam, sessions, f.Server.BaseUri);

            string url = UrlIn(resolver.Resolve("{\"url\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/fw-bucket/img.bin}\"}", role.Arn, 60, DateTimeOffset.UtcNow));
            var ok = await f.Http.GetAsync(url);
            Assert.AreEqual(HttpStatusCode.OK, ok.StatusCode);
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, await ok.Content.ReadAsByteArrayAsync());

            AwsCredential session = sessions.ForRole(role.Arn, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
            Uri other = SigV4Signer.Presign("GET", f.Url("/private-bucket/k"), session, "us-east-1", DateTimeOffset.UtcNow, 60);
            var denied = await f.Http.GetAsync(other);
            Assert.AreEqual(HttpStatusCode.Forbidden, denied.StatusCode);
            StringAssert.Contains(await denied.Content.ReadAsStringAsync(), "<Code>AccessDenied</Code><Message>Access Denied</Message>");

            // AWS-like mode: the URL is issued, and S3 refuses it.
            resolver.FailWhenRoleDenies = false;
            string issued = UrlIn(resolver.Resolve("{\"url\":\"${aws:iot:s3-presigned-url:https://s3.amazonaws.com/private-bucket/k}\"}", role.Arn, 60, DateTimeOffset.UtcNow));
            Assert.AreEqual(HttpStatusCode.Forbidden, (await f.Http.GetAsync(issued)).StatusCode);
        }
    }
}
