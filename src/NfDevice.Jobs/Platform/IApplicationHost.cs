namespace NfDevice.Jobs.Platform
{
    /// <summary>
    /// Where a platform loads and runs an application bundle's assemblies: <c>Assembly.Load(byte[])</c> on
    /// nanoFramework, a collectible AssemblyLoadContext on .NET. The entry contract (static <c>Start()</c>,
    /// <c>Stop()</c>, optional <c>bool SelfTest()</c>) is in Application/BUNDLE.md. Every method returns null on
    /// success, else a short reason for the log and statusDetails; none may throw or hang past its bound.
    /// </summary>
    public interface IApplicationHost
    {
        /// <summary>
        /// Loads one assembly. <paramref name="assembly"/> was read for it alone and is never reused (nanoCLR keeps
        /// the array as the loaded assembly). Called in the manifest's (dependency) order.
        /// </summary>
        string Load(string name, byte[] assembly);

        /// <summary>Finds <paramref name="entryType"/> and calls its static Start, waiting at most <paramref name="timeoutMilliseconds"/> for it to return.</summary>
        string Start(string entryType, int timeoutMilliseconds);

        /// <summary>Calls the entry type's static SelfTest if it has one (none counts as passed), bounded by <paramref name="timeoutMilliseconds"/>.</summary>
        string SelfTest(string entryType, int timeoutMilliseconds);

        /// <summary>Calls the entry type's static Stop (before a restart), bounded by <paramref name="timeoutMilliseconds"/>.</summary>
        string Stop(string entryType, int timeoutMilliseconds);
    }
}
