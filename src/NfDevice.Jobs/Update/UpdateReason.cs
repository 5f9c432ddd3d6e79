namespace NfDevice.Jobs.Update
{
    /// <summary>
    /// Why a firmware update ended other than in success. The name of each value is what goes into
    /// the execution's statusDetails under <c>reason</c> and into the log (one table, STYLE.md point 8).
    /// </summary>
    public enum UpdateReason
    {
        /// <summary>No failure.</summary>
        None = 0,
        /// <summary>The job document is not a firmware document this agent can run.</summary>
        Document = 1,
        /// <summary>The image version is not newer than the running one and downgrades are not allowed.</summary>
        Version = 2,
        /// <summary>The download failed for good (4xx other than 403/416, retries exhausted, server misbehaving).</summary>
        Download = 3,
        /// <summary>The downloaded size differs from the document's size or the signature's rawPayloadSize.</summary>
        Size = 4,
        /// <summary>The signature does not verify with the code-signing certificate on the device.</summary>
        Signature = 5,
        /// <summary>The device has no usable code-signing certificate.</summary>
        Certificate = 6,
        /// <summary>The update slot refused an operation (erase, write, complete).</summary>
        Slot = 7,
        /// <summary>The new image failed its self-test and was reverted.</summary>
        SelfTest = 8,
        /// <summary>The device rebooted too often in the same phase.</summary>
        RebootLoop = 9,
        /// <summary>The presigned URL could not be refreshed.</summary>
        Url = 10,
        /// <summary>This build cannot update the document's target (for example firmware on the stable 1.x line).</summary>
        Target = 11,
        /// <summary>The image is larger than the slot's storage budget.</summary>
        Space = 12,
        /// <summary>The application's assemblies would not fit the RAM budget once loaded.</summary>
        Memory = 13,
        /// <summary>An application bundle's contents do not match its manifest (an assembly's SHA-256 or size, the bundle's length, a malformed manifest).</summary>
        Manifest = 14,
    }

    /// <summary>Names of <see cref="UpdateReason"/>, indexed by value (a test pins the order).</summary>
    public static class UpdateReasons
    {
        private static readonly string[] Names =
        {
            "none", "document", "version", "download", "size", "signature", "certificate", "slot", "selftest", "rebootloop", "url", "target", "space", "memory", "manifest",
        };

        /// <summary>The statusDetails word for <paramref name="reason"/>.</summary>
        public static string Name(UpdateReason reason)
        {
            int index = (int)reason;
            return index >= 0 && index < Names.Length ? Names[index] : "unknown";
        }
    }
}
