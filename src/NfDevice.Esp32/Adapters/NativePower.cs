using System.Threading;
using NfDevice.Jobs.Platform;
#if NFDEVICE_IFU
using nanoFramework.Runtime.InFieldUpdate;
#endif
using nanoFramework.Runtime.Native;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>Reboot and free memory through nanoFramework.Runtime.Native.</summary>
    public sealed class NativePower : IPower
    {
        private readonly ILog _log;

        /// <summary>Creates the adapter; <paramref name="log"/> gets the last line before a reboot.</summary>
        public NativePower(ILog log)
        {
            _log = log;
        }

        /// <inheritdoc />
        public void Reboot()
        {
            _log.Write(LogLevel.Info, "power: rebooting");

            // Lets the serial line drain so the last log lines reach the developer's terminal.
            Thread.Sleep(500);
#if NFDEVICE_IFU
            // Applies a swap that CompleteUpdateSession scheduled (MCUboot runs on every full reboot,
            // but this is the call the InFieldUpdate API documents for it).
            UpdateManager.RequestReboot();
#else
            Power.RebootDevice(RebootOption.NormalReboot);
#endif
        }

        /// <inheritdoc />
        public long FreeMemory
        {
            // Runs a collection without compaction and returns the free managed heap in bytes.
            get { return nanoFramework.Runtime.Native.GC.Run(false); }
        }
    }
}
