using System;
using System.CommandLine;
using System.IO;
using NfDevice.Desktop.Bundles;
using NfDevice.Jobs.Application;

namespace NfDevice.Desktop.Cli
{
    /// <summary>
    /// `nfdevice bundle create --from DIR --entry Namespace.Type --version 1.2.0 --out app.nfb` and
    /// `nfdevice bundle inspect app.nfb`: the application bundles of Application/BUNDLE.md.
    /// </summary>
    internal static class BundleCommand
    {
        public static Command Build()
        {
            var from = new Option<string>("--from") { Description = "Build output folder: its *.pe files (nanoFramework), or its *.dll files when it has no .pe (.NET, desktop devices).", Required = true };
            var entry = new Option<string>("--entry") { Description = "Entry type, Namespace.Type, with static Start(), Stop() and optionally bool SelfTest().", Required = true };
            var version = new Option<string>("--version") { Description = "Application version (dotted numbers, e.g. 1.2.0); the job document's version must equal it.", Required = true };
            var output = new Option<string>("--out", "-o") { Description = "Bundle file to write (.nfb).", Required = true };
            var name = new Option<string>("--name") { Description = "Application name shown by inspect (default: the last assembly's name)." };
            var exclude = new Option<string[]>("--exclude") { Description = "Assembly names to leave out (they are part of the agent's deployment), repeatable.", AllowMultipleArgumentsPerToken = true };
            var create = new Command("create", "Build a bundle: manifest (name, version, entry type, each assembly's name, size and SHA-256 in dependency order), then the assemblies.");
            foreach (var o in new Option[] { from, entry, version, output, name, exclude }) create.Add(o);
            create.SetAction(parse => Create(parse.GetValue(from), parse.GetValue(entry), parse.GetValue(version), parse.GetValue(output), parse.GetValue(name), parse.GetValue(exclude)));

            var file = new Argument<string>("bundle") { Description = "Bundle file (.nfb)." };
            var inspect = new Command("inspect", "Print a bundle's manifest and check its length and every assembly's SHA-256 (exit 1 when a check fails).");
            inspect.Add(file);
            inspect.SetAction(parse => Inspect(parse.GetValue(file)));

            var bundle = new Command("bundle", "Application bundles: what an `application` update job installs.");
            bundle.Add(create);
            bundle.Add(inspect);
            return bundle;
        }

        private static int Create(string from, string entry, string version, string output, string name, string[] exclude)
        {
            byte[] bundle;
            BundleManifest manifest = new BundleManifest();
            try
            {
                var skipped = new System.Collections.Generic.List<string>();
                var inputs = BundleBuilder.ReadFolder(Path.GetFullPath(from), exclude, skipped);
                bundle = BundleBuilder.Build(inputs, entry, version, name);
                if (skipped.Count > 0) Console.WriteLine("left out (part of the agent's deployment): " + string.Join(", ", skipped));
            }
            catch (BundleException e)
            {
                Console.Error.WriteLine("nfdevice: " + e.Message);
                return 2;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine("nfdevice: " + e.Message);
                return 2;
            }

            string full = Path.GetFullPath(output);
            Directory.CreateDirectory(Path.GetDirectoryName(full));
            File.WriteAllBytes(full, bundle);
            manifest.Parse(bundle, 0, bundle.Length);
            Console.WriteLine("wrote " + full + " (" + bundle.Length + " bytes)");
            Print(manifest);
            Console.WriteLine("for the job document: \"target\": \"application\", \"version\": \"" + version + "\", \"image\": { \"size\": " + bundle.Length + " }");
            return 0;
        }

        private static int Inspect(string path)
        {
            if (!File.Exists(path))
            {
                Console.Error.WriteLine("nfdevice: bundle not found: " + path);
                return 2;
            }

            var checker = new BundleChecker();
            var buffer = new byte[65536];
            BundleResult result = BundleResult.Partial;
            long length;
            using (var stream = File.OpenRead(path))
            {
                length = stream.Length;
                int read;
                while (result == BundleResult.Partial && (read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    result = checker.Feed(buffer, 0, read);
                }
            }

            var digest = new byte[32];
            if (result == BundleResult.Partial) result = checker.Finish(digest, 0);
            Console.WriteLine(path + " (" + length + " bytes, format " + BundleManifest.FormatVersion + ")");
            if (checker.ManifestRead) Print(checker.Manifest);
            if (result != BundleResult.Ok)
            {
                string which = result == BundleResult.HashMismatch ? ": assembly " + checker.Manifest.Names[checker.FailedAssembly] : string.Empty;
                Console.WriteLine("check: FAILED, " + BundleResults.Name(result) + which);
                return 1;
            }

            Console.WriteLine("check: ok (length and every assembly's SHA-256 match the manifest)");
            Console.WriteLine("bundle SHA-256 " + Convert.ToHexStringLower(digest));
            return 0;
        }

        private static void Print(BundleManifest m)
        {
            Console.WriteLine("application " + m.AppName + " " + m.Version + ", entry " + m.EntryType);
            Console.WriteLine("assemblies in load order (" + m.AssemblyCount + ", " + m.AssemblyBytes + " bytes of RAM once loaded):");
            for (int i = 0; i < m.AssemblyCount; i++)
            {
                Console.WriteLine("  " + (i + 1) + ". " + m.Names[i] + "  " + m.Sizes[i] + " bytes  sha256 " + Convert.ToHexStringLower(m.Hashes, i * 32, 32));
            }
        }
    }
}
