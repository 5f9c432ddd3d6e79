using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Startup
{
    /// <summary>
    /// The certificates the device needs, loaded from PEM files on I:\. Files are read as text
    /// because nanoFramework's string constructors add the NUL terminator mbedTLS needs to parse
    /// PEM. A missing root CA or device certificate falls back to what is stored in the device's
    /// network configuration (uploaded with Device Explorer): M2Mqtt then passes null and the
    /// native TLS layer uses the stored CA bundle and device certificate.
    /// </summary>
    public sealed class DeviceCertificates
    {
        /// <summary>Root CA for the broker and the download server, or null to use the device's CA bundle.</summary>
        public X509Certificate RootCa;

        /// <summary>Device certificate with its private key, or null to use the one stored on the device.</summary>
        public X509Certificate2 Device;

        /// <summary>The code-signing certificate file's bytes (PEM), or null when it is missing.</summary>
        public byte[] CodeSigning;

        /// <summary>Loads every certificate named in <paramref name="settings"/>; never throws.</summary>
        public static DeviceCertificates Load(DeviceSettings settings, ILog log)
        {
            DeviceCertificates certificates = new DeviceCertificates();
            string folder = DeviceSettings.CertificateFolder;

            string rootPem = ReadText(folder + settings.RootCa, log);
            if (rootPem == null)
            {
                log.Write(LogLevel.Warning, "certificates: " + settings.RootCa + " not on I:\\; using the CA bundle stored on the device");
            }
            else
            {
                try
                {
                    certificates.RootCa = new X509Certificate(rootPem);
                    log.Write(LogLevel.Info, "certificates: root CA " + certificates.RootCa.Subject);
                }
                catch (Exception ex)
                {
                    log.Write(LogLevel.Error, "certificates: " + settings.RootCa + " is not a PEM certificate: " + ex.Message);
                }
            }

            string certificatePem = ReadText(folder + settings.Certificate, log);
            string keyPem = ReadText(folder + settings.PrivateKey, log);
            if (certificatePem == null || keyPem == null)
            {
                log.Write(LogLevel.Warning, "certificates: " + settings.Certificate + " or " + settings.PrivateKey
                    + " not on I:\\; using the device certificate stored on the device");
            }
            else
            {
                try
                {
                    // Unencrypted PEM key (what AWS IoT and the emulator issue): empty password.
                    certificates.Device = new X509Certificate2(certificatePem, keyPem, "");
                    log.Write(LogLevel.Info, "certificates: device " + certificates.Device.Subject + ", valid until "
                        + certificates.Device.NotAfter.ToString("o"));
                }
                catch (Exception ex)
                {
                    log.Write(LogLevel.Error, "certificates: device certificate or key unreadable: " + ex.Message);
                }
            }

            try
            {
                string path = folder + settings.CodeSigningCertificate;
                if (File.Exists(path))
                {
                    certificates.CodeSigning = File.ReadAllBytes(path);
                }
                else
                {
                    log.Write(LogLevel.Warning, "certificates: " + settings.CodeSigningCertificate
                        + " not on I:\\; signed firmware jobs will be rejected");
                }
            }
            catch (Exception ex)
            {
                log.Write(LogLevel.Error, "certificates: cannot read " + settings.CodeSigningCertificate + ": " + ex.Message);
            }

            return certificates;
        }

        private static string ReadText(string path, ILog log)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllText(path) : null;
            }
            catch (Exception ex)
            {
                log.Write(LogLevel.Error, "certificates: cannot read " + path + ": " + ex.Message);
                return null;
            }
        }
    }
}
