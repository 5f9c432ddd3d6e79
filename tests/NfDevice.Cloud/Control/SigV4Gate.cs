using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.Control
{
    /// <summary>
    /// The one place where control-plane requests are authenticated: an AWS Signature Version 4
    /// Authorization header for service "iot" in us-east-1, checked against the emulator's credentials,
    /// refused with the error types and messages AWS's front end uses.
    /// </summary>
    public sealed class SigV4Gate
    {
        private readonly AwsCredentialStore _credentials;
        private readonly string _service;
        private readonly string _region;

        /// <summary>Creates the gate.</summary>
        public SigV4Gate(AwsCredentialStore credentials, string service = "iot", string region = "us-east-1")
        {
            _credentials = credentials;
            _service = service;
            _region = region;
        }

        /// <summary>Maximum clock skew AWS accepts for a signed request.</summary>
        public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

        /// <summary>Returns null when the request is authentic, else the error to send.</summary>
        public async Task<AwsException> CheckAsync(HttpRequest request)
        {
            string auth = request.Headers.Authorization.ToString();
            if (string.IsNullOrEmpty(auth))
                return new AwsException("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
            if (!auth.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
                return new AwsException("IncompleteSignatureException", 403, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + auth);
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string part in auth.Substring(SigV4.Algorithm.Length + 1).Split(','))
            {
                int eq = part.IndexOf('=');
                if (eq > 0) fields[part.Substring(0, eq).Trim()] = part.Substring(eq + 1).Trim();
            }
            foreach (string required in new[] { "Credential", "SignedHeaders", "Signature" })
            {
                if (!fields.ContainsKey(required))
                    return new AwsException("IncompleteSignatureException", 403, "Authorization header requires '" + required + "' parameter. Authorization=" + auth);
            }
            string[] credential = fields["Credential"].Split('/');
            if (credential.Length != 5 || credential[4] != "aws4_request")
                return new AwsException("IncompleteSignatureException", 403, "Credential should be scoped to a valid region.");
            string amzDate = request.Headers["X-Amz-Date"].ToString();
            if (!SigV4.TryParseAmzDate(amzDate, out DateTimeOffset signedAt))
                return new AwsException("IncompleteSignatureException", 403, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + auth);
            if (!_credentials.TryGet(credential[0], out AwsCredential key))
                return new AwsException("UnrecognizedClientException", 403, "The security token included in the request is invalid.");
            if (credential[1] != amzDate.Substring(0, 8))
                return new AwsException("InvalidSignatureException", 403, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" + credential[1] + "' != '" + amzDate.Substring(0, 8) + "', from '" + amzDate + "'.");
            if (credential[2] != _region)
                return new AwsException("InvalidSignatureException", 403, "Credential should be scoped to a valid region. ");
            if (credential[3] != _service)
                return new AwsException("InvalidSignatureException", 403, "Credential should be scoped to correct service: '" + _service + "'. ");
            DateTimeOffset now = DateTimeOffset.UtcNow;
            if (signedAt < now - MaxSkew || signedAt > now + MaxSkew)
                return new AwsException("InvalidSignatureException", 403, "Signature expired: " + amzDate + " is now earlier than " + SigV4.FormatAmzDate(now - MaxSkew) + " (" + SigV4.FormatAmzDate(now) + " - 5 min.)");
            if (key.SessionToken != null && request.Headers["X-Amz-Security-Token"].ToString() != key.SessionToken)
                return new AwsException("UnrecognizedClientException", 403, "The security token included in the request is invalid.");

            request.EnableBuffering();
            byte[] body;
            using (var ms = new MemoryStream())
            {
                await request.Body.CopyToAsync(ms).ConfigureAwait(false);
                body = ms.ToArray();
            }
            request.Body.Position = 0;

            SigV4Request raw = SigV4Request.From(request);
            var signed = fields["SignedHeaders"].Split(';').ToList();
            if (!signed.Contains("host"))
                return new AwsException("InvalidSignatureException", 403, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
            string canonical = SigV4.CanonicalRequest(request.Method, SigV4.CanonicalUri(raw.RawPath, _service),
                SigV4.CanonicalQuery(raw.Query()), signed, raw.Header, SigV4.Sha256Hex(body));
            string scope = SigV4.Scope(credential[1], credential[2], credential[3]);
            string expected = SigV4.Signature(SigV4.SigningKey(key.SecretAccessKey, credential[1], credential[2], credential[3]), SigV4.StringToSign(amzDate, scope, canonical));
            if (!SigV4.SignaturesEqual(expected, fields["Signature"]))
                return new AwsException("InvalidSignatureException", 403, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
            return null;
        }
    }
}
