namespace NfDevice.Jobs.Application
{
    /// <summary>Outcome of reading or checking an application bundle (BUNDLE.md); one name per value in <see cref="BundleResults"/>.</summary>
    public enum BundleResult
    {
        /// <summary>The bundle (or the part asked for) is well formed and every check held.</summary>
        Ok = 0,
        /// <summary>More bytes are needed before the answer is known.</summary>
        Partial = 1,
        /// <summary>The first 8 bytes are not <c>NFBUNDLE</c>.</summary>
        BadMagic = 2,
        /// <summary>A format version this reader does not know.</summary>
        BadFormatVersion = 3,
        /// <summary>The manifest is cut, too long, or has bytes left over.</summary>
        BadManifest = 4,
        /// <summary>A name, entry type or version string is empty, too long or not printable ASCII.</summary>
        BadText = 5,
        /// <summary>The bundle version is not a dotted number.</summary>
        BadVersion = 6,
        /// <summary>No assemblies, or more than <see cref="BundleManifest.MaxAssemblies"/>.</summary>
        BadAssemblyCount = 7,
        /// <summary>Two assemblies share a name (nanoCLR would bind every reference to the first).</summary>
        DuplicateAssembly = 8,
        /// <summary>An assembly size of zero, or a total beyond the limit.</summary>
        BadSize = 9,
        /// <summary>The bundle is longer or shorter than its manifest says.</summary>
        LengthMismatch = 10,
        /// <summary>An assembly's bytes do not match its SHA-256 in the manifest.</summary>
        HashMismatch = 11,
        /// <summary>The whole-bundle digest differs from the one recorded when the bundle was verified.</summary>
        DigestMismatch = 12,
        /// <summary>The assemblies would not fit the RAM budget once loaded.</summary>
        TooLargeForRam = 13,
        /// <summary>Storage could not be read.</summary>
        Unreadable = 14,
    }

    /// <summary>Names of <see cref="BundleResult"/> for logs and statusDetails (Enum.ToString gives numbers on nanoFramework).</summary>
    public static class BundleResults
    {
        private static readonly string[] Names =
        {
            "ok", "partial", "bad-magic", "bad-format-version", "bad-manifest", "bad-text", "bad-version", "bad-assembly-count",
            "duplicate-assembly", "bad-size", "length-mismatch", "hash-mismatch", "digest-mismatch", "too-large-for-ram", "unreadable",
        };

        /// <summary>The word for <paramref name="result"/>.</summary>
        public static string Name(BundleResult result)
        {
            int index = (int)result;
            return index >= 0 && index < Names.Length ? Names[index] : "unknown";
        }
    }
}
