using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace NfDevice.Cloud.Aws
{
    /// <summary>
    /// Server side of SigV4: checks the Authorization header (<see cref="Verify(HttpRequest, byte[], string)"/>)
    /// or presigned query parameters (<see cref="VerifyPresigned(HttpRequest, string)"/>) against the
    /// credential store, and answers with the error each AWS protocol uses.
    /// </summary>
    public sealed partial class SigV4Verifier
    {
        private const string SignatureMismatchJson = "The request signature we calculated does not match the signature you provided. " +
            "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
        private const string SignatureMismatchS3 = "The request signature we calculated does not match the signature you provided. " +
            "Check your key and signing method.";
        private const string InvalidTokenJson = "The security token included in the request is invalid.";

        private readonly AwsCredentialStore _store;
        private readonly Func<DateTimeOffset> _utcNow;

        /// <summary>Creates a verifier; <paramref name="utcNow"/> defaults to the system clock (pass a fake clock in tests).</summary>
        public SigV4Verifier(AwsCredentialStore store, Func<DateTimeOffset> utcNow = null)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
            _utcNow = utcNow ?? (() => DateTimeOffset.UtcNow);
        }

        /// <summary>Region the credential scope must name; null accepts any region.</summary>
        public string Region { get; set; }

        /// <summary>Allowed difference between X-Amz-Date and the server clock (AWS: 15 minutes).</summary>
        public TimeSpan MaxSkew { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>The store the verifier looks keys up in.</summary>
        public AwsCredentialStore Credentials => _store;

        /// <summary>The protocol a service answers errors in: s3 -> S3 XML, iam/sts -> query XML, otherwise REST-JSON.</summary>
        public static AwsProtocol ProtocolOf(string service) =>
            service == "s3" ? AwsProtocol.S3 : service == "iam" || service == "sts" ? AwsProtocol.Query : AwsProtocol.RestJson;

        /// <summary>
        /// Verifies an Authorization-header-signed request for <paramref name="expectedService"/> (the credential
        /// scope's service: "iot", "s3", "iam", "signer"). <paramref name="body"/> is the full request body
        /// (null = empty). For S3 a request with X-Amz-Algorithm/X-Amz-Credential in the query and no
        /// Authorization header is handed to <see cref="VerifyPresigned(SigV4Request, string)"/>.
        /// </summary>
        public SigV4Result Verify(HttpRequest request, byte[] body, string expectedService) =>
            Verify(SigV4Request.From(request), body, expectedService);

        /// <summary>Same as <see cref="Verify(HttpRequest, byte[], string)"/> on a request model.</summary>
        public SigV4Result Verify(SigV4Request request, byte[] body, string expectedService)
        {
            AwsProtocol protocol = ProtocolOf(expectedService);
            string authorization = request.Header("authorization");
            if (string.IsNullOrEmpty(authorization))
            {
                if (protocol == AwsProtocol.S3 && HasQueryAuth(request)) return VerifyPresigned(request, expectedService);
                return SigV4Result.Fail(protocol switch
                {
                    AwsProtocol.RestJson => new AwsError(403, "MissingAuthenticationTokenException", "Missing Authentication Token"),
                    AwsProtocol.Query => new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token"),
                    _ => new AwsError(403, "AccessDenied", "Access Denied"),
                });
            }

            if (!ParseAuthorization(authorization, out string credential, out string signedHeaders, out string signature, out string missing))
                return SigV4Result.Fail(protocol switch
                {
                    AwsProtocol.S3 when !authorization.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal) =>
                        new AwsError(400, "InvalidArgument", "Unsupported Authorization Type").With("ArgumentName", "Authorization").With("ArgumentValue", authorization),
                    AwsProtocol.S3 => new AwsError(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; " + missing),
                    AwsProtocol.Query => new AwsError(400, "IncompleteSignature", missing + " Authorization=" + authorization),
                    _ => new AwsError(403, "IncompleteSignatureException", missing + " Authorization=" + authorization),
                });

            if (!ParseScope(credential, out string keyId, out string date8, out string region, out string service))
                return SigV4Result.Fail(Malformed(protocol, "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".",
                    "Credential should be scoped to a valid region, not ''. "));
            if (!SigningNames.Accepts(expectedService, service))
                return SigV4Result.Fail(Malformed(protocol, $"incorrect service \"{service}\". This endpoint belongs to \"{expectedService}\".",
                    $"Credential should be scoped to correct service: '{expectedService}'. "));
            if (Region != null && region != Region)
            {
                var e = Malformed(protocol, $"the region '{region}' is wrong; expecting '{Region}'", $"Credential should be scoped to a valid region, not '{region}'. ");
                if (protocol == AwsProtocol.S3) e.With("Region", Region);
                return SigV4Result.Fail(e);
            }

            AwsError keyError = CheckKey(protocol, keyId, request.Header("x-amz-security-token"), out AwsCredential cred);
            if (keyError != null) return SigV4Result.Fail(keyError);

            string amzDate = request.Header("x-amz-date");
            DateTimeOffset when;
            if (amzDate != null)
            {
                if (!SigV4.TryParseAmzDate(amzDate, out when)) amzDate = null;
            }
            else if (request.Header("date") is string httpDate && DateTimeOffset.TryParseExact(httpDate, "r", CultureInfo.InvariantCulture,
                         DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out when))
            {
                amzDate = SigV4.FormatAmzDate(when);
            }
            else when = default;
            if (amzDate == null)
                return SigV4Result.Fail(protocol switch
                {
                    AwsProtocol.S3 => new AwsError(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header"),
                    AwsProtocol.Query => new AwsError(400, "IncompleteSignature", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + authorization),
                    _ => new AwsError(403, "IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + authorization),
                });
            if (date8 != amzDate.Substring(0, 8))
                return SigV4Result.Fail(Malformed(protocol, $"Invalid credential date \"{date8}\". This date is not the same as X-Amz-Date: \"{amzDate.Substring(0, 8)}\".",
                    $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{date8}' != '{amzDate.Substring(0, 8)}', from '{amzDate}'. "));

            DateTimeOffset now = _utcNow();
            if ((now - when).Duration() > MaxSkew)
                return SigV4Result.Fail(SkewError(protocol, amzDate, when, now));

            var signedList = new List<string>(signedHeaders.Split(';'));
            if (!signedList.Contains("host"))
                return SigV4Result.Fail(protocol == AwsProtocol.S3
                    ? new AwsError(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; the 'host' header must be signed")
                    : new AwsError(403, protocol == AwsProtocol.Query ? "SignatureDoesNotMatch" : "InvalidSignatureException",
                        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));

            string payloadHash;
            if (protocol == AwsProtocol.S3)
            {
                AwsError s3Error = CheckS3Headers(request, signedList, body, out payloadHash);
                if (s3Error != null) return SigV4Result.Fail(s3Error);
            }
            else payloadHash = SigV4.Sha256Hex(body);

            var sorted = new List<string>(signedList);
            sorted.Sort(string.CompareOrdinal);
            string canonical = SigV4.CanonicalRequest(request.Method, SigV4.CanonicalUri(request.RawPath, service),
                SigV4.CanonicalQuery(request.Query()), sorted, request.Header, payloadHash);
            string stringToSign = SigV4.StringToSign(amzDate, SigV4.Scope(date8, region, service), canonical);
            string expected = SigV4.Signature(SigV4.SigningKey(cred.SecretAccessKey, date8, region, service), stringToSign);
            if (!SigV4.SignaturesEqual(expected, signature))
                return SigV4Result.Fail(MismatchError(protocol, keyId, stringToSign, signature, canonical), canonical, stringToSign);
            return new SigV4Result { Credential = cred, CanonicalRequest = canonical, StringToSign = stringToSign };
        }

        private static bool HasQueryAuth(SigV4Request request)
        {
            foreach (var kv in request.Query())
                if (kv.Key == "X-Amz-Algorithm" || kv.Key == "X-Amz-Credential" || kv.Key == "X-Amz-Signature") return true;
            return false;
        }

        /// <summary>Parses "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." (comma separators, optional spaces).</summary>
        private static bool ParseAuthorization(string header, out string credential, out string signedHeaders, out string signature, out string missing)
        {
            credential = signedHeaders = signature = null;
            missing = "";
            if (!header.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
            {
                missing = "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
                          "Authorization header requires 'SignedHeaders' parameter.";
                return false;
            }
            foreach (string part in header.Substring(SigV4.Algorithm.Length + 1).Split(','))
            {
                string p = part.Trim();
                int eq = p.IndexOf('=');
                if (eq <= 0) continue;
                string name = p.Substring(0, eq), value = p.Substring(eq + 1);
                if (name == "Credential") credential = value;
                else if (name == "SignedHeaders") signedHeaders = value;
                else if (name == "Signature") signature = value;
            }
            if (credential == null) missing += "Authorization header requires 'Credential' parameter. ";
            if (signature == null) missing += "Authorization header requires 'Signature' parameter. ";
            if (signedHeaders == null) missing += "Authorization header requires 'SignedHeaders' parameter. ";
            missing = missing.TrimEnd();
            return missing.Length == 0;
        }

        /// <summary>Splits AKID/yyyyMMdd/region/service/aws4_request.</summary>
        internal static bool ParseScope(string credential, out string keyId, out string date8, out string region, out string service)
        {
            keyId = date8 = region = service = null;
            string[] p = credential.Split('/');
            if (p.Length != 5 || p[4] != "aws4_request" || p[0].Length == 0 || p[1].Length != 8 || p[2].Length == 0 || p[3].Length == 0)
                return false;
            foreach (char c in p[1]) if (c < '0' || c > '9') return false;
            keyId = p[0];
            date8 = p[1];
            region = p[2];
            service = p[3];
            return true;
        }

        private static AwsError Malformed(AwsProtocol protocol, string s3Detail, string jsonMessage) => protocol switch
        {
            AwsProtocol.S3 => new AwsError(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; " + s3Detail),
            AwsProtocol.Query => new AwsError(403, "SignatureDoesNotMatch", jsonMessage.TrimEnd()),
            _ => new AwsError(403, "InvalidSignatureException", jsonMessage.TrimEnd()),
        };

        /// <summary>Looks the key up and checks the session token (required and equal for temporary keys, absent otherwise) and its expiry.</summary>
        private AwsError CheckKey(AwsProtocol protocol, string keyId, string token, out AwsCredential cred)
        {
            if (!_store.TryGet(keyId, out cred) || (cred.SessionToken == null && token != null) || (cred.SessionToken != null && token == null))
            {
                if (cred != null && cred.SessionToken == null && token != null && protocol == AwsProtocol.S3)
                    return new AwsError(400, "InvalidToken", "The provided token is malformed or otherwise invalid.");
                return protocol switch
                {
                    AwsProtocol.S3 => new AwsError(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.").With("AWSAccessKeyId", keyId),
                    AwsProtocol.Query => new AwsError(403, "InvalidClientTokenId", InvalidTokenJson),
                    _ => new AwsError(403, "UnrecognizedClientException", InvalidTokenJson),
                };
            }
            if (cred.SessionToken != null && !string.Equals(cred.SessionToken, token, StringComparison.Ordinal))
                return protocol switch
                {
                    AwsProtocol.S3 => new AwsError(400, "InvalidToken", "The provided token is malformed or otherwise invalid.").With("Token-0", token),
                    AwsProtocol.Query => new AwsError(403, "InvalidClientTokenId", InvalidTokenJson),
                    _ => new AwsError(403, "UnrecognizedClientException", InvalidTokenJson),
                };
            if (cred.Expiration is DateTimeOffset exp && _utcNow() >= exp)
                return protocol switch
                {
                    AwsProtocol.S3 => new AwsError(400, "ExpiredToken", "The provided token has expired.").With("Token-0", token),
                    AwsProtocol.Query => new AwsError(403, "ExpiredToken", "The security token included in the request is expired"),
                    _ => new AwsError(403, "ExpiredTokenException", "The security token included in the request is expired"),
                };
            return null;
        }

        private AwsError SkewError(AwsProtocol protocol, string amzDate, DateTimeOffset when, DateTimeOffset now)
        {
            if (protocol == AwsProtocol.S3)
                return new AwsError(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.")
                    .With("RequestTime", amzDate).With("ServerTime", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
                    .With("MaxAllowedSkewMilliseconds", ((long)MaxSkew.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
            string code = protocol == AwsProtocol.Query ? "SignatureDoesNotMatch" : "InvalidSignatureException";
            int minutes = (int)MaxSkew.TotalMinutes;
            string message = when < now
                ? $"Signature expired: {amzDate} is now earlier than {SigV4.FormatAmzDate(now - MaxSkew)} ({SigV4.FormatAmzDate(now)} - {minutes} min.)"
                : $"Signature not yet current: {amzDate} is still later than {SigV4.FormatAmzDate(now + MaxSkew)} ({SigV4.FormatAmzDate(now)} + {minutes} min.)";
            return new AwsError(403, code, message);
        }

        /// <summary>S3's header rules: x-amz-content-sha256 required and matching a hex body hash; every x-amz-* header signed.</summary>
        private static AwsError CheckS3Headers(SigV4Request request, List<string> signed, byte[] body, out string payloadHash)
        {
            payloadHash = request.Header("x-amz-content-sha256");
            if (payloadHash == null)
                return new AwsError(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
            if (payloadHash != SigV4.UnsignedPayload && !payloadHash.StartsWith("STREAMING-", StringComparison.Ordinal))
            {
                string computed = SigV4.Sha256Hex(body);
                if (payloadHash.Length != 64)
                    return new AwsError(400, "InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, " +
                        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, " +
                        "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.")
                        .With("ArgumentName", "x-amz-content-sha256").With("ArgumentValue", payloadHash);
                if (!string.Equals(payloadHash, computed, StringComparison.Ordinal))
                    return new AwsError(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.")
                        .With("ClientComputedContentSHA256", payloadHash).With("S3ComputedContentSHA256", computed);
            }
            var notSigned = new List<string>();
            foreach (string name in request.Headers.Keys)
                if (name.StartsWith("x-amz-", StringComparison.Ordinal) && !signed.Contains(name)) notSigned.Add(name);
            if (notSigned.Count > 0)
            {
                notSigned.Sort(string.CompareOrdinal);
                return new AwsError(403, "AccessDenied", "There were headers present in the request which were not signed")
                    .With("HeadersNotSigned", string.Join(", ", notSigned));
            }
            return null;
        }

        private static AwsError MismatchError(AwsProtocol protocol, string keyId, string stringToSign, string provided, string canonical) => protocol switch
        {
            AwsProtocol.S3 => new AwsError(403, "SignatureDoesNotMatch", SignatureMismatchS3)
                .With("AWSAccessKeyId", keyId).With("StringToSign", stringToSign).With("SignatureProvided", provided)
                .With("StringToSignBytes", SigV4.SpacedHex(stringToSign)).With("CanonicalRequest", canonical)
                .With("CanonicalRequestBytes", SigV4.SpacedHex(canonical)),
            AwsProtocol.Query => new AwsError(403, "SignatureDoesNotMatch", SignatureMismatchJson),
            // API-Gateway-fronted services (AWS IoT) append what they computed.
            _ => new AwsError(403, "InvalidSignatureException", SignatureMismatchJson +
                "\n\nThe Canonical String for this request should have been\n'" + canonical +
                "'\n\nThe String-to-Sign should have been\n'" + stringToSign + "'\n"),
        };
    }
}
