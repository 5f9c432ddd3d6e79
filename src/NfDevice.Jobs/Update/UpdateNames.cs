using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Update
{
    /// <summary>
    /// Names of the enums whose values leave the device from the update (statusDetails, log lines):
    /// nanoFramework's Enum.ToString gives the number, so every name comes from a table indexed by value
    /// (a test pins each table against the enum).
    /// </summary>
    public static class UpdateNames
    {
        private static readonly string[] VerifyNames = { "valid", "invalid", "malformed", "bad-public-key", "bad-argument", "no-key" };

        private static readonly string[] SlotResultNames =
        {
            "success", "busy", "bad-token", "bad-offset", "too-large", "flash-error", "bad-magic", "swap-in-flight",
            "no-image", "header-mismatch", "incomplete", "bad-tlv", "hash-mismatch", "bad-argument", "no-slot",
        };

        private static readonly string[] SlotStatusNames = { "confirmed", "testing", "test-pending", "permanent-pending", "rollback-pending" };

        /// <summary>Name of a signature check outcome.</summary>
        public static string Verify(VerifyResult result)
        {
            return Pick(VerifyNames, (int)result);
        }

        /// <summary>Name of a slot operation outcome.</summary>
        public static string Slot(SlotResult result)
        {
            return Pick(SlotResultNames, (int)result);
        }

        /// <summary>Name of a slot status.</summary>
        public static string Status(SlotStatus status)
        {
            return Pick(SlotStatusNames, (int)status);
        }

        private static string Pick(string[] names, int index)
        {
            return index >= 0 && index < names.Length ? names[index] : "unknown";
        }
    }
}
