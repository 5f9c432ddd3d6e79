using System;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Store
{
    /// <summary>ACM's JSON 1.1 protocol on the control-plane port, as `aws acm` sends it.</summary>
    [TestClass]
    public sealed class AcmEndpointTests
    {
        private static async Task<(int Status, JsonElement Json)> CallAsync(TestEmulator emu, string operation, object body, string secret = null)
        {
            using var http = new HttpClient(new SigV4SigningHandler(emu.Emulator.Options.AccessKeyId, secret ?? emu.Emulator.Options.SecretAccessKey, null, service: "acm"))
            { BaseAddress = new Uri(emu.Emulator.HttpEndpoint) };
            var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/x-amz-json-1.1") };
            request.Headers.Add("X-Amz-Target", "CertificateManager." + operation);
            using HttpResponseMessage response = await http.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
        }

        private static (string Cert, string Key) CodeSigningPair()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=ota signer", key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.3") }, false));
            using X509Certificate2 cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            return (cert.ExportCertificatePem(), key.ExportECPrivateKeyPem());
        }

        private static string B64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));

        [TestMethod]
        public async Task Import_Describe_List_AsTheAwsCliSeesThem()
        {
            await using var emu = await TestEmulator.StartAsync();
            var (cert, key) = CodeSigningPair();

            var (status, imported) = await CallAsync(emu, "ImportCertificate", new { Certificate = B64(cert), PrivateKey = B64(key) });
            Assert.AreEqual(200, status, imported.ToString());
            string arn = imported.GetProperty("CertificateArn").GetString();
            StringAssert.StartsWith(arn, "arn:aws:acm:us-east-1:123456789012:certificate/");

            var (_, described) = await CallAsync(emu, "DescribeCertificate", new { CertificateArn = arn });
            JsonElement c = described.GetProperty("Certificate");
            Assert.AreEqual("IMPORTED", c.GetProperty("Type").GetString());
            Assert.AreEqual("ISSUED", c.GetProperty("Status").GetString());
            Assert.AreEqual("EC_prime256v1", c.GetProperty("KeyAlgorithm").GetString());
            Assert.AreEqual("CODE_SIGNING", c.GetProperty("ExtendedKeyUsages")[0].GetProperty("Name").GetString());

            // ACM lists only RSA_1024/RSA_2048 unless asked for other key types (reference §5).
            var (_, byDefault) = await CallAsync(emu, "ListCertificates", new { });
            Assert.AreEqual(0, byDefault.GetProperty("CertificateSummaryList").GetArrayLength());
            var (_, ec) = await CallAsync(emu, "ListCertificates", new { Includes = new { keyTypes = new[] { "EC_prime256v1" } } });
            Assert.AreEqual(arn, ec.GetProperty("CertificateSummaryList")[0].GetProperty("CertificateArn").GetString());
        }

        [TestMethod]
        public async Task Errors_HaveAcmsShape_AndAWrongSecretIsRefused()
        {
            await using var emu = await TestEmulator.StartAsync();

            var (status, error) = await CallAsync(emu, "DescribeCertificate", new { CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/none" });
            Assert.AreEqual(400, status);
            Assert.AreEqual("ResourceNotFoundException", error.GetProperty("__type").GetString());

            var (badStatus, bad) = await CallAsync(emu, "ImportCertificate", new { Certificate = B64("not a pem"), PrivateKey = B64("nor this") });
            Assert.AreEqual(400, badStatus);
            Assert.AreEqual("ValidationException", bad.GetProperty("__type").GetString());

            var (forgedStatus, forged) = await CallAsync(emu, "ListCertificates", new { }, secret: "not-the-secret");
            Assert.AreEqual(403, forgedStatus);
            Assert.IsTrue(forged.TryGetProperty("__type", out _), forged.ToString());
        }
    }
}
