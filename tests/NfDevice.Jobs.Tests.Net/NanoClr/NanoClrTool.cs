using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using NfDevice.Jobs.Tests.Net.Guard;

namespace NfDevice.Jobs.Tests.Net.NanoClr
{
    /// <summary>
    /// The real nanoFramework interpreter for Linux x64 that the project's machines carry at
    /// ../shared/tools/nanoclr (relative to the repository root; NFDEVICE_NANOCLR overrides the path). It is a
    /// tool like a compiler: found, never copied into the repository.
    /// </summary>
    internal static class NanoClrTool
    {
        /// <summary>True in CI, where a missing interpreter is a failure instead of an inconclusive result.</summary>
        public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>The <c>nanoclr</c> driver script.</summary>
        public static string Script
        {
            get
            {
                string overridden = Environment.GetEnvironmentVariable("NFDEVICE_NANOCLR");
                if (!string.IsNullOrEmpty(overridden))
                {
                    return Path.GetFullPath(overridden);
                }

                return Path.GetFullPath(Path.Combine(RepoFiles.Root, "..", "shared", "tools", "nanoclr", "nanoclr"));
            }
        }

        /// <summary>The folder of the tool (its pe/ and ref/ folders sit beside the script).</summary>
        public static string Folder => Path.GetDirectoryName(Script);

        /// <summary>Why the interpreter cannot run here, or null when it can.</summary>
        public static string MissingReason()
        {
            if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
            {
                return "the nanoCLR build in ../shared/tools/nanoclr runs on Linux x64 only (this is "
                    + System.Runtime.InteropServices.RuntimeInformation.OSDescription + ", "
                    + System.Runtime.InteropServices.RuntimeInformation.OSArchitecture + ")";
            }

            if (!File.Exists(Script))
            {
                return "the interpreter was not found at " + Script
                    + " (the project's machines carry it in ../shared/tools/nanoclr; set NFDEVICE_NANOCLR to its nanoclr script)";
            }

            if (!File.Exists(Path.Combine(Folder, "pe", "nanoFramework.UnitTestLauncher.pe")))
            {
                return "the interpreter folder " + Folder + " has no pe/nanoFramework.UnitTestLauncher.pe";
            }

            return null;
        }

        /// <summary>Runs the <c>nanoclr</c> script with <paramref name="arguments"/>.</summary>
        public static ProcessOutcome Run(IList<string> arguments, TimeSpan timeout)
        {
            return ProcessOutcome.Run("/bin/bash", Prepend(Script, arguments), timeout);
        }

        private static List<string> Prepend(string first, IList<string> rest)
        {
            var all = new List<string> { first };
            all.AddRange(rest);
            return all;
        }
    }

    /// <summary>Exit code and output of a finished (or killed) child process.</summary>
    internal sealed class ProcessOutcome
    {
        public int ExitCode { get; private set; }

        public bool TimedOut { get; private set; }

        public string StandardOutput { get; private set; }

        public string StandardError { get; private set; }

        public static ProcessOutcome Run(string file, IList<string> arguments, TimeSpan timeout)
        {
            var start = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            bool exited = process.WaitForExit((int)timeout.TotalMilliseconds);
            if (!exited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.WaitForExit(); // drains the asynchronous readers
            return new ProcessOutcome
            {
                ExitCode = exited ? process.ExitCode : -1,
                TimedOut = !exited,
                StandardOutput = stdout.ToString(),
                StandardError = stderr.ToString(),
            };
        }
    }
}
