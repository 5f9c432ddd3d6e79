using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NfDevice.Cloud.Store;

namespace NfDevice.Cloud.Acm
{
    /// <summary>An ACM error (JSON 1.1 <c>__type</c> and HTTP status).</summary>
    public sealed class AcmException : Exception
    {
        /// <summary>Creates the error.</summary>
        public AcmException(int status, string code, string message) : base(message) { Status = status; Code = code; }
        /// <summary>HTTP status.</summary>
        public int Status { get; }
        /// <summary>ValidationException, ResourceNotFoundException, ResourceInUseException...</summary>
        public string Code { get; }
    }

    /// <summary>A certificate imported into ACM with its private key (what a Signer profile's signingMaterial names).</summary>
    public sealed class ImportedCertificate
    {
        /// <summary>arn:aws:acm:{region}:{account}:certificate/{uuid}.</summary>
        public string CertificateArn { get; set; }
        /// <summary>The certificate, PEM.</summary>
        public string CertificatePem { get; set; }
        /// <summary>The private key, PKCS#8 PEM (kept in the state database in clear: this is an emulator).</summary>
        public string PrivateKeyPem { get; set; }
        /// <summary>The chain, PEM (may be null).</summary>
        public string CertificateChainPem { get; set; }
        /// <summary>ImportedAt.</summary>
        public DateTimeOffset ImportedAt { get; set; }
        /// <summary>KeyAlgorithm as ACM names it: EC_prime256v1, EC_secp384r1, RSA_2048...</summary>
        public string KeyAlgorithm { get; set; }

        /// <summary>The certificate (public part).</summary>
        public X509Certificate2 Certificate() => X509Certificate2.CreateFromPem(CertificatePem);
    }

    /// <summary>
    /// AWS Certificate Manager, the part the FreeRTOS OTA code-signing flow uses (reference §5): ImportCertificate
    /// (re-import with CertificateArn), DescribeCertificate, ListCertificates (RSA_1024/RSA_2048 unless
    /// Includes.keyTypes says otherwise, as ACM does), GetCertificate, DeleteCertificate. Thread-safe; every change
    /// is written to the state database before the method returns.
    /// </summary>
    public sealed class AcmStore
    {
        private const string Kind = "acm-certificate";
        private readonly object _gate = new object();
        private readonly Dictionary<string, ImportedCertificate> _certificates = new Dictionary<string, ImportedCertificate>(StringComparer.Ordinal);
        private readonly StateDatabase _db;
        private readonly Func<DateTimeOffset> _utcNow;

        /// <summary>Creates the store, loaded from <paramref name="db"/> when there is one.</summary>
        public AcmStore(string region = "us-east-1", string accountId = "123456789012", Func<DateTimeOffset> utcNow = null, StateDatabase db = null)
        {
            Region = region;
            AccountId = accountId;
            _utcNow = utcNow ?? (() => DateTimeOffset.UtcNow);
            _db = db;
            if (db != null) foreach (ImportedCertificate c in db.LoadAll<ImportedCertificate>(Kind)) _certificates[c.CertificateArn] = c;
        }

        /// <summary>Region in ARNs.</summary>
        public string Region { get; }
        /// <summary>Account in ARNs.</summary>
        public string AccountId { get; }

        /// <summary>Who uses a certificate (Signer profile ARNs), for DescribeCertificate's InUseBy and DeleteCertificate.</summary>
        public Func<string, IReadOnlyList<string>> InUseBy { get; set; } = _ => Array.Empty<string>();

        /// <summary>
        /// ImportCertificate: PEM certificate and unencrypted private key that belong together, valid now (ACM's
        /// checks, reference §5). With <paramref name="certificateArn"/> the certificate is re-imported in place.
        /// </summary>
        public ImportedCertificate Import(string certificatePem, string privateKeyPem, string chainPem = null, string certificateArn = null)
        {
            if (string.IsNullOrWhiteSpace(certificatePem)) throw Invalid("The certificate field must not be empty.");
            if (string.IsNullOrWhiteSpace(privateKeyPem)) throw Invalid("The private key field must not be empty.");
            X509Certificate2 cert;
            try { cert = X509Certificate2.CreateFromPem(certificatePem); }
            catch (CryptographicException) { throw Invalid("Unable to parse certificate. Please ensure the certificate is in PEM format."); }
            using (cert)
            {
                DateTimeOffset now = _utcNow();
                if (cert.NotBefore.ToUniversalTime() > now.UtcDateTime || cert.NotAfter.ToUniversalTime() < now.UtcDateTime)
                    throw Invalid("The certificate is not valid at this time (NotBefore " + cert.NotBefore.ToUniversalTime().ToString("o") + ", NotAfter " + cert.NotAfter.ToUniversalTime().ToString("o") + ").");
                if (string.IsNullOrEmpty(cert.Issuer)) throw Invalid("The certificate's Issuer field must not be empty.");
                string keyAlgorithm = KeyAlgorithmOf(cert) ?? throw Invalid("Unsupported key type: ACM imports RSA 1024-4096 and EC prime256v1, secp384r1, secp521r1 keys.");
                string pkcs8 = NormalizeKey(privateKeyPem, cert);
                lock (_gate)
                {
                    if (certificateArn != null && !_certificates.ContainsKey(certificateArn))
                        throw new AcmException(400, "ResourceNotFoundException", "Could not find certificate " + certificateArn + ".");
                    var imported = new ImportedCertificate
                    {
                        CertificateArn = certificateArn ?? $"arn:aws:acm:{Region}:{AccountId}:certificate/{Guid.NewGuid()}",
                        CertificatePem = cert.ExportCertificatePem(),
                        PrivateKeyPem = pkcs8,
                        CertificateChainPem = string.IsNullOrWhiteSpace(chainPem) ? null : chainPem,
                        ImportedAt = now,
                        KeyAlgorithm = keyAlgorithm,
                    };
                    _certificates[imported.CertificateArn] = imported;
                    _db?.Put(Kind, imported.CertificateArn, imported);
                    return imported;
                }
            }
        }

        /// <summary>The certificate with this ARN; throws ResourceNotFoundException.</summary>
        public ImportedCertificate Get(string certificateArn)
        {
            lock (_gate)
                return certificateArn != null && _certificates.TryGetValue(certificateArn, out ImportedCertificate c) ? c
                    : throw new AcmException(400, "ResourceNotFoundException", "Could not find certificate " + certificateArn + ".");
        }

        /// <summary>The certificate with this ARN, or null.</summary>
        public ImportedCertificate Find(string certificateArn)
        {
            lock (_gate) return certificateArn != null && _certificates.TryGetValue(certificateArn, out ImportedCertificate c) ? c : null;
        }

        /// <summary>ListCertificates: by import time; <paramref name="keyTypes"/> null means ACM's default, RSA_1024 and RSA_2048 only.</summary>
        public IReadOnlyList<ImportedCertificate> List(IReadOnlyCollection<string> keyTypes)
        {
            var types = keyTypes ?? new[] { "RSA_1024", "RSA_2048" };
            lock (_gate) return _certificates.Values.Where(c => types.Contains(c.KeyAlgorithm)).OrderBy(c => c.ImportedAt).ToList();
        }

        /// <summary>DeleteCertificate: refused with ResourceInUseException while a Signer profile uses it.</summary>
        public void Delete(string certificateArn)
        {
            Get(certificateArn);
            if (InUseBy(certificateArn).Count > 0) throw new AcmException(400, "ResourceInUseException", "Certificate " + certificateArn + " is in use by " + string.Join(", ", InUseBy(certificateArn)) + ".");
            lock (_gate)
            {
                _certificates.Remove(certificateArn);
                _db?.Delete(Kind, certificateArn);
            }
        }

        /// <summary>ACM's KeyAlgorithm name of the certificate's public key, or null when ACM would refuse it.</summary>
        public static string KeyAlgorithmOf(X509Certificate2 cert)
        {
            using (ECDsa ec = cert.GetECDsaPublicKey())
            {
                if (ec != null)
                {
                    string oid = ec.ExportParameters(false).Curve.Oid?.Value;
                    return oid switch { "1.2.840.10045.3.1.7" => "EC_prime256v1", "1.3.132.0.34" => "EC_secp384r1", "1.3.132.0.35" => "EC_secp521r1", _ => null };
                }
            }
            using (RSA rsa = cert.GetRSAPublicKey())
            {
                if (rsa != null && rsa.KeySize is 1024 or 2048 or 3072 or 4096) return "RSA_" + rsa.KeySize;
            }
            return null;
        }

        // Any unencrypted PEM key (SEC1 "EC PRIVATE KEY", PKCS#1, PKCS#8) that matches the certificate, stored as PKCS#8.
        private static string NormalizeKey(string privateKeyPem, X509Certificate2 cert)
        {
            if (privateKeyPem.Contains("ENCRYPTED", StringComparison.Ordinal)) throw Invalid("The private key must not be encrypted.");
            try
            {
                using X509Certificate2 withKey = X509Certificate2.CreateFromPem(cert.ExportCertificatePem(), privateKeyPem);
                using AsymmetricAlgorithm key = (AsymmetricAlgorithm)withKey.GetECDsaPrivateKey() ?? withKey.GetRSAPrivateKey();
                return key.ExportPkcs8PrivateKeyPem();
            }
            catch (CryptographicException) { throw Invalid("The private key is not supported or does not match the public key in the certificate."); }
            catch (ArgumentException) { throw Invalid("Unable to parse the private key. Please ensure it is an unencrypted PEM key."); }
        }

        private static AcmException Invalid(string message) => new AcmException(400, "ValidationException", message);
    }
}
