using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using NfDevice.Jobs.Tests.Net.Guard;

namespace NfDevice.Jobs.Tests.Net.NanoClr
{
    /// <summary>
    /// Compiles the core and the shared tests for nanoCLR the way the nanoFramework toolchain would: csc with
    /// -nostdlib against nanoFramework's own mscorlib and libraries (<c>nanoclr refs</c>), C# 9 as the .nfproj
    /// files say, the source lists read from those .nfproj files (so this build cannot drift from the device
    /// build), then <c>nanoclr pe</c> turns each assembly into the image the interpreter loads. The images are
    /// cached under obj/nanoclr of this project, keyed by a hash of every input, so an unchanged tree reuses them.
    /// </summary>
    internal sealed class NanoClrBuild
    {
        private const string CoreProject = "src/NfDevice.Jobs.Nano/NfDevice.Jobs.Nano.nfproj";
        private const string TestProject = "tests/NfDevice.Jobs.Tests.Nano/NFUnitTest.nfproj";
        private static readonly XNamespace Msb = "http://schemas.microsoft.com/developer/msbuild/2003";

        // The .nfproj files build with C# 9 and the NANOFRAMEWORK_1_0 symbol the nanoFramework project system defines.
        private static readonly string[] CommonOptions =
        {
            "-nologo", "-noconfig", "-nostdlib+", "-langversion:9", "-target:library", "-deterministic", "-optimize+",
            "-define:NANOFRAMEWORK_1_0", "-nowarn:1591", "-warnaserror-",
        };

        private static readonly string[] Libraries =
        {
            "mscorlib.dll", "nanoFramework.System.Collections.dll", "nanoFramework.System.Text.dll", "System.Threading.dll",
        };

        private static readonly string[] TestLibraries = { "nanoFramework.TestFramework.dll", "nanoFramework.UnitTestLauncher.exe" };

        public string CorePe { get; private set; }

        /// <summary>The core compiled for nanoFramework (the reference for other assemblies built for nanoCLR).</summary>
        public string CoreDll { get; private set; }

        /// <summary>
        /// The test images, each named NFUnitTest (the name nanoFramework.UnitTestLauncher loads) and each run on its
        /// own: the shared tests hold more strings than one nanoFramework assembly's string table can index (the
        /// MetadataProcessor stops with "String table overflow"), so they are compiled in as few parts as fit.
        /// </summary>
        public List<TestPart> Parts { get; } = new List<TestPart>();

        /// <summary>Why the build failed (compiler or converter output), or null.</summary>
        public string Error { get; private set; }

        public bool FromCache { get; private set; }

        public static NanoClrBuild Create()
        {
            var build = new NanoClrBuild();
            try
            {
                build.Make();
            }
            catch (Exception ex)
            {
                build.Error = "building for nanoCLR threw " + ex;
            }

            return build;
        }

        /// <summary>The absolute paths the given .nfproj compiles, in the order it lists them.</summary>
        public static List<string> CompileItems(string relativeProject)
        {
            string project = RepoFiles.Combine(relativeProject.Split('/'));
            string dir = Path.GetDirectoryName(project);
            return XDocument.Load(project).Descendants(Msb + "Compile")
                .Select(item => (string)item.Attribute("Include"))
                .Select(include => Path.GetFullPath(Path.Combine(dir, include.Replace('\\', Path.DirectorySeparatorChar))))
                .ToList();
        }

        private void Make()
        {
            string refs = Path.Combine(NanoClrTool.Folder, "ref");
            string csc = FindCsc();
            List<string> core = CompileItems(CoreProject);
            List<string> tests = CompileItems(TestProject);

            string cache = RepoFiles.Combine("tests", "NfDevice.Jobs.Tests.Net", "obj", "nanoclr");
            string key = Key(csc, refs, core, tests);
            CorePe = Path.Combine(cache, "NfDevice.Jobs.pe");
            CoreDll = Path.Combine(cache, "NfDevice.Jobs.dll");
            string keyFile = Path.Combine(cache, "inputs.sha256");
            string partsFile = Path.Combine(cache, "parts.txt");
            if (File.Exists(keyFile) && File.ReadAllText(keyFile) == key && File.Exists(partsFile) && File.Exists(CorePe)
                && int.TryParse(File.ReadAllText(partsFile), out int cachedParts) && AddParts(cache, cachedParts))
            {
                FromCache = true;
                return;
            }

            Directory.CreateDirectory(cache);
            File.Delete(keyFile);
            string coreDll = CoreDll;
            var coreArgs = new List<string> { csc };
            coreArgs.AddRange(CommonOptions);
            coreArgs.AddRange(Libraries.Select(l => "-r:" + Path.Combine(refs, l)));
            coreArgs.Add("-out:" + coreDll);
            coreArgs.AddRange(core);
            if (!Step("compiling the core (" + CoreProject + ")", DotnetHost, coreArgs)
                || !Pe("converting the core", new List<string> { "pe", coreDll, CorePe }))
            {
                return;
            }

            // Files without a test class (fakes, fixtures, helpers) go into every part.
            List<string> support = tests.Where(f => !File.ReadAllText(f).Contains("[TestClass]", StringComparison.Ordinal)).ToList();
            List<string> testFiles = tests.Except(support).ToList();
            for (int count = 1; count <= MaxParts; count++)
            {
                Error = null;
                bool overflow = false;
                List<List<string>> groups = Partition(testFiles, count);
                for (int i = 0; i < count && Error == null; i++)
                {
                    string dir = Path.Combine(cache, "part" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Directory.CreateDirectory(dir);
                    string dll = Path.Combine(dir, "NFUnitTest.dll");
                    string pe = Path.Combine(dir, "NFUnitTest.pe");
                    File.Delete(pe);
                    var testArgs = new List<string> { csc };
                    testArgs.AddRange(CommonOptions);
                    testArgs.AddRange(Libraries.Concat(TestLibraries).Select(l => "-r:" + Path.Combine(refs, l)));
                    testArgs.Add("-r:" + coreDll);
                    testArgs.Add("-out:" + dll);
                    testArgs.AddRange(support);
                    testArgs.AddRange(groups[i]);
                    if (Step("compiling the shared tests (" + TestProject + ", part " + (i + 1) + " of " + count + ")", DotnetHost, testArgs)
                        && !Pe("converting the tests (part " + (i + 1) + " of " + count + ")", new List<string> { "pe", dll, pe, "NfDevice.Jobs", coreDll }))
                    {
                        overflow = Error.Contains("String table overflow", StringComparison.Ordinal);
                    }
                }

                if (Error == null)
                {
                    File.WriteAllText(partsFile, count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    AddParts(cache, count);
                    File.WriteAllText(keyFile, key);
                    return;
                }

                if (!overflow)
                {
                    return;
                }
            }
        }

        private const int MaxParts = 8;

        /// <summary>The dotnet host that runs csc.dll: the one running the tests when dotnet test says so.</summary>
        private static string DotnetHost
        {
            get
            {
                string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
                return string.IsNullOrEmpty(host) ? "dotnet" : host;
            }
        }

        private bool AddParts(string cache, int count)
        {
            Parts.Clear();
            for (int i = 0; i < count; i++)
            {
                string dir = Path.Combine(cache, "part" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var part = new TestPart(Path.Combine(dir, "NFUnitTest.dll"), Path.Combine(dir, "NFUnitTest.pe"));
                if (!File.Exists(part.Dll) || !File.Exists(part.Pe))
                {
                    return false;
                }

                Parts.Add(part);
            }

            return count > 0;
        }

        /// <summary>Deals the test files into <paramref name="count"/> groups of about equal size (largest first), deterministically.</summary>
        private static List<List<string>> Partition(List<string> files, int count)
        {
            var groups = Enumerable.Range(0, count).Select(_ => new List<string>()).ToList();
            var sizes = new long[count];
            foreach (string file in files.OrderByDescending(f => new FileInfo(f).Length).ThenBy(f => f, StringComparer.Ordinal))
            {
                int smallest = Array.IndexOf(sizes, sizes.Min());
                groups[smallest].Add(file);
                sizes[smallest] += new FileInfo(file).Length;
            }

            return groups;
        }

        /// <summary>One compiled part of the shared tests.</summary>
        internal sealed class TestPart
        {
            public TestPart(string dll, string pe)
            {
                Dll = dll;
                Pe = pe;
            }

            public string Dll { get; }

            public string Pe { get; }
        }

        private bool Step(string what, string file, List<string> arguments)
        {
            ProcessOutcome outcome = ProcessOutcome.Run(file, arguments, TimeSpan.FromMinutes(10));
            if (outcome.ExitCode == 0)
            {
                return true;
            }

            Error = what + " failed (exit " + outcome.ExitCode + "):" + Environment.NewLine + outcome.StandardOutput + outcome.StandardError;
            return false;
        }

        private bool Pe(string what, List<string> arguments)
        {
            ProcessOutcome outcome = NanoClrTool.Run(arguments, TimeSpan.FromMinutes(10));
            if (outcome.ExitCode == 0 && File.Exists(arguments[2]))
            {
                return true;
            }

            Error = what + " with nanoclr pe failed (exit " + outcome.ExitCode + "):" + Environment.NewLine + outcome.StandardOutput + outcome.StandardError;
            return false;
        }

        /// <summary>
        /// Compiles <paramref name="sources"/> for nanoFramework (as the core: C# 9, -nostdlib, the libraries, plus
        /// <paramref name="references"/>) into <paramref name="output"/>, a library or, with <paramref name="exe"/>,
        /// a program; then converts it to <paramref name="pe"/>. Returns null, or the compiler's or converter's output.
        /// </summary>
        public static string CompileForNano(IEnumerable<string> sources, IEnumerable<string> references, string output, bool exe, string pe, params string[] peReferences)
        {
            string refs = Path.Combine(NanoClrTool.Folder, "ref");
            var args = new List<string> { FindCsc() };
            args.AddRange(CommonOptions.Where(o => o != "-target:library"));
            args.Add(exe ? "-target:exe" : "-target:library");
            args.AddRange(Libraries.Select(l => "-r:" + Path.Combine(refs, l)));
            args.AddRange(references.Select(r => "-r:" + r));
            args.Add("-out:" + output);
            args.AddRange(sources);
            ProcessOutcome compiled = ProcessOutcome.Run(DotnetHost, args, TimeSpan.FromMinutes(10));
            if (compiled.ExitCode != 0)
            {
                return "csc failed: " + compiled.StandardOutput + compiled.StandardError;
            }

            var convert = new List<string> { "pe", output, pe };
            convert.AddRange(peReferences);
            ProcessOutcome converted = NanoClrTool.Run(convert, TimeSpan.FromMinutes(10));
            return converted.ExitCode == 0 && File.Exists(pe) ? null : "nanoclr pe failed: " + converted.StandardOutput + converted.StandardError;
        }

        /// <summary>A hash of everything the images depend on: compiler, options, reference assemblies, the tool, every source.</summary>
        private static string Key(string csc, string refs, List<string> core, List<string> tests)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
            void AddFile(string path)
            {
                Add(path);
                hash.AppendData(File.ReadAllBytes(path));
            }

            Add(csc);
            Add(string.Join(" ", CommonOptions));
            foreach (string file in Directory.GetFiles(refs).OrderBy(f => f, StringComparer.Ordinal))
            {
                AddFile(file);
            }

            AddFile(NanoClrTool.Script);
            Add("core");
            core.ForEach(AddFile);
            Add("tests");
            tests.ForEach(AddFile);
            return Convert.ToHexString(hash.GetHashAndReset());
        }

        /// <summary>Roslyn's csc.dll from the newest SDK beside the running dotnet host.</summary>
        private static string FindCsc()
        {
            var roots = new List<string>();
            string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host))
            {
                roots.Add(Path.GetDirectoryName(host));
            }

            string root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
            if (!string.IsNullOrEmpty(root))
            {
                roots.Add(root);
            }

            // The runtime this test runs on lives in <root>/shared/Microsoft.NETCore.App/<version>/.
            roots.Add(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location), "..", "..", "..")));
            foreach (string candidate in roots)
            {
                string sdk = Path.Combine(candidate, "sdk");
                if (!Directory.Exists(sdk))
                {
                    continue;
                }

                string csc = Directory.GetDirectories(sdk)
                    .Select(d => Path.Combine(d, "Roslyn", "bincore", "csc.dll"))
                    .Where(File.Exists)
                    .OrderBy(p => SdkVersion(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(p))))))
                    .LastOrDefault();
                if (csc != null)
                {
                    return csc;
                }
            }

            throw new FileNotFoundException("no .NET SDK with Roslyn/bincore/csc.dll found under " + string.Join(", ", roots));
        }

        private static Version SdkVersion(string folder)
        {
            int dash = folder.IndexOf('-');
            return Version.TryParse(dash < 0 ? folder : folder.Substring(0, dash), out Version v) ? v : new Version(0, 0);
        }
    }
}
