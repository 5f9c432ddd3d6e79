namespace NfDevice.Jobs.Platform
{
    /// <summary>The device itself: reboot and memory.</summary>
    public interface IPower
    {
        /// <summary>Asks for a reboot. On the device this does not return; on .NET it restarts the agent.</summary>
        void Reboot();

        /// <summary>Free managed memory in bytes, for diagnostics and logs (-1 if unknown).</summary>
        long FreeMemory { get; }
    }
}
