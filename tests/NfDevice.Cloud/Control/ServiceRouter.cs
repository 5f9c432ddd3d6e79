using System;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.Control
{
    /// <summary>Which emulated service a request on the one endpoint is for, and for S3 the bucket its Host names.</summary>
    public readonly struct ServiceRoute
    {
        /// <summary>Creates a route.</summary>
        public ServiceRoute(string service, string hostBucket, string reason)
        {
            Service = service;
            HostBucket = hostBucket;
            Reason = reason;
        }

        /// <summary>A <see cref="SigningNames"/> constant, or null: no signature and no shape of another service (web console or the IoT gate).</summary>
        public string Service { get; }

        /// <summary>Virtual-hosted-style S3: the bucket named by the Host ("my-firmware.s3.localhost"), else null.</summary>
        public string HostBucket { get; }

        /// <summary>Which rule decided (for logs and tests): "scope", "target", "host", "shape" or "none".</summary>
        public string Reason { get; }
    }

    /// <summary>
    /// The one place that decides which service answers a request on the control-plane port, in LocalStack's
    /// order (reference aws-facts-2026-12.md §2): the SigV4 credential scope (Authorization header or presigned
    /// X-Amz-Credential) first, then X-Amz-Target, then the Host's service prefix, then the request's shape.
    /// Scope first is what splits the paths two services share: `GET /things/{t}/jobs` is IoT's
    /// ListJobExecutionsForThing under scope iot/execute-api and the Jobs data plane's GetPendingJobExecutions under
    /// iot-jobs-data; `PUT /things/x` is IoT under iot and a `things` bucket under s3.
    /// </summary>
    public static class ServiceRouter
    {
        /// <summary>Routes one request given what was on the wire (header names as sent; lookups ignore case).</summary>
        public static ServiceRoute Route(string method, string path, Func<string, string> header, Func<string, string> query)
        {
            string host = StripPort(header("host") ?? "");
            string hostBucket = BucketOfHost(host);

            string scope = ScopeService(header("authorization")) ?? ScopeService("Credential=" + (query("X-Amz-Credential") ?? ""));
            string byScope = scope == null ? null : SigningNames.ServiceOfScope(scope);
            if (byScope != null) return new ServiceRoute(byScope, byScope == SigningNames.S3 ? hostBucket : null, "scope");
            // Signature Version 2 ("AWS AKID:sig") is only ever S3's; S3 answers it with its own error.
            if ((header("authorization") ?? "").StartsWith("AWS ", StringComparison.Ordinal)) return new ServiceRoute(SigningNames.S3, hostBucket, "scope");

            string target = header("x-amz-target") ?? "";
            if (target.StartsWith("CertificateManager.", StringComparison.Ordinal)) return new ServiceRoute(SigningNames.Acm, null, "target");

            string byHost = ServiceOfHost(host);
            if (byHost != null) return new ServiceRoute(byHost, byHost == SigningNames.S3 ? hostBucket : null, "host");

            if (string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) && (path == "/" || path.Length == 0)
                && (header("content-type") ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
                return new ServiceRoute(SigningNames.Iam, null, "shape");
            if (path.StartsWith("/signing-", StringComparison.Ordinal)) return new ServiceRoute(SigningNames.Signer, null, "shape");
            return new ServiceRoute(null, null, "none");
        }

        /// <summary>The service of "AWS4-HMAC-SHA256 Credential=AKID/date/region/SERVICE/aws4_request, ...", or null.</summary>
        internal static string ScopeService(string authorization)
        {
            if (string.IsNullOrEmpty(authorization)) return null;
            int at = authorization.IndexOf("Credential=", StringComparison.Ordinal);
            if (at < 0) return null;
            int start = at + "Credential=".Length;
            int end = authorization.IndexOfAny(new[] { ',', ' ' }, start);
            string credential = end < 0 ? authorization.Substring(start) : authorization.Substring(start, end - start);
            string[] parts = credential.Split('/');
            return parts.Length == 5 && parts[3].Length > 0 ? parts[3] : null;
        }

        /// <summary>
        /// The bucket of a virtual-hosted-style Host: "{bucket}.s3.{anything}" or "{bucket}.s3-{region}.{anything}"
        /// ("my-firmware.s3.localhost", "my-firmware.s3.us-east-1.amazonaws.com"), else null.
        /// </summary>
        internal static string BucketOfHost(string host)
        {
            int at = host.IndexOf(".s3.", StringComparison.OrdinalIgnoreCase);
            if (at < 0) at = host.IndexOf(".s3-", StringComparison.OrdinalIgnoreCase);
            return at > 0 ? host.Substring(0, at) : null;
        }

        // The endpoint prefixes of botocore's endpoints.json (reference §1), as a Host the client was pointed at.
        private static string ServiceOfHost(string host)
        {
            string h = host.ToLowerInvariant();
            if (h.StartsWith("s3.", StringComparison.Ordinal) || h.StartsWith("s3-", StringComparison.Ordinal) || BucketOfHost(h) != null) return SigningNames.S3;
            if (h.Contains(".jobs.iot.", StringComparison.Ordinal) || h.StartsWith("data.jobs.iot.", StringComparison.Ordinal)) return SigningNames.IotJobsData;
            if (h.StartsWith("iam.", StringComparison.Ordinal)) return SigningNames.Iam;
            if (h.StartsWith("sts.", StringComparison.Ordinal)) return SigningNames.Sts;
            if (h.StartsWith("signer.", StringComparison.Ordinal)) return SigningNames.Signer;
            if (h.StartsWith("acm.", StringComparison.Ordinal)) return SigningNames.Acm;
            if (h.StartsWith("iot.", StringComparison.Ordinal)) return SigningNames.Iot;
            return null;
        }

        private static string StripPort(string host)
        {
            if (host.StartsWith("[", StringComparison.Ordinal)) return host;
            int colon = host.LastIndexOf(':');
            return colon < 0 ? host : host.Substring(0, colon);
        }
    }
}
