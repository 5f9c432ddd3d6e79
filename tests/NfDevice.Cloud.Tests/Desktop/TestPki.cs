using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace NfDevice.Cloud.Tests.Desktop
{
    /// <summary>A throwaway CA for desktop platform tests: broker certificate for 127.0.0.1 and device certificates.</summary>
    internal sealed class TestPki : IDisposable
    {
        private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        public TestPki(string name = "nf-device test root")
        {
            var req = new CertificateRequest("CN=" + name, _rootKey, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
            Root = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            ServerCertificate = Issue("CN=localhost", server: true);
        }

        public X509Certificate2 Root { get; }

        public X509Certificate2 ServerCertificate { get; }

        public string RootPem => Root.ExportCertificatePem();

        /// <summary>
        /// A certificate with its key (PKCS#12 round trip so SslStream can use the key); with <paramref name="revocationUrl"/>
        /// it names that URL as its CRL distribution point and its OCSP responder, as a public CA's certificates do.
        /// </summary>
        public X509Certificate2 Issue(string subject, bool server, string revocationUrl = null)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") }, false));
            if (server)
            {
                var san = new SubjectAlternativeNameBuilder();
                san.AddIpAddress(IPAddress.Loopback);
                san.AddDnsName("localhost");
                req.CertificateExtensions.Add(san.Build());
            }
            if (revocationUrl != null)
            {
                req.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension(new[] { revocationUrl + "/root.crl" }));
                req.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(new[] { revocationUrl + "/ocsp" }, null));
            }

            byte[] serial = RandomNumberGenerator.GetBytes(12);
            serial[0] &= 0x7F;
            serial[0] |= 1;
            using var cert = req.Create(Root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6), serial);
            using var withKey = cert.CopyWithPrivateKey(key);
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
        }

        /// <summary>Writes a device bundle (the emulator's file names) trusting <paramref name="trustedRootPem"/>; returns nfdevice.json's path.</summary>
        public string WriteBundle(string directory, string thingName, int port, string trustedRootPem = null)
        {
            Directory.CreateDirectory(directory);
            using var cert = Issue("CN=" + thingName, server: false);
            using var key = cert.GetECDsaPrivateKey();
            File.WriteAllText(Path.Combine(directory, "root-ca.pem"), trustedRootPem ?? RootPem);
            File.WriteAllText(Path.Combine(directory, "device.cert.pem"), cert.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, "device.private.key"), key.ExportECPrivateKeyPem());
            var json = new JsonObject
            {
                ["thingName"] = thingName,
                ["endpoint"] = "127.0.0.1",
                ["port"] = port,
                ["rootCa"] = "root-ca.pem",
                ["certificate"] = "device.cert.pem",
                ["privateKey"] = "device.private.key",
                ["codeSigningCertificate"] = "code-signing.cert.pem",
                ["chunkSize"] = 4096,
                ["logLevel"] = "Info",
                ["wifiSsid"] = "",
                ["wifiPassword"] = "",
            };
            string path = Path.Combine(directory, "nfdevice.json");
            File.WriteAllText(path, json.ToJsonString());
            return path;
        }

        public void Dispose()
        {
            ServerCertificate.Dispose();
            Root.Dispose();
            _rootKey.Dispose();
        }
    }

    /// <summary>A temporary directory removed at dispose.</summary>
    internal sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nfdevice-desktop-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
