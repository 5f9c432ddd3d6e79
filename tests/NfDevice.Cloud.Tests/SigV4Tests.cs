using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.Tests
{
    /// <summary>
    /// SigV4 against AWS's published examples: the SigV4 test suite (AKIDEXAMPLE, 20150830T123600Z, service
    /// "service") and the S3 API Reference examples (AKIAIOSFODNN7EXAMPLE, 20130524T000000Z, examplebucket).
    /// </summary>
    [TestClass]
    public sealed class SigV4Tests
    {
        internal const string SuiteKey = "AKIDEXAMPLE";
        internal const string SuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        internal const string S3Key = "AKIAIOSFODNN7EXAMPLE";
        internal const string S3Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        private static readonly DateTimeOffset SuiteTime = new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
        private static readonly DateTimeOffset S3Time = new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

        private static SigV4Verifier Verifier(DateTimeOffset now)
        {
            var store = new AwsCredentialStore();
            store.Add(SuiteKey, SuiteSecret);
            store.Add(S3Key, S3Secret);
            return new SigV4Verifier(store, () => now);
        }

        private static SigV4Request Req(string method, string path, string query, params (string, string)[] headers) =>
            new SigV4Request { Method = method, RawPath = path, RawQuery = query, Headers = headers.ToDictionary(h => h.Item1, h => h.Item2) };

        private static string SuiteAuth(string signature) =>
            $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}";

        [TestMethod]
        public void Verify_AcceptsSuiteGetVanilla()
        {
            var r = Verifier(SuiteTime).Verify(Req("GET", "/", "", ("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z"),
                ("authorization", SuiteAuth("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))), null, "service");
            Assert.IsTrue(r.Ok, r.Error?.ToString());
            Assert.AreEqual("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + SigV4.EmptySha256, r.CanonicalRequest);
            Assert.AreEqual(SuiteKey, r.Credential.AccessKeyId);
        }

        [TestMethod]
        public void Verify_SortsQuery_SuiteGetVanillaQueryOrderKeyCase()
        {
            var r = Verifier(SuiteTime).Verify(Req("GET", "/", "Param2=value2&Param1=value1", ("host", "example.amazonaws.com"),
                ("x-amz-date", "20150830T123600Z"), ("authorization", SuiteAuth("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"))), null, "service");
            Assert.IsTrue(r.Ok, r.Error?.ToString());
        }

        [TestMethod]
        public void Verify_AcceptsS3GetObjectWithRangeExample()
        {
            var r = Verifier(S3Time).Verify(Req("GET", "/test.txt", "", ("host", "examplebucket.s3.amazonaws.com"), ("range", "bytes=0-9"),
                ("x-amz-content-sha256", SigV4.EmptySha256), ("x-amz-date", "20130524T000000Z"),
                ("authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")),
                null, "s3");
            Assert.IsTrue(r.Ok, r.Error?.ToString());
            Assert.AreEqual("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972", r.StringToSign);
        }

        [TestMethod]
        public void Verify_AcceptsS3PutObjectExample_WithEncodedKeyAndBodyHash()
        {
            byte[] body = Encoding.UTF8.GetBytes("Welcome to Amazon S3.");
            var r = Verifier(S3Time).Verify(Req("PUT", "/test%24file.text", "", ("host", "examplebucket.s3.amazonaws.com"),
                ("date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
                ("x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"), ("x-amz-date", "20130524T000000Z"),
                ("authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")),
                body, "s3");
            Assert.IsTrue(r.Ok, r.Error?.ToString());
        }

        [TestMethod]
        public void Verify_AcceptsS3ListObjectsExample_WithQueryParameters()
        {
            var r = Verifier(S3Time).Verify(Req("GET", "/", "max-keys=2&prefix=J", ("host", "examplebucket.s3.amazonaws.com"),
                ("x-amz-content-sha256", SigV4.EmptySha256), ("x-amz-date", "20130524T000000Z"),
                ("authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")),
                null, "s3");
            Assert.IsTrue(r.Ok, r.Error?.ToString());
        }

        [TestMethod]
        public void Verify_AcceptsS3LifecycleExample_WithValuelessParameter()
        {
            var r = Verifier(S3Time).Verify(Req("GET", "/", "lifecycle", ("host", "examplebucket.s3.amazonaws.com"),
                ("x-amz-content-sha256", SigV4.EmptySha256), ("x-amz-date", "20130524T000000Z"),
                ("authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")),
                null, "s3");
            Assert.IsTrue(r.Ok, r.Error?.ToString());
        }

        [TestMethod]
        public void Verify_RejectsTamperedSignature_WithInvalidSignatureExceptionAndCanonicalString()
        {
            var r = Verifier(SuiteTime).Verify(Req("GET", "/", "", ("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z"),
                ("authorization", SuiteAuth("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf30"))), null, "service");
            Assert.AreEqual(403, r.Error.HttpStatus);
            Assert.AreEqual("InvalidSignatureException", r.Error.Code);
            StringAssert.StartsWith(r.Error.Message, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
            StringAssert.Contains(r.Error.Message, "The Canonical String for this request should have been\n'GET\n/\n");
        }

        [TestMethod]
        public void Verify_RejectsChangedPath_WhenSignatureWasForAnother()
        {
            var r = Verifier(SuiteTime).Verify(Req("GET", "/other", "", ("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z"),
                ("authorization", SuiteAuth("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))), null, "service");
            Assert.AreEqual("InvalidSignatureException", r.Error.Code);
        }

        [TestMethod]
        public void Verify_ReturnsMissingAuthenticationToken_WhenNoAuthorization()
        {
            var r = Verifier(SuiteTime).Verify(Req("GET", "/things", "", ("host", "h")), null, "iot");
            Assert.AreEqual(403, r.Error.HttpStatus);
            Assert.AreEqual("MissingAuthenticationTokenException", r.Error.Code);
            Assert.AreEqual("Missing Authentication Token", r.Error.Message);
            Assert.AreEqual("{\"message\":\"Missing Authentication Token\"}", r.Error.ToRestJson());
        }

        [TestMethod]
        public void Verify_ReturnsUnrecognizedClient_ForUnknownKey()
        {
            var r = Verifier(SuiteTime).Verify(Req("GET", "/", "", ("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z"),
                ("authorization", SuiteAuth("00").Replace("AKIDEXAMPLE", "AKIDUNKNOWN"))), null, "service");
            Assert.AreEqual(403, r.Error.HttpStatus);
            Assert.AreEqual("UnrecognizedClientException", r.Error.Code);
            Assert.AreEqual("The security token included in the request is invalid.", r.Error.Message);
        }

        [TestMethod]
        public void Verify_ReturnsSignatureExpired_WhenClockSkewOver15Minutes()
        {
            var r = Verifier(SuiteTime.AddMinutes(16)).Verify(Req("GET", "/", "", ("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z"),
                ("authorization", SuiteAuth("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))), null, "service");
            Assert.AreEqual("InvalidSignatureException", r.Error.Code);
            Assert.AreEqual("Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)", r.Error.Message);
            var ok = Verifier(SuiteTime.AddMinutes(14)).Verify(Req("GET", "/", "", ("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z"),
                ("authorization", SuiteAuth("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))), null, "service");
            Assert.IsTrue(ok.Ok);
        }

        [TestMethod]
        public void Verify_ReturnsRequestTimeTooSkewed_ForS3()
        {
            var r = Verifier(S3Time.AddHours(1)).Verify(Req("GET", "/test.txt", "", ("host", "examplebucket.s3.amazonaws.com"), ("range", "bytes=0-9"),
                ("x-amz-content-sha256", SigV4.EmptySha256), ("x-amz-date", "20130524T000000Z"),
                ("authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")),
                null, "s3");
            Assert.AreEqual(403, r.Error.HttpStatus);
            Assert.AreEqual("RequestTimeTooSkewed", r.Error.Code);
            Assert.AreEqual("900000", r.Error.Detail("MaxAllowedSkewMilliseconds"));
        }

        [TestMethod]
        public void Verify_RejectsWrongService()
        {
            var r = Verifier(SuiteTime).Verify(Req("GET", "/", "", ("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z"),
                ("authorization", SuiteAuth("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))), null, "iot");
            Assert.AreEqual("InvalidSignatureException", r.Error.Code);
            Assert.AreEqual("Credential should be scoped to correct service: 'iot'.", r.Error.Message);
        }

        [TestMethod]
        public void Verify_RejectsS3BodyHashMismatch()
        {
            var r = Verifier(S3Time).Verify(Req("PUT", "/test%24file.text", "", ("host", "examplebucket.s3.amazonaws.com"),
                ("x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"), ("x-amz-date", "20130524T000000Z"),
                ("authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=00")),
                Encoding.UTF8.GetBytes("Welcome to Amazon S4."), "s3");
            Assert.AreEqual(400, r.Error.HttpStatus);
            Assert.AreEqual("XAmzContentSHA256Mismatch", r.Error.Code);
        }

        [TestMethod]
        public void Signer_RoundTripsThroughVerifier_WithSessionTokenAndBody()
        {
            var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
            var store = new AwsCredentialStore();
            AwsCredential cred = store.CreateTemporary(now.AddHours(1));
            var verifier = new SigV4Verifier(store, () => now);
            byte[] body = Encoding.UTF8.GetBytes("{\"thingName\":\"dev 1\"}");
            var msg = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:8443/things/dev%201?b=2&a=x%2Fy") { Content = new ByteArrayContent(body) };
            msg.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            SigV4Signer.Sign(msg, cred, "us-east-1", "iot", now, body);

            SigV4Result r = verifier.Verify(FromMessage(msg), body, "iot");
            Assert.IsTrue(r.Ok, r.Error?.ToString());
            StringAssert.StartsWith(r.CanonicalRequest, "POST\n/things/dev%25201\na=x%2Fy&b=2\n");

            Assert.AreEqual("InvalidSignatureException", verifier.Verify(FromMessage(msg), Encoding.UTF8.GetBytes("{}"), "iot").Error.Code);
            msg.Headers.Remove("x-amz-security-token");
            msg.Headers.TryAddWithoutValidation("x-amz-security-token", "forged");
            Assert.AreEqual("UnrecognizedClientException", verifier.Verify(FromMessage(msg), body, "iot").Error.Code);
        }

        [TestMethod]
        public void Verify_ReturnsExpiredToken_WhenTemporaryCredentialExpired()
        {
            var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
            var store = new AwsCredentialStore();
            AwsCredential cred = store.CreateTemporary(now.AddMinutes(5));
            var msg = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:8443/jobs");
            SigV4Signer.Sign(msg, cred, "us-east-1", "iot", now);
            var r = new SigV4Verifier(store, () => now.AddMinutes(6)).Verify(FromMessage(msg), null, "iot");
            Assert.AreEqual("ExpiredTokenException", r.Error.Code);
        }

        /// <summary>The request model of what HttpClient would put on the wire.</summary>
        internal static SigV4Request FromMessage(HttpRequestMessage msg)
        {
            var headers = new Dictionary<string, string>();
            foreach (var h in msg.Headers) headers[h.Key.ToLowerInvariant()] = string.Join(",", h.Value);
            if (msg.Content != null) foreach (var h in msg.Content.Headers) headers[h.Key.ToLowerInvariant()] = string.Join(",", h.Value);
            return new SigV4Request { Method = msg.Method.Method, RawPath = msg.RequestUri.AbsolutePath, RawQuery = msg.RequestUri.Query.TrimStart('?'), Headers = headers };
        }
    }
}
