using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Cloud.Tests.Docs
{
    /// <summary>
    /// The READMEs' filtered `dotnet test` and benchmark commands are not run here (measurements, or the same tests the
    /// whole suite runs), but a filter that matches nothing still "succeeds" and runs nothing. So each must name a
    /// test project or the benchmark project that exists, and its filter a class or method in that project's sources.
    /// </summary>
    [TestClass]
    public sealed class ReadmeFilterTests
    {
        private static readonly Regex TestCommand = new Regex(@"dotnet test (?<project>tests/[\w.]+)(?<rest>[^\n`]*)");
        private static readonly Regex TestFilter = new Regex("--filter \"FullyQualifiedName~(?<name>[\\w.]+)\"");
        private static readonly Regex BenchmarkCommand = new Regex(@"dotnet run -c Release --project tests/NfDevice\.Benchmarks -- (?<rest>[^\n`#]*)");

        /// <summary>Every fenced line and inline code span of every README (inline spans may wrap a line).</summary>
        private static IEnumerable<(string Readme, string Text)> Commands()
        {
            foreach (string readme in ReadmeCommands.Files())
            {
                string text = ReadmeCommands.Read(readme);
                foreach (string line in ReadmeCommands.FencedLines(text)) yield return (readme, line);
                string prose = Regex.Replace(text, "```.*?```", "", RegexOptions.Singleline);
                prose = Regex.Replace(prose, @"\n\s*", " ");
                foreach (Match span in Regex.Matches(prose, "`([^`]+)`")) yield return (readme, span.Groups[1].Value);
            }
        }

        private static string Sources(string project)
        {
            string dir = Path.Combine(ReadmeCommands.RepoRoot, project);
            Assert.IsTrue(Directory.Exists(dir), "no project folder " + project);
            return string.Join("\n", Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
                .Select(File.ReadAllText));
        }

        /// <summary>A class, namespace or method of <paramref name="sources"/> whose name contains <paramref name="name"/>.</summary>
        private static bool Declares(string sources, string name) =>
            Regex.IsMatch(sources, @"\b(class|namespace)\s+[\w.]*" + Regex.Escape(name))
            || Regex.IsMatch(sources, @"\b(void|Task|int|bool|string|object|VerifyResult|[A-Z]\w*)\s+\w*" + Regex.Escape(name) + @"\w*\s*\(");

        [TestMethod]
        public void FilteredTestCommands_NameTestsThatExist()
        {
            var seen = new List<string>();
            foreach (var (readme, text) in Commands())
            {
                foreach (Match command in TestCommand.Matches(text))
                {
                    Match filter = TestFilter.Match(command.Groups["rest"].Value);
                    if (!filter.Success) continue;
                    string project = command.Groups["project"].Value, name = filter.Groups["name"].Value;
                    Assert.IsTrue(Declares(Sources(project), name), readme + ": `" + command.Value + "` names no test of " + project);
                    seen.Add(name);
                }
            }
            // README.md and the emulator README hold at least these; fewer means the scan lost them.
            CollectionAssert.IsSubsetOf(new[] { "NfprojConsistency", "BannedSymbols", "NanoClr", "NanoClrFigures", "ResidentHeapTests" }, seen, string.Join(", ", seen));
        }

        [TestMethod]
        public void BenchmarkCommands_NameBenchmarksThatExist()
        {
            string sources = Sources("tests/NfDevice.Benchmarks");
            string program = File.ReadAllText(Path.Combine(ReadmeCommands.RepoRoot, "tests", "NfDevice.Benchmarks", "Program.cs"));
            var seen = new List<string>();
            foreach (var (readme, text) in Commands())
            {
                foreach (Match command in BenchmarkCommand.Matches(text))
                {
                    List<string> words = ReadmeCommands.Split(command.Groups["rest"].Value);
                    if (words[0] == "--opcounts" || words[0] == "--opcounts-profile")
                    {
                        StringAssert.Contains(program, "\"" + words[0] + "\"", readme + ": the benchmark program has no " + words[0]);
                        if (words[0] == "--opcounts-profile")
                        {
                            string type = words[1].Substring(words[1].LastIndexOf('.') + 1);
                            Assert.IsTrue(Regex.IsMatch(sources, @"class\s+" + type + @"\b") && Regex.IsMatch(sources, @"\s" + words[2] + @"\(\)"), readme + ": " + command.Value);
                        }
                        seen.Add(words[0]);
                        continue;
                    }
                    Assert.AreEqual("--filter", words[0], readme + ": " + command.Value);
                    foreach (string pattern in words.Skip(1).TakeWhile(w => !w.StartsWith("--", StringComparison.Ordinal)))
                    {
                        string name = pattern.Trim('*').TrimStart('.');
                        Assert.IsTrue(Declares(sources, name), readme + ": `" + command.Value + "`: no benchmark matches " + pattern);
                        seen.Add(name);
                    }
                }
            }
            CollectionAssert.IsSubsetOf(new[] { "--opcounts", "--opcounts-profile", "CryptoBenchmarks", "FleetTenThousandBenchmarks", "EmulatorStartupBenchmarks", "UpdateS3" }, seen, string.Join(", ", seen));
        }
    }
}
