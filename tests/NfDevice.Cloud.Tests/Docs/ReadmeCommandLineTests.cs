using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Cloud.Tests.Docs
{
    /// <summary>
    /// Every `nfcloud` and `nfdevice` command line in the READMEs' code blocks is one the real command trees accept
    /// (including those no test can run here: a 10,000-device demo, a fleet slice), and every option the READMEs'
    /// prose documents for a command exists, shown by its `--help` unless the README calls it hidden.
    /// </summary>
    [TestClass]
    public sealed class ReadmeCommandLineTests
    {
        [TestMethod]
        public void EveryNfcloudAndNfdeviceLineInAReadme_ParsesWithTheRealCommandTree()
        {
            var checkedLines = new List<string>();
            var errors = new List<string>();
            foreach (string readme in ReadmeCommands.Files())
            {
                foreach (string line in ReadmeCommands.FencedLines(ReadmeCommands.Read(readme)))
                {
                    var (program, args) = ReadmeCommands.Classify(line);
                    // The provisioning synopsis (`[--signing-profile P] ...`) is checked against the help below.
                    if (program == null || line.Contains("[--", StringComparison.Ordinal)) continue;
                    RootCommand root = ReadmeCommands.Root(program);
                    ParseResult result = root.Parse(args);
                    checkedLines.Add(readme + ": " + line);
                    if (result.Errors.Count > 0)
                        errors.Add(readme + ": " + line + "\n    " + string.Join("\n    ", result.Errors.Select(e => e.Message)));
                    else if (result.CommandResult.Command == root && !args.Contains("--help"))
                        errors.Add(readme + ": " + line + "\n    names no command");
                }
            }

            Assert.AreEqual(0, errors.Count, "README command lines the CLI refuses:\n" + string.Join("\n", errors));
            // The READMEs hold at least these many such lines today; far fewer means the scan lost them.
            Assert.IsTrue(checkedLines.Count >= 25, "only " + checkedLines.Count + " lines found:\n" + string.Join("\n", checkedLines));
            CollectionAssert.Contains(checkedLines, "src/NfDevice.Desktop/README.md: nfdevice simulate --bundles bundles/ --skip 4000 --count 4000 --until-idle 1   # one slice of a large fleet");
        }

        [TestMethod]
        public void LineParser_JoinsContinuations_AndSplitsAsTheShellDoes()
        {
            string markdown = "text `x`\n```sh\na --b 'c d' \\\n    --e \"f g\"   # comment\nserve --x ./y &\n```\nafter\n";

            var lines = ReadmeCommands.FencedLines(markdown).ToList();

            CollectionAssert.AreEqual(new[] { "a --b 'c d'      --e \"f g\"   # comment", "serve --x ./y &" }, lines);
            CollectionAssert.AreEqual(new[] { "a", "--b", "c d", "--e", "f g" }, ReadmeCommands.Split(lines[0]));
            CollectionAssert.AreEqual(new[] { "serve", "--x", "./y" }, ReadmeCommands.Split(lines[1]));
        }

        [TestMethod]
        public async Task DemoOptions_OfTheQuickStart_AreInDemoHelp()
        {
            string readme = ReadmeCommands.Read("README.md");
            // The options the quick start's prose gives the demo (its two commands come before them).
            string quickStart = Section(readme, "`--devices N`", "## Layout");
            await AssertDocumented("nfcloud", "demo", Options(quickStart), new[] { "--devices", "--job", "--timeout", "--plain", "--keep" });
            // `--job firmware`, `--job diagnostics` and the default (`--job application`, README "Application bundles").
            string help = (await ReadmeCommands.RunAsync("nfcloud", new[] { "demo", "--help" })).Out;
            foreach (Match job in Regex.Matches(readme, "`--job (\\w+)`")) StringAssert.Contains(help, job.Groups[1].Value, "demo --help does not offer " + job.Value);
            var demo = ReadmeCommands.Root("nfcloud").Subcommands.Single(c => c.Name == "demo");
            var jobOption = demo.Options.Single(o => o.Name == "--job");
            Assert.AreEqual("application", demo.Parse(Array.Empty<string>()).GetValue((Option<string>)jobOption), "README: the demo's default job is the application bundle");
        }

        [TestMethod]
        public async Task ServeAndProvisionOptions_OfTheEmulatorReadme_AreInTheirHelp()
        {
            string readme = ReadmeCommands.Read("tests/NfDevice.Cloud/README.md");
            string serveOptions = Section(readme, "Options of `serve`:", "\n\n");
            await AssertDocumented("nfcloud", "serve", Options(serveOptions),
                new[] { "--mqtt-port", "--http-port", "--s3-port", "--data-dir", "--in-memory", "--listen", "--endpoint" });
            string synopsis = ReadmeCommands.FencedLines(readme).Single(l => l.StartsWith("nfcloud provision ", StringComparison.Ordinal));
            await AssertDocumented("nfcloud", "provision", Options(synopsis),
                new[] { "--thing", "--out", "--signing-profile", "--endpoint", "--endpoint-url", "--aws" });
        }

        [TestMethod]
        public async Task SimulateOptions_OfTheDesktopReadme_AreSimulateOptions()
        {
            string readme = ReadmeCommands.Read("src/NfDevice.Desktop/README.md");
            string commands = Section(readme, "## Commands", "## In process");
            var documented = Options(commands.Substring(commands.IndexOf("`--bundles DIR`", StringComparison.Ordinal)));
            await AssertDocumented("nfdevice", "simulate", documented,
                new[] { "--bundles", "--template", "--until-idle", "--duration", "--plain", "--skip", "--count", "--job-kind", "--plan", "--devices-per-process" });
        }

        private static string Section(string text, string from, string to)
        {
            int start = text.IndexOf(from, StringComparison.Ordinal);
            Assert.IsTrue(start >= 0, "no " + from);
            int end = text.IndexOf(to, start + from.Length, StringComparison.Ordinal);
            return end < 0 ? text.Substring(start) : text.Substring(start, end - start);
        }

        private static List<string> Options(string text) =>
            Regex.Matches(text, @"(?<![\w-])--[a-z][a-z0-9-]*").Select(m => m.Value).Where(o => o != "--help").Distinct().ToList();

        /// <summary>Each option the README names exists on the command and, unless hidden, is in its --help.</summary>
        private static async Task AssertDocumented(string program, string command, List<string> documented, string[] atLeast)
        {
            // The scan must find what the README is known to document, so an empty match cannot pass.
            CollectionAssert.IsSubsetOf(atLeast, documented, "the README section's options: " + string.Join(" ", documented));
            Command cmd = ReadmeCommands.Root(program).Subcommands.Single(c => c.Name == command);
            var (code, help, err) = await ReadmeCommands.RunAsync(program, new[] { command, "--help" });
            Assert.AreEqual(0, code, err);
            foreach (string name in documented)
            {
                Option option = cmd.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));
                Assert.IsNotNull(option, program + " " + command + " has no option " + name + ", which the README documents");
                if (!option.Hidden) Assert.IsTrue(Regex.IsMatch(help, "(?<![\\w-])" + Regex.Escape(name) + "(?![\\w-])"), name + " is not in " + command + " --help:\n" + help);
            }
        }
    }
}
