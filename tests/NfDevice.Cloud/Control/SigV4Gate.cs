using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.Control
{
    /// <summary>
    /// Authenticates AWS IoT control-plane requests: an AWS Signature Version 4 Authorization header scoped to
    /// us-east-1 and to one of the names AWS IoT is signed with (<see cref="SigningNames"/>: "iot" or "execute-api"),
    /// verified by <see cref="SigV4Verifier"/> against the emulator's credentials and refused with the error AWS's
    /// front end answers (rest-json shape). Which requests reach it is decided by <see cref="ServiceRouter"/>.
    /// </summary>
    public sealed class SigV4Gate
    {
        private readonly SigV4Verifier _verifier;
        private readonly string _service;

        /// <summary>Creates the gate.</summary>
        public SigV4Gate(AwsCredentialStore credentials, string service = SigningNames.Iot, string region = "us-east-1")
        {
            _verifier = new SigV4Verifier(credentials) { Region = region };
            _service = service;
        }

        /// <summary>Returns null when the request is authentic, else the error to send.</summary>
        public async Task<AwsException> CheckAsync(HttpRequest request)
        {
            // Without an Authorization header the answer does not depend on the body: refuse before reading any of it.
            if (!request.Headers.ContainsKey("Authorization")) return ToException(_verifier.Verify(request, null, _service));
            request.EnableBuffering();
            byte[] body;
            using (var ms = new MemoryStream())
            {
                try { await request.Body.CopyToAsync(ms).ConfigureAwait(false); }
                catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    AwsError e = ServiceEdge.TooLarge(ServiceEdge.ControlPlaneMaxBodyBytes);
                    return new AwsException(e.Code, e.HttpStatus, e.Message);
                }
                body = ms.ToArray();
            }
            request.Body.Position = 0;
            return ToException(_verifier.Verify(request, body, _service));
        }

        private static AwsException ToException(SigV4Result result) =>
            result.Ok ? null : new AwsException(result.Error.Code, result.Error.HttpStatus, result.Error.Message);
    }
}
