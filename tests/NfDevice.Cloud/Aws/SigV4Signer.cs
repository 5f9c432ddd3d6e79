using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;

namespace NfDevice.Cloud.Aws
{
    /// <summary>Client side of SigV4, for tests, the demo and the emulator's own presigned URLs.</summary>
    public static class SigV4Signer
    {
        /// <summary>
        /// Signs <paramref name="request"/> in place with an Authorization header: sets Host, X-Amz-Date,
        /// X-Amz-Security-Token (temporary credentials) and for S3 X-Amz-Content-Sha256 (the body hash, or
        /// UNSIGNED-PAYLOAD when <paramref name="unsignedPayload"/>). Signs host, content-type, range and every
        /// x-amz-* header. <paramref name="body"/> must be the exact bytes of request.Content (null = none).
        /// Returns the canonical request (useful when a test wants to show what was signed).
        /// </summary>
        public static string Sign(HttpRequestMessage request, AwsCredential credential, string region, string service,
            DateTimeOffset now, byte[] body = null, bool unsignedPayload = false)
        {
            Uri uri = request.RequestUri ?? throw new ArgumentException("RequestUri required", nameof(request));
            string amzDate = SigV4.FormatAmzDate(now), date8 = amzDate.Substring(0, 8);
            request.Headers.Remove("Authorization");
            request.Headers.Host = uri.IsDefaultPort ? uri.Host : uri.Authority;
            request.Headers.Remove("x-amz-date");
            request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
            if (credential.SessionToken != null)
            {
                request.Headers.Remove("x-amz-security-token");
                request.Headers.TryAddWithoutValidation("x-amz-security-token", credential.SessionToken);
            }
            string payloadHash = unsignedPayload ? SigV4.UnsignedPayload : SigV4.Sha256Hex(body);
            if (service == "s3")
            {
                request.Headers.Remove("x-amz-content-sha256");
                request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
            }

            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var h in request.Headers) headers[h.Key.ToLowerInvariant()] = string.Join(",", h.Value);
            if (request.Content != null)
                foreach (var h in request.Content.Headers) headers[h.Key.ToLowerInvariant()] = string.Join(",", h.Value);
            var signed = headers.Keys.Where(n => n == "host" || n == "content-type" || n == "content-md5" || n == "range" || n.StartsWith("x-amz-", StringComparison.Ordinal))
                .OrderBy(n => n, StringComparer.Ordinal).ToList();

            string canonical = SigV4.CanonicalRequest(request.Method.Method, SigV4.CanonicalUri(uri.AbsolutePath, service),
                SigV4.CanonicalQuery(SigV4.ParseQuery(uri.Query)), signed, n => headers.TryGetValue(n, out string v) ? v : null, payloadHash);
            string scope = SigV4.Scope(date8, region, service);
            string signature = SigV4.Signature(SigV4.SigningKey(credential.SecretAccessKey, date8, region, service),
                SigV4.StringToSign(amzDate, scope, canonical));
            request.Headers.TryAddWithoutValidation("Authorization",
                $"{SigV4.Algorithm} Credential={credential.AccessKeyId}/{scope}, SignedHeaders={string.Join(";", signed)}, Signature={signature}");
            return canonical;
        }

        /// <summary>
        /// Presigns a URL (S3 query authentication): adds X-Amz-Security-Token (temporary credentials, listed
        /// first as AWS IoT does), X-Amz-Algorithm, X-Amz-Date, X-Amz-SignedHeaders=host, X-Amz-Expires,
        /// X-Amz-Credential and X-Amz-Signature to <paramref name="url"/> (whose path must already be
        /// URI-encoded, e.g. with <see cref="SigV4.UriEncode"/>; existing query parameters such as versionId are kept and signed).
        /// </summary>
        public static Uri Presign(string method, Uri url, AwsCredential credential, string region, DateTimeOffset now,
            long expiresSeconds, string service = "s3")
        {
            if (expiresSeconds < 1 || expiresSeconds > SigV4Verifier.MaxPresignExpiresSeconds)
                throw new ArgumentOutOfRangeException(nameof(expiresSeconds), "X-Amz-Expires must be 1..604800");
            string amzDate = SigV4.FormatAmzDate(now), date8 = amzDate.Substring(0, 8);
            string scope = SigV4.Scope(date8, region, service);
            var query = SigV4.ParseQuery(url.Query);
            var added = new List<KeyValuePair<string, string>>();
            if (credential.SessionToken != null) added.Add(new("X-Amz-Security-Token", credential.SessionToken));
            added.Add(new("X-Amz-Algorithm", SigV4.Algorithm));
            added.Add(new("X-Amz-Date", amzDate));
            added.Add(new("X-Amz-SignedHeaders", "host"));
            added.Add(new("X-Amz-Expires", expiresSeconds.ToString(CultureInfo.InvariantCulture)));
            added.Add(new("X-Amz-Credential", $"{credential.AccessKeyId}/{scope}"));
            query.AddRange(added);

            string host = url.IsDefaultPort ? url.Host : url.Authority;
            string canonical = SigV4.CanonicalRequest(method, SigV4.CanonicalUri(url.AbsolutePath, service), SigV4.CanonicalQuery(query),
                new[] { "host" }, n => n == "host" ? host : null, SigV4.UnsignedPayload);
            string signature = SigV4.Signature(SigV4.SigningKey(credential.SecretAccessKey, date8, region, service),
                SigV4.StringToSign(amzDate, scope, canonical));

            var sb = new StringBuilder();
            string existing = url.Query.TrimStart('?');
            if (existing.Length > 0) sb.Append(existing).Append('&');
            foreach (var kv in added) sb.Append(kv.Key).Append('=').Append(SigV4.UriEncode(kv.Value, false)).Append('&');
            sb.Append("X-Amz-Signature=").Append(signature);
            return new Uri(url.GetLeftPart(UriPartial.Path) + "?" + sb);
        }
    }
}
