using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NfDevice.Cloud.Iot
{
    /// <summary>
    /// The emulator's own CA (ECDSA P-256): a self-signed root, the broker's server certificate for
    /// 127.0.0.1/localhost, and device certificates. Persisted under the data directory so a restarted
    /// emulator keeps the identities it issued.
    /// </summary>
    public sealed class CertificateAuthority
    {
        private readonly X509Certificate2 _root;

        private CertificateAuthority(X509Certificate2 root, X509Certificate2 server)
        {
            _root = root;
            ServerCertificate = server;
        }

        /// <summary>The root certificate (public part only).</summary>
        public X509Certificate2 RootCertificate => X509CertificateLoader.LoadCertificate(_root.RawData);

        /// <summary>The root certificate in PEM (root-ca.pem of a device bundle).</summary>
        public string RootPem => _root.ExportCertificatePem();

        /// <summary>The broker's TLS certificate, with private key.</summary>
        public X509Certificate2 ServerCertificate { get; }

        /// <summary>Loads the CA from <paramref name="directory"/> (null = keep in memory only), creating what is missing.</summary>
        public static CertificateAuthority LoadOrCreate(string directory) => LoadOrCreate(directory, null);

        /// <summary>
        /// Like <see cref="LoadOrCreate(string)"/>; the broker certificate also names <paramref name="extraHosts"/>
        /// (the IP or DNS name a physical board connects to) and is re-issued when a stored one lacks them.
        /// </summary>
        public static CertificateAuthority LoadOrCreate(string directory, string[] extraHosts)
        {
            X509Certificate2 root = LoadPair(directory, "ca");
            bool newRoot = false;
            if (root == null)
            {
                root = CreateRoot();
                newRoot = true;
                SavePair(directory, "ca", root);
            }
            X509Certificate2 server = newRoot ? null : LoadPair(directory, "server");
            if (server != null && !Names(server, extraHosts))
            {
                server.Dispose();
                server = null;
            }
            if (server == null)
            {
                server = CreateServer(root, extraHosts);
                SavePair(directory, "server", server);
            }
            return new CertificateAuthority(root, server);
        }

        /// <summary>Issues a client certificate for a fresh P-256 key; returns (certificate PEM, private key PEM, public key PEM).</summary>
        public (string CertificatePem, string PrivateKeyPem, string PublicKeyPem) IssueDeviceCertificate(string commonName)
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest(new X500DistinguishedName("CN=" + Escape(commonName)), key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") }, false));
            req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
            using X509Certificate2 cert = req.Create(_root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(20), NewSerial());
            return (cert.ExportCertificatePem(), key.ExportECPrivateKeyPem(), key.ExportSubjectPublicKeyInfoPem());
        }

        /// <summary>True when <paramref name="certificate"/> chains to this CA's root (and nothing else).</summary>
        public bool IsIssuedByThisCa(X509Certificate2 certificate)
        {
            if (certificate == null) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(_root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
            try
            {
                if (!chain.Build(certificate)) return false;
                X509Certificate2 top = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
                return top.RawData.AsSpan().SequenceEqual(_root.RawData);
            }
            finally
            {
                // Disposing the chain does not dispose the certificates of its elements; left alone they wait for the finalizer.
                foreach (X509ChainElement element in chain.ChainElements) element.Certificate.Dispose();
            }
        }

        /// <summary>AWS IoT's certificate id: the lowercase hex SHA-256 of the DER certificate.</summary>
        public static string CertificateId(X509Certificate2 certificate) => CertificateId(certificate.RawData);

        /// <summary>The certificate id of a DER certificate.</summary>
        public static string CertificateId(byte[] der) => Convert.ToHexStringLower(SHA256.HashData(der));

        private static X509Certificate2 CreateRoot()
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=nf-device emulator root CA, O=nf-device", key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
            using X509Certificate2 cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(30));
            return Reload(cert, key);
        }

        /// <summary>True when the certificate's subjectAltName lists every host (IP or DNS name).</summary>
        public static bool Names(X509Certificate2 certificate, string[] hosts)
        {
            if (hosts == null || hosts.Length == 0) return true;
            X509SubjectAlternativeNameExtension san = null;
            foreach (X509Extension ext in certificate.Extensions)
                if (ext is X509SubjectAlternativeNameExtension s) san = s;
            if (san == null) return false;
            foreach (string host in hosts)
            {
                bool found = IPAddress.TryParse(host, out IPAddress ip)
                    ? System.Linq.Enumerable.Any(san.EnumerateIPAddresses(), a => a.Equals(ip))
                    : System.Linq.Enumerable.Any(san.EnumerateDnsNames(), d => string.Equals(d, host, StringComparison.OrdinalIgnoreCase));
                if (!found) return false;
            }
            return true;
        }

        private static X509Certificate2 CreateServer(X509Certificate2 root, string[] extraHosts)
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddIpAddress(IPAddress.IPv6Loopback);
            san.AddDnsName("localhost");
            foreach (string host in extraHosts ?? Array.Empty<string>())
            {
                // Only the two addresses added above are skipped: 127.0.0.2 is loopback too, but a device connecting to it
                // checks for exactly that address (and Names() would re-issue the certificate at every start).
                if (IPAddress.TryParse(host, out IPAddress ip)) { if (!ip.Equals(IPAddress.Loopback) && !ip.Equals(IPAddress.IPv6Loopback)) san.AddIpAddress(ip); }
                else if (!string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) san.AddDnsName(host);
            }
            req.CertificateExtensions.Add(san.Build());
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            using X509Certificate2 cert = req.Create(root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(20), NewSerial());
            return Reload(cert, key);
        }

        // A PKCS#12 round trip gives a certificate whose key SslStream can use on every platform.
        private static X509Certificate2 Reload(X509Certificate2 cert, ECDsa key)
        {
            using X509Certificate2 withKey = cert.HasPrivateKey ? X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable) : cert.CopyWithPrivateKey(key);
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
        }

        private static X509Certificate2 LoadPair(string directory, string name)
        {
            if (directory == null) return null;
            string certPath = Path.Combine(directory, name + ".cert.pem");
            string keyPath = Path.Combine(directory, name + ".key.pem");
            if (!File.Exists(certPath) || !File.Exists(keyPath)) return null;
            using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
        }

        private static void SavePair(string directory, string name, X509Certificate2 cert)
        {
            if (directory == null) return;
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, name + ".cert.pem"), cert.ExportCertificatePem());
            using ECDsa key = cert.GetECDsaPrivateKey();
            File.WriteAllText(Path.Combine(directory, name + ".key.pem"), key.ExportECPrivateKeyPem());
        }

        private static byte[] NewSerial()
        {
            byte[] serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            serial[0] |= 0x01;
            return serial;
        }

        private static string Escape(string value) => value.Replace("\\", "\\\\").Replace(",", "\\,").Replace("+", "\\+").Replace("\"", "\\\"").Replace("=", "\\=");
    }
}
