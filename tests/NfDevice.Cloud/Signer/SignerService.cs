using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using NfDevice.Cloud.Acm;
using NfDevice.Cloud.S3;
using NfDevice.Cloud.Store;

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
        private const string ProfileKind = "signer-profile", ProfileVersionKind = "signer-profile-version", JobKind = "signer-job";
        private readonly object _gate = new object();
        private readonly Dictionary<string, SigningProfile> _profiles = new Dictionary<string, SigningProfile>(StringComparer.Ordinal);
        // Every version of every profile (name/version): a signing job keeps pointing at the version that signed.
        private readonly Dictionary<string, SigningProfile> _versions = new Dictionary<string, SigningProfile>(StringComparer.Ordinal);
        private readonly List<SigningJob> _jobs = new List<SigningJob>();
        private readonly S3Store _s3;
        private readonly AcmStore _acm;
        private readonly StateDatabase _db;
        private readonly Func<DateTimeOffset> _utcNow;

        /// <summary>
        /// Creates the service over the emulator's S3 and ACM (null: a private, empty ACM), loaded from
        /// <paramref name="db"/> when there is one (keys included, so a profile signs with the same key for its whole life).
        /// </summary>
        public SignerService(S3Store s3, string region = "us-east-1", string accountId = "123456789012", Func<DateTimeOffset> utcNow = null,
            AcmStore acm = null, StateDatabase db = null)
        {
            _s3 = s3 ?? throw new ArgumentNullException(nameof(s3));
            Region = region;
            AccountId = accountId;
            _utcNow = utcNow ?? (() => DateTimeOffset.UtcNow);
            _acm = acm ?? new AcmStore(region, accountId, _utcNow);
            _acm.InUseBy = ProfilesUsing;
            _db = db;
            if (db == null) return;
            foreach (ProfileRow row in db.LoadAll<ProfileRow>(ProfileVersionKind))
            {
                SigningProfile p = row.ToProfile();
                _versions[p.ProfileName + "/" + p.ProfileVersion] = p;
            }
            foreach (StoredRow row in db.Load(ProfileKind))
                if (_versions.TryGetValue(row.Key + "/" + JsonSerializer.Deserialize<string>(row.Body), out SigningProfile current)) _profiles[row.Key] = current;
            foreach (JobRow row in db.LoadAll<JobRow>(JobKind).OrderBy(j => j.Sequence))
                if (_versions.TryGetValue(row.ProfileName + "/" + row.ProfileVersion, out SigningProfile p)) _jobs.Add(row.ToJob(p));
        }

        /// <summary>Region in ARNs.</summary>
        public string Region { get; }

        /// <summary>Account in ARNs.</summary>
        public string AccountId { get; }

        /// <summary>The ACM the profiles' signingMaterial.certificateArn refers to.</summary>
        public AcmStore Acm => _acm;

        /// <summary>
        /// PutSigningProfile for platformId AmazonFreeRTOS-Default or AWSIoTDeviceManagement-SHA256-ECDSA.
        /// <list type="bullet">
        /// <item>signingMaterial.certificateArn names a certificate imported into ACM with its EC P-256 key: the
        /// profile signs with that key (the device holds the developer's own certificate).</item>
        /// <item>Without it, a new profile gets one generated key and self-signed code-signing certificate, kept for
        /// its whole life (in the state database, across restarts).</item>
        /// <item>On an existing name (AWS leaves this undocumented, reference §5) the key devices trust is never
        /// replaced unless the caller names other signing material: the same request again returns the same
        /// profileVersion; a changed platform or signingParameters makes a new profileVersion with the same key; a
        /// different certificateArn makes a new version that signs with that certificate's key.</item>
        /// </list>
        /// </summary>
        public SigningProfile PutSigningProfile(string profileName, string platformId, string certificateArn = null,
            IReadOnlyDictionary<string, string> signingParameters = null)
        {
            if (string.IsNullOrEmpty(profileName) || profileName.Length < 2 || profileName.Length > 64 || !profileName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new SignerException(400, "ValidationException", "1 validation error detected: Value at 'profileName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_]{2,}");
            SigningPlatform platform = SigningPlatform.Find(platformId)
                ?? throw new SignerException(400, "ValidationException", $"Invalid platformId: {platformId}. The emulator supports " + string.Join(", ", SigningPlatform.All.Select(p => p.PlatformId)));
            ImportedCertificate material = certificateArn == null ? null : ImportedMaterial(certificateArn);
            var parameters = signingParameters ?? new Dictionary<string, string>();
            lock (_gate)
            {
                _profiles.TryGetValue(profileName, out SigningProfile existing);
                if (existing != null && existing.Platform == platform && (certificateArn == null || certificateArn == existing.CertificateArn)
                    && SameParameters(existing.SigningParameters, parameters))
                    return existing;
                ECDsa key;
                X509Certificate2 cert;
                string arnOfMaterial;
                if (material != null && (existing == null || certificateArn != existing.CertificateArn))
                {
                    key = ECDsa.Create();
                    key.ImportFromPem(material.PrivateKeyPem);
                    cert = X509Certificate2.CreateFromPem(material.CertificatePem);
                    arnOfMaterial = material.CertificateArn;
                }
                else if (existing != null)
                {
                    (key, cert, arnOfMaterial) = (existing.Key, existing.Certificate, existing.CertificateArn);
                }
                else
                {
                    (key, cert) = SigningProfile.CreateKeyAndCertificate(profileName, _utcNow());
                    // A generated key is not in ACM: the ARN only names it, as before.
                    arnOfMaterial = $"arn:aws:acm:{Region}:{AccountId}:certificate/{Guid.NewGuid()}";
                }
                var profile = new SigningProfile
                {
                    ProfileName = profileName,
                    ProfileVersion = RandomToken(10),
                    Arn = $"arn:aws:signer:{Region}:{AccountId}:/signing-profiles/{profileName}",
                    Platform = platform,
                    CertificateArn = arnOfMaterial,
                    SigningParameters = parameters,
                    Key = key,
                    Certificate = cert,
                };
                _db?.Write(b =>
                {
                    b.Put(ProfileVersionKind, profileName + "/" + profile.ProfileVersion, ProfileRow.Of(profile));
                    b.Put(ProfileKind, profileName, JsonSerializer.Serialize(profile.ProfileVersion));
                });
                _versions[profileName + "/" + profile.ProfileVersion] = profile;
                _profiles[profileName] = profile;
                return profile;
            }
        }

        private ImportedCertificate ImportedMaterial(string certificateArn)
        {
            ImportedCertificate c = _acm.Find(certificateArn)
                ?? throw new SignerException(400, "ValidationException", $"Certificate {certificateArn} was not found in ACM: import the code-signing certificate and its key with `aws acm import-certificate` first.");
            if (c.KeyAlgorithm != "EC_prime256v1")
                throw new SignerException(400, "ValidationException", $"Certificate {certificateArn} has a {c.KeyAlgorithm} key; the emulator's SHA256-ECDSA platforms need an EC prime256v1 key.");
            return c;
        }

        private static bool SameParameters(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
            a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out string v) && v == kv.Value);

        private IReadOnlyList<string> ProfilesUsing(string certificateArn)
        {
            lock (_gate) return _profiles.Values.Where(p => p.CertificateArn == certificateArn).Select(p => p.Arn).ToList();
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
            lock (_gate)
            {
                _jobs.Add(job);
                _db?.Put(JobKind, job.JobId, JobRow.Of(job, _jobs.Count));
            }
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

        // A profile version as stored: the key as PKCS#8 PEM (in clear: this is an emulator), the certificate as PEM.
        private sealed class ProfileRow
        {
            public string ProfileName { get; set; }
            public string ProfileVersion { get; set; }
            public string Arn { get; set; }
            public string PlatformId { get; set; }
            public string CertificateArn { get; set; }
            public Dictionary<string, string> SigningParameters { get; set; }
            public string PrivateKeyPem { get; set; }
            public string CertificatePem { get; set; }

            public static ProfileRow Of(SigningProfile p) => new ProfileRow
            {
                ProfileName = p.ProfileName, ProfileVersion = p.ProfileVersion, Arn = p.Arn, PlatformId = p.Platform.PlatformId, CertificateArn = p.CertificateArn,
                SigningParameters = p.SigningParameters.ToDictionary(kv => kv.Key, kv => kv.Value), PrivateKeyPem = p.Key.ExportPkcs8PrivateKeyPem(), CertificatePem = p.CertificatePem,
            };

            public SigningProfile ToProfile()
            {
                ECDsa key = ECDsa.Create();
                key.ImportFromPem(PrivateKeyPem);
                return new SigningProfile
                {
                    ProfileName = ProfileName, ProfileVersion = ProfileVersion, Arn = Arn, Platform = SigningPlatform.Find(PlatformId), CertificateArn = CertificateArn,
                    SigningParameters = SigningParameters ?? new Dictionary<string, string>(), Key = key, Certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(CertificatePem),
                };
            }
        }

        private sealed class JobRow
        {
            public long Sequence { get; set; }
            public string JobId { get; set; }
            public string ProfileName { get; set; }
            public string ProfileVersion { get; set; }
            public string SourceBucket { get; set; }
            public string SourceKey { get; set; }
            public string SourceVersion { get; set; }
            public string DestinationBucket { get; set; }
            public string DestinationPrefix { get; set; }
            public DateTimeOffset CreatedAt { get; set; }
            public DateTimeOffset? CompletedAt { get; set; }
            public string Status { get; set; }
            public string StatusReason { get; set; }
            public string SignedKey { get; set; }
            public string SignedJson { get; set; }
            public byte[] Signature { get; set; }

            public static JobRow Of(SigningJob j, long sequence) => new JobRow
            {
                Sequence = sequence, JobId = j.JobId, ProfileName = j.Profile.ProfileName, ProfileVersion = j.Profile.ProfileVersion, SourceBucket = j.SourceBucket,
                SourceKey = j.SourceKey, SourceVersion = j.SourceVersion, DestinationBucket = j.DestinationBucket, DestinationPrefix = j.DestinationPrefix,
                CreatedAt = j.CreatedAt, CompletedAt = j.CompletedAt, Status = j.Status, StatusReason = j.StatusReason, SignedKey = j.SignedKey, SignedJson = j.SignedJson, Signature = j.Signature,
            };

            public SigningJob ToJob(SigningProfile profile) => new SigningJob
            {
                JobId = JobId, Profile = profile, SourceBucket = SourceBucket, SourceKey = SourceKey, SourceVersion = SourceVersion, DestinationBucket = DestinationBucket,
                DestinationPrefix = DestinationPrefix, CreatedAt = CreatedAt, CompletedAt = CompletedAt, Status = Status, StatusReason = StatusReason, SignedKey = SignedKey,
                SignedJson = SignedJson, Signature = Signature,
            };
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
