using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NfDevice.Cloud.Iam;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.S3;
using NfDevice.Cloud.Signer;

namespace NfDevice.Cloud
{
    /// <summary>The firmware flow in a few calls: bucket, image, role, signing profile, signing job, job.</summary>
    public sealed partial class Emulator
    {
        /// <summary>Platform of the default signing profile (ECDSA P-256, JSONDetached signature).</summary>
        public const string DefaultSigningPlatform = "AWSIoTDeviceManagement-SHA256-ECDSA";

        /// <summary>Name of the profile `provision` creates when none is given (Signer names allow only [a-zA-Z0-9_]).</summary>
        public const string DefaultSigningProfile = "nfdevice_default";

        /// <summary>Creates the bucket (if missing) with versioning Enabled, as code signing requires.</summary>
        public void CreateFirmwareBucket(string bucket)
        {
            // The S3 endpoint refuses names outside 3..63 characters (InvalidBucketName); fail here the same way.
            if (bucket == null || bucket.Length < 3 || bucket.Length > 63) throw new ArgumentException("S3 bucket names have 3 to 63 characters: " + bucket, nameof(bucket));
            S3Store.CreateBucket(bucket);
            S3Store.SetVersioning(bucket, "Enabled");
        }

        /// <summary>PUTs an image; returns its version id ("null" if the bucket is not versioned).</summary>
        public string UploadImage(string bucket, string key, byte[] data)
        {
            S3Object obj = S3Store.PutObject(bucket, key, data, "application/octet-stream")
                ?? throw new InvalidOperationException("no such bucket: " + bucket);
            return obj.VersionId;
        }

        /// <summary>
        /// The role of the AWS guide for presigned URLs: trust policy letting iot.amazonaws.com sts:AssumeRole, and an
        /// inline policy allowing s3:GetObject and s3:GetObjectVersion on arn:aws:s3:::bucket/* (left out when <paramref name="allowGetObject"/> is false).
        /// Returns the role ARN (for presignedUrlConfig.roleArn).
        /// </summary>
        public string CreatePresignRole(string roleName, string bucket, bool allowGetObject = true)
        {
            IamRole role = IamStore.CreateRole(roleName, PresignTrustPolicy);
            IamStore.PutRolePolicy(roleName, "nfdevice-firmware-read", allowGetObject
                ? PresignPermissionPolicy(bucket)
                : "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::" + bucket + "\"}]}");
            return role.Arn;
        }

        /// <summary>The trust policy of the AWS guide: iot.amazonaws.com may sts:AssumeRole.</summary>
        public const string PresignTrustPolicy =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        /// <summary>
        /// The permission policy of the AWS guide, s3:GetObject on every object of <paramref name="bucket"/>, plus
        /// s3:GetObjectVersion, which S3 requires for the versioned URLs (<c>?versionId=</c>) firmware jobs use.
        /// </summary>
        public static string PresignPermissionPolicy(string bucket) =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:GetObjectVersion\"],\"Resource\":\"arn:aws:s3:::" + bucket + "/*\"}]}";

        /// <summary>PutSigningProfile with a fresh ECDSA P-256 key and code-signing certificate.</summary>
        public SigningProfile CreateSigningProfile(string profileName, string platformId = DefaultSigningPlatform) =>
            SignerService.PutSigningProfile(profileName, platformId);

        /// <summary>The profile, created with <see cref="DefaultSigningPlatform"/> if it does not exist yet.</summary>
        public SigningProfile GetOrCreateSigningProfile(string profileName)
        {
            try { return SignerService.GetSigningProfile(profileName); }
            catch (SignerException e) when (e.Status == 404) { return CreateSigningProfile(profileName); }
        }

        /// <summary>StartSigningJob on s3://bucket/key@version; the signature goes to the same bucket under SignedImages/.</summary>
        public SigningJob SignImage(string profileName, string bucket, string key, string version)
        {
            SigningJob job = SignerService.StartSigningJob(profileName, bucket, key, version, bucket, "SignedImages/");
            if (job.Status != "Succeeded") throw new InvalidOperationException("signing failed: " + job.StatusReason);
            return job;
        }

        /// <summary>The profile's code-signing certificate (PEM), for a device bundle.</summary>
        public string CodeSigningCertificatePem(string profileName) => SignerService.ExportCertificatePem(profileName);

        /// <summary><c>${aws:iot:s3-presigned-url-v2:https://s3.us-east-1.amazonaws.com/bucket/key%3FversionId%3Dversion}</c> (version optional).</summary>
        public static string PresignedUrlPlaceholder(string bucket, string key, string version = null) =>
            "${aws:iot:s3-presigned-url-v2:https://s3." + Region + ".amazonaws.com/" + bucket + "/" + Aws.SigV4.UriEncode(key, true)
            + (version == null || version == "null" ? "" : "%3FversionId%3D" + Aws.SigV4.UriEncode(version, false)) + "}";

        /// <summary><c>${aws:iot:code-sign-signature:s3://us-east-1.bucket/key@version}</c>.</summary>
        public static string CodeSignSignaturePlaceholder(string bucket, string key, string version) =>
            "${aws:iot:code-sign-signature:s3://" + Region + "." + bucket + "/" + key + "@" + version + "}";

        /// <summary>
        /// nf-device's firmware document (README "The firmware document") with both placeholders:
        /// image.url presigned per delivery, codesign replaced at creation.
        /// </summary>
        public static string FirmwareDocument(string bucket, string key, string version, string firmwareVersion, long size,
            string target = "deployment", bool allowDowngrade = false)
        {
            using var ms = new System.IO.MemoryStream();
            using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("operation", "firmware-update");
                w.WriteString("version", firmwareVersion);
                w.WriteString("target", target);
                w.WriteBoolean("allowDowngrade", allowDowngrade);
                w.WriteStartObject("image");
                w.WriteString("url", PresignedUrlPlaceholder(bucket, key, version));
                w.WriteNumber("size", size);
                w.WriteEndObject();
                w.WriteString("codesign", CodeSignSignaturePlaceholder(bucket, key, version));
                w.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(ms.ToArray());
        }

        /// <summary>
        /// CreateJob for a firmware document: presignedUrlConfig = (<paramref name="roleArn"/>, <paramref name="expiresInSec"/>);
        /// the code-sign placeholder is resolved now, the presigned URL at every delivery.
        /// </summary>
        public JobRecord CreateFirmwareJob(string jobId, string document, string roleArn, long expiresInSec, params string[] thingNames) =>
            Jobs.CreateJob(new JobSpec
            {
                JobId = jobId,
                Document = document,
                Targets = thingNames.Select(Arns.Thing).ToList(),
                PresignedUrlRoleArn = roleArn,
                PresignedUrlExpiresInSec = expiresInSec,
            });

        /// <summary>
        /// Everything at once: versioned bucket, image upload, role, profile (created if missing), signing job and
        /// a firmware job for the things. Returns the job and what the demo needs to show.
        /// </summary>
        public FirmwareRelease PublishFirmware(string jobId, string bucket, string key, byte[] image, string firmwareVersion,
            string profileName, long expiresInSec, IReadOnlyList<string> thingNames, string roleName = null)
        {
            CreateFirmwareBucket(bucket);
            string version = UploadImage(bucket, key, image);
            roleName ??= "nfdevice-firmware-" + bucket;
            string roleArn = IamStore.FindRoleByArn("arn:aws:iam::" + AccountId + ":role/" + roleName) is IamRole r
                ? r.Arn
                : CreatePresignRole(roleName, bucket);
            GetOrCreateSigningProfile(profileName);
            SigningJob signing = SignImage(profileName, bucket, key, version);
            string document = FirmwareDocument(bucket, key, version, firmwareVersion, image.LongLength);
            JobRecord job = CreateFirmwareJob(jobId, document, roleArn, expiresInSec, thingNames.ToArray());
            return new FirmwareRelease(job, version, roleArn, signing, CodeSigningCertificatePem(profileName));
        }
    }

    /// <summary>What <see cref="Emulator.PublishFirmware"/> created.</summary>
    public sealed record FirmwareRelease(JobRecord Job, string ImageVersionId, string RoleArn, SigningJob SigningJob, string CodeSigningCertificatePem);
}
