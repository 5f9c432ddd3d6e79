using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Platform
{
    /// <summary>
    /// What a desktop device reports about itself. The host sets the firmware version at each boot from the
    /// image in the primary slot (<see cref="Update.FileSlot.RunningVersion"/>).
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
