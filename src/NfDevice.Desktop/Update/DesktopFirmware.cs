using System;
using System.IO;
using NfDevice.Desktop.Hosting;
using NfDevice.Jobs.Application;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Update;

namespace NfDevice.Desktop.Update
{
    /// <summary>How a desktop device takes firmware jobs (part of <see cref="DesktopDeviceOptions"/>).</summary>
    public sealed class FirmwareOptions
    {
        /// <summary>Compose the firmware handler into the default agent on every boot.</summary>
        public bool Enabled { get; set; } = true;
        /// <summary>Bound on each HTTP response head and each body read (keep it under the host's 15 s stop wait).</summary>
        public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(10);
        /// <summary>
        /// A download checkpoint (slot fsync, then the record with the hash midstate: two fsyncs) is taken on a 64 KiB
        /// boundary once <see cref="CheckpointMilliseconds"/> or this many bytes have passed since the last, whichever
        /// comes first; a crash loses at most that much download. 16 MiB; below 64 KiB it is also the boundary.
        /// </summary>
        public int CheckpointInterval { get; set; } = DefaultCheckpointInterval;
        /// <summary>The desktop's byte bound between checkpoints: 16 MiB.</summary>
        public const int DefaultCheckpointInterval = 16 * 1024 * 1024;
        /// <summary>
        /// The time bound between checkpoints: 1 s, so a slow link loses at most about a second of download while a
        /// fast one (an 8 MB image on loopback takes tens of milliseconds) pays for no fsync. 0: bytes only.
        /// </summary>
        public int CheckpointMilliseconds { get; set; } = 1000;
        /// <summary>The boundary checkpoints land on (the desktop slot's "erase block"): 64 KiB, as on the ESP32.</summary>
        public const int CheckpointBlock = 64 * 1024;
        /// <summary>
        /// Bytes read, hashed and stored per step at least (64 KiB), whatever the bundle's <c>chunkSize</c> says: that
        /// setting sizes an ESP32's one download buffer, and the desktop has the memory to read more per call. 0 keeps
        /// <c>chunkSize</c> as it is (tests that count bytes per read).
        /// </summary>
        public int MinimumChunkSize { get; set; } = 64 * 1024;
        /// <summary>
        /// Least time between the download's tenth-of-the-image progress reports: 1 s. Each report pauses the download
        /// until the cloud answers; an 8 MB image on loopback would otherwise stop nine times in a few tens of
        /// milliseconds to say what nobody can watch. 0: a report at every tenth (tests that sample them).
        /// </summary>
        public int ProgressMinimumMs { get; set; } = 1000;
        /// <summary>The SHA-256 of each boot's download; null: libcrypto's where it loads (<see cref="OpenSslSha256.Create"/>), else the core's.</summary>
        public Func<ISha256> Sha256Factory { get; set; }
        /// <summary>Size of the factory image flashed into an empty slot.</summary>
        public int FactoryImageSize { get; set; } = 4096;
        /// <summary>
        /// Downloads of every device in the process share one HTTP connection pool (<see cref="HttpClientRangedClient.Shared"/>)
        /// instead of a client per boot: for many simulated devices (`nfdevice simulate` sets it).
        /// </summary>
        public bool ShareHttpConnections { get; set; }
        /// <summary>Replaces the HttpClient ranged client (tests: throttling, faults). Called once per boot.</summary>
        public Func<DeviceSettings, IRangedHttpClient> RangedClientFactory { get; set; }
        /// <summary>Adjusts each boot's download (for example shorter retry delays in tests).</summary>
        public Action<FirmwareDownload> ConfigureDownload { get; set; }
    }

    /// <summary>The firmware update of one boot: the handler and the parts it was composed of.</summary>
    public sealed class DesktopFirmwareUpdate : IDisposable
    {
        internal DesktopFirmwareUpdate(FirmwareUpdateHandler handler, FirmwareDownload download, CodeSigningVerifier verifier, IRangedHttpClient http)
        {
            Handler = handler;
            Download = download;
            Verifier = verifier;
            Http = http;
        }

        /// <summary>The handler registered with the agent (operation <c>firmware-update</c>, also recognises <c>afr_ota</c>).</summary>
        public FirmwareUpdateHandler Handler { get; }
        /// <summary>The download pipeline.</summary>
        public FirmwareDownload Download { get; }
        /// <summary>The verifier built from the code-signing certificate file, or null when the file is missing or unusable.</summary>
        public CodeSigningVerifier Verifier { get; }
        /// <summary>The ranged HTTP client.</summary>
        public IRangedHttpClient Http { get; }

        /// <summary>Closes the HTTP client (at the end of the boot).</summary>
        public void Dispose() => (Http as IDisposable)?.Dispose();
    }

    /// <summary>The platform's self-test hook on the desktop: the running image's own verdict.</summary>
    public sealed class SlotHealthCheck : IHealthCheck
    {
        /// <summary>What <see cref="Check"/> returns for an image whose self-test fails.</summary>
        public const string Failure = "image self-test failed";

        private readonly FileSlot _slot;

        /// <summary>Checks the image running from <paramref name="slot"/>.</summary>
        public SlotHealthCheck(FileSlot slot) => _slot = slot;

        /// <inheritdoc />
        public string Check() => _slot.RunningImageHealthy ? null : Failure;
    }

    /// <summary>Boot step and handler composition of the desktop firmware update.</summary>
    public static class DesktopFirmware
    {
        /// <summary>
        /// The bootloader step of every boot: <see cref="FileSlot.Boot"/> (test swap, revert), then a factory image
        /// of <paramref name="settings"/>' FirmwareVersion if the slot is empty. Returns the running version.
        /// </summary>
        public static string BootSlot(FileSlot slot, DeviceSettings settings, int factoryImageSize, ILog log)
        {
            log?.Write(LogLevel.Info, "slot: " + slot.Boot());
            string factory = string.IsNullOrEmpty(settings.FirmwareVersion) ? "1.0.0" : settings.FirmwareVersion;
            if (!slot.HasImage)
            {
                slot.Flash(DesktopImage.Build(factory, factoryImageSize));
                log?.Write(LogLevel.Info, "slot: empty, flashed the factory image " + factory);
            }

            string running = slot.RunningVersion;
            if (running == null)
            {
                log?.Write(LogLevel.Warning, "slot: the primary image is not a desktop image; reporting version " + factory);
                return factory;
            }

            return running;
        }

        /// <summary>
        /// Reads the code-signing certificate (PEM or DER) at <paramref name="path"/>. A missing or unusable file
        /// is logged as a warning and gives null: firmware jobs then fail with reason <c>certificate</c>.
        /// </summary>
        public static CodeSigningVerifier LoadVerifier(string path, ILog log)
        {
            string problem;
            if (string.IsNullOrEmpty(path))
            {
                problem = "no code-signing certificate configured (\"codeSigningCertificate\")";
            }
            else if (!File.Exists(path))
            {
                problem = "code-signing certificate not found: " + path;
            }
            else
            {
                byte[] bytes;
                try
                {
                    bytes = File.ReadAllBytes(path);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    log?.Write(LogLevel.Warning, "firmware: cannot read the code-signing certificate " + path + ": " + e.Message + "; firmware jobs will fail with reason certificate");
                    return null;
                }

                var verifier = new CodeSigningVerifier(bytes, 0, bytes.Length);
                if (verifier.Status == CryptoStatus.Ok)
                {
                    log?.Write(LogLevel.Info, "firmware: code-signing certificate " + path + " (" + verifier.KeyType + ")");
                    return verifier;
                }

                problem = "code-signing certificate " + path + " is not usable (" + verifier.Status + ")";
            }

            log?.Write(LogLevel.Warning, "firmware: " + problem + "; firmware jobs will fail with reason certificate");
            return null;
        }

        /// <summary>
        /// Composes the firmware handler for one boot on <paramref name="platform"/> (its <see cref="AgentPlatform.Slot"/>
        /// must be set) and registers it with <paramref name="agent"/> as handler and as document format.
        /// </summary>
        public static DesktopFirmwareUpdate Compose(JobAgent agent, AgentPlatform platform, FirmwareOptions options = null)
        {
            options ??= platform.Firmware ?? new FirmwareOptions();
            FileSlot slot = platform.Slot ?? throw new ArgumentException("the platform has no slot", nameof(platform));
            IRangedHttpClient http = options.RangedClientFactory?.Invoke(platform.Settings)
                ?? (options.ShareHttpConnections ? HttpClientRangedClient.Shared(options.HttpTimeout) : new HttpClientRangedClient(options.HttpTimeout));
            // With an application, one handler serves both: firmware into the file slot, bundles into the A/B slots.
            // Without an application (disabled), a job for target application is REJECTED with reason target.
            var slots = new UpdateSlots(slot, platform.Application?.Slots, platform.Application?.Loader);
            IHealthCheck health = new ApplicationHealthCheck(platform.Application?.Loader, new SlotHealthCheck(slot));

            int chunkSize = Math.Max(platform.Settings.ChunkSize, options.MinimumChunkSize);
            ISha256 sha = options.Sha256Factory?.Invoke() ?? OpenSslSha256.Create();
            var download = new FirmwareDownload(http, slots, platform.StateStore, platform.Clock, platform.Random, platform.Log, new byte[Math.Max(256, chunkSize)],
                Math.Min(FirmwareOptions.CheckpointBlock, options.CheckpointInterval), sha)
            {
                Pacing = new DownloadPacing
                {
                    CheckpointBytes = options.CheckpointInterval,
                    CheckpointMilliseconds = options.CheckpointMilliseconds,
                    ProgressMinimumMs = options.ProgressMinimumMs,
                },
            };
            options.ConfigureDownload?.Invoke(download);
            CodeSigningVerifier verifier = LoadVerifier(platform.Settings.CodeSigningCertificatePath, platform.Log);
            var handler = new FirmwareUpdateHandler(download, slots, verifier, health);
            agent.Register(handler);
            agent.RegisterFormat(handler);
            return new DesktopFirmwareUpdate(handler, download, verifier, http);
        }
    }
}
