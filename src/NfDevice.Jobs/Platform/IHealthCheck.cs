namespace NfDevice.Jobs.Platform
{
    /// <summary>
    /// The platform's part of the self-test a new image runs before it is confirmed (sensors answer,
    /// the application started, memory is sane...). The agent adds its own checks: connected, and the
    /// running version is the one the job installed.
    /// </summary>
    public interface IHealthCheck
    {
        /// <summary>Returns null when healthy, else a short reason for statusDetails.</summary>
        string Check();
    }
}
