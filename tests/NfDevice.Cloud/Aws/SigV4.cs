using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NfDevice.Cloud.Aws
{
    /// <summary>
    /// The pieces of AWS Signature Version 4 (AWS4-HMAC-SHA256), written from the AWS General Reference
    /// "Create a canonical request for Signature Version 4" and the S3 API Reference
    /// "Authenticating Requests (AWS Signature Version 4)". Shared by the verifier (server side) and the
    /// signer (clients, tests, demo), so both build byte-identical canonical requests.
    /// </summary>
    public static class SigV4
    {
        /// <summary>The only algorithm SigV4 defines.</summary>
        public const string Algorithm = "AWS4-HMAC-SHA256";

        /// <summary>Payload hash S3 accepts in place of the body's SHA-256 (and the one presigned URLs use).</summary>
        public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

        /// <summary>SHA-256 of the empty string, in lowercase hex.</summary>
        public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        /// <summary>ISO 8601 basic format used by X-Amz-Date.</summary>
        public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

        /// <summary>Formats a time as X-Amz-Date (<c>20130524T000000Z</c>).</summary>
        public static string FormatAmzDate(DateTimeOffset time) =>
            time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

        /// <summary>Parses an X-Amz-Date value; false when it is not exactly <c>yyyyMMddTHHmmssZ</c>.</summary>
        public static bool TryParseAmzDate(string value, out DateTimeOffset time) =>
            DateTimeOffset.TryParseExact(value, AmzDateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

        /// <summary>
        /// URI-encodes per SigV4: unreserved characters (A-Z a-z 0-9 - . _ ~) kept, every other UTF-8 byte
        /// as %XX with uppercase hex; '/' kept only when <paramref name="keepSlash"/> (object key paths).
        /// </summary>
        public static string UriEncode(string value, bool keepSlash)
        {
            var sb = new StringBuilder(value.Length + 8);
            foreach (byte b in Encoding.UTF8.GetBytes(value))
            {
                char c = (char)b;
                bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
                if (unreserved || (keepSlash && c == '/')) sb.Append(c);
                else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }

        /// <summary>Percent-decodes (RFC 3986; '+' stays '+', as SigV4 clients encode space as %20).</summary>
        public static string PercentDecode(string value) => Uri.UnescapeDataString(value ?? "");

        /// <summary>
        /// Canonical URI from the path as sent on the wire (still percent-encoded). S3 encodes the decoded
        /// path once; every other service encodes it twice (the SigV4 rule "URI-encode each path segment
        /// twice, except for Amazon S3"). An empty path is "/".
        /// </summary>
        public static string CanonicalUri(string rawPath, string service)
        {
            if (string.IsNullOrEmpty(rawPath)) return "/";
            string once = UriEncode(PercentDecode(rawPath), keepSlash: true);
            // Other services encode the path as it was sent once more. botocore sends some reserved characters as they
            // are ("/things/t/jobs/$next") and signs "%24next": encoding the wire form gives that, and gives the
            // double encoding AWS documents for paths that were sent encoded ("%3A" signs as "%253A").
            return service == "s3" ? once : UriEncode(rawPath, keepSlash: true);
        }

        /// <summary>Splits a raw query string (with or without the leading '?') into decoded name/value pairs, in order.</summary>
        public static List<KeyValuePair<string, string>> ParseQuery(string rawQuery)
        {
            var result = new List<KeyValuePair<string, string>>();
            if (string.IsNullOrEmpty(rawQuery)) return result;
            string q = rawQuery[0] == '?' ? rawQuery.Substring(1) : rawQuery;
            foreach (string part in q.Split('&'))
            {
                if (part.Length == 0) continue;
                int eq = part.IndexOf('=');
                string name = eq < 0 ? part : part.Substring(0, eq);
                string value = eq < 0 ? "" : part.Substring(eq + 1);
                result.Add(new KeyValuePair<string, string>(PercentDecode(name), PercentDecode(value)));
            }
            return result;
        }

        /// <summary>
        /// Canonical query string: each name and value URI-encoded (slash encoded too), sorted by encoded
        /// name then value (ordinal), joined "name=value" with '&amp;'; a parameter without value is "name=".
        /// Pairs named <paramref name="exclude"/> (X-Amz-Signature for presigned URLs) are left out.
        /// </summary>
        public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query, string exclude = null)
        {
            var encoded = new List<KeyValuePair<string, string>>();
            foreach (var kv in query)
            {
                if (exclude != null && kv.Key == exclude) continue;
                encoded.Add(new KeyValuePair<string, string>(UriEncode(kv.Key, false), UriEncode(kv.Value ?? "", false)));
            }
            encoded.Sort((a, b) =>
            {
                int c = string.CompareOrdinal(a.Key, b.Key);
                return c != 0 ? c : string.CompareOrdinal(a.Value, b.Value);
            });
            var sb = new StringBuilder();
            foreach (var kv in encoded)
            {
                if (sb.Length > 0) sb.Append('&');
                sb.Append(kv.Key).Append('=').Append(kv.Value);
            }
            return sb.ToString();
        }

        /// <summary>Header value as canonicalized: leading/trailing spaces trimmed, inner runs of spaces collapsed to one.</summary>
        public static string CanonicalHeaderValue(string value)
        {
            var sb = new StringBuilder(value.Length);
            bool space = false;
            foreach (char c in value.Trim())
            {
                if (c == ' ' || c == '\t')
                {
                    if (!space) sb.Append(' ');
                    space = true;
                }
                else
                {
                    sb.Append(c);
                    space = false;
                }
            }
            return sb.ToString();
        }

        /// <summary>
        /// Builds the canonical request:
        /// Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload,
        /// where CanonicalHeaders is "name:value\n" for each signed header in sorted order.
        /// <paramref name="headerLookup"/> returns the (already comma-joined) value of a lowercase header name, or null.
        /// </summary>
        public static string CanonicalRequest(string method, string canonicalUri, string canonicalQuery,
            IReadOnlyList<string> signedHeadersSorted, Func<string, string> headerLookup, string payloadHash)
        {
            var sb = new StringBuilder(256);
            sb.Append(method).Append('\n').Append(canonicalUri).Append('\n').Append(canonicalQuery).Append('\n');
            foreach (string name in signedHeadersSorted)
                sb.Append(name).Append(':').Append(CanonicalHeaderValue(headerLookup(name) ?? "")).Append('\n');
            sb.Append('\n').Append(string.Join(";", signedHeadersSorted)).Append('\n').Append(payloadHash);
            return sb.ToString();
        }

        /// <summary>Credential scope <c>yyyyMMdd/region/service/aws4_request</c>.</summary>
        public static string Scope(string date8, string region, string service) => $"{date8}/{region}/{service}/aws4_request";

        /// <summary>String to sign: algorithm \n amzDate \n scope \n hex(SHA256(canonicalRequest)).</summary>
        public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
            $"{Algorithm}\n{amzDate}\n{scope}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest))}";

        /// <summary>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request").</summary>
        public static byte[] SigningKey(string secret, string date8, string region, string service)
        {
            byte[] k = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date8));
            k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(region));
            k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(service));
            return HMACSHA256.HashData(k, Encoding.UTF8.GetBytes("aws4_request"));
        }

        /// <summary>Lowercase hex of HMAC-SHA256(signingKey, stringToSign).</summary>
        public static string Signature(byte[] signingKey, string stringToSign) =>
            Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

        /// <summary>Lowercase hex SHA-256.</summary>
        public static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data ?? Array.Empty<byte>()));

        /// <summary>Constant-time comparison of two signatures (hex strings).</summary>
        public static bool SignaturesEqual(string a, string b) =>
            a != null && b != null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

        /// <summary>Bytes of a string as S3 prints them in StringToSignBytes/CanonicalRequestBytes ("41 57 53 ...").</summary>
        public static string SpacedHex(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            var sb = new StringBuilder(bytes.Length * 3);
            for (int i = 0; i < bytes.Length; i++)
            {
                if (i > 0) sb.Append(' ');
                sb.Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }
    }
}
