using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Cloud.Tests.Conformance
{
    /// <summary>
    /// Runs README shell blocks with Debian's AWS CLI v2 (/usr/bin/aws). Each line ending in <c># -> text</c> is a
    /// check: the command's output (stdout and stderr) must be exactly that text (leading blank lines aside); every other command must succeed
    /// (<c>set -euo pipefail</c>).
    /// </summary>
    internal static class AwsCliV2
    {
        /// <summary>Where Debian installs CLI v2 (the pyenv `aws` on PATH may be CLI v1).</summary>
        public const string Path = "/usr/bin/aws";

        private static readonly Regex Check = new Regex(@"^(?<cmd>\S.*?)\s+# -> (?<want>.*)$");
        private static readonly Regex Operation = new Regex(@"(?:^|[\s(])aws (?<service>[a-z0-9-]+) (?<op>[a-z0-9-]+)", RegexOptions.Multiline);

        /// <summary>The directory holding nf-device.sln.</summary>
        public static string RepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "nf-device.sln"))) return dir.FullName;
            throw new InvalidOperationException("nf-device.sln not found above " + AppContext.BaseDirectory);
        }

        /// <summary>The text of the fenced ```sh block that follows <paramref name="heading"/> in <paramref name="markdown"/>.</summary>
        public static string ShellBlockAfter(string markdown, string heading)
        {
            int at = markdown.IndexOf(heading, StringComparison.Ordinal);
            if (at < 0) throw new InvalidOperationException("README has no heading " + heading);
            int start = markdown.IndexOf("```sh\n", at, StringComparison.Ordinal);
            int end = markdown.IndexOf("\n```", start + 6, StringComparison.Ordinal);
            return markdown.Substring(start + 6, end - start - 6) + "\n";
        }

        /// <summary>Distinct "service operation" pairs the blocks run (what the README counts).</summary>
        public static SortedSet<string> Operations(string script)
        {
            var ops = new SortedSet<string>(StringComparer.Ordinal);
            foreach (Match m in Operation.Matches(script)) ops.Add(m.Groups["service"].Value + " " + m.Groups["op"].Value);
            return ops;
        }

        /// <summary>Turns check lines into calls of the script's <c>__expect</c> function; other lines stay as written.</summary>
        public static string WithChecks(string script)
        {
            var sb = new StringBuilder();
            sb.Append(@"set -euo pipefail
aws() { /usr/bin/aws ""$@""; }
__expect() {
  local want=""$1"" cmd got
  cmd=""$(cat)""
  got=""$(eval ""$cmd"" 2>&1)"" || true
  got=""${got#""${got%%[![:space:]]*}""}""   # the CLI starts error messages with an empty line
  if [ ""$got"" != ""$want"" ]; then
    printf 'DIFF: %s\n  expected: %s\n  actual:   %s\n' ""$cmd"" ""$want"" ""$got"" >&2
    exit 1
  fi
  printf 'OK: %s\n' ""$cmd""
}
");
            foreach (string line in script.Split('\n'))
            {
                Match m = Check.Match(line);
                if (!m.Success) { sb.Append(line).Append('\n'); continue; }
                sb.Append("__expect '").Append(m.Groups["want"].Value.Replace("'", "'\\''")).Append("' <<'__CMD'\n")
                  .Append(m.Groups["cmd"].Value).Append("\n__CMD\n");
            }
            return sb.ToString();
        }

        /// <summary>Runs a bash script in <paramref name="directory"/> with the emulator's credentials; returns exit code and output.</summary>
        public static async Task<(int ExitCode, string Output)> RunAsync(string script, string directory, TimeSpan timeout)
        {
            string file = System.IO.Path.Combine(directory, "flow.sh");
            await File.WriteAllTextAsync(file, script);
            var psi = new ProcessStartInfo("bash", file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            // Nothing from the user's own AWS configuration may change what the CLI sends.
            psi.Environment["HOME"] = directory;
            psi.Environment["AWS_CONFIG_FILE"] = System.IO.Path.Combine(directory, "no-config");
            psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = System.IO.Path.Combine(directory, "no-credentials");
            psi.Environment["AWS_PAGER"] = "";
            psi.Environment.Remove("AWS_PROFILE");
            psi.Environment.Remove("AWS_ENDPOINT_URL");
            psi.Environment.Remove("AWS_SESSION_TOKEN");
            using var process = Process.Start(psi);
            var output = new StringBuilder();
            var lines = new object();
            process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (lines) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (lines) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(timeout)) != exited)
            {
                process.Kill(entireProcessTree: true);
                lock (lines) return (-1, output + "\n(timed out after " + timeout + ")");
            }
            await exited;
            lock (lines) return (process.ExitCode, output.ToString());
        }

        /// <summary>
        /// Fails (CI, which installs it with .ci/install-awscli: never a skip there) or is inconclusive (a developer
        /// machine) when the CLI v2 is missing; fails when <see cref="Path"/> is not version 2.
        /// </summary>
        public static void Require()
        {
            string version = Version();
            if (version == null)
            {
                string message = Path + " is missing: install Debian's AWS CLI v2 (apt-get install -y awscli) or run .ci/run";
                if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(message);
                Assert.Inconclusive(message);
            }
            StringAssert.StartsWith(version, "aws-cli/2.", "not AWS CLI v2: " + version);
        }

        /// <summary>`aws --version` of <see cref="Path"/>, or null when it is not installed.</summary>
        public static string Version()
        {
            if (!File.Exists(Path)) return null;
            var psi = new ProcessStartInfo(Path, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.Environment["AWS_CONFIG_FILE"] = "/dev/null";
            using var p = Process.Start(psi);
            string text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return text.Trim();
        }
    }
}
