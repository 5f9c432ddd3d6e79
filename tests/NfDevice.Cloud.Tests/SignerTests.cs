using System;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Aws;
using NfDevice.Cloud.S3;
using NfDevice.Cloud.Signer;

namespace NfDevice.Cloud.Tests
{
    /// <summary>Signer: profiles, signing jobs, Signer's JSON, verification with .NET's ECDsa against the exported certificate.</summary>
    [TestClass]
    public sealed class SignerTests
    {
        private static readonly byte[] Image = Encoding.ASCII.GetBytes("firmware image v2 ........");

        private static (S3Store S3, SignerService Signer, string Version) Setup()
        {
            var s3 = new S3Store();
            s3.CreateBucket("fw-bucket");
            s3.SetVersioning("fw-bucket", "Enabled");
            string version = s3.PutObject("fw-bucket", "img.bin", Image).VersionId;
            return (s3, new SignerService(s3), version);
        }

        [TestMethod]
        public void SigningJob_DetachedOutput_VerifiesWithExportedCertificate()
        {
            var (s3, signer, version) = Setup();
            signer.PutSigningProfile("fwprofile", "AWSIoTDeviceManagement-SHA256-ECDSA");
            SigningJob job = signer.StartSigningJob("fwprofile", "fw-bucket", "img.bin", version, "fw-bucket", "SignedImages/");
            Assert.AreEqual("Succeeded", job.Status);
            Assert.AreEqual("SignedImages/" + job.JobId, job.SignedKey);

            using JsonDocument out1 = JsonDocument.Parse(s3.GetObject("fw-bucket", job.SignedKey).Data);
            JsonElement o = out1.RootElement;
            Assert.AreEqual(Image.Length, o.GetProperty("rawPayloadSize").GetInt32());
            Assert.AreEqual("SHA256withECDSA", o.GetProperty("signatureAlgorithm").GetString());
            JsonElement loc = o.GetProperty("payloadLocation").GetProperty("s3");
            Assert.AreEqual("fw-bucket", loc.GetProperty("bucketName").GetString());
            Assert.AreEqual("img.bin", loc.GetProperty("key").GetString());
            Assert.AreEqual(version, loc.GetProperty("version").GetString());
            Assert.IsFalse(o.TryGetProperty("payload", out _));

            byte[] der = Convert.FromBase64String(o.GetProperty("signature").GetString());
            Assert.AreEqual(0x30, der[0]);
            var cert = X509Certificate2.CreateFromPem(signer.ExportCertificatePem("fwprofile"));
            using ECDsa pub = cert.GetECDsaPublicKey();
            Assert.IsTrue(pub.VerifyData(Image, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            byte[] tampered = (byte[])Image.Clone();
            tampered[3] ^= 1;
            Assert.IsFalse(pub.VerifyData(tampered, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

            var ku = (X509KeyUsageExtension)cert.Extensions["2.5.29.15"];
            Assert.AreEqual(X509KeyUsageFlags.DigitalSignature, ku.KeyUsages);
            Assert.IsTrue(ku.Critical);
            var eku = (X509EnhancedKeyUsageExtension)cert.Extensions["2.5.29.37"];
            Assert.AreEqual("1.3.6.1.5.5.7.3.3", eku.EnhancedKeyUsages[0].Value);
            Assert.AreEqual("1.2.840.10045.2.1", cert.PublicKey.Oid.Value);
        }

        [TestMethod]
        public void SignedJson_WritesBase64Plainly_WithoutUnicodeEscapes()
        {
            var (_, signer, version) = Setup();
            signer.PutSigningProfile("fwprofile", "AWSIoTDeviceManagement-SHA256-ECDSA");
            bool sawPlus = false;
            for (int i = 0; i < 20; i++)
            {
                string json = signer.StartSigningJob("fwprofile", "fw-bucket", "img.bin", version, "fw-bucket", "").SignedJson;
                Assert.IsFalse(json.Contains("\\u"), json);
                sawPlus |= json.Contains('+');
            }
            // 20 random signatures without a single '+' has probability about 1e-13.
            Assert.IsTrue(sawPlus);
        }

        [TestMethod]
        public void SigningJob_FreeRtosProfile_WritesEmbeddedPayload()
        {
            var (s3, signer, version) = Setup();
            signer.PutSigningProfile("otaprofile", "AmazonFreeRTOS-Default");
            SigningJob job = signer.StartSigningJob("otaprofile", "fw-bucket", "img.bin", version, "fw-bucket", "signed/");
            using JsonDocument d = JsonDocument.Parse(job.SignedJson);
            CollectionAssert.AreEqual(Image, Convert.FromBase64String(d.RootElement.GetProperty("payload").GetString()));
            Assert.IsFalse(d.RootElement.TryGetProperty("payloadLocation", out _));
        }

        [TestMethod]
        public void SigningJob_FailsWithReason_ForMissingVersion_AndProfilesAreValidated()
        {
            var (_, signer, version) = Setup();
            signer.PutSigningProfile("fwprofile", "AWSIoTDeviceManagement-SHA256-ECDSA");
            Assert.AreEqual("Succeeded", signer.StartSigningJob("fwprofile", "fw-bucket", "img.bin", version, "fw-bucket", "").Status);
            SigningJob job = signer.StartSigningJob("fwprofile", "fw-bucket", "img.bin", "nope", "fw-bucket", "SignedImages/");
            Assert.AreEqual("Failed", job.Status);
            StringAssert.Contains(job.StatusReason, "not found");
            Assert.AreEqual("ResourceNotFoundException", Assert.ThrowsExactly<SignerException>(() => signer.StartSigningJob("none", "fw-bucket", "img.bin", "v", "fw-bucket", "")).Code);
            Assert.AreEqual("ValidationException", Assert.ThrowsExactly<SignerException>(() => signer.PutSigningProfile("p2", "AmazonFreeRTOS-TI-CC3220SF")).Code);
            Assert.AreEqual(2, signer.ListSigningJobs().Count);
            Assert.AreEqual(1, signer.ListSigningJobs(status: "Failed").Count);
        }

        [TestMethod]
        public void CodeSignPlaceholder_IsReplacedWithSignatureObject()
        {
            var (s3, signer, version) = Setup();
            signer.PutSigningProfile("fwprofile", "AWSIoTDeviceManagement-SHA256-ECDSA");
            var resolver = new CodeSignPlaceholder(signer, s3);
            string doc = "{\"operation\":\"firmware\",\"url\":\"${aws:iot:s3-presigned-url:https://s3.us-east-1.amazonaws.com/fw-bucket/img.bin}\"," +
                $"\"codesign\":\"${{aws:iot:code-sign-signature:s3://us-east-1.fw-bucket/img.bin@{version}}}\"}}";
            Assert.AreEqual("no successful signing job for s3://fw-bucket/img.bin version " + version,
                Assert.ThrowsExactly<PlaceholderResolutionException>(() => resolver.Resolve(doc)).Message);

            string resolved = resolver.Resolve(doc, profileName: "fwprofile");
            using JsonDocument d = JsonDocument.Parse(resolved);
            JsonElement cs = d.RootElement.GetProperty("codesign");
            Assert.AreEqual("SHA256withECDSA", cs.GetProperty("signatureAlgorithm").GetString());
            Assert.AreEqual(version, cs.GetProperty("payloadLocation").GetProperty("s3").GetProperty("version").GetString());
            StringAssert.Contains(resolved, "${aws:iot:s3-presigned-url:https://s3.us-east-1.amazonaws.com/fw-bucket/img.bin}");

            string combined = resolver.Resolve($"{{\"u\":\"${{aws:iot:s3-presigned-url:${{aws:iot:code-sign-signature:s3://eu-west-1.fw-bucket/img.bin@{version}}}}}\"}}");
            Assert.AreEqual("{\"u\":\"${aws:iot:s3-presigned-url:https://s3.eu-west-1.amazonaws.com/fw-bucket/img.bin}\"}", combined);
        }

        [TestMethod]
        public async Task RestRoutes_PutProfile_StartJob_Describe_List_Platforms()
        {
            var (s3, signer, version) = Setup();
            var creds = new AwsCredentialStore();
            AwsCredential admin = creds.CreateLongTerm();
            await using var server = await LoopbackHttpServer.StartAsync(new SignerEndpoint(signer, new SigV4Verifier(creds)).HandleAsync);
            using var http = new HttpClient();
            async Task<(HttpStatusCode, JsonElement)> Call(HttpMethod m, string path, string json = null)
            {
                byte[] body = json == null ? null : Encoding.UTF8.GetBytes(json);
                var msg = new HttpRequestMessage(m, new Uri(server.BaseUri, path));
                if (body != null) msg.Content = new ByteArrayContent(body);
                SigV4Signer.Sign(msg, admin, "us-east-1", "signer", DateTimeOffset.UtcNow, body);
                var r = await http.SendAsync(msg);
                string text = await r.Content.ReadAsStringAsync();
                return (r.StatusCode, text.StartsWith("{") ? JsonDocument.Parse(text).RootElement : default);
            }

            var (st, put) = await Call(HttpMethod.Put, "/signing-profiles/fwprofile", "{\"platformId\":\"AWSIoTDeviceManagement-SHA256-ECDSA\",\"signingParameters\":{\"certname\":\"/cert.pem\"}}");
            Assert.AreEqual(HttpStatusCode.OK, st);
            Assert.AreEqual("arn:aws:signer:us-east-1:123456789012:/signing-profiles/fwprofile", put.GetProperty("arn").GetString());
            var (_, prof) = await Call(HttpMethod.Get, "/signing-profiles/fwprofile");
            Assert.AreEqual("/cert.pem", prof.GetProperty("signingParameters").GetProperty("certname").GetString());

            var (_, started) = await Call(HttpMethod.Post, "/signing-jobs",
                $"{{\"source\":{{\"s3\":{{\"bucketName\":\"fw-bucket\",\"key\":\"img.bin\",\"version\":\"{version}\"}}}},\"destination\":{{\"s3\":{{\"bucketName\":\"fw-bucket\",\"prefix\":\"SignedImages/\"}}}},\"profileName\":\"fwprofile\"}}");
            string jobId = started.GetProperty("jobId").GetString();
            var (_, described) = await Call(HttpMethod.Get, "/signing-jobs/" + jobId);
            Assert.AreEqual("Succeeded", described.GetProperty("status").GetString());
            Assert.AreEqual("SignedImages/" + jobId, described.GetProperty("signedObject").GetProperty("s3").GetProperty("key").GetString());
            var (_, list) = await Call(HttpMethod.Get, "/signing-jobs");
            Assert.AreEqual(1, list.GetProperty("jobs").GetArrayLength());
            var (_, platforms) = await Call(HttpMethod.Get, "/signing-platforms");
            Assert.AreEqual(2, platforms.GetProperty("platforms").GetArrayLength());

            var (nf, _) = await Call(HttpMethod.Get, "/signing-jobs/00000000-0000-0000-0000-000000000000");
            Assert.AreEqual(HttpStatusCode.NotFound, nf);
            var unsigned = await http.GetAsync(new Uri(server.BaseUri, "/signing-platforms"));
            Assert.AreEqual(HttpStatusCode.Forbidden, unsigned.StatusCode);
            Assert.AreEqual("MissingAuthenticationTokenException", string.Join("", unsigned.Headers.GetValues("x-amzn-ErrorType")));
        }
    }
}
