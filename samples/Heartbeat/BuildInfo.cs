namespace Sample.Heartbeat
{
    /// <summary>The version this build reports in its heartbeat; keep it equal to `bundle create --version`.</summary>
    internal static class BuildInfo
    {
        public const string Version = "1.1.0";
    }
}
