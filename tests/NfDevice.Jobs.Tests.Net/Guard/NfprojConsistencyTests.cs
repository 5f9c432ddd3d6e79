using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Jobs.Tests.Net.Guard
{
    /// <summary>
    /// The nanoFramework projects list their sources one by one (the nanoFramework test adapter reads them), the
    /// net10.0 twins take the folder by wildcard: these tests keep both in step, and keep packages.config and the
    /// HintPath references in step.
    ///
    /// After adding, moving or removing a shared source, regenerate the linked Compile items with
    ///     NFDEVICE_SYNC_NFPROJ=1 dotnet test tests/NfDevice.Jobs.Tests.Net --filter "FullyQualifiedName~NfprojConsistency"
    /// Without that variable the tests only compare and name every missing or extra file.
    /// </summary>
    [TestClass]
    public sealed class NfprojConsistencyTests
    {
        private static readonly XNamespace Msb = "http://schemas.microsoft.com/developer/msbuild/2003";

        private static bool Sync => Environment.GetEnvironmentVariable("NFDEVICE_SYNC_NFPROJ") == "1";

        [TestMethod]
        public void NanoCoreProject_ListsExactlyTheCoreSources()
        {
            AssertTwinWildcard("src/NfDevice.Jobs.Net/NfDevice.Jobs.Net.csproj", "../NfDevice.Jobs/**/*.cs");
            CheckOrSync("src/NfDevice.Jobs.Nano/NfDevice.Jobs.Nano.nfproj", "src/NfDevice.Jobs", "..\\NfDevice.Jobs\\");
        }

        [TestMethod]
        public void NanoTestProject_ListsExactlyTheSharedTestSources()
        {
            AssertTwinWildcard("tests/NfDevice.Jobs.Tests.Net/NfDevice.Jobs.Tests.Net.csproj", "../NfDevice.Jobs.Tests/**/*.cs");
            CheckOrSync("tests/NfDevice.Jobs.Tests.Nano/NFUnitTest.nfproj", "tests/NfDevice.Jobs.Tests", "..\\NfDevice.Jobs.Tests\\");
        }

        [TestMethod]
        public void EveryNfproj_ListsOnlyFilesThatExist()
        {
            var missing = new List<string>();
            var projects = AllNfprojs();
            Assert.IsTrue(projects.Count >= 2, "expected the nanoFramework projects, found " + projects.Count);
            foreach (string project in projects)
            {
                string dir = Path.GetDirectoryName(project);
                foreach (var item in XDocument.Load(project).Descendants(Msb + "Compile").Concat(XDocument.Load(project).Descendants(Msb + "None")))
                {
                    string include = (string)item.Attribute("Include");
                    string path = Path.GetFullPath(Path.Combine(dir, include.Replace('\\', Path.DirectorySeparatorChar)));
                    if (!File.Exists(path))
                    {
                        missing.Add(Relative(project) + ": " + include);
                    }
                }
            }

            Assert.AreEqual(0, missing.Count, "listed but missing:" + Environment.NewLine + string.Join(Environment.NewLine, missing));
        }

        /// <summary>
        /// Every package of a project's packages.config has a Reference whose HintPath points into the solution-level
        /// packages folder at that package's version, and every such HintPath belongs to a listed package. References
        /// inside a conditional ItemGroup belong to an opt-in build variant (e.g. the ESP32 app's NfDeviceIfu switch)
        /// and are checked to be conditional, not against the default packages.config.
        /// </summary>
        [TestMethod]
        public void EveryPackagesConfig_MatchesTheHintPaths()
        {
            var problems = new List<string>();
            int checkedProjects = 0;
            foreach (string project in AllNfprojs())
            {
                string config = Path.Combine(Path.GetDirectoryName(project), "packages.config");
                if (!File.Exists(config))
                {
                    problems.Add(Relative(project) + ": no packages.config");
                    continue;
                }

                checkedProjects++;
                var packages = XDocument.Load(config).Descendants("package")
                    .ToDictionary(p => (string)p.Attribute("id"), p => (string)p.Attribute("version"), StringComparer.OrdinalIgnoreCase);
                var hintPaths = XDocument.Load(project).Descendants(Msb + "Reference")
                    .Where(r => r.Parent.Attribute("Condition") == null && r.Attribute("Condition") == null)
                    .Select(r => (string)r.Element(Msb + "HintPath"))
                    .ToList();
                var pattern = new Regex(@"^\.\.\\\.\.\\packages\\(?<pkg>[^\\]+)\\lib\\[^\\]+$");
                var referenced = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (string hint in hintPaths)
                {
                    var m = hint == null ? null : pattern.Match(hint);
                    if (m == null || !m.Success)
                    {
                        problems.Add(Relative(project) + ": HintPath not of the form ..\\..\\packages\\<Id>.<Version>\\lib\\<file>: " + hint);
                        continue;
                    }

                    string folder = m.Groups["pkg"].Value;
                    var owner = packages.FirstOrDefault(p => string.Equals(p.Key + "." + p.Value, folder, StringComparison.OrdinalIgnoreCase));
                    if (owner.Key == null)
                    {
                        problems.Add(Relative(project) + ": HintPath into " + folder + " has no matching package id and version in packages.config");
                    }
                    else
                    {
                        referenced.Add(owner.Key);
                    }
                }

                foreach (var package in packages)
                {
                    if (!referenced.Contains(package.Key))
                    {
                        problems.Add(Relative(project) + ": package " + package.Key + " " + package.Value + " has no HintPath reference");
                    }
                }
            }

            Assert.IsTrue(checkedProjects >= 2, "expected packages.config next to the nanoFramework projects");
            Assert.AreEqual(0, problems.Count, string.Join(Environment.NewLine, problems));
        }

        private static List<string> AllNfprojs() =>
            new[] { "src", "tests" }
                .SelectMany(d => Directory.GetFiles(RepoFiles.Combine(d), "*.nfproj", SearchOption.AllDirectories))
                .Where(p => !IsBuildOutput(p))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToList();

        private static bool IsBuildOutput(string path)
        {
            string s = path.Replace('\\', '/');
            return s.Contains("/bin/") || s.Contains("/obj/");
        }

        private static string Relative(string path) => Path.GetRelativePath(RepoFiles.Root, path).Replace('\\', '/');

        private static void AssertTwinWildcard(string csproj, string wildcard)
        {
            var includes = XDocument.Load(RepoFiles.Combine(csproj)).Descendants("Compile")
                .Select(c => (string)c.Attribute("Include")).ToList();
            CollectionAssert.Contains(includes, wildcard, csproj + " no longer compiles " + wildcard + "; update this test and the .nfproj twin");
        }

        private static void CheckOrSync(string nfproj, string sourceFolder, string includePrefix)
        {
            string projectPath = RepoFiles.Combine(nfproj);
            string root = RepoFiles.Combine(sourceFolder);
            var onDisk = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
                .Where(f => !IsBuildOutput(Path.GetRelativePath(root, f).Insert(0, "/")))
                .Select(f => Path.GetRelativePath(root, f).Replace('/', '\\'))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();

            if (Sync)
            {
                WriteSharedSources(projectPath, onDisk, includePrefix);
            }

            // The linked shared sources live in the ItemGroup labelled SharedSources and must match the shared folder
            // exactly; other Compile items are the project's own files, checked below.
            var groups = XDocument.Load(projectPath).Descendants(Msb + "ItemGroup").ToList();
            var items = groups.Where(g => (string)g.Attribute("Label") == "SharedSources").SelectMany(g => g.Elements(Msb + "Compile")).ToList();
            var own = groups.Where(g => (string)g.Attribute("Label") != "SharedSources").SelectMany(g => g.Elements(Msb + "Compile")).ToList();
            var listed = new List<string>();
            var problems = new List<string>();
            foreach (var item in items)
            {
                string include = (string)item.Attribute("Include");
                string link = (string)item.Element(Msb + "Link");
                if (!include.StartsWith(includePrefix, StringComparison.Ordinal))
                {
                    problems.Add("not a linked shared source: " + include);
                    continue;
                }

                string relative = include.Substring(includePrefix.Length);
                listed.Add(relative);
                if (link != relative)
                {
                    problems.Add("Link of " + include + " should be " + relative + " (is " + link + ")");
                }
            }

            // Own items (Properties\AssemblyInfo.cs, the test project's DeviceOnly\ tests) must stay inside the
            // project folder and exist, and every .cs there must be listed: the nanoFramework build and test
            // adapter see only listed files, so an unlisted one would silently never compile or run.
            string projectDir = Path.GetDirectoryName(projectPath);
            var ownListed = new List<string>();
            foreach (var item in own)
            {
                string include = (string)item.Attribute("Include");
                string normalized = include.Replace('/', '\\');
                if (Path.IsPathRooted(include) || normalized.StartsWith("..", StringComparison.Ordinal) || normalized.Contains("\\..\\"))
                {
                    problems.Add("outside the SharedSources item group: " + include);
                    continue;
                }

                ownListed.Add(normalized);
                if (!File.Exists(Path.Combine(projectDir, normalized.Replace('\\', Path.DirectorySeparatorChar))))
                {
                    problems.Add("listed in " + nfproj + " but missing: " + include);
                }
            }

            var ownOnDisk = Directory.GetFiles(projectDir, "*.cs", SearchOption.AllDirectories)
                .Where(f => !IsBuildOutput(Path.GetRelativePath(projectDir, f).Insert(0, "/")))
                .Select(f => Path.GetRelativePath(projectDir, f).Replace('/', '\\'));
            foreach (string file in ownOnDisk.Except(ownListed, StringComparer.Ordinal))
            {
                problems.Add("in the project folder but not listed in " + nfproj + ": " + file);
            }

            foreach (var dup in ownListed.GroupBy(f => f).Where(g => g.Count() > 1))
            {
                problems.Add("listed twice: " + dup.Key);
            }

            foreach (string file in onDisk.Except(listed, StringComparer.Ordinal))
            {
                problems.Add("missing from " + nfproj + ": " + includePrefix + file);
            }

            foreach (string file in listed.Except(onDisk, StringComparer.Ordinal))
            {
                problems.Add("listed in " + nfproj + " but not in " + sourceFolder + ": " + includePrefix + file);
            }

            foreach (var dup in listed.GroupBy(f => f).Where(g => g.Count() > 1))
            {
                problems.Add("listed twice: " + dup.Key);
            }

            Assert.AreEqual(0, problems.Count,
                string.Join(Environment.NewLine, problems) + Environment.NewLine +
                "Regenerate with: NFDEVICE_SYNC_NFPROJ=1 dotnet test tests/NfDevice.Jobs.Tests.Net --filter \"FullyQualifiedName~NfprojConsistency\"");
        }

        /// <summary>Rewrites the body of the ItemGroup labelled SharedSources, leaving the rest of the file as it is.</summary>
        private static void WriteSharedSources(string projectPath, IList<string> files, string includePrefix)
        {
            string text = File.ReadAllText(projectPath);
            const string open = "<ItemGroup Label=\"SharedSources\">";
            int start = text.IndexOf(open, StringComparison.Ordinal);
            Assert.IsTrue(start >= 0, projectPath + " has no <ItemGroup Label=\"SharedSources\">");
            start += open.Length;
            int end = text.IndexOf("</ItemGroup>", start, StringComparison.Ordinal);
            string newline = text.Contains("\r\n") ? "\r\n" : "\n";
            var body = new StringBuilder(newline);
            foreach (string file in files)
            {
                body.Append("    <Compile Include=\"").Append(includePrefix).Append(file).Append("\">").Append(newline)
                    .Append("      <Link>").Append(file).Append("</Link>").Append(newline)
                    .Append("    </Compile>").Append(newline);
            }

            body.Append("  ");
            File.WriteAllText(projectPath, text.Substring(0, start) + body + text.Substring(end));
        }
    }
}
