using System;
using System.Globalization;
using System.Text;
using NfDevice.Cloud.Aws;
using NfDevice.Cloud.Iam;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.S3
{
    /// <summary>A placeholder that cannot be resolved, with a reason meant for the device and the operator.</summary>
    public sealed class PlaceholderResolutionException : Exception
    {
        /// <summary>Creates the error.</summary>
        public PlaceholderResolutionException(string message) : base(message) { }
    }

    /// <summary>
    /// Replaces <c>${aws:iot:s3-presigned-url:URL}</c> (v1: URL unencoded, no version) and
    /// <c>${aws:iot:s3-presigned-url-v2:URL}</c> (v2: key URI-encoded, optional <c>%3FversionId%3D…</c>) with a
    /// freshly presigned GET on the emulator's S3 (reference §4.1): X-Amz-Date = now, X-Amz-Expires =
    /// expiresInSec, signed with role-session credentials (X-Amz-Security-Token included) — but only when the
    /// role trusts iot.amazonaws.com and allows s3:GetObject on the object; otherwise it fails with the reason.
    /// </summary>
    public sealed class PresignedUrlResolver : IJobDocumentResolver
    {
        private const string V1 = "${aws:iot:s3-presigned-url:";
        private const string V2 = "${aws:iot:s3-presigned-url-v2:";

        private readonly IamStore _iam;
        private readonly RoleSessions _sessions;
        private readonly Uri _s3Base;

        /// <summary>Creates the resolver: <paramref name="s3BaseUri"/> is the emulator's S3 (http://127.0.0.1:port).</summary>
        public PresignedUrlResolver(IamStore iam, RoleSessions sessions, Uri s3BaseUri)
        {
            _iam = iam ?? throw new ArgumentNullException(nameof(iam));
            _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
            _s3Base = s3BaseUri ?? throw new ArgumentNullException(nameof(s3BaseUri));
        }

        /// <summary>
        /// True (default): a role without s3:GetObject on the object fails resolution with the reason. False: the
        /// URL is issued anyway, as real AWS IoT does (presigning does not check permissions), and S3 answers the
        /// GET with 403 AccessDenied when <see cref="RoleSessions.AuthorizeS3"/> is wired. A role that is missing or
        /// does not trust iot.amazonaws.com always fails: IoT cannot assume it.
        /// </summary>
        public bool FailWhenRoleDenies { get; set; } = true;

        /// <summary>Region used when the placeholder URL names none (https://s3.amazonaws.com/...).</summary>
        public string DefaultRegion { get; set; } = "us-east-1";

        /// <summary><see cref="IJobDocumentResolver"/>: throws <see cref="PlaceholderResolutionException"/> when a URL cannot be issued.</summary>
        public string Resolve(JobDocumentContext context) =>
            Resolve(context.Document, context.PresignedUrlRoleArn, context.PresignedUrlExpiresInSec,
                DateTimeOffset.FromUnixTimeSeconds(context.NowSeconds));

        /// <summary>Non-throwing form of <see cref="Resolve(string, string, long, DateTimeOffset)"/>.</summary>
        public bool TryResolve(string document, string roleArn, long expiresInSec, DateTimeOffset now, out string resolved, out string error)
        {
            try
            {
                resolved = Resolve(document, roleArn, expiresInSec, now);
                error = null;
                return true;
            }
            catch (PlaceholderResolutionException e)
            {
                resolved = null;
                error = e.Message;
                return false;
            }
        }

        /// <summary>
        /// Resolves every presigned-URL placeholder in <paramref name="document"/> (returned unchanged when it has
        /// none). <paramref name="expiresInSec"/> 0 means AWS's default 3600; otherwise it must be 60..3600.
        /// </summary>
        public string Resolve(string document, string roleArn, long expiresInSec, DateTimeOffset now)
        {
            if (document == null || document.IndexOf("${aws:iot:s3-presigned-url", StringComparison.Ordinal) < 0) return document;
            if (expiresInSec == 0) expiresInSec = 3600;
            if (expiresInSec < 60 || expiresInSec > 3600)
                throw new PlaceholderResolutionException($"presignedUrlConfig.expiresInSec must be between 60 and 3600, was {expiresInSec.ToString(CultureInfo.InvariantCulture)}");
            if (string.IsNullOrEmpty(roleArn))
                throw new PlaceholderResolutionException("the job document contains ${aws:iot:s3-presigned-url:...} but the job has no presignedUrlConfig.roleArn");

            var sb = new StringBuilder(document.Length + 512);
            int i = 0;
            while (true)
            {
                int start = document.IndexOf("${aws:iot:s3-presigned-url", i, StringComparison.Ordinal);
                if (start < 0) break;
                bool v2 = string.CompareOrdinal(document, start, V2, 0, V2.Length) == 0;
                bool v1 = !v2 && string.CompareOrdinal(document, start, V1, 0, V1.Length) == 0;
                if (!v1 && !v2)
                {
                    // e.g. -upload placeholders: left for whoever implements them.
                    sb.Append(document, i, start + 2 - i);
                    i = start + 2;
                    continue;
                }
                int urlStart = start + (v2 ? V2.Length : V1.Length);
                int end = document.IndexOf('}', urlStart);
                if (end < 0) throw new PlaceholderResolutionException("unterminated ${aws:iot:s3-presigned-url...} placeholder");
                string url = document.Substring(urlStart, end - urlStart).Replace("\\/", "/");
                sb.Append(document, i, start - i).Append(Presign(url, v2, roleArn, expiresInSec, now));
                i = end + 1;
            }
            sb.Append(document, i, document.Length - i);
            return sb.ToString();
        }

        private string Presign(string placeholderUrl, bool v2, string roleArn, long expiresInSec, DateTimeOffset now)
        {
            if (!TryParseS3Url(placeholderUrl, v2, out string bucket, out string key, out string versionId, out string region))
                throw new PlaceholderResolutionException($"not an S3 object URL: {placeholderUrl}");
            IamCheck check = FailWhenRoleDenies ? _iam.CanIotPresign(roleArn, bucket, key) : _iam.CanAssume(roleArn, IamStore.IotPrincipal);
            if (!check.Ok) throw new PlaceholderResolutionException("cannot presign s3://" + bucket + "/" + key + ": " + check.Reason);
            // S3 authorizes a GET with ?versionId= as s3:GetObjectVersion, so a versioned URL needs that action too.
            if (FailWhenRoleDenies && versionId != null)
            {
                IamCheck version = _iam.IsAllowed(roleArn, "s3:GetObjectVersion", "arn:aws:s3:::" + bucket + "/" + key);
                if (!version.Ok) throw new PlaceholderResolutionException("cannot presign s3://" + bucket + "/" + key + "?versionId=" + versionId + ": " + version.Reason);
            }
            AwsCredential session = _sessions.ForRole(roleArn, now, TimeSpan.FromSeconds(expiresInSec + 60));
            string target = _s3Base.GetLeftPart(UriPartial.Authority) + "/" + SigV4.UriEncode(bucket, false) + "/" + SigV4.UriEncode(key, true)
                + (versionId != null ? "?versionId=" + SigV4.UriEncode(versionId, false) : "");
            return SigV4Signer.Presign("GET", new Uri(target), session, region ?? DefaultRegion, now, expiresInSec).AbsoluteUri;
        }

        /// <summary>
        /// Splits an S3 object URL: path style https://s3[.region].amazonaws.com/bucket/key or virtual-hosted
        /// https://bucket.s3[.region].amazonaws.com/key (also s3-region and s3.dualstack forms). v1 keys are taken
        /// literally; v2 keys are percent-decoded after splitting off "?versionId=" (itself possibly encoded).
        /// </summary>
        public static bool TryParseS3Url(string url, bool v2, out string bucket, out string key, out string versionId, out string region)
        {
            bucket = key = versionId = region = null;
            int scheme = url.IndexOf("://", StringComparison.Ordinal);
            if (scheme < 0) return false;
            string rest = url.Substring(scheme + 3);
            int slash = rest.IndexOf('/');
            if (slash < 0) return false;
            string host = rest.Substring(0, slash).ToLowerInvariant();
            string path = rest.Substring(slash + 1);
            if (!host.EndsWith(".amazonaws.com", StringComparison.Ordinal)) return false;
            string[] labels = host.Substring(0, host.Length - ".amazonaws.com".Length).Split('.');
            int s3 = Array.FindIndex(labels, l => l == "s3" || l.StartsWith("s3-", StringComparison.Ordinal));
            if (s3 < 0) return false;
            if (labels[s3].StartsWith("s3-", StringComparison.Ordinal)) region = labels[s3].Substring(3);
            for (int j = s3 + 1; j < labels.Length; j++) if (labels[j] != "dualstack") region = labels[j];
            string encodedKey;
            if (s3 > 0) { bucket = string.Join(".", labels, 0, s3); encodedKey = path; }
            else
            {
                int k = path.IndexOf('/');
                if (k <= 0) return false;
                bucket = path.Substring(0, k);
                encodedKey = path.Substring(k + 1);
            }
            if (v2)
            {
                string decodedQueryMarker = encodedKey.Replace("%3F", "?").Replace("%3f", "?");
                int q = decodedQueryMarker.IndexOf("?versionId", StringComparison.Ordinal);
                if (q >= 0)
                {
                    string ver = decodedQueryMarker.Substring(q + "?versionId".Length);
                    ver = SigV4.PercentDecode(ver);
                    if (!ver.StartsWith("=", StringComparison.Ordinal)) return false;
                    versionId = ver.Substring(1);
                    encodedKey = decodedQueryMarker.Substring(0, q);
                }
                key = SigV4.PercentDecode(encodedKey);
            }
            else key = encodedKey;
            return key.Length > 0 && bucket.Length > 0;
        }
    }
}
