using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.Tests
{
    /// <summary>Query-string (presigned URL) SigV4, against the S3 API Reference example and the reference §7 error table.</summary>
    [TestClass]
    public sealed class SigV4PresignTests
    {
        private static readonly DateTimeOffset S3Time = new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);
        private const string AwsExampleQuery = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

        private static SigV4Verifier Verifier(DateTimeOffset now, AwsCredentialStore store = null)
        {
            store ??= new AwsCredentialStore();
            store.Add(SigV4Tests.S3Key, SigV4Tests.S3Secret);
            return new SigV4Verifier(store, () => now);
        }

        private static SigV4Request Get(string query, string path = "/test.txt", string host = "examplebucket.s3.amazonaws.com") =>
            new SigV4Request { Method = "GET", RawPath = path, RawQuery = query, Headers = new Dictionary<string, string> { ["host"] = host } };

        [TestMethod]
        public void Presign_ReproducesAwsExampleSignature()
        {
            Uri url = SigV4Signer.Presign("GET", new Uri("https://examplebucket.s3.amazonaws.com/test.txt"),
                new AwsCredential(SigV4Tests.S3Key, SigV4Tests.S3Secret), "us-east-1", S3Time, 86400);
            StringAssert.EndsWith(url.Query, "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
            StringAssert.Contains(url.Query, "X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request");
        }

        [TestMethod]
        public void VerifyPresigned_AcceptsAwsExampleUrl_UntilItExpires()
        {
            Assert.IsTrue(Verifier(S3Time.AddSeconds(86400)).VerifyPresigned(Get(AwsExampleQuery)).Ok);
            var r = Verifier(S3Time.AddSeconds(86401)).VerifyPresigned(Get(AwsExampleQuery));
            Assert.AreEqual(403, r.Error.HttpStatus);
            Assert.AreEqual("AccessDenied", r.Error.Code);
            Assert.AreEqual("Request has expired", r.Error.Message);
            Assert.AreEqual("86400", r.Error.Detail("X-Amz-Expires"));
            Assert.AreEqual("2013-05-25T00:00:00Z", r.Error.Detail("Expires"));
            Assert.AreEqual("2013-05-25T00:00:01Z", r.Error.Detail("ServerTime"));
            StringAssert.Contains(r.Error.ToS3Xml(), "<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>86400</X-Amz-Expires><Expires>2013-05-25T00:00:00Z</Expires><ServerTime>2013-05-25T00:00:01Z</ServerTime><RequestId>");
        }

        [TestMethod]
        [DataRow("X-Amz-Expires=86400", "X-Amz-Expires=86401")]
        [DataRow("X-Amz-Date=20130524T000000Z", "X-Amz-Date=20130524T000001Z")]
        [DataRow("X-Amz-Signature=aeee", "X-Amz-Signature=beee")]
        public void VerifyPresigned_ReturnsSignatureDoesNotMatch_WhenAnyParameterIsTampered(string from, string to)
        {
            var r = Verifier(S3Time.AddMinutes(1)).VerifyPresigned(Get(AwsExampleQuery.Replace(from, to)));
            Assert.AreEqual(403, r.Error.HttpStatus);
            Assert.AreEqual("SignatureDoesNotMatch", r.Error.Code);
            Assert.AreEqual("The request signature we calculated does not match the signature you provided. Check your key and signing method.", r.Error.Message);
            Assert.AreEqual("AKIAIOSFODNN7EXAMPLE", r.Error.Detail("AWSAccessKeyId"));
            StringAssert.StartsWith(r.Error.Detail("StringToSign"), "AWS4-HMAC-SHA256\n");
            StringAssert.StartsWith(r.Error.Detail("StringToSignBytes"), "41 57 53 34");
            StringAssert.EndsWith(r.Error.Detail("CanonicalRequest"), "\nhost:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD");
        }

        [TestMethod]
        public void VerifyPresigned_ReturnsSignatureDoesNotMatch_WhenKeyOrHostChanged()
        {
            Assert.AreEqual("SignatureDoesNotMatch", Verifier(S3Time).VerifyPresigned(Get(AwsExampleQuery, path: "/test2.txt")).Error.Code);
            Assert.AreEqual("SignatureDoesNotMatch", Verifier(S3Time).VerifyPresigned(Get(AwsExampleQuery, host: "127.0.0.1:9000")).Error.Code);
        }

        [TestMethod]
        [DataRow("X-Amz-Algorithm=AWS4-HMAC-SHA256&", "", "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")]
        [DataRow("&X-Amz-Expires=86400", "", "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")]
        [DataRow("X-Amz-Expires=86400", "X-Amz-Expires=604801", "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds")]
        [DataRow("X-Amz-Expires=86400", "X-Amz-Expires=abc", "X-Amz-Expires should be a number")]
        [DataRow("X-Amz-Expires=86400", "X-Amz-Expires=-1", "X-Amz-Expires must be non-negative")]
        [DataRow("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"")]
        public void VerifyPresigned_ReturnsAuthorizationQueryParametersError(string from, string to, string message)
        {
            var r = Verifier(S3Time).VerifyPresigned(Get(AwsExampleQuery.Replace(from, to)));
            Assert.AreEqual(400, r.Error.HttpStatus);
            Assert.AreEqual("AuthorizationQueryParametersError", r.Error.Code);
            Assert.AreEqual(message, r.Error.Message);
        }

        [TestMethod]
        public void VerifyPresigned_ReturnsNotValidYet_WhenDateIsInTheFuture()
        {
            var r = Verifier(S3Time.AddMinutes(-16)).VerifyPresigned(Get(AwsExampleQuery));
            Assert.AreEqual("AccessDenied", r.Error.Code);
            Assert.AreEqual("Request is not valid yet", r.Error.Message);
        }

        [TestMethod]
        public void PresignAndVerify_RoundTrip_WithSessionTokenAndVersionId()
        {
            var now = new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero);
            var store = new AwsCredentialStore();
            AwsCredential cred = store.CreateTemporary(now.AddHours(2));
            Uri url = SigV4Signer.Presign("GET", new Uri("http://127.0.0.1:9000/fw/" + SigV4.UriEncode("rc/fw v1+2}.bin", true) + "?versionId=3%2Fx"),
                cred, "eu-west-1", now, 60);
            StringAssert.StartsWith(url.Query, "?versionId=3%2Fx&X-Amz-Security-Token=");
            var req = new SigV4Request { Method = "GET", RawPath = url.AbsolutePath, RawQuery = url.Query.TrimStart('?'), Headers = new Dictionary<string, string> { ["host"] = "127.0.0.1:9000" } };
            var verifier = new SigV4Verifier(store, () => now.AddSeconds(60));
            Assert.IsTrue(verifier.VerifyPresigned(req).Ok);

            var noToken = new SigV4Request { Method = "GET", RawPath = req.RawPath, RawQuery = System.Text.RegularExpressions.Regex.Replace(req.RawQuery, "X-Amz-Security-Token=[^&]*&", ""), Headers = req.Headers };
            Assert.AreEqual("InvalidAccessKeyId", verifier.VerifyPresigned(noToken).Error.Code);
            Assert.AreEqual("AccessDenied", new SigV4Verifier(store, () => now.AddSeconds(61)).VerifyPresigned(req).Error.Code);
            Assert.AreEqual("ExpiredToken", new SigV4Verifier(store, () => now.AddHours(2)).VerifyPresigned(new SigV4Request
            {
                Method = "GET", RawPath = req.RawPath, RawQuery = req.RawQuery.Replace("X-Amz-Date=20261123T200000Z", "X-Amz-Date=20261123T215959Z"), Headers = req.Headers,
            }).Error.Code);
        }

        [TestMethod]
        public void VerifyPresigned_ReturnsInvalidAccessKeyId_ForUnknownKey()
        {
            var r = new SigV4Verifier(new AwsCredentialStore(), () => S3Time).VerifyPresigned(Get(AwsExampleQuery));
            Assert.AreEqual(403, r.Error.HttpStatus);
            Assert.AreEqual("InvalidAccessKeyId", r.Error.Code);
            Assert.AreEqual("AKIAIOSFODNN7EXAMPLE", r.Error.Detail("AWSAccessKeyId"));
        }
    }
}
