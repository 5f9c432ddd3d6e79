using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace NfDevice.Cloud.Tests.Docs
{
    /// <summary>
    /// The commands the READMEs tell a user to type, read from the READMEs themselves (fenced blocks, `\` continuations
    /// joined), split as a shell would, and run in process with the real command trees of `nfcloud` and `nfdevice`,
    /// so a README line and what the tests run cannot differ.
    /// </summary>
    internal static class ReadmeCommands
    {
        public const string CloudPrefix = "dotnet run --project tests/NfDevice.Cloud -- ";
        public const string DesktopPrefix = "dotnet run --project src/NfDevice.Desktop -- ";

        public static string RepoRoot => Conformance.AwsCliV2.RepoRoot();

        /// <summary>Every README.md of the repository (bin, obj and dot folders left out), relative paths with '/'.</summary>
        public static IReadOnlyList<string> Files()
        {
            string root = RepoRoot;
            return Directory.EnumerateFiles(root, "README.md", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                .Where(f => !f.Split('/').Any(part => part == "bin" || part == "obj" || part.StartsWith('.')))
                .OrderBy(f => f, StringComparer.Ordinal).ToList();
        }

        public static string Read(string readme) => File.ReadAllText(Path.Combine(RepoRoot, readme));

        /// <summary>The lines of every fenced block of <paramref name="markdown"/>, continuation lines joined with a space.</summary>
        public static IEnumerable<string> FencedLines(string markdown)
        {
            bool inBlock = false;
            var pending = new StringBuilder();
            foreach (string raw in markdown.Split('\n'))
            {
                string line = raw.TrimEnd('\r');
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { inBlock = !inBlock; pending.Clear(); continue; }
                if (!inBlock) continue;
                if (line.EndsWith('\\')) { pending.Append(line, 0, line.Length - 1).Append(' '); continue; }
                pending.Append(line);
                yield return pending.ToString().Trim();
                pending.Clear();
            }
        }

        /// <summary>The one fenced line of <paramref name="readme"/> that starts with <paramref name="start"/> (fails if none or several).</summary>
        public static string Line(string readme, string start)
        {
            var found = FencedLines(Read(readme)).Where(l => l.StartsWith(start, StringComparison.Ordinal)).ToList();
            if (found.Count != 1) throw new InvalidOperationException(readme + " has " + found.Count + " fenced lines starting with: " + start);
            return found[0];
        }

        /// <summary>
        /// Splits a command line as bash would for these commands: blanks separate words, quotes group, an unquoted
        /// `#` after a blank starts a comment, a trailing `&amp;` is dropped.
        /// </summary>
        public static List<string> Split(string line)
        {
            var words = new List<string>();
            var word = new StringBuilder();
            bool inWord = false;
            char quote = '\0';
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quote != '\0')
                {
                    if (c == quote) quote = '\0'; else word.Append(c);
                    continue;
                }
                if (c == '\'' || c == '"') { quote = c; inWord = true; continue; }
                if (char.IsWhiteSpace(c))
                {
                    if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
                    continue;
                }
                if (c == '#' && !inWord) break;
                word.Append(c);
                inWord = true;
            }
            if (quote != '\0') throw new FormatException("unterminated quote in: " + line);
            if (inWord) words.Add(word.ToString());
            if (words.Count > 0 && words[^1] == "&") words.RemoveAt(words.Count - 1);
            return words;
        }

        /// <summary>Which program a README line runs (null when neither) and its arguments.</summary>
        public static (string Program, string[] Args) Classify(string line)
        {
            if (line.StartsWith(CloudPrefix, StringComparison.Ordinal)) return ("nfcloud", Split(line.Substring(CloudPrefix.Length)).ToArray());
            if (line.StartsWith(DesktopPrefix, StringComparison.Ordinal)) return ("nfdevice", Split(line.Substring(DesktopPrefix.Length)).ToArray());
            if (line.StartsWith("nfcloud ", StringComparison.Ordinal)) return ("nfcloud", Split(line).Skip(1).ToArray());
            if (line.StartsWith("nfdevice ", StringComparison.Ordinal)) return ("nfdevice", Split(line).Skip(1).ToArray());
            return (null, null);
        }

        public static RootCommand Root(string program) => program == "nfcloud" ? NfDevice.Cloud.Program.BuildRoot() : NfDevice.Desktop.Cli.Program.BuildRoot();

        /// <summary>Replaces each argument equal to a key of <paramref name="paths"/> (a relative path as written) with its value.</summary>
        public static string[] WithPaths(string[] args, IDictionary<string, string> paths) =>
            args.Select(a => paths.TryGetValue(a, out string p) ? p : a).ToArray();

        /// <summary>Runs a command line of <paramref name="program"/> in process; returns exit code, standard output and error.</summary>
        public static async Task<(int Code, string Out, string Err)> RunAsync(string program, string[] args, CancellationToken ct = default, StringWriter output = null)
        {
            output ??= new StringWriter();
            var error = new StringWriter();
            TextWriter oldOut = Console.Out, oldErr = Console.Error;
            TextWriter sharedOut = TextWriter.Synchronized(output), sharedErr = TextWriter.Synchronized(error);
            Console.SetOut(sharedOut);
            Console.SetError(sharedErr);
            try
            {
                int code = await Root(program).Parse(args).InvokeAsync(new InvocationConfiguration { Output = sharedOut, Error = sharedErr }, ct);
                return (code, output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }

        public static string TempDir(string name)
        {
            string dir = Path.Combine(Path.GetTempPath(), "nfdevice-readme-" + name + "-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return dir;
        }
    }
}
