using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Platform
{
    /// <summary>
    /// What a desktop device reports about itself. The firmware version comes from the settings
    /// ("firmwareVersion", default "1.0.0") until the file-backed slot provides the primary image's version.
    /// </summary>
    public sealed class DesktopDeviceInfo : IDeviceInfo
    {
        /// <summary>Creates the info with a fixed firmware version.</summary>
        public DesktopDeviceInfo(string firmwareVersion)
        {
            FirmwareVersion = string.IsNullOrEmpty(firmwareVersion) ? "1.0.0" : firmwareVersion;
        }

        /// <inheritdoc />
        public string FirmwareVersion { get; set; }

        /// <inheritdoc />
        public string PlatformName => "desktop";
    }
}
