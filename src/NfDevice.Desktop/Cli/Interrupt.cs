using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace NfDevice.Desktop.Cli
{
    /// <summary>
    /// Turns Ctrl+C (SIGINT) and SIGTERM into a cancellation so `run` and `simulate` stop their devices cleanly and
    /// print their summary instead of being killed mid-write.
    /// </summary>
    internal sealed class Interrupt : IDisposable
    {
        private readonly CancellationTokenSource _cts;
        private readonly PosixSignalRegistration _sigint;
        private readonly PosixSignalRegistration _sigterm;

        public Interrupt(CancellationToken outer)
        {
            _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
            _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        }

        public CancellationToken Token => _cts.Token;

        private void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            _cts.Cancel();
        }

        public void Dispose()
        {
            _sigint.Dispose();
            _sigterm.Dispose();
            _cts.Dispose();
        }
    }
}
