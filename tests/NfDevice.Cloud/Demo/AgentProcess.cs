using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace NfDevice.Cloud.Demo
{
    /// <summary>
    /// The desktop agents as a child process (`dotnet nfdevice.dll simulate --bundles DIR ...`): the emulator never
    /// links the agent core, so the demo talks to it only over MQTT, as a real fleet would. The child's output goes
    /// to a log file, and the child is killed (with its tree) on dispose.
    /// </summary>
    public sealed class AgentProcess : IDisposable
    {
        /// <summary>The AssemblyMetadata key under which the build records where nfdevice.dll is (see NfDevice.Cloud.csproj).</summary>
        public const string DllMetadataKey = "NfDeviceAgentDll";

        private readonly Process _process;
        private readonly StreamWriter _log;
        private readonly Task _pumps;

        private AgentProcess(Process process, StreamWriter log)
        {
            _process = process;
            _log = log;
            _pumps = Task.WhenAll(Pump(process.StandardOutput, false), Pump(process.StandardError, true));
        }

        /// <summary>The child's line with its peak threads, descriptors and CPU (`nfdevice: process: ...`), or null before it printed it.</summary>
        public string ProcessLine { get; private set; }

        /// <summary>The child's last line on standard error (a refusal says why there), or null.</summary>
        public string LastError { get; private set; }

        /// <summary>True once the child has exited.</summary>
        public bool HasExited => _process.HasExited;

        /// <summary>The child's exit code (after <see cref="HasExited"/>).</summary>
        public int ExitCode => _process.ExitCode;

        /// <summary>
        /// The agent to run: the nfdevice.dll recorded at build time (a repository build), else the `nfdevice` command on
        /// PATH (the .NET tool that scripts/install-tools installs beside `nfcloud`). Throws
        /// <see cref="FileNotFoundException"/> with what to do when neither is there.
        /// </summary>
        public static string LocateAgentDll()
        {
            string recorded = typeof(AgentProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == DllMetadataKey)?.Value;
            string full = string.IsNullOrEmpty(recorded) ? null : Path.GetFullPath(recorded);
            if (full != null && File.Exists(full)) return full;
            string tool = FindOnPath(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "nfdevice.exe" : "nfdevice");
            if (tool != null) return tool;
            throw new FileNotFoundException("The desktop agent is not built: " + (full ?? "nfdevice.dll") + " is missing and no `nfdevice` command is on PATH. " +
                "Build it with `dotnet build src/NfDevice.Desktop`, run the demo with `dotnet run --project tests/NfDevice.Cloud -- demo` " +
                "(which builds it first), or install both tools with scripts/install-tools.", full);
        }

        private static string FindOnPath(string name)
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>
        /// Starts `dotnet <paramref name="agentDll"/> simulate --bundles <paramref name="bundles"/> --skip <paramref name="skip"/>
        /// --count <paramref name="devices"/> --job-kind <paramref name="jobKind"/> ...` (one slice of the bundles, in name
        /// order), output to <paramref name="logPath"/>.
        /// </summary>
        public static AgentProcess StartSimulate(string agentDll, string bundles, int skip, int devices, string jobKind, TimeSpan duration, string logDirectory, string logPath)
        {
            // A recorded nfdevice.dll runs under the dotnet host; an installed `nfdevice` tool runs by itself.
            bool isDll = agentDll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
            var args = new List<string>
            {
                "simulate",
                "--bundles", bundles,
                "--skip", skip.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--count", devices.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--job-kind", jobKind,
                "--until-idle", "1",
                "--duration", ((int)Math.Ceiling(duration.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--log-dir", logDirectory,
                "--plain",
            };
            if (isDll) args.Insert(0, agentDll);
            var start = new ProcessStartInfo(isDll ? DotnetHost() : agentDll)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                CreateNoWindow = true,
            };
            foreach (string a in args) start.ArgumentList.Add(a);
            var log = new StreamWriter(logPath) { AutoFlush = true };
            log.WriteLine("$ " + start.FileName + " " + string.Join(" ", args));
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
            }
            catch
            {
                log.Dispose();
                throw;
            }
            return new AgentProcess(process, log);
        }

        /// <summary>
        /// Waits up to <paramref name="timeout"/> for the child to exit by itself, then a moment for its last lines (its
        /// figures) to be read; true if it exited.
        /// </summary>
        public bool WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout)) return false;
            try { _pumps.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
            return true;
        }

        /// <summary>Kills the child and its tree if it still runs, and closes the log.</summary>
        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
            catch (InvalidOperationException) { }
            catch (System.ComponentModel.Win32Exception) { }
            try { _pumps.Wait(2000); } catch (AggregateException) { }
            lock (_log) _log.Dispose();
            _process.Dispose();
        }

        private async Task Pump(StreamReader reader, bool isError)
        {
            string line;
            while ((line = await reader.ReadLineAsync().ConfigureAwait(false)) != null)
            {
                if (isError && line.Length > 0) LastError = line;
                if (line.StartsWith("nfdevice: process:", StringComparison.Ordinal)) ProcessLine = line.Substring("nfdevice: ".Length);
                lock (_log)
                {
                    try { _log.WriteLine(line); } catch (ObjectDisposedException) { return; }
                }
            }
        }

        // The dotnet host that runs this process (the SDK sets DOTNET_HOST_PATH under `dotnet run`), else the one next
        // to the shared runtime, else whatever `dotnet` is on PATH.
        /// <summary>Runs one `nfdevice` command to its end (for example `bundle create`); returns its exit code and output.</summary>
        public static int RunOnce(string agentDll, IEnumerable<string> arguments, out string output)
        {
            bool isDll = agentDll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
            var start = new ProcessStartInfo(isDll ? DotnetHost() : agentDll)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (isDll) start.ArgumentList.Add(agentDll);
            foreach (string a in arguments) start.ArgumentList.Add(a);
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
            Task<string> error = process.StandardError.ReadToEndAsync();
            output = process.StandardOutput.ReadToEnd() + error.GetAwaiter().GetResult();
            process.WaitForExit();
            return process.ExitCode;
        }

        private static string DotnetHost()
        {
            string fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
            string exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
            string runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
            string root = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
            string beside = Path.Combine(root, exe);
            if (File.Exists(beside)) return beside;
            if (Environment.ProcessPath != null && Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") return Environment.ProcessPath;
            return exe;
        }
    }
}
