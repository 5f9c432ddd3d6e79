using System;
using System.Threading;
using NfDevice.Esp32.Adapters;
using NfDevice.Esp32.Startup;
using NfDevice.Jobs.Application;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Update;
using nanoFramework.Runtime.Native;

namespace NfDevice.Esp32
{
    /// <summary>
    /// Start-up of the ESP32 agent: settings, Wi-Fi and clock, certificates, then the platform
    /// adapters and the portable engine. Free memory is logged after each phase, because the
    /// budget on a board without PSRAM is what decides whether the rest can run.
    /// </summary>
    public static class Program
    {
        /// <summary>MQTT keep-alive; AWS IoT Core accepts 30..1200 s.</summary>
        public const ushort KeepAliveSeconds = 60;

        /// <summary>Bound on connect, TLS handshake and response head of one download request.</summary>
        public const int HttpTimeoutMs = 30000;

        /// <summary>Bound on each wait for body bytes of a download.</summary>
        public const int HttpReadTimeoutMs = 30000;

        /// <summary>Free managed heap above which the board is taken to have PSRAM (Auto policy).</summary>
        public const long PsramHeapThreshold = 1000000;

        /// <summary>Heap the self-test requires to stay free besides the download buffer.</summary>
        public const long SelfTestHeadroom = 32768;

        /// <summary>
        /// Bytes between download checkpoints on I:\: 16 flash erase blocks, so a 1 MB image costs 16
        /// small writes to the config partition rather than 256.
        /// </summary>
        public const int CheckpointInterval = 65536;

        /// <summary>Pause before the reboot that follows an unexpected exception, so the log can be read.</summary>
        public const int CrashRebootDelayMs = 30000;

        /// <summary>Entry point.</summary>
        public static void Main()
        {
            SerialLog log = new SerialLog();
            NativePower power = new NativePower(log);
            try
            {
                Start(log, power);
            }
            catch (Exception ex)
            {
                // A fault outside the engine (adapters, start-up): reboot rather than leave a dead device.
                log.Write(LogLevel.Error, "start-up: unexpected exception: " + ex.Message + "; rebooting in "
                    + (CrashRebootDelayMs / 1000).ToString() + " s");
                Thread.Sleep(CrashRebootDelayMs);
                power.Reboot();
            }
        }

        private static void Start(SerialLog log, NativePower power)
        {
            log.Write(LogLevel.Info, "nf-device " + Esp32DeviceInfo.ApplicationVersion + " on " + SystemInfo.TargetName
                + ", nanoCLR " + Esp32DeviceInfo.ClrVersion);
            LogMemory(log, power, "boot");

            DeviceSettings settings = SettingsReader.Load(DeviceSettings.FilePath, log);
            log.MinimumLevel = settings.LogLevel;
            if (!settings.IsUsable)
            {
                WaitForProvisioning(log);
            }

            LogMemory(log, power, "settings");

            // The application loads first, before Wi-Fi and TLS fragment the heap: each assembly needs one
            // contiguous array for as long as it runs (Assembly.Load keeps it).
            FileStateStore store = new FileStateStore(DeviceSettings.CertificateFolder, log);
            ApplicationLoader application = StartApplication(settings, store, log);
            LogMemory(log, power, "application");

            DeviceClock clock = new DeviceClock();
            while (!NetworkStartup.Connect(settings, clock, log))
            {
                log.Write(LogLevel.Warning, "start-up: network not ready; retrying in 30 s");
                Thread.Sleep(30000);
            }

            LogMemory(log, power, "network");

            DeviceCertificates certificates = DeviceCertificates.Load(settings, log);
            LogMemory(log, power, "certificates");

            DeviceRandom random = new DeviceRandom();
            M2MqttConnection mqtt = new M2MqttConnection(settings.Endpoint, settings.Port, settings.ThingName,
                certificates.RootCa, certificates.Device, KeepAliveSeconds, log, random);
            bool exclusive = DecideExclusiveSessions(settings, power, log);
            SessionArbiter arbiter = new SessionArbiter(mqtt, exclusive, log);

            // The same root CA serves the emulator's HTTPS; for S3, AWS chains to the Amazon roots
            // (upload the one S3 presents, or leave rootCa out to use the device's CA bundle).
            HttpWebRequestRangedClient http = new HttpWebRequestRangedClient(certificates.RootCa, HttpTimeoutMs,
                HttpReadTimeoutMs, arbiter, log);
#if NFDEVICE_IFU
            IFirmwareSlot slot = new InFieldUpdateSlot(log);
#else
            IFirmwareSlot slot = new UnavailableFirmwareSlot();
#endif
            Esp32DeviceInfo device = new Esp32DeviceInfo();
            DeviceHealthCheck health = new DeviceHealthCheck(store, power, settings.ChunkSize + SelfTestHeadroom);

            // The download pipeline owns the run's one download buffer (chunkSize bytes): built here,
            // before any TLS session fragments the heap. The firmware job handler takes it, the
            // verifier and the health check.
            // One handler for every target: firmware (IFU builds) and application bundles (every build).
#if NFDEVICE_IFU
            UpdateSlots slots = new UpdateSlots(slot, application.Slots, application);
#else
            UpdateSlots slots = new UpdateSlots(null, application.Slots, application);
#endif
            IHealthCheck updateHealth = new ApplicationHealthCheck(application, health);
            FirmwareDownload download = new FirmwareDownload(http, slots, store, clock, random, log,
                settings.ChunkSize, CheckpointInterval);
            CodeSigningVerifier verifier = certificates.CodeSigning == null ? null
                : new CodeSigningVerifier(certificates.CodeSigning, 0, certificates.CodeSigning.Length);
            if (verifier != null && verifier.Status != CryptoStatus.Ok)
            {
                log.Write(LogLevel.Error, "certificates: " + settings.CodeSigningCertificate + " has no usable public key ("
                    + ((int)verifier.Status).ToString() + "); signed firmware jobs will be rejected");
            }

            LogMemory(log, power, "update pipeline");
            log.Write(LogLevel.Info, "start-up: image status " + ((int)slot.GetStatus(ImageKind.Deployment)).ToString()
                + ", downloads " + (exclusive ? "close MQTT" : "keep MQTT open"));

            AgentOptions options = new AgentOptions();
            options.ThingName = settings.ThingName;
            if (download.Buffer.Length >= options.RequestBufferBytes)
            {
                options.RequestBuffer = download.Buffer; // one buffer for downloads and requests: 4 KB less heap (AgentOptions.RequestBuffer)
            }
            JobAgent agent = new JobAgent(options, mqtt, clock, store, log, random, power, device);
            agent.Observer = new MemoryPhaseLog(log, power);
            // On the stable 1.x line (no InFieldUpdate) firmware targets are REJECTED with reason "target";
            // application bundles are taken on every build.
            FirmwareUpdateHandler firmware = new FirmwareUpdateHandler(download, slots, verifier, updateHealth);
            agent.Register(firmware);
            agent.RegisterFormat(firmware);
            LogMemory(log, power, "agent");

            mqtt.Start(agent);
            agent.Run();

            // Run returns only after Stop (nothing on the device calls it today).
            mqtt.Stop();
            http.Close();
            log.Write(LogLevel.Info, "agent stopped; health " + (health.Check() ?? "ok"));
        }

        private static ApplicationLoader StartApplication(DeviceSettings settings, FileStateStore store, SerialLog log)
        {
            FileApplicationStorage storage = new FileApplicationStorage(settings.AppFolder, log);
            ApplicationSlots slots = new ApplicationSlots(storage, store, log, settings.AppSlotBudget, settings.AppRamBudget, 1024);
            slots.SyncInterval = CheckpointInterval;
            ApplicationLoader loader = new ApplicationLoader(slots, new NanoAssemblyHost(settings.AppFolder, log), log);
            try
            {
                loader.Boot();
            }
            catch (Exception ex)
            {
                // A fault while loading (for example out of memory) must not keep the agent from taking the next job.
                log.Write(LogLevel.Error, "application: not started: " + ex.Message);
            }

            return loader;
        }

        private static bool DecideExclusiveSessions(DeviceSettings settings, NativePower power, SerialLog log)
        {
            if (settings.DownloadPolicy == DownloadSessionPolicy.CloseMqtt)
            {
                return true;
            }

            if (settings.DownloadPolicy == DownloadSessionPolicy.KeepMqttOpen)
            {
                return false;
            }

            // Auto: PSRAM targets are named so (ESP32_PSRAM_*), and put the managed heap in PSRAM,
            // which makes it megabytes instead of roughly 100-200 KB.
            string target = SystemInfo.TargetName;
            bool psram = (target != null && target.IndexOf("PSRAM") >= 0) || power.FreeMemory >= PsramHeapThreshold;
            log.Write(LogLevel.Info, "start-up: " + (psram ? "PSRAM board" : "no PSRAM")
                + " assumed; set closeMqttDuringDownload in nfdevice.json to override");
            return !psram;
        }

        private static void WaitForProvisioning(SerialLog log)
        {
            // Not a reboot loop: a board without settings stays up so the developer can upload them.
            while (true)
            {
                log.Write(LogLevel.Error, "start-up: thingName and endpoint are required in " + DeviceSettings.FilePath
                    + "; upload the provisioning bundle (hardware/README.md) and reset the board");
                Thread.Sleep(60000);
            }
        }

        private static void LogMemory(ILog log, IPower power, string phase)
        {
            log.Write(LogLevel.Info, "memory after " + phase + ": " + power.FreeMemory.ToString() + " bytes free");
        }
    }
}
