namespace NfDevice.Jobs.Platform
{
    /// <summary>Randomness for backoff jitter and client tokens. Not for cryptography.</summary>
    public interface IRandom
    {
        /// <summary>Returns an integer in [0, <paramref name="maxExclusive"/>).</summary>
        int Next(int maxExclusive);
    }
}
