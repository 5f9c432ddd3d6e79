using System;
using System.Text;
using NfDevice.Cloud.S3;

namespace NfDevice.Cloud.Signer
{
    /// <summary>
    /// Resolves <c>${aws:iot:code-sign-signature:s3://region.bucket/key@version}</c> once, at job creation
    /// (reference §4.2), with the JSON signature Signer wrote for that object version. When the placeholder is a
    /// whole JSON string (<c>"codesign": "${...}"</c>) the quotes go too and the object takes their place. Inside
    /// <c>${aws:iot:s3-presigned-url:${aws:iot:code-sign-signature:...}}</c> it becomes the object's https S3 URL,
    /// so the outer placeholder is resolved per delivery as usual.
    /// </summary>
    public sealed class CodeSignPlaceholder
    {
        private const string Prefix = "${aws:iot:code-sign-signature:";
        private readonly SignerService _signer;
        private readonly S3Store _s3;

        /// <summary>Creates the resolver.</summary>
        public CodeSignPlaceholder(SignerService signer, S3Store s3)
        {
            _signer = signer ?? throw new ArgumentNullException(nameof(signer));
            _s3 = s3 ?? throw new ArgumentNullException(nameof(s3));
        }

        /// <summary>
        /// Returns the document with every code-sign placeholder replaced. Uses the latest succeeded signing job of
        /// the object version; if there is none and <paramref name="profileName"/> is given, signs it now with that
        /// profile (destination: the source bucket, prefix "SignedImages/", as the console does).
        /// Throws <see cref="PlaceholderResolutionException"/> with the reason otherwise.
        /// </summary>
        public string Resolve(string document, string profileName = null)
        {
            if (document == null || document.IndexOf(Prefix, StringComparison.Ordinal) < 0) return document;
            var sb = new StringBuilder(document.Length + 256);
            int i = 0;
            while (true)
            {
                int start = document.IndexOf(Prefix, i, StringComparison.Ordinal);
                if (start < 0) break;
                int end = document.IndexOf('}', start);
                if (end < 0) throw new PlaceholderResolutionException("unterminated ${aws:iot:code-sign-signature:...} placeholder");
                string location = document.Substring(start + Prefix.Length, end - start - Prefix.Length);
                if (!TryParseLocation(location, out string region, out string bucket, out string key, out string version))
                    throw new PlaceholderResolutionException($"expected s3://region.bucket/key@version in code-sign placeholder, got {location}");

                string before = document.Substring(0, start);
                bool insidePresign = before.EndsWith("${aws:iot:s3-presigned-url:", StringComparison.Ordinal)
                    || before.EndsWith("${aws:iot:s3-presigned-url-v2:", StringComparison.Ordinal);
                if (insidePresign)
                {
                    sb.Append(document, i, start - i).Append($"https://s3.{region}.amazonaws.com/{bucket}/")
                        .Append(before.EndsWith("-v2:", StringComparison.Ordinal) ? Aws.SigV4.UriEncode(key, true) : key);
                    i = end + 1;
                    continue;
                }

                SigningJob job = _signer.FindSucceededJob(bucket, key, version);
                if (job == null && profileName != null)
                    job = _signer.StartSigningJob(profileName, bucket, key, version, bucket, "SignedImages/");
                if (job == null || job.Status != "Succeeded")
                    throw new PlaceholderResolutionException(job == null
                        ? $"no successful signing job for s3://{bucket}/{key} version {version}"
                        : $"signing s3://{bucket}/{key} version {version} failed: {job.StatusReason}");

                bool quoted = start > 0 && document[start - 1] == '"' && end + 1 < document.Length && document[end + 1] == '"';
                int from = quoted ? start - 1 : start, to = quoted ? end + 2 : end + 1;
                sb.Append(document, i, from - i).Append(job.SignedJson);
                i = to;
            }
            sb.Append(document, i, document.Length - i);
            return sb.ToString();
        }

        /// <summary>Parses <c>s3://region.bucket/key@version</c>.</summary>
        public static bool TryParseLocation(string s, out string region, out string bucket, out string key, out string version)
        {
            region = bucket = key = version = null;
            if (!s.StartsWith("s3://", StringComparison.Ordinal)) return false;
            string rest = s.Substring(5);
            int slash = rest.IndexOf('/'), dot = rest.IndexOf('.'), at = rest.LastIndexOf('@');
            if (slash < 0 || dot < 0 || dot > slash || at < slash) return false;
            region = rest.Substring(0, dot);
            bucket = rest.Substring(dot + 1, slash - dot - 1);
            key = rest.Substring(slash + 1, at - slash - 1);
            version = rest.Substring(at + 1);
            return region.Length > 0 && bucket.Length > 0 && key.Length > 0 && version.Length > 0;
        }
    }
}
