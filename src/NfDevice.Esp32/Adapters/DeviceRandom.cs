using System;
using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>Jitter and client-token randomness from the runtime's System.Random (not for cryptography).</summary>
    public sealed class DeviceRandom : IRandom
    {
        private readonly Random _random = new Random();

        /// <inheritdoc />
        public int Next(int maxExclusive)
        {
            return maxExclusive <= 1 ? 0 : _random.Next(maxExclusive);
        }
    }
}
