using System;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Platform
{
    /// <summary>Jitter and client-token randomness from <see cref="Random.Shared"/> (thread-safe; not for cryptography).</summary>
    public sealed class SystemRandom : IRandom
    {
        /// <inheritdoc />
        public int Next(int maxExclusive) => maxExclusive <= 0 ? 0 : Random.Shared.Next(maxExclusive);
    }
}
