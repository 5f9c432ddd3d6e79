using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.Control
{
    /// <summary>
    /// The one place where control-plane requests are authenticated: an AWS Signature Version 4 Authorization
    /// header for service "iot" in us-east-1, verified by <see cref="SigV4Verifier"/> against the emulator's
    /// credentials and refused with the error AWS's front end answers (rest-json shape).
    /// </summary>
    public sealed class SigV4Gate
    {
        private readonly SigV4Verifier _verifier;
        private readonly string _service;

        /// <summary>Creates the gate.</summary>
        public SigV4Gate(AwsCredentialStore credentials, string service = "iot", string region = "us-east-1")
        {
            _verifier = new SigV4Verifier(credentials) { Region = region };
            _service = service;
        }

        /// <summary>
        /// The SigV4 service a request on the control-plane port is for: "iam" for IAM's query protocol
        /// (POST /), "signer" for /signing-*, "iot" for everything else.
        /// </summary>
        public static string ServiceFor(HttpRequest request)
        {
            string path = request.Path.Value ?? "/";
            if (HttpMethods.IsPost(request.Method) && (path == "/" || path.Length == 0)) return "iam";
            if (path.StartsWith("/signing-", System.StringComparison.Ordinal)) return "signer";
            return "iot";
        }

        /// <summary>Returns null when the request is authentic, else the error to send.</summary>
        public async Task<AwsException> CheckAsync(HttpRequest request)
        {
            request.EnableBuffering();
            byte[] body;
            using (var ms = new MemoryStream())
            {
                await request.Body.CopyToAsync(ms).ConfigureAwait(false);
                body = ms.ToArray();
            }
            request.Body.Position = 0;
            SigV4Result result = _verifier.Verify(request, body, _service);
            return result.Ok ? null : new AwsException(result.Error.Code, result.Error.HttpStatus, result.Error.Message);
        }
    }
}
