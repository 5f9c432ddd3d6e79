using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using NfDevice.Desktop.Bundles;

namespace NfDevice.Cloud.Tests.Application
{
    /// <summary>
    /// Real application assemblies for the tests, compiled with the .NET SDK's own C# compiler (csc.dll of the running
    /// SDK) against the framework's reference assemblies: the Heartbeat sample from its sources in samples/Heartbeat
    /// with any version, and a two-assembly test application whose behaviour can be made to fail. Builds are cached
    /// per process; each is a folder that `bundle create` takes.
    /// </summary>
    internal static class TestApps
    {
        /// <summary>How a test application misbehaves.</summary>
        public enum Fault
        {
            None,
            ThrowInStart,
            HangInSelfTest,
            SelfTestFalse,
            /// <summary>Start writes starting.txt, then takes 3 s before it returns (a window to cut the power in).</summary>
            SlowStart,
            /// <summary>
            /// Start starts a thread that throws at once and a 20 ms timer whose callback counts beats in beats.txt (an
            /// overlapping write is skipped) and throws on the second beat: exceptions that escape the application's own code, not the agent's calls.
            /// </summary>
            ThrowInBackground,
        }

        private static readonly ConcurrentDictionary<string, string> Built = new ConcurrentDictionary<string, string>();
        private static readonly string Root = Path.Combine(Path.GetTempPath(), "nfdevice-testapps-" + Environment.ProcessId);

        /// <summary>The repository's root (the folder holding nf-device.sln).</summary>
        public static string RepoRoot
        {
            get
            {
                string dir = AppContext.BaseDirectory;
                while (dir != null && !File.Exists(Path.Combine(dir, "nf-device.sln"))) dir = Path.GetDirectoryName(dir);
                return dir ?? throw new InvalidOperationException("nf-device.sln not found above " + AppContext.BaseDirectory);
            }
        }

        /// <summary>Folder with Sample.Heartbeat.dll built from samples/Heartbeat, reporting <paramref name="version"/>.</summary>
        public static string Heartbeat(string version) => Built.GetOrAdd("heartbeat-" + version, key =>
        {
            string sample = Path.Combine(RepoRoot, "samples", "Heartbeat");
            string dir = Path.Combine(Root, key);
            Directory.CreateDirectory(dir);
            string buildInfo = Path.Combine(dir, "BuildInfo.g.cs");
            File.WriteAllText(buildInfo, "namespace Sample.Heartbeat { internal static class BuildInfo { public const string Version = \"" + version + "\"; } }");
            Compile(Path.Combine(dir, "Sample.Heartbeat.dll"), new[] { Path.Combine(sample, "App.cs"), Path.Combine(sample, "HeartbeatOutput.cs"), buildInfo }, Array.Empty<string>());
            File.Delete(buildInfo);
            return dir;
        });

        /// <summary>
        /// Folder with TestApp.Words.dll (a library) and TestApp.Main.dll (entry <c>TestApp.Main.Entry</c>, which uses the
        /// library, so the two load only in dependency order) reporting <paramref name="version"/> with <paramref name="fault"/>.
        /// </summary>
        public static string TwoAssemblies(string version, Fault fault = Fault.None) => Built.GetOrAdd("two-" + version + "-" + fault, key =>
        {
            string dir = Path.Combine(Root, key);
            Directory.CreateDirectory(dir);
            string lib = Path.Combine(dir, "words.cs");
            File.WriteAllText(lib, "namespace TestApp.Words { public static class Text { public static string Running(string v) { return \"running \" + v; } } }");
            Compile(Path.Combine(dir, "TestApp.Words.dll"), new[] { lib }, Array.Empty<string>());
            string main = Path.Combine(dir, "main.cs");
            File.WriteAllText(main, @"
namespace TestApp.Main
{
    public static class Entry
    {
        private static System.Threading.Timer _timer;
        private static int _beats;

        public static void Start(string folder)
        {
            " + (fault == Fault.ThrowInBackground ? @"
            var thread = new System.Threading.Thread(() => { throw new System.InvalidOperationException(""thrown on the app's thread""); });
            thread.Name = ""app worker"";
            thread.Start();
            _timer = new System.Threading.Timer(_ =>
            {
                int beat = System.Threading.Interlocked.Increment(ref _beats);
                try { System.IO.File.WriteAllText(System.IO.Path.Combine(folder, ""beats.txt""), beat.ToString()); } catch (System.IO.IOException) { }
                if (beat == 2) throw new System.InvalidOperationException(""thrown in the app's timer"");
            }, null, 0, 20);" : "") + @"
            " + (fault == Fault.ThrowInStart ? "throw new System.InvalidOperationException(\"broken on purpose\");" : "") + @"
            " + (fault == Fault.SlowStart ? "System.IO.File.WriteAllText(System.IO.Path.Combine(folder, \"starting.txt\"), \"starting " + version + "\"); System.Threading.Thread.Sleep(3000);" : "") + @"
            System.IO.File.WriteAllText(System.IO.Path.Combine(folder, ""running.txt""), TestApp.Words.Text.Running(""" + version + @"""));
        }

        public static void Stop()
        {
            if (_timer != null) _timer.Dispose();
        }

        public static bool SelfTest()
        {
            " + (fault == Fault.HangInSelfTest ? "System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);" : "") + @"
            return " + (fault == Fault.SelfTestFalse ? "false" : "true") + @";
        }
    }
}");
            Compile(Path.Combine(dir, "TestApp.Main.dll"), new[] { main }, new[] { Path.Combine(dir, "TestApp.Words.dll") });
            File.Delete(lib);
            File.Delete(main);
            return dir;
        });

        /// <summary>
        /// <see cref="TwoAssemblies"/> plus TestApp.Blob.dll, an assembly of about <paramref name="kilobytes"/> KB (a static byte
        /// array), so that a download of the bundle spans many chunks and checkpoints.
        /// </summary>
        public static string WithBlob(string version, int kilobytes) => Built.GetOrAdd("blob-" + version + "-" + kilobytes, key =>
        {
            string dir = Path.Combine(Root, key);
            Directory.CreateDirectory(dir);
            foreach (string file in Directory.GetFiles(TwoAssemblies(version))) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)), true);
            var source = new System.Text.StringBuilder("namespace TestApp.Blob { public static class Data { public static readonly byte[] Bytes = new byte[] {");
            var random = new Random(kilobytes);
            for (int i = 0; i < kilobytes * 1024; i++) source.Append(random.Next(256)).Append(',');
            source.Append("}; } }");
            string blob = Path.Combine(dir, "blob.cs");
            File.WriteAllText(blob, source.ToString());
            Compile(Path.Combine(dir, "TestApp.Blob.dll"), new[] { blob }, Array.Empty<string>());
            File.Delete(blob);
            return dir;
        });

        /// <summary>A bundle of the assemblies in <paramref name="folder"/>, as `nfdevice bundle create` writes it.</summary>
        public static byte[] Bundle(string folder, string entry, string version) =>
            BundleBuilder.Build(BundleBuilder.ReadFolder(folder), entry, version, null);

        private static void Compile(string output, string[] sources, string[] references)
        {
            string runtime = RuntimeEnvironment.GetRuntimeDirectory(); // .../shared/Microsoft.NETCore.App/10.0.x/
            string dotnetRoot = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
            string refPack = Directory.GetDirectories(Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref"))
                .OrderBy(d => Version.TryParse(Path.GetFileName(d), out Version v) ? v : new Version(0, 0)).Last();
            string refs = Path.Combine(refPack, "ref", "net10.0");
            string csc = Directory.GetDirectories(Path.Combine(dotnetRoot, "sdk"))
                .Select(d => Path.Combine(d, "Roslyn", "bincore", "csc.dll")).Where(File.Exists)
                .OrderBy(p => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(p)))), out Version v) ? v : new Version(0, 0)).Last();
            var args = new System.Collections.Generic.List<string> { csc, "-nologo", "-noconfig", "-nostdlib+", "-target:library", "-deterministic", "-langversion:9", "-out:" + output };
            args.AddRange(Directory.GetFiles(refs, "*.dll").Select(r => "-r:" + r));
            args.AddRange(references.Select(r => "-r:" + r));
            args.AddRange(sources);
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in args) info.ArgumentList.Add(a);
            using Process p = Process.Start(info);
            string stdout = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException("csc failed for " + output + ":\n" + stdout);
        }
    }
}
