using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.Acm
{
    /// <summary>
    /// ACM's JSON 1.1 protocol: <c>POST /</c> with <c>X-Amz-Target: CertificateManager.&lt;Operation&gt;</c>, SigV4 service
    /// "acm", blobs base64 in the JSON body, errors as <c>{"__type", "message"}</c> (reference §1 and §5).
    /// </summary>
    public sealed class AcmEndpoint
    {
        /// <summary>The X-Amz-Target prefix of every ACM operation.</summary>
        public const string TargetPrefix = "CertificateManager.";

        private readonly AcmStore _store;
        private readonly SigV4Verifier _verifier;

        /// <summary>Creates the endpoint.</summary>
        public AcmEndpoint(AcmStore store, SigV4Verifier verifier)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
            _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        }

        /// <summary>True for a request this endpoint serves (its X-Amz-Target names ACM).</summary>
        public static bool IsAcmRequest(HttpRequest request) =>
            request.Headers["X-Amz-Target"].FirstOrDefault()?.StartsWith(TargetPrefix, StringComparison.Ordinal) == true;

        /// <summary>Handles one request.</summary>
        public async Task HandleAsync(HttpContext context)
        {
            var ms = new MemoryStream();
            await context.Request.Body.CopyToAsync(ms);
            byte[] body = ms.ToArray();
            SigV4Result auth = _verifier.Verify(context.Request, body, "acm");
            if (!auth.Ok)
            {
                await WriteError(context.Response, auth.Error.HttpStatus, auth.Error.Code, auth.Error.Message);
                return;
            }
            string operation = context.Request.Headers["X-Amz-Target"].ToString().Substring(TargetPrefix.Length);
            try
            {
                JsonNode input = body.Length > 0 ? JsonNode.Parse(body) : new JsonObject();
                JsonObject result = operation switch
                {
                    "ImportCertificate" => Import(input),
                    "DescribeCertificate" => new JsonObject { ["Certificate"] = Describe(_store.Get(Arn(input))) },
                    "GetCertificate" => Get(_store.Get(Arn(input))),
                    "ListCertificates" => List(input),
                    "DeleteCertificate" => Delete(input),
                    _ => throw new AcmException(400, "UnknownOperationException", "The emulator does not implement ACM " + operation + "."),
                };
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-amz-json-1.1";
                await context.Response.WriteAsync(result.ToJsonString());
            }
            catch (AcmException e)
            {
                await WriteError(context.Response, e.Status, e.Code, e.Message);
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException)
            {
                await WriteError(context.Response, 400, "ValidationException", "Malformed request body: " + e.Message);
            }
        }

        private static string Arn(JsonNode input) =>
            input["CertificateArn"]?.GetValue<string>() ?? throw new AcmException(400, "ValidationException", "1 validation error detected: Value null at 'certificateArn' failed to satisfy constraint: Member must not be null");

        // Blobs arrive base64-encoded (the CLI's fileb:// reads the PEM file's bytes).
        private static string Blob(JsonNode input, string name) =>
            input[name] is JsonNode n ? Encoding.UTF8.GetString(Convert.FromBase64String(n.GetValue<string>())) : null;

        private JsonObject Import(JsonNode input)
        {
            ImportedCertificate c = _store.Import(Blob(input, "Certificate"), Blob(input, "PrivateKey"), Blob(input, "CertificateChain"), input["CertificateArn"]?.GetValue<string>());
            return new JsonObject { ["CertificateArn"] = c.CertificateArn };
        }

        private JsonObject Describe(ImportedCertificate c)
        {
            using X509Certificate2 x = c.Certificate();
            string cn = x.GetNameInfo(X509NameType.SimpleName, false);
            var keyUsages = new JsonArray();
            var extendedKeyUsages = new JsonArray();
            foreach (X509Extension ext in x.Extensions)
            {
                if (ext is X509KeyUsageExtension ku)
                {
                    if (ku.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature)) keyUsages.Add(new JsonObject { ["Name"] = "DIGITAL_SIGNATURE" });
                    if (ku.KeyUsages.HasFlag(X509KeyUsageFlags.KeyEncipherment)) keyUsages.Add(new JsonObject { ["Name"] = "KEY_ENCIPHERMENT" });
                }
                if (ext is X509EnhancedKeyUsageExtension eku)
                    foreach (var oid in eku.EnhancedKeyUsages)
                        extendedKeyUsages.Add(new JsonObject { ["Name"] = oid.Value == "1.3.6.1.5.5.7.3.3" ? "CODE_SIGNING" : oid.Value == "1.3.6.1.5.5.7.3.1" ? "TLS_WEB_SERVER_AUTHENTICATION" : "OTHER", ["OID"] = oid.Value });
            }
            var inUse = new JsonArray(_store.InUseBy(c.CertificateArn).Select(a => (JsonNode)a).ToArray());
            return new JsonObject
            {
                ["CertificateArn"] = c.CertificateArn,
                ["DomainName"] = cn,
                ["SubjectAlternativeNames"] = new JsonArray((JsonNode)cn),
                ["Serial"] = string.Join(":", Enumerable.Range(0, x.SerialNumber.Length / 2).Select(i => x.SerialNumber.Substring(i * 2, 2).ToLowerInvariant())),
                ["Subject"] = x.Subject,
                ["Issuer"] = x.IssuerName.Name,
                ["ImportedAt"] = c.ImportedAt.ToUnixTimeSeconds(),
                ["Status"] = "ISSUED",
                ["NotBefore"] = new DateTimeOffset(x.NotBefore.ToUniversalTime()).ToUnixTimeSeconds(),
                ["NotAfter"] = new DateTimeOffset(x.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(),
                ["KeyAlgorithm"] = c.KeyAlgorithm,
                ["SignatureAlgorithm"] = x.SignatureAlgorithm.FriendlyName?.ToUpperInvariant() ?? x.SignatureAlgorithm.Value,
                ["InUseBy"] = inUse,
                ["Type"] = "IMPORTED",
                ["KeyUsages"] = keyUsages,
                ["ExtendedKeyUsages"] = extendedKeyUsages,
                ["RenewalEligibility"] = "INELIGIBLE",
                ["Options"] = new JsonObject { ["CertificateTransparencyLoggingPreference"] = "ENABLED" },
            };
        }

        private static JsonObject Get(ImportedCertificate c)
        {
            var o = new JsonObject { ["Certificate"] = c.CertificatePem };
            if (c.CertificateChainPem != null) o["CertificateChain"] = c.CertificateChainPem;
            return o;
        }

        private JsonObject List(JsonNode input)
        {
            string[] keyTypes = (input["Includes"]?["keyTypes"] as JsonArray)?.Select(n => n.GetValue<string>()).ToArray();
            var summaries = new JsonArray();
            foreach (ImportedCertificate c in _store.List(keyTypes))
            {
                using X509Certificate2 x = c.Certificate();
                summaries.Add(new JsonObject
                {
                    ["CertificateArn"] = c.CertificateArn,
                    ["DomainName"] = x.GetNameInfo(X509NameType.SimpleName, false),
                    ["KeyAlgorithm"] = c.KeyAlgorithm,
                    ["Type"] = "IMPORTED",
                    ["Status"] = "ISSUED",
                    ["InUse"] = _store.InUseBy(c.CertificateArn).Count > 0,
                    ["ImportedAt"] = c.ImportedAt.ToUnixTimeSeconds(),
                    ["NotBefore"] = new DateTimeOffset(x.NotBefore.ToUniversalTime()).ToUnixTimeSeconds(),
                    ["NotAfter"] = new DateTimeOffset(x.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(),
                });
            }
            return new JsonObject { ["CertificateSummaryList"] = summaries };
        }

        private JsonObject Delete(JsonNode input)
        {
            _store.Delete(Arn(input));
            return new JsonObject();
        }

        private static Task WriteError(HttpResponse response, int status, string code, string message)
        {
            response.StatusCode = status;
            response.ContentType = "application/x-amz-json-1.1";
            return response.WriteAsync(new JsonObject { ["__type"] = code, ["message"] = message }.ToJsonString());
        }
    }
}
