using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using NfDevice.Cloud.Tests.Desktop;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Update;

namespace NfDevice.Cloud.Tests.DesktopUpdate
{
    /// <summary>Serves one image from memory with exact Range semantics (206 and Content-Range); counts requests.</summary>
    internal sealed class MemoryRangedClient : IRangedHttpClient
    {
        private byte[] _body;
        private int _position;
        private int _end;

        public MemoryRangedClient(byte[] image) => Image = image;

        public byte[] Image { get; set; }

        public int Requests { get; private set; }

        /// <summary>First byte of every request, in order.</summary>
        public System.Collections.Concurrent.ConcurrentQueue<long> Starts { get; } = new System.Collections.Concurrent.ConcurrentQueue<long>();

        /// <summary>Sleep before each read (a slow network), so that a test can act in the middle of a download.</summary>
        public int ReadDelayMilliseconds { get; set; }

        public bool Open(string url, long from, long to, HttpRangeResponse response)
        {
            Requests++;
            Starts.Enqueue(from);
            response.Reset();
            long last = to < 0 || to >= Image.Length ? Image.Length - 1 : to;
            response.StatusCode = 206;
            response.RangeStart = from;
            response.RangeEnd = last;
            response.RangeTotal = Image.Length;
            response.ContentLength = last - from + 1;
            _body = Image;
            _position = (int)from;
            _end = (int)last + 1;
            return true;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            if (_body == null) return -1;
            if (ReadDelayMilliseconds > 0) System.Threading.Thread.Sleep(ReadDelayMilliseconds);
            int n = Math.Min(count, _end - _position);
            Array.Copy(_body, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public void Close() => _body = null;
    }

    /// <summary>A device bundle on disk (no broker listening: boots happen, MQTT just retries) and a code-signing key.</summary>
    internal sealed class FirmwareRig : IDisposable
    {
        public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

        private readonly TestPki _pki = new TestPki();
        private readonly TempDir _dir = new TempDir();

        public FirmwareRig()
        {
            SettingsPath = _pki.WriteBundle(Path.Combine(_dir.Path, "dev-fw"), "dev-fw", ClosedPort());
            Signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=nf-device code signing", Signer, HashAlgorithmName.SHA256);
            using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            CertificatePem = cert.ExportCertificatePem();
        }

        public string SettingsPath { get; }

        public string BundleDirectory => Path.GetDirectoryName(SettingsPath);

        /// <summary>Where the bundle's settings point "codeSigningCertificate" (nothing there until written).</summary>
        public string CodeSigningPath => Path.Combine(BundleDirectory, "code-signing.cert.pem");

        public ECDsa Signer { get; }

        public string CertificatePem { get; }

        public void WriteCertificate() => File.WriteAllText(CodeSigningPath, CertificatePem);

        public DeviceSettings Settings(string factoryVersion = "1.0.0")
        {
            DeviceSettings settings = DeviceSettings.Load(SettingsPath);
            settings.FirmwareVersion = factoryVersion;
            return settings;
        }

        /// <summary>
        /// A device whose firmware download reads from <paramref name="http"/>; <paramref name="platform"/> receives each boot's
        /// platform; <paramref name="sha"/> replaces the desktop's SHA-256.
        /// </summary>
        public DesktopDevice Device(DeviceSettings settings, IRangedHttpClient http = null, Action<AgentPlatform> platform = null, bool firmware = true, Func<ISha256> sha = null)
        {
            return new DesktopDevice(settings, new DesktopDeviceOptions
            {
                AgentFactory = DefaultAgent.With(configure: (_, p) => platform?.Invoke(p)),
                Firmware = new FirmwareOptions
                {
                    Enabled = firmware,
                    RangedClientFactory = http == null ? null : _ => http,
                    Sha256Factory = sha,
                    ConfigureDownload = d => { d.RetryBaseMilliseconds = 10; d.RetryCapMilliseconds = 50; },
                },
            });
        }

        /// <summary>nf-device's firmware document for <paramref name="image"/>, signed with <see cref="Signer"/> (or the given signature).</summary>
        public FirmwareDocument Document(byte[] image, string version, string signature = null)
        {
            signature ??= Convert.ToBase64String(Signer.SignData(image, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            string json = "{\"operation\":\"firmware-update\",\"version\":\"" + version + "\",\"target\":\"deployment\"," +
                "\"image\":{\"url\":\"https://s3.us-east-1.amazonaws.com/fw/app.bin?X-Amz-Signature=00\",\"size\":" + image.Length + "}," +
                "\"codesign\":{\"rawPayloadSize\":" + image.Length + ",\"signature\":\"" + signature + "\",\"signatureAlgorithm\":\"SHA256withECDSA\"}}";
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            var document = new FirmwareDocument();
            if (!document.Parse(bytes, 0, bytes.Length)) throw new InvalidOperationException(document.Problem);
            return document;
        }

        /// <summary>Runs <paramref name="download"/> until it is downloaded or fails (bounded).</summary>
        public static DownloadStep RunToEnd(FirmwareDownload download)
        {
            for (int i = 0; i < 100000; i++)
            {
                DownloadStep step = download.Step();
                if (step == DownloadStep.Downloaded || step == DownloadStep.Failed || step == DownloadStep.NeedUrl) return step;
                if (step == DownloadStep.Waiting) System.Threading.Thread.Sleep(5);
            }

            throw new TimeoutException("download did not end");
        }

        public void Dispose()
        {
            Signer.Dispose();
            _pki.Dispose();
            _dir.Dispose();
        }

        private static int ClosedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
