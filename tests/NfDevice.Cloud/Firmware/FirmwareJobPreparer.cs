using System;
using System.Text;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.S3;
using NfDevice.Cloud.Signer;

namespace NfDevice.Cloud.Firmware
{
    /// <summary>
    /// What the emulator does to a CreateJob request before it is stored (plugged into
    /// <see cref="JobsService.PrepareSpec"/>): reads <c>documentSource</c> once from the emulator's S3, resolves
    /// <c>${aws:iot:code-sign-signature:...}</c> once with Signer's output (reference §4.2), and refuses a document
    /// with a presigned-URL placeholder but no <c>presignedUrlConfig.roleArn</c>.
    /// </summary>
    public sealed class FirmwareJobPreparer
    {
        private const string PresignPrefix = "${aws:iot:s3-presigned-url";
        private readonly S3Store _s3;
        private readonly CodeSignPlaceholder _codeSign;

        /// <summary>Creates the preparer over the emulator's S3 and Signer.</summary>
        public FirmwareJobPreparer(S3Store s3, CodeSignPlaceholder codeSign)
        {
            _s3 = s3 ?? throw new ArgumentNullException(nameof(s3));
            _codeSign = codeSign ?? throw new ArgumentNullException(nameof(codeSign));
        }

        /// <summary>Rewrites <paramref name="spec"/> in place; throws <see cref="AwsException"/> (InvalidRequestException) with the reason.</summary>
        public void Prepare(JobSpec spec)
        {
            if (spec.DocumentSource != null)
            {
                if (spec.Document != null) throw AwsException.Invalid("Specify either document or documentSource, not both.");
                spec.Document = ReadSource(spec.DocumentSource);
            }
            if (spec.Document == null) return;
            try
            {
                spec.Document = _codeSign.Resolve(spec.Document);
            }
            catch (PlaceholderResolutionException e)
            {
                throw AwsException.Invalid("Cannot resolve ${aws:iot:code-sign-signature:...}: " + e.Message);
            }
            // AWS documents that a presigned placeholder needs presignedUrlConfig; whether CreateJob itself refuses is
            // not documented, so the emulator refuses here rather than letting every delivery fail later.
            if (spec.Document.IndexOf(PresignPrefix, StringComparison.Ordinal) >= 0 && string.IsNullOrEmpty(spec.PresignedUrlRoleArn))
                throw AwsException.Invalid("The job document contains ${aws:iot:s3-presigned-url:...} but presignedUrlConfig.roleArn is missing.");
        }

        /// <summary>
        /// documentSource: https://s3[.region].amazonaws.com/bucket/key, https://bucket.s3[.region].amazonaws.com/key or
        /// s3://bucket/key (an optional ?versionId= is honoured), read from the emulator's S3.
        /// </summary>
        private string ReadSource(string source)
        {
            string bucket, key, version = null;
            if (source.StartsWith("s3://", StringComparison.Ordinal))
            {
                string rest = source.Substring(5);
                int q = rest.IndexOf("?versionId=", StringComparison.Ordinal);
                if (q >= 0) { version = Uri.UnescapeDataString(rest.Substring(q + 11)); rest = rest.Substring(0, q); }
                int slash = rest.IndexOf('/');
                if (slash <= 0 || slash == rest.Length - 1) throw AwsException.Invalid("documentSource must name an S3 object: " + source);
                bucket = rest.Substring(0, slash);
                key = rest.Substring(slash + 1);
            }
            else
            {
                string plain = source;
                int q = plain.IndexOf("?versionId=", StringComparison.Ordinal);
                if (q >= 0) { version = Uri.UnescapeDataString(plain.Substring(q + 11)); plain = plain.Substring(0, q); }
                if (!PresignedUrlResolver.TryParseS3Url(plain, true, out bucket, out key, out _, out _))
                    throw AwsException.Invalid("documentSource must be an S3 URL (https://s3.region.amazonaws.com/bucket/key or s3://bucket/key): " + source);
            }
            S3Object obj = _s3.GetObject(bucket, key, version);
            if (obj == null) throw AwsException.Invalid("documentSource " + source + " cannot be read: no such object in the emulator's S3.");
            if (obj.Data.Length > 32768) throw AwsException.Invalid("The job document at " + source + " is larger than 32 KB.");
            return Encoding.UTF8.GetString(obj.Data);
        }
    }
}
