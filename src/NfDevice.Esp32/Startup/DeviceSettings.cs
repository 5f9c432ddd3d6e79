using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Startup
{
    /// <summary>Whether the MQTT session is closed while a firmware download is open.</summary>
    public enum DownloadSessionPolicy
    {
        /// <summary>Decided at start-up from the board: close MQTT unless the board has PSRAM.</summary>
        Auto = 0,
        /// <summary>Keep MQTT open during downloads (two TLS sessions at once; PSRAM boards).</summary>
        KeepMqttOpen = 1,
        /// <summary>Close MQTT while a download is open (one TLS session at a time; boards without PSRAM).</summary>
        CloseMqtt = 2,
    }

    /// <summary>
    /// The device settings from I:\nfdevice.json. The key names are shared with the desktop agent
    /// and the emulator's provision command; the defaults are the file names that command writes.
    /// </summary>
    public sealed class DeviceSettings
    {
        /// <summary>Where the settings live on the device (the ESP32 config partition, drive I:).</summary>
        public const string FilePath = "I:\\nfdevice.json";

        /// <summary>Folder that holds the certificate files named below.</summary>
        public const string CertificateFolder = "I:\\";

        /// <summary>Default MQTT-over-TLS port of AWS IoT Core.</summary>
        public const int DefaultPort = 8883;

        /// <summary>Default download chunk (one flash erase block on ESP32 is 4 KB).</summary>
        public const int DefaultChunkSize = 4096;

        /// <summary>Smallest accepted chunk size.</summary>
        public const int MinChunkSize = 512;

        /// <summary>Largest accepted chunk size: the buffer is allocated once and must fit a non-PSRAM heap.</summary>
        public const int MaxChunkSize = 16384;

        /// <summary>AWS IoT thing name; also the MQTT client id. Required.</summary>
        public string ThingName = "";

        /// <summary>AWS IoT device data endpoint (or the emulator's host name). Required.</summary>
        public string Endpoint = "";

        /// <summary>Broker port.</summary>
        public int Port = DefaultPort;

        /// <summary>File name on I:\ of the root CA that signs the broker's certificate (PEM).</summary>
        public string RootCa = "root-ca.pem";

        /// <summary>File name on I:\ of the device certificate (PEM).</summary>
        public string Certificate = "device.cert.pem";

        /// <summary>File name on I:\ of the device private key (PEM).</summary>
        public string PrivateKey = "device.private.key";

        /// <summary>File name on I:\ of the code-signing certificate that verifies firmware signatures (PEM).</summary>
        public string CodeSigningCertificate = "code-signing.cert.pem";

        /// <summary>Bytes per download read; the size of the one download buffer.</summary>
        public int ChunkSize = DefaultChunkSize;

        /// <summary>Lowest level written to the serial log.</summary>
        public LogLevel LogLevel = LogLevel.Info;

        /// <summary>Wi-Fi network; empty to use the network stored on the device (Device Explorer / nanoff).</summary>
        public string WifiSsid = "";

        /// <summary>Wi-Fi password.</summary>
        public string WifiPassword = "";

        /// <summary>Optional device-only key "closeMqttDuringDownload" (true/false); absent means Auto.</summary>
        public DownloadSessionPolicy DownloadPolicy = DownloadSessionPolicy.Auto;

        /// <summary>
        /// Folder of the two application bundle slots: on I:\ by default, "D:\\app" for an SD card (mount it first).
        /// </summary>
        public string AppFolder = "I:\\app";

        /// <summary>
        /// Bytes one application slot may hold. I:\ is 256 KB on the 4 MB layout and also holds the configuration,
        /// the certificates and the agent's state; LittleFS has no free-space API, so the budget is configured.
        /// </summary>
        public int AppSlotBudget = 96 * 1024;

        /// <summary>Bytes of assemblies a loaded application may keep in RAM (Assembly.Load keeps each array).</summary>
        public int AppRamBudget = 48 * 1024;

        /// <summary>True when the two values the agent cannot run without are present.</summary>
        public bool IsUsable
        {
            get { return ThingName.Length > 0 && Endpoint.Length > 0; }
        }
    }
}
