using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NfDevice.Cloud.Signer
{
    /// <summary>A signing profile: platform, an ECDSA P-256 key and its self-signed code-signing certificate.</summary>
    public sealed class SigningProfile
    {
        /// <summary>profileName.</summary>
        public string ProfileName { get; init; }
        /// <summary>profileVersion (10 characters, changes on each PutSigningProfile).</summary>
        public string ProfileVersion { get; init; }
        /// <summary>arn:aws:signer:{region}:{account}:/signing-profiles/{name}.</summary>
        public string Arn { get; init; }
        /// <summary>Arn + "/" + version.</summary>
        public string ProfileVersionArn => Arn + "/" + ProfileVersion;
        /// <summary>The platform.</summary>
        public SigningPlatform Platform { get; init; }
        /// <summary>signingMaterial.certificateArn (as given, or an emulator ACM-style ARN).</summary>
        public string CertificateArn { get; init; }
        /// <summary>signingParameters (e.g. certname), as given.</summary>
        public IReadOnlyDictionary<string, string> SigningParameters { get; init; } = new Dictionary<string, string>();
        /// <summary>The signing key (private).</summary>
        public ECDsa Key { get; init; }
        /// <summary>The code-signing certificate (public).</summary>
        public X509Certificate2 Certificate { get; init; }
        /// <summary>The certificate in PEM, for provisioning devices.</summary>
        public string CertificatePem => Certificate.ExportCertificatePem();

        /// <summary>
        /// A new P-256 key and a self-signed X.509 v3 certificate with keyUsage=digitalSignature (critical) and
        /// extendedKeyUsage=codeSigning, as the FreeRTOS guide creates with openssl (reference §5).
        /// </summary>
        public static (ECDsa Key, X509Certificate2 Certificate) CreateKeyAndCertificate(string commonName, DateTimeOffset now)
        {
            ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest(new X500DistinguishedName("CN=" + commonName), key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.3", "Code Signing") }, critical: false));
            req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
            using X509Certificate2 withKey = req.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
            return (key, X509CertificateLoader.LoadCertificate(withKey.RawData));
        }
    }

    /// <summary>A signing job and its outcome.</summary>
    public sealed class SigningJob
    {
        /// <summary>jobId (UUID).</summary>
        public string JobId { get; init; }
        /// <summary>The profile used (at its version then).</summary>
        public SigningProfile Profile { get; init; }
        /// <summary>source.s3.bucketName.</summary>
        public string SourceBucket { get; init; }
        /// <summary>source.s3.key.</summary>
        public string SourceKey { get; init; }
        /// <summary>source.s3.version.</summary>
        public string SourceVersion { get; init; }
        /// <summary>destination.s3.bucketName.</summary>
        public string DestinationBucket { get; init; }
        /// <summary>destination.s3.prefix.</summary>
        public string DestinationPrefix { get; init; }
        /// <summary>createdAt.</summary>
        public DateTimeOffset CreatedAt { get; init; }
        /// <summary>completedAt.</summary>
        public DateTimeOffset? CompletedAt { get; set; }
        /// <summary>Succeeded | Failed.</summary>
        public string Status { get; set; }
        /// <summary>statusReason.</summary>
        public string StatusReason { get; set; }
        /// <summary>signedObject.s3.key.</summary>
        public string SignedKey { get; set; }
        /// <summary>The JSON written to the signed object (the Jobs `codesign` object for JSONDetached).</summary>
        public string SignedJson { get; set; }
        /// <summary>The DER ECDSA signature.</summary>
        public byte[] Signature { get; set; }
    }
}
