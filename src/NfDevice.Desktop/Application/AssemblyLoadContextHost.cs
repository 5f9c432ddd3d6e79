using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Application
{
    /// <summary>
    /// Runs an application bundle on .NET: its assemblies in one collectible <see cref="AssemblyLoadContext"/> per
    /// boot (references between them resolve inside it, the framework from the default context), the entry type's
    /// static methods called on their own thread with a bound, and the context unloaded after Stop, as a reboot
    /// frees a board's heap. Start may take the application's data folder: <c>Start(string dataFolder)</c>. An exception
    /// that escapes the application's own threads or timers ends that thread only, as on the board (see
    /// <see cref="ApplicationFaults"/>): it is logged and counted in <see cref="EscapedExceptions"/>.
    /// </summary>
    public sealed class AssemblyLoadContextHost : IApplicationHost, IDisposable
    {
        private readonly string _name;
        private readonly string _dataFolder;
        private readonly ILog _log;
        private readonly List<Assembly> _loaded = new List<Assembly>();
        private BundleLoadContext _context;
        private int _escaped;

        internal sealed class BundleLoadContext : AssemblyLoadContext
        {
            private readonly List<Assembly> _loaded;

            public BundleLoadContext(string name, List<Assembly> loaded, AssemblyLoadContextHost host) : base(name, isCollectible: true)
            {
                _loaded = loaded;
                Host = host;
            }

            /// <summary>The host that loaded this context (for <see cref="ApplicationFaults"/>).</summary>
            public AssemblyLoadContextHost Host { get; }

            protected override Assembly Load(AssemblyName name)
            {
                foreach (Assembly a in _loaded)
                {
                    if (AssemblyName.ReferenceMatchesDefinition(name, a.GetName())) return a;
                }

                return null; // the framework, from the default context
            }
        }

        /// <summary>
        /// Creates the host of device <paramref name="name"/>; <paramref name="dataFolder"/> is handed to Start(string);
        /// <paramref name="log"/> (optional) gets a line for each exception that escapes the application's code.
        /// </summary>
        public AssemblyLoadContextHost(string name, string dataFolder, ILog log = null)
        {
            _name = name;
            _dataFolder = dataFolder;
            _log = log;
            ApplicationFaults.Install();
        }

        /// <summary>How many exceptions escaped the application's own threads and timers (each ended only its thread).</summary>
        public int EscapedExceptions => Volatile.Read(ref _escaped);

        /// <summary>The last of them, as logged, or null.</summary>
        public string LastEscaped { get; private set; }

        /// <summary>A weak reference to the last context, to check in tests that it was collected after unload.</summary>
        public WeakReference LastContext { get; private set; }

        /// <inheritdoc />
        public string Load(string name, byte[] assembly)
        {
            try
            {
                if (_context == null)
                {
                    _context = new BundleLoadContext("app " + _name, _loaded, this);
                    LastContext = new WeakReference(_context);
                }

                Assembly loaded = _context.LoadFromStream(new MemoryStream(assembly, writable: false));
                if (loaded.GetName().Name != name) return "the bytes are assembly " + loaded.GetName().Name + ", not " + name;
                _loaded.Add(loaded);
                return null;
            }
            catch (BadImageFormatException e)
            {
                return "bad image: " + e.Message;
            }
            catch (FileLoadException e)
            {
                return e.Message;
            }
        }

        /// <inheritdoc />
        public string Start(string entryType, int timeoutMilliseconds)
        {
            Type type = FindType(entryType);
            if (type == null) return "entry type " + entryType + " not found";
            MethodInfo withFolder = type.GetMethod("Start", BindingFlags.Public | BindingFlags.Static, new[] { typeof(string) });
            MethodInfo plain = type.GetMethod("Start", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes);
            if (withFolder == null && plain == null) return entryType + " has no public static Start()";
            if (withFolder != null) Directory.CreateDirectory(_dataFolder);
            return Call(withFolder ?? plain, withFolder != null ? new object[] { _dataFolder } : null, "Start", timeoutMilliseconds, out _);
        }

        /// <inheritdoc />
        public string SelfTest(string entryType, int timeoutMilliseconds)
        {
            Type type = FindType(entryType);
            if (type == null) return "entry type " + entryType + " not loaded";
            MethodInfo method = type.GetMethod("SelfTest", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes);
            if (method == null) return null; // optional: an application without a self-test passes on starting
            string problem = Call(method, null, "SelfTest", timeoutMilliseconds, out object result);
            if (problem != null) return problem;
            return result is bool passed && passed ? null : "SelfTest returned false";
        }

        /// <inheritdoc />
        public string Stop(string entryType, int timeoutMilliseconds)
        {
            Type type = FindType(entryType);
            MethodInfo method = type?.GetMethod("Stop", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes);
            string problem = method == null ? null : Call(method, null, "Stop", timeoutMilliseconds, out _);
            Unload();
            return problem;
        }

        /// <summary>Unloads the context (without calling Stop): what is left of the application goes at the next GC.</summary>
        public void Dispose() => Unload();

        private void Unload()
        {
            _loaded.Clear();
            _context?.Unload();
            _context = null;
        }

        // Called by ApplicationFaults on the thread the exception escaped from: as on nanoFramework, only that thread ends.
        internal void ReportEscaped(Exception exception, Thread thread)
        {
            string where = thread.IsThreadPoolThread ? "a timer or thread-pool callback" : "thread '" + (thread.Name ?? "unnamed") + "'";
            string line = "application: " + exception.GetType().Name + " escaped the application's code on " + where + ": " + exception.Message +
                "; that thread ended (as on nanoFramework), the application's other threads and timers and the agent go on";
            LastEscaped = line;
            Interlocked.Increment(ref _escaped);
            _log?.Write(LogLevel.Error, line);
        }

        private Type FindType(string entryType)
        {
            foreach (Assembly a in _loaded)
            {
                Type t = a.GetType(entryType, throwOnError: false);
                if (t != null) return t;
            }

            return null;
        }

        // A bounded call on its own thread: an application that hangs costs a background thread, never the agent.
        private static string Call(MethodInfo method, object[] args, string what, int timeoutMilliseconds, out object result)
        {
            object value = null;
            Exception thrown = null;
            var thread = new Thread(() =>
            {
                try
                {
                    value = method.Invoke(null, args);
                }
                catch (TargetInvocationException e)
                {
                    thrown = e.InnerException ?? e;
                }
                catch (Exception e)
                {
                    thrown = e;
                }
            })
            { IsBackground = true, Name = "app " + what };
            thread.Start();
            result = null;
            bool returned;
            using (NfDevice.Desktop.Hosting.EngineScheduler.Blocking()) returned = thread.Join(timeoutMilliseconds);
            if (!returned) return what + " did not return within " + timeoutMilliseconds + " ms";
            if (thrown != null) return what + " threw " + thrown.GetType().Name + ": " + thrown.Message;
            result = value;
            return null;
        }
    }
}
