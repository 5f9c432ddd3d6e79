using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using NfDevice.Jobs.Application;

namespace NfDevice.Desktop.Bundles
{
    /// <summary>A bundle could not be built; the message says what to fix.</summary>
    public sealed class BundleException : Exception
    {
        /// <summary>Creates the error.</summary>
        public BundleException(string message) : base(message) { }
    }

    /// <summary>One assembly going into a bundle.</summary>
    public sealed class BundleInput
    {
        /// <summary>Source file.</summary>
        public string Path { get; init; }
        /// <summary>Assembly name.</summary>
        public string Name { get; init; }
        /// <summary>Names of referenced assemblies.</summary>
        public IReadOnlyList<string> References { get; init; }
        /// <summary>Bytes.</summary>
        public byte[] Bytes { get; init; }
        /// <summary>Tells whether the assembly defines a type of this full name.</summary>
        public Func<string, bool> DefinesType { get; init; }
    }

    /// <summary>
    /// Builds an application bundle (Application/BUNDLE.md in the core) from a build output folder: every <c>*.pe</c>
    /// (nanoFramework) or, when there is none, every <c>*.dll</c> (.NET, for desktop devices), in dependency order,
    /// with the manifest written by the core's own <see cref="BundleManifest"/> and read back before it is returned.
    /// </summary>
    public static class BundleBuilder
    {
        /// <summary>
        /// True for the nanoFramework platform's own assemblies (mscorlib, nanoFramework.*, System.*, Windows.*), which a
        /// nanoFramework build output carries beside the application's .pe files: they belong to the agent's deployment,
        /// and loading a second copy would only waste RAM and assembly slots (nanoCLR binds to the first copy).
        /// </summary>
        public static bool IsPlatformAssembly(string name) =>
            name == "mscorlib" || name.StartsWith("nanoFramework.", StringComparison.Ordinal)
            || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Windows.", StringComparison.Ordinal);

        /// <summary>
        /// Reads the assemblies of <paramref name="folder"/>; <paramref name="exclude"/> lists assembly names to leave out
        /// (the agent's own). From .pe files the platform's assemblies are left out too (<see cref="IsPlatformAssembly"/>);
        /// <paramref name="skipped"/> collects every name left out.
        /// </summary>
        public static List<BundleInput> ReadFolder(string folder, IEnumerable<string> exclude = null, List<string> skipped = null)
        {
            if (!Directory.Exists(folder)) throw new BundleException("folder not found: " + folder);
            string[] pe = Directory.GetFiles(folder, "*.pe").OrderBy(p => p, StringComparer.Ordinal).ToArray();
            string[] files = pe.Length > 0 ? pe : Directory.GetFiles(folder, "*.dll").OrderBy(p => p, StringComparer.Ordinal).ToArray();
            if (files.Length == 0) throw new BundleException("no *.pe or *.dll in " + folder + " (point --from at the build output)");
            var skip = new HashSet<string>(exclude ?? Array.Empty<string>(), StringComparer.Ordinal);
            var inputs = new List<BundleInput>();
            foreach (string file in files)
            {
                BundleInput input = pe.Length > 0 ? ReadPe(file) : ReadDll(file);
                if (skip.Contains(input.Name) || (pe.Length > 0 && IsPlatformAssembly(input.Name)))
                {
                    skipped?.Add(input.Name);
                    continue;
                }

                BundleInput twin = inputs.FirstOrDefault(i => i.Name == input.Name);
                if (twin != null) throw new BundleException("duplicate assembly " + input.Name + ": " + Path.GetFileName(twin.Path) + " and " + Path.GetFileName(file));
                inputs.Add(input);
            }

            if (inputs.Count == 0) throw new BundleException("every assembly in " + folder + " was excluded");
            return inputs;
        }

        /// <summary>Builds the bundle bytes; throws <see cref="BundleException"/> with what to fix.</summary>
        public static byte[] Build(IReadOnlyList<BundleInput> inputs, string entryType, string version, string appName)
        {
            if (!NfDevice.Jobs.Update.FirmwareVersion.IsValid(version)) throw new BundleException("--version must be 1 to 4 dotted numbers, e.g. 1.2.0: " + version);
            if (string.IsNullOrEmpty(entryType) || entryType.IndexOf('.') <= 0) throw new BundleException("--entry must be a full type name, Namespace.Type: " + entryType);
            if (inputs.Count > BundleManifest.MaxAssemblies) throw new BundleException(inputs.Count + " assemblies; a bundle holds at most " + BundleManifest.MaxAssemblies);
            if (!inputs.Any(i => i.DefinesType(entryType)))
            {
                throw new BundleException("entry type " + entryType + " not found in " + string.Join(", ", inputs.Select(i => i.Name)));
            }

            List<BundleInput> ordered = DependencyOrder(inputs);
            var manifest = new BundleManifest
            {
                AppName = appName ?? ordered[^1].Name,
                Version = version,
                EntryType = entryType,
                AssemblyCount = ordered.Count,
                Names = ordered.Select(i => i.Name).ToArray(),
                Sizes = ordered.Select(i => i.Bytes.Length).ToArray(),
                Hashes = new byte[ordered.Count * 32],
            };
            for (int i = 0; i < ordered.Count; i++) SHA256.HashData(ordered[i].Bytes).CopyTo(manifest.Hashes, i * 32);
            var bundle = new byte[manifest.EncodedLength() + ordered.Sum(i => (long)i.Bytes.Length)];
            int at = manifest.Write(bundle, 0);
            foreach (BundleInput input in ordered)
            {
                input.Bytes.CopyTo(bundle, at);
                at += input.Bytes.Length;
            }

            // Read back with the device's reader: a name it refuses (spaces, non-ASCII, too long) is reported here, not on the device.
            var checker = new BundleChecker();
            BundleResult result = checker.Feed(bundle, 0, bundle.Length);
            if (result == BundleResult.Partial) result = checker.Finish(new byte[32], 0);
            if (result != BundleResult.Ok) throw new BundleException("the bundle does not read back: " + BundleResults.Name(result) + " (names and the entry type must be printable ASCII without spaces, at most 128 characters)");
            return bundle;
        }

        /// <summary>Every assembly after those it references; references outside the set belong to the agent's deployment.</summary>
        public static List<BundleInput> DependencyOrder(IReadOnlyList<BundleInput> inputs)
        {
            var byName = inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
            var done = new HashSet<string>(StringComparer.Ordinal);
            var visiting = new HashSet<string>(StringComparer.Ordinal);
            var ordered = new List<BundleInput>();
            void Visit(BundleInput input)
            {
                if (done.Contains(input.Name)) return;
                if (!visiting.Add(input.Name)) throw new BundleException("reference cycle through " + input.Name + ": nanoCLR cannot load it");
                foreach (string reference in input.References)
                {
                    if (byName.TryGetValue(reference, out BundleInput dependency)) Visit(dependency);
                }

                visiting.Remove(input.Name);
                done.Add(input.Name);
                ordered.Add(input);
            }

            foreach (BundleInput input in inputs) Visit(input);
            return ordered;
        }

        private static BundleInput ReadPe(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            PeImage pe;
            try
            {
                pe = PeImage.Read(bytes);
            }
            catch (FormatException e)
            {
                throw new BundleException(Path.GetFileName(path) + ": " + e.Message);
            }

            string name = pe.Name ?? Path.GetFileNameWithoutExtension(path);
            // The .dll the .pe was made from, when the build output has it, answers exactly; else the .pe's own
            // string table must hold the type's name and namespace (the .pe keeps them for reflection).
            string dll = Path.ChangeExtension(path, ".dll");
            Func<string, bool> defines = File.Exists(dll)
                ? ReadDll(dll).DefinesType
                : type => pe.Strings.Contains(type.Substring(type.LastIndexOf('.') + 1)) && pe.Strings.Contains(type.Substring(0, type.LastIndexOf('.')));
            return new BundleInput { Path = path, Name = name, References = pe.References, Bytes = bytes, DefinesType = defines };
        }

        private static BundleInput ReadDll(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            try
            {
                using var pe = new PEReader(new MemoryStream(bytes));
                if (!pe.HasMetadata) throw new BundleException(Path.GetFileName(path) + " is not a .NET assembly");
                MetadataReader md = pe.GetMetadataReader();
                if (!md.IsAssembly) throw new BundleException(Path.GetFileName(path) + " is a module, not an assembly");
                var references = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
                var types = new HashSet<string>(StringComparer.Ordinal);
                foreach (TypeDefinitionHandle h in md.TypeDefinitions)
                {
                    TypeDefinition t = md.GetTypeDefinition(h);
                    string ns = md.GetString(t.Namespace);
                    types.Add(ns.Length == 0 ? md.GetString(t.Name) : ns + "." + md.GetString(t.Name));
                }

                return new BundleInput
                {
                    Path = path,
                    Name = md.GetString(md.GetAssemblyDefinition().Name),
                    References = references,
                    Bytes = bytes,
                    DefinesType = types.Contains,
                };
            }
            catch (BadImageFormatException e)
            {
                throw new BundleException(Path.GetFileName(path) + " is not a .NET assembly: " + e.Message);
            }
        }
    }
}
