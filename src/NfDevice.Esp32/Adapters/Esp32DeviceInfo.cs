using System;
using NfDevice.Jobs.Platform;
#if NFDEVICE_IFU
using nanoFramework.Runtime.InFieldUpdate;
#endif
using nanoFramework.Runtime.Native;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>What the ESP32 reports about itself in job status details.</summary>
    public sealed class Esp32DeviceInfo : IDeviceInfo
    {
        /// <summary>
        /// Version of this application, kept equal to AssemblyVersion in Properties/AssemblyInfo.cs.
        /// A constant rather than Assembly.GetName(), which only exists in reflection-enabled mscorlib builds.
        /// </summary>
        public const string ApplicationVersion = "1.0.0";

        private readonly string _firmwareVersion;
        private readonly string _platformName;

        /// <summary>Reads the versions once; both are fixed until the next reboot.</summary>
        public Esp32DeviceInfo()
        {
            _firmwareVersion = ReadFirmwareVersion();
            string target = SystemInfo.TargetName;
            _platformName = target == null || target.Length == 0 ? "ESP32" : target;
        }

        /// <inheritdoc />
        public string FirmwareVersion
        {
            get { return _firmwareVersion; }
        }

        /// <inheritdoc />
        public string PlatformName
        {
            get { return _platformName; }
        }

        /// <summary>Version of the nanoCLR firmware itself (not the application).</summary>
        public static string ClrVersion
        {
            get { return SystemInfo.Version.ToString(); }
        }

        private static string ReadFirmwareVersion()
        {
#if NFDEVICE_IFU
            // The MCUboot header of the running deployment image carries the version imgtool was given.
            ImageInfo running = UpdateManager.GetPrimaryImageInfo(ImageType.Deployment);
            if (running != null && running.Version != null)
            {
                return running.Version.ToString();
            }
#endif
            return ApplicationVersion;
        }
    }
}
