using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NfDevice.Cloud.Iot
{
    /// <summary>A thing's credentials: what a device bundle contains.</summary>
    public sealed class DeviceIdentity
    {
        /// <summary>Thing name (also the MQTT client id).</summary>
        public string ThingName { get; init; }
        /// <summary>AWS certificate id.</summary>
        public string CertificateId { get; init; }
        /// <summary>Device certificate PEM.</summary>
        public string CertificatePem { get; init; }
        /// <summary>Device private key PEM (SEC1 "EC PRIVATE KEY").</summary>
        public string PrivateKeyPem { get; init; }
        /// <summary>Emulator root CA PEM.</summary>
        public string RootCaPem { get; init; }
        /// <summary>The Signer profile's code-signing certificate PEM (null = none written).</summary>
        public string CodeSigningCertificatePem { get; init; }

        /// <summary>The certificate with its key, for a .NET MQTT client.</summary>
        public X509Certificate2 ToX509()
        {
            X509Certificate2 pem = X509Certificate2.CreateFromPem(CertificatePem, PrivateKeyPem);
            // SChannel (Windows) cannot use an ephemeral key for TLS; elsewhere the PKCS#12 round trip only costs time (~50 ms).
            if (!System.OperatingSystem.IsWindows()) return pem;
            using (pem) return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
    }

    /// <summary>Creates things with certificates and writes device bundles.</summary>
    public static class Provisioning
    {
        /// <summary>Creates the thing if missing, issues a certificate (CN = thing name) from the CA, registers it ACTIVE and attaches it.</summary>
        public static DeviceIdentity Provision(Registry registry, CertificateAuthority ca, string thingName)
        {
            registry.TryCreateThing(thingName, null, out _);
            var (certPem, keyPem, _) = ca.IssueDeviceCertificate(thingName);
            using var cert = X509Certificate2.CreateFromPem(certPem);
            string id = CertificateAuthority.CertificateId(cert);
            registry.AddCertificate(id, certPem, true);
            registry.Attach(thingName, id);
            return new DeviceIdentity { ThingName = thingName, CertificateId = id, CertificatePem = certPem, PrivateKeyPem = keyPem, RootCaPem = ca.RootPem };
        }

        /// <summary>The files of a bundle, as nfdevice.json names them.</summary>
        public const string RootCaFile = "root-ca.pem", CertificateFile = "device.cert.pem", PrivateKeyFile = "device.private.key",
            CodeSigningCertificateFile = "code-signing.cert.pem", SettingsFile = "nfdevice.json";

        /// <summary>
        /// Writes root-ca.pem, device.cert.pem, device.private.key, code-signing.cert.pem (when the identity has one)
        /// and nfdevice.json (the settings shape shared by the desktop and ESP32 agents; paths relative to the
        /// settings file). Returns the settings file path.
        /// </summary>
        public static string WriteBundle(DeviceIdentity identity, string directory, string endpoint, int port)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, RootCaFile), identity.RootCaPem);
            File.WriteAllText(Path.Combine(directory, CertificateFile), identity.CertificatePem);
            File.WriteAllText(Path.Combine(directory, PrivateKeyFile), identity.PrivateKeyPem);
            if (identity.CodeSigningCertificatePem != null)
                File.WriteAllText(Path.Combine(directory, CodeSigningCertificateFile), identity.CodeSigningCertificatePem);
            return WriteSettings(directory, identity.ThingName, endpoint, port);
        }

        /// <summary>
        /// Writes nfdevice.json with exactly the documented keys: thingName, endpoint, port, rootCa, certificate,
        /// privateKey, codeSigningCertificate, chunkSize, logLevel, wifiSsid, wifiPassword.
        /// </summary>
        public static string WriteSettings(string directory, string thingName, string endpoint, int port)
        {
            Directory.CreateDirectory(directory);
            var settings = new JsonObject
            {
                ["thingName"] = thingName,
                ["endpoint"] = endpoint,
                ["port"] = port,
                ["rootCa"] = RootCaFile,
                ["certificate"] = CertificateFile,
                ["privateKey"] = PrivateKeyFile,
                ["codeSigningCertificate"] = CodeSigningCertificateFile,
                ["chunkSize"] = 4096,
                ["logLevel"] = "Info",
                ["wifiSsid"] = "",
                ["wifiPassword"] = "",
            };
            string path = Path.Combine(directory, SettingsFile);
            File.WriteAllText(path, settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return path;
        }
    }
}
