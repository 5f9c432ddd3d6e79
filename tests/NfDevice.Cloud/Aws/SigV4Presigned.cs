using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace NfDevice.Cloud.Aws
{
    public sealed partial class SigV4Verifier
    {
        /// <summary>Longest X-Amz-Expires S3 accepts (7 days), per the S3 API Reference.</summary>
        public const long MaxPresignExpiresSeconds = 604800;

        private const string QueryParamsMissing = "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, " +
            "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.";

        /// <summary>
        /// Verifies a presigned (query-string authenticated) request, S3 style: all X-Amz-* parameters but the
        /// signature are in the canonical query, payload UNSIGNED-PAYLOAD, X-Amz-Expires 0..604800, the session
        /// token checked for temporary keys. Errors are S3's (see the reference §7 table).
        /// </summary>
        public SigV4Result VerifyPresigned(HttpRequest request, string expectedService = "s3") =>
            VerifyPresigned(SigV4Request.From(request), expectedService);

        /// <summary>Same as <see cref="VerifyPresigned(HttpRequest, string)"/> on a request model.</summary>
        public SigV4Result VerifyPresigned(SigV4Request request, string expectedService = "s3")
        {
            List<KeyValuePair<string, string>> query = request.Query();
            string Param(string name)
            {
                foreach (var kv in query) if (kv.Key == name) return kv.Value;
                return null;
            }
            static SigV4Result Bad(string message) =>
                SigV4Result.Fail(new AwsError(400, "AuthorizationQueryParametersError", message), presigned: true);

            string algorithm = Param("X-Amz-Algorithm"), credential = Param("X-Amz-Credential"), signature = Param("X-Amz-Signature"),
                amzDate = Param("X-Amz-Date"), signedHeaders = Param("X-Amz-SignedHeaders"), expiresText = Param("X-Amz-Expires");
            if (algorithm != null && algorithm != SigV4.Algorithm) return Bad("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
            if (algorithm == null || credential == null || signature == null || amzDate == null || signedHeaders == null || expiresText == null)
                return Bad(QueryParamsMissing);
            if (!long.TryParse(expiresText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long expires))
                return Bad("X-Amz-Expires should be a number");
            if (expires < 0) return Bad("X-Amz-Expires must be non-negative");
            if (expires > MaxPresignExpiresSeconds)
                return Bad("X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds");
            if (!SigV4.TryParseAmzDate(amzDate, out DateTimeOffset signedAt))
                return Bad("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
            if (!ParseScope(credential, out string keyId, out string date8, out string region, out string service))
                return Bad("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
            if (!SigningNames.Accepts(expectedService, service))
                return Bad($"Error parsing the X-Amz-Credential parameter; incorrect service \"{service}\". This endpoint belongs to \"{expectedService}\".");
            if (Region != null && region != Region)
            {
                var r = Bad($"Error parsing the X-Amz-Credential parameter; the region '{region}' is wrong; expecting '{Region}'");
                r.Error.With("Region", Region);
                return r;
            }
            if (date8 != amzDate.Substring(0, 8))
                return Bad($"Invalid credential date \"{date8}\". This date is not the same as X-Amz-Date: \"{amzDate.Substring(0, 8)}\".");

            AwsError keyError = CheckKey(AwsProtocol.S3, keyId, Param("X-Amz-Security-Token"), out AwsCredential cred);
            if (keyError != null) return SigV4Result.Fail(keyError, presigned: true);

            DateTimeOffset now = _utcNow();
            string serverTime = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            if (signedAt - now > MaxSkew)
                return SigV4Result.Fail(new AwsError(403, "AccessDenied", "Request is not valid yet")
                    .With("X-Amz-Date", amzDate).With("ServerTime", serverTime), presigned: true);
            DateTimeOffset expiresAt = signedAt.AddSeconds(expires);
            if (now > expiresAt)
                return SigV4Result.Fail(new AwsError(403, "AccessDenied", "Request has expired")
                    .With("X-Amz-Expires", expiresText)
                    .With("Expires", expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
                    .With("ServerTime", serverTime), presigned: true);

            var sorted = new List<string>(signedHeaders.Split(';'));
            if (!sorted.Contains("host"))
                return Bad("Query-string authentication requires the 'host' header to be signed (X-Amz-SignedHeaders).");
            sorted.Sort(string.CompareOrdinal);
            string payloadHash = Param("X-Amz-Content-Sha256") ?? SigV4.UnsignedPayload;
            string canonical = SigV4.CanonicalRequest(request.Method, SigV4.CanonicalUri(request.RawPath, service),
                SigV4.CanonicalQuery(query, exclude: "X-Amz-Signature"), sorted, request.Header, payloadHash);
            string stringToSign = SigV4.StringToSign(amzDate, SigV4.Scope(date8, region, service), canonical);
            string expected = SigV4.Signature(SigV4.SigningKey(cred.SecretAccessKey, date8, region, service), stringToSign);
            if (!SigV4.SignaturesEqual(expected, signature))
                return SigV4Result.Fail(MismatchError(AwsProtocol.S3, keyId, stringToSign, signature, canonical), canonical, stringToSign, presigned: true);
            return new SigV4Result { Credential = cred, CanonicalRequest = canonical, StringToSign = stringToSign, Presigned = true };
        }
    }
}
