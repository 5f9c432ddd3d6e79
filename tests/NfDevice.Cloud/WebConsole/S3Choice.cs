using System;

namespace NfDevice.Cloud.WebConsole
{
    /// <summary>
    /// An S3 object version picked in a form, written as <c>s3://bucket/key?versionId=v</c>: the documentSource form
    /// CreateJob reads, so a chosen job file can be handed to CreateJob unchanged.
    /// </summary>
    public sealed record S3Choice(string Bucket, string Key, string VersionId)
    {
        /// <summary>s3://bucket/key[?versionId=v].</summary>
        public override string ToString() =>
            "s3://" + Bucket + "/" + Key + (string.IsNullOrEmpty(VersionId) || VersionId == "null" ? "" : "?versionId=" + Uri.EscapeDataString(VersionId));

        /// <summary>Parses <see cref="ToString"/>'s form; null when it is not one.</summary>
        public static S3Choice Parse(string value)
        {
            if (string.IsNullOrEmpty(value) || !value.StartsWith("s3://", StringComparison.Ordinal)) return null;
            string rest = value.Substring(5), version = null;
            int q = rest.IndexOf("?versionId=", StringComparison.Ordinal);
            if (q >= 0) { version = Uri.UnescapeDataString(rest.Substring(q + 11)); rest = rest.Substring(0, q); }
            int slash = rest.IndexOf('/');
            if (slash <= 0 || slash == rest.Length - 1) return null;
            return new S3Choice(rest.Substring(0, slash), rest.Substring(slash + 1), version);
        }
    }
}
