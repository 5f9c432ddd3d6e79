using System.Collections.Generic;

namespace NfDevice.Cloud.Signer
{
    /// <summary>A Signer platform (reference §5 table, from `aws signer list-signing-platforms`).</summary>
    public sealed class SigningPlatform
    {
        /// <summary>platformId.</summary>
        public string PlatformId { get; init; }
        /// <summary>displayName.</summary>
        public string DisplayName { get; init; }
        /// <summary>partner.</summary>
        public string Partner { get; init; }
        /// <summary>target.</summary>
        public string Target { get; init; }
        /// <summary>The only image format the platform produces: JSONDetached or JSONEmbedded.</summary>
        public string ImageFormat { get; init; }
        /// <summary>maxSizeInMB.</summary>
        public int MaxSizeInMB { get; init; }

        /// <summary>The ECDSA P-256 / SHA-256 platforms the emulator signs for.</summary>
        public static readonly IReadOnlyList<SigningPlatform> All = new[]
        {
            new SigningPlatform { PlatformId = "AmazonFreeRTOS-Default", DisplayName = "Amazon FreeRTOS SHA256-ECDSA", Partner = "AmazonFreeRTOS",
                Target = "SHA256-ECDSA", ImageFormat = "JSONEmbedded", MaxSizeInMB = 16 },
            new SigningPlatform { PlatformId = "AWSIoTDeviceManagement-SHA256-ECDSA", DisplayName = "AWS IoT Device Management SHA256-ECDSA",
                Partner = "AWSIoTDeviceManagement", Target = "SHA256-ECDSA", ImageFormat = "JSONDetached", MaxSizeInMB = 2048 },
        };

        /// <summary>The platform with this id, or null.</summary>
        public static SigningPlatform Find(string platformId)
        {
            foreach (SigningPlatform p in All) if (p.PlatformId == platformId) return p;
            return null;
        }
    }
}
