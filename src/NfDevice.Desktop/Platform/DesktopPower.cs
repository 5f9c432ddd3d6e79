using System;
using System.Threading;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Platform
{
    /// <summary>
    /// "Reboot" on .NET: the request is recorded and <see cref="RebootRequested"/> is raised; the host
    /// (<see cref="Hosting.DesktopDevice"/>) stops the agent and creates a fresh one, as a device would boot again.
    /// </summary>
    public sealed class DesktopPower : IPower
    {
        private int _requests;

        /// <summary>Raised on the engine thread when the agent asks for a reboot. Handlers must not block.</summary>
        public event EventHandler RebootRequested;

        /// <summary>How many reboots were requested since this object was created.</summary>
        public int RebootRequests => Volatile.Read(ref _requests);

        /// <inheritdoc />
        public void Reboot()
        {
            Interlocked.Increment(ref _requests);
            RebootRequested?.Invoke(this, EventArgs.Empty);
        }

        /// <inheritdoc />
        public long FreeMemory => Math.Max(0, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - GC.GetTotalMemory(false));
    }
}
