using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace NfDevice.Jobs.Tests.Net.NanoClr
{
    /// <summary>
    /// One run of the shared tests on nanoCLR, made once per test process: the build (cached), then
    /// nanoFramework.UnitTestLauncher over the test image. The launcher prints one line per test,
    /// "Test passed|failed|skipped,Name.Index,details"; every test method the compiled test assembly declares
    /// gets a verdict, so a test that never ran (the interpreter crashed or stopped before it) is a failure too.
    /// </summary>
    internal sealed class NanoClrRun
    {
        private static readonly Lazy<NanoClrRun> Shared = new Lazy<NanoClrRun>(Make);

        /// <summary>The timeout for the whole run; generous because the machine is shared and loaded.</summary>
        private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(20);

        private readonly Dictionary<string, List<string>> linesByMethod = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        /// <summary>Why nothing ran (tool missing), or null.</summary>
        public string NotRunReason { get; private set; }

        /// <summary>The build or conversion failure, or null.</summary>
        public string BuildError { get; private set; }

        /// <summary>Set when the interpreter crashed, timed out or stopped before its last test; null after a clean run.</summary>
        public string Crash { get; private set; }

        /// <summary>Every test method, "Namespace.Class.Method", declared or reported.</summary>
        public List<string> Methods { get; } = new List<string>();

        /// <summary>Everything the interpreter printed (test lines and the tests' own prints).</summary>
        public string Output { get; private set; } = string.Empty;

        public bool BuiltFromCache { get; private set; }

        public static NanoClrRun Current => Shared.Value;

        /// <summary>How many separately run parts the shared tests were compiled into.</summary>
        public int Parts { get; private set; }

        /// <summary>The launcher's lines for <paramref name="method"/> ("Test passed,…" per data row).</summary>
        public IReadOnlyList<string> LinesFor(string method)
        {
            return linesByMethod.TryGetValue(method, out List<string> lines) ? lines : new List<string>();
        }

        private static NanoClrRun Make()
        {
            var run = new NanoClrRun();
            run.NotRunReason = NanoClrTool.MissingReason();
            if (run.NotRunReason != null)
            {
                return run;
            }

            NanoClrBuild build = NanoClrBuild.Create();
            run.BuiltFromCache = build.FromCache;
            run.Parts = build.Parts.Count;
            if (build.Error != null)
            {
                run.BuildError = build.Error;
                return run;
            }

            string pe = Path.Combine(NanoClrTool.Folder, "pe");
            var output = new StringBuilder();
            foreach (NanoClrBuild.TestPart part in build.Parts)
            {
                List<string> declared = DeclaredTestMethods(part.Dll).ToList();
                run.Methods.AddRange(declared);

                // "nanoclr run" loads mscorlib and the libraries, then these images in order; the launcher (the last
                // image with an entry point) runs every test class of NFUnitTest and prints every verdict, which
                // "nanoclr test" would summarise without the names of the passing tests.
                ProcessOutcome outcome = NanoClrTool.Run(
                    new List<string>
                    {
                        "run", "-t", ((int)RunTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Path.Combine(pe, "nanoFramework.TestFramework.pe"), build.CorePe, part.Pe,
                        Path.Combine(pe, "nanoFramework.UnitTestLauncher.pe"),
                    },
                    RunTimeout + TimeSpan.FromMinutes(1));
                output.Append(outcome.StandardOutput);
                run.Read(outcome, declared);
            }

            run.Output = output.ToString();
            return run;
        }

        private void Read(ProcessOutcome outcome, List<string> declared)
        {
            string last = null;
            foreach (string line in outcome.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')))
            {
                string method = MethodOf(line);
                if (method == null)
                {
                    continue;
                }

                if (!linesByMethod.TryGetValue(method, out List<string> lines))
                {
                    linesByMethod[method] = lines = new List<string>();
                    if (!Methods.Contains(method))
                    {
                        Methods.Add(method);
                    }
                }

                lines.Add(line);
                last = line.Split(',')[1];
            }

            string problem = null;
            if (outcome.TimedOut || outcome.ExitCode != 0)
            {
                string how = outcome.TimedOut ? "timed out" : outcome.ExitCode == 139 ? "crashed (SIGSEGV)" : "exited " + outcome.ExitCode;
                problem = "nanoCLR " + how + " after test " + (last ?? "(none)") + ". " + outcome.StandardError.Trim();
            }
            else if (declared.Any(m => !linesByMethod.ContainsKey(m)))
            {
                // nanoCLR exits 0 after an unhandled managed exception and prints nothing about it.
                problem = "nanoCLR stopped without a verdict for every test (an unhandled exception ends the run silently); last test: "
                    + (last ?? "(none)");
            }

            if (problem != null)
            {
                Crash = Crash == null ? problem : Crash + Environment.NewLine + problem;
            }
        }

        /// <summary>"Namespace.Class.Method" of a launcher line "Test passed,Namespace.Class.Method.Index,…", or null.</summary>
        private static string MethodOf(string line)
        {
            if (!line.StartsWith("Test passed,", StringComparison.Ordinal) && !line.StartsWith("Test failed,", StringComparison.Ordinal)
                && !line.StartsWith("Test skipped,", StringComparison.Ordinal))
            {
                return null;
            }

            string name = line.Split(',')[1];
            int dot = name.LastIndexOf('.');
            return dot > 0 && name.Substring(dot + 1).All(char.IsDigit) ? name.Substring(0, dot) : name;
        }

        /// <summary>The methods marked [TestMethod] or [DataRow] in the compiled test assembly, read from its metadata.</summary>
        private static IEnumerable<string> DeclaredTestMethods(string testDll)
        {
            using var stream = File.OpenRead(testDll);
            using var pe = new PEReader(stream);
            MetadataReader md = pe.GetMetadataReader();
            var found = new List<string>();
            foreach (TypeDefinitionHandle typeHandle in md.TypeDefinitions)
            {
                TypeDefinition type = md.GetTypeDefinition(typeHandle);
                if (!type.GetCustomAttributes().Any(a => AttributeName(md, a) == "TestClassAttribute"))
                {
                    continue;
                }

                string typeName = md.GetString(type.Namespace) + "." + md.GetString(type.Name);
                foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
                {
                    MethodDefinition method = md.GetMethodDefinition(methodHandle);
                    if (method.GetCustomAttributes().Any(a => AttributeName(md, a) is "TestMethodAttribute" or "DataRowAttribute"))
                    {
                        found.Add(typeName + "." + md.GetString(method.Name));
                    }
                }
            }

            return found.Distinct();
        }

        private static string AttributeName(MetadataReader md, CustomAttributeHandle handle)
        {
            CustomAttribute attribute = md.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                return null;
            }

            EntityHandle parent = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            return parent.Kind == HandleKind.TypeReference ? md.GetString(md.GetTypeReference((TypeReferenceHandle)parent).Name) : null;
        }

        /// <summary>A one-paragraph account of the run for messages.</summary>
        public string Summary()
        {
            var text = new StringBuilder();
            int passed = linesByMethod.Values.SelectMany(l => l).Count(l => l.StartsWith("Test passed", StringComparison.Ordinal));
            int failed = linesByMethod.Values.SelectMany(l => l).Count(l => l.StartsWith("Test failed", StringComparison.Ordinal));
            int skipped = linesByMethod.Values.SelectMany(l => l).Count(l => l.StartsWith("Test skipped", StringComparison.Ordinal));
            text.Append("nanoCLR: ").Append(passed).Append(" passed, ").Append(failed).Append(" failed, ").Append(skipped)
                .Append(" skipped of ").Append(Methods.Count).Append(" test methods in ").Append(Parts).Append(" part(s)");
            return text.ToString();
        }
    }
}
