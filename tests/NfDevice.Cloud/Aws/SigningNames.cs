using System;
using System.Collections.Generic;

namespace NfDevice.Cloud.Aws
{
    /// <summary>
    /// The SigV4 credential-scope service names AWS clients sign with, per emulated service (reference
    /// aws-facts-2026-12.md §1). A service may be signed under more than one name: AWS IoT's control plane is
    /// signed "iot" by CLI v2 ≥ 2.11.15 and botocore ≥ 1.29.117, and "execute-api" by older CLIs and SDKs
    /// (Debian's CLI 2.9), and AWS accepts both.
    /// </summary>
    public static class SigningNames
    {
        /// <summary>AWS IoT control plane (client "iot").</summary>
        public const string Iot = "iot";
        /// <summary>AWS IoT Jobs data plane over HTTPS (client "iot-jobs-data").</summary>
        public const string IotJobsData = "iot-jobs-data";
        /// <summary>Amazon S3.</summary>
        public const string S3 = "s3";
        /// <summary>IAM (query protocol).</summary>
        public const string Iam = "iam";
        /// <summary>STS (query protocol).</summary>
        public const string Sts = "sts";
        /// <summary>AWS Signer.</summary>
        public const string Signer = "signer";
        /// <summary>AWS Certificate Manager (JSON 1.1, X-Amz-Target CertificateManager.*).</summary>
        public const string Acm = "acm";

        private static readonly Dictionary<string, string[]> Accepted = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [Iot] = new[] { "iot", "execute-api" },
            [IotJobsData] = new[] { "iot-jobs-data" },
            [S3] = new[] { "s3" },
            [Iam] = new[] { "iam" },
            [Sts] = new[] { "sts" },
            [Signer] = new[] { "signer" },
            [Acm] = new[] { "acm" },
        };

        /// <summary>True when a request for <paramref name="service"/> may be signed with scope <paramref name="scopeService"/>.</summary>
        public static bool Accepts(string service, string scopeService)
        {
            if (!Accepted.TryGetValue(service, out string[] names)) return service == scopeService;
            return Array.IndexOf(names, scopeService) >= 0;
        }

        /// <summary>
        /// The emulated service a credential scope names, or null for a name no emulated service is signed with.
        /// "execute-api" is shared with API Gateway; on this endpoint it can only mean AWS IoT (LocalStack's rule).
        /// </summary>
        public static string ServiceOfScope(string scopeService)
        {
            foreach (var kv in Accepted)
                if (Array.IndexOf(kv.Value, scopeService) >= 0) return kv.Key;
            return null;
        }
    }
}
