namespace NfDevice.Jobs.Platform
{
    /// <summary>What the device reports about itself in job status details.</summary>
    public interface IDeviceInfo
    {
        /// <summary>Version of the running firmware image (for example "1.4.2").</summary>
        string FirmwareVersion { get; }

        /// <summary>Platform name, for example "ESP32_PSRAM_REV3" or "desktop".</summary>
        string PlatformName { get; }
    }
}
