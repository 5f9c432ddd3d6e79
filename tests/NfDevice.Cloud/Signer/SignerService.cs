using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NfDevice.Cloud.S3;

namespace NfDevice.Cloud.Signer
{
    /// <summary>An AWS Signer error (REST-JSON code and HTTP status).</summary>
    public sealed class SignerException : Exception
    {
        /// <summary>Creates the error.</summary>
        public SignerException(int status, string code, string message) : base(message) { Status = status; Code = code; }
        /// <summary>HTTP status.</summary>
        public int Status { get; }
        /// <summary>Error code (ValidationException, ResourceNotFoundException...).</summary>
        public string Code { get; }
    }

    /// <summary>
    /// AWS Signer for the code-signing platforms of reference §5: profiles with an ECDSA P-256 key and a
    /// code-signing certificate; signing jobs that sign the raw bytes of a versioned S3 object with
    /// SHA256withECDSA (DER signature) and write Signer's JSON to destination prefix + jobId.
    /// Jobs complete synchronously (status Succeeded or Failed with a reason).
    /// </summary>
    public sealed class SignerService
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, SigningProfile> _profiles = new Dictionary<string, SigningProfile>(StringComparer.Ordinal);
        private readonly List<SigningJob> _jobs = new List<SigningJob>();
        private readonly S3Store _s3;
        private readonly Func<DateTimeOffset> _utcNow;

        /// <summary>Creates the service over the emulator's S3.</summary>
        public SignerService(S3Store s3, string region = "us-east-1", string accountId = "123456789012", Func<DateTimeOffset> utcNow = null)
        {
            _s3 = s3 ?? throw new ArgumentNullException(nameof(s3));
            Region = region;
            AccountId = accountId;
            _utcNow = utcNow ?? (() => DateTimeOffset.UtcNow);
        }

        /// <summary>Region in ARNs.</summary>
        public string Region { get; }

        /// <summary>Account in ARNs.</summary>
        public string AccountId { get; }

        /// <summary>
        /// PutSigningProfile: creates or replaces a profile for platformId AmazonFreeRTOS-Default or
        /// AWSIoTDeviceManagement-SHA256-ECDSA with a new key and certificate (the certificateArn, if given, is
        /// recorded but ACM is not emulated).
        /// </summary>
        public SigningProfile PutSigningProfile(string profileName, string platformId, string certificateArn = null,
            IReadOnlyDictionary<string, string> signingParameters = null)
        {
            if (string.IsNullOrEmpty(profileName) || profileName.Length < 2 || profileName.Length > 64 || !profileName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new SignerException(400, "ValidationException", "1 validation error detected: Value at 'profileName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_]{2,}");
            SigningPlatform platform = SigningPlatform.Find(platformId)
                ?? throw new SignerException(400, "ValidationException", $"Invalid platformId: {platformId}. The emulator supports " + string.Join(", ", SigningPlatform.All.Select(p => p.PlatformId)));
            var (key, cert) = SigningProfile.CreateKeyAndCertificate(profileName, _utcNow());
            var profile = new SigningProfile
            {
                ProfileName = profileName,
                ProfileVersion = RandomToken(10),
                Arn = $"arn:aws:signer:{Region}:{AccountId}:/signing-profiles/{profileName}",
                Platform = platform,
                CertificateArn = certificateArn ?? $"arn:aws:acm:{Region}:{AccountId}:certificate/{Guid.NewGuid()}",
                SigningParameters = signingParameters ?? new Dictionary<string, string>(),
                Key = key,
                Certificate = cert,
            };
            lock (_gate) _profiles[profileName] = profile;
            return profile;
        }

        /// <summary>GetSigningProfile; throws ResourceNotFoundException.</summary>
        public SigningProfile GetSigningProfile(string profileName)
        {
            lock (_gate)
                return _profiles.TryGetValue(profileName ?? "", out SigningProfile p) ? p
                    : throw new SignerException(404, "ResourceNotFoundException", $"Profile {profileName} does not exist");
        }

        /// <summary>The profile's code-signing certificate in PEM (what a device is provisioned with).</summary>
        public string ExportCertificatePem(string profileName) => GetSigningProfile(profileName).CertificatePem;

        /// <summary>
        /// StartSigningJob: signs s3://sourceBucket/sourceKey at sourceVersion. Throws ResourceNotFoundException for
        /// an unknown profile and ValidationException for missing fields; a missing object or destination yields
        /// a Failed job with statusReason, as Signer reports it asynchronously.
        /// </summary>
        public SigningJob StartSigningJob(string profileName, string sourceBucket, string sourceKey, string sourceVersion,
            string destinationBucket, string destinationPrefix)
        {
            if (string.IsNullOrEmpty(sourceBucket) || string.IsNullOrEmpty(sourceKey) || string.IsNullOrEmpty(sourceVersion))
                throw new SignerException(400, "ValidationException", "source.s3 requires bucketName, key and version (the source bucket must be versioned)");
            if (string.IsNullOrEmpty(destinationBucket))
                throw new SignerException(400, "ValidationException", "destination.s3.bucketName is required");
            SigningProfile profile = GetSigningProfile(profileName);
            var job = new SigningJob
            {
                JobId = Guid.NewGuid().ToString(),
                Profile = profile,
                SourceBucket = sourceBucket,
                SourceKey = sourceKey,
                SourceVersion = sourceVersion,
                DestinationBucket = destinationBucket,
                DestinationPrefix = destinationPrefix ?? "",
                CreatedAt = _utcNow(),
            };
            Run(job);
            lock (_gate) _jobs.Add(job);
            return job;
        }

        private void Run(SigningJob job)
        {
            job.CompletedAt = _utcNow();
            S3Object source = _s3.GetObject(job.SourceBucket, job.SourceKey, job.SourceVersion);
            if (source == null)
            {
                Fail(job, $"Source object s3://{job.SourceBucket}/{job.SourceKey} version {job.SourceVersion} not found");
                return;
            }
            if (source.Size > (long)job.Profile.Platform.MaxSizeInMB * 1024 * 1024)
            {
                Fail(job, $"Source object is larger than {job.Profile.Platform.MaxSizeInMB} MB");
                return;
            }
            // SHA256withECDSA over the raw bytes, DER ECDSA-Sig-Value (reference §5).
            job.Signature = job.Profile.Key.SignData(source.Data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            job.SignedJson = SignedJson(job, source);
            job.SignedKey = job.DestinationPrefix + job.JobId;
            if (_s3.PutObject(job.DestinationBucket, job.SignedKey, Encoding.UTF8.GetBytes(job.SignedJson), "application/json") == null)
            {
                Fail(job, $"Destination bucket {job.DestinationBucket} does not exist");
                return;
            }
            job.Status = "Succeeded";
            job.StatusReason = "Signing Succeeded";
        }

        private static void Fail(SigningJob job, string reason)
        {
            job.Status = "Failed";
            job.StatusReason = reason;
            job.SignedJson = null;
            job.SignedKey = null;
        }

        /// <summary>JSONDetached carries payloadLocation, JSONEmbedded the base64 payload (reference §4.2).</summary>
        private static string SignedJson(SigningJob job, S3Object source)
        {
            var o = new Dictionary<string, object>
            {
                ["rawPayloadSize"] = source.Size,
                ["signature"] = Convert.ToBase64String(job.Signature),
                ["signatureAlgorithm"] = "SHA256withECDSA",
            };
            if (job.Profile.Platform.ImageFormat == "JSONEmbedded") o["payload"] = Convert.ToBase64String(source.Data);
            else o["payloadLocation"] = new Dictionary<string, object>
            {
                ["s3"] = new Dictionary<string, string> { ["bucketName"] = job.SourceBucket, ["key"] = job.SourceKey, ["version"] = job.SourceVersion },
            };
            // Plain '+' and '/' in base64, as Signer writes them (the default encoder would emit \u002B).
            return JsonSerializer.Serialize(o, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }

        /// <summary>DescribeSigningJob; throws ResourceNotFoundException.</summary>
        public SigningJob DescribeSigningJob(string jobId)
        {
            lock (_gate)
                return _jobs.FirstOrDefault(j => j.JobId == jobId) ?? throw new SignerException(404, "ResourceNotFoundException", $"Job {jobId} does not exist");
        }

        /// <summary>ListSigningProfiles: every profile, by name.</summary>
        public IReadOnlyList<SigningProfile> ListSigningProfiles()
        {
            lock (_gate) return _profiles.Values.OrderBy(p => p.ProfileName, StringComparer.Ordinal).ToList();
        }

        /// <summary>ListSigningJobs, newest first, optionally filtered by status and platform.</summary>
        public IReadOnlyList<SigningJob> ListSigningJobs(string status = null, string platformId = null)
        {
            lock (_gate)
                return _jobs.Where(j => (status == null || j.Status == status) && (platformId == null || j.Profile.Platform.PlatformId == platformId))
                    .Reverse().ToList();
        }

        /// <summary>The latest succeeded job that signed this object version, or null.</summary>
        public SigningJob FindSucceededJob(string bucket, string key, string version)
        {
            lock (_gate)
                return _jobs.LastOrDefault(j => j.Status == "Succeeded" && j.SourceBucket == bucket && j.SourceKey == key && j.SourceVersion == version);
        }

        private static string RandomToken(int n)
        {
            const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            char[] c = new char[n];
            for (int i = 0; i < n; i++) c[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            return new string(c);
        }
    }
}
