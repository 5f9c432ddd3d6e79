using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NfDevice.Desktop.Hosting
{
    /// <summary>The device certificate with its key and the pinned root CA, loaded from the PEM files the settings name.</summary>
    public sealed class DeviceCredentials : IDisposable
    {
        private DeviceCredentials(X509Certificate2 client, X509Certificate2 root)
        {
            ClientCertificate = client;
            RootCa = root;
        }

        /// <summary>The device certificate with its private key (TLS client certificate).</summary>
        public X509Certificate2 ClientCertificate { get; }

        /// <summary>The only root the broker's certificate may chain to.</summary>
        public X509Certificate2 RootCa { get; }

        /// <summary>Loads the files; throws <see cref="SettingsException"/> naming the file that is missing or unreadable.</summary>
        public static DeviceCredentials Load(DeviceSettings settings)
        {
            X509Certificate2 root = LoadCertificate(settings.RootCaPath, "rootCa");
            string certPem = ReadText(settings.CertificatePath, "certificate");
            string keyPem = ReadText(settings.PrivateKeyPath, "privateKey");
            X509Certificate2 client;
            try
            {
                X509Certificate2 pem = X509Certificate2.CreateFromPem(certPem, keyPem);
                if (OperatingSystem.IsWindows())
                {
                    // SChannel cannot use the ephemeral key of a PEM import; a PKCS#12 round trip persists it.
                    // Elsewhere the round trip is skipped: it costs tens of milliseconds per device in `simulate`.
                    using (pem) client = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
                }
                else
                {
                    client = pem;
                }
            }
            catch (CryptographicException e)
            {
                throw new SettingsException("Cannot use certificate " + settings.CertificatePath + " with private key " + settings.PrivateKeyPath + ": " + e.Message, e);
            }
            catch (ArgumentException e)
            {
                throw new SettingsException("Cannot use certificate " + settings.CertificatePath + " with private key " + settings.PrivateKeyPath + ": " + e.Message, e);
            }
            return new DeviceCredentials(client, root);
        }

        private static X509Certificate2 LoadCertificate(string path, string setting)
        {
            string pem = ReadText(path, setting);
            try { return X509Certificate2.CreateFromPem(pem); }
            catch (Exception e) when (e is CryptographicException || e is ArgumentException)
            {
                throw new SettingsException("\"" + setting + "\" file " + path + " is not a PEM certificate: " + e.Message, e);
            }
        }

        private static string ReadText(string path, string setting)
        {
            if (!File.Exists(path)) throw new SettingsException("\"" + setting + "\" file not found: " + path);
            try { return File.ReadAllText(path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new SettingsException("\"" + setting + "\" file " + path + " cannot be read: " + e.Message, e);
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            ClientCertificate.Dispose();
            RootCa.Dispose();
        }
    }
}
