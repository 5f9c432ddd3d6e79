using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace NfDevice.Benchmarks.OpCounts
{
    /// <summary>
    /// A load context in which the agent core (and BouncyCastle, the peer it is compared with) are the
    /// instrumented copies written by <see cref="IlCounterWeaver"/>, and this benchmark assembly is loaded a second
    /// time so that its benchmark classes bind to them. A benchmark method then runs unchanged and the counters
    /// of the assembly doing the work tell how many IL instructions and calls it executed.
    /// </summary>
    public sealed class OpCountContext : AssemblyLoadContext
    {
        /// <summary>Assemblies whose code is counted: the core (assembly name NfDevice.Jobs) and the managed peer.</summary>
        public static readonly string[] CountedAssemblies = { "NfDevice.Jobs", "BouncyCastle.Cryptography" };

        private static readonly object s_lock = new object();
        private static OpCountContext s_instance;

        private readonly string _baseDirectory;
        private readonly Dictionary<string, string> _instrumented = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        private OpCountContext(string baseDirectory, string workDirectory)
            : base("opcounts", isCollectible: false)
        {
            _baseDirectory = baseDirectory;
            Directory.CreateDirectory(workDirectory);
            foreach (string name in CountedAssemblies)
            {
                string source = Path.Combine(baseDirectory, name + ".dll");
                string target = Path.Combine(workDirectory, name + ".dll");
                IlCounterWeaver.Instrument(source, target);
                _instrumented[name] = target;
            }
        }

        /// <summary>The one context of this process (instrumenting takes a few seconds, so it is done once).</summary>
        public static OpCountContext Instance
        {
            get
            {
                lock (s_lock)
                {
                    if (s_instance == null)
                    {
                        string baseDirectory = AppContext.BaseDirectory;
                        string work = Path.Combine(Path.GetTempPath(), "nfdevice-opcounts-" + Environment.ProcessId);
                        s_instance = new OpCountContext(baseDirectory, work);
                    }

                    return s_instance;
                }
            }
        }

        /// <summary>The benchmark class <paramref name="fullTypeName"/> as loaded in this context.</summary>
        public Type BenchmarkType(string fullTypeName)
        {
            Assembly benchmarks = LoadFromAssemblyName(typeof(OpCountContext).Assembly.GetName());
            return benchmarks.GetType(fullTypeName, throwOnError: true);
        }

        /// <summary>Current (instructions, calls) of one counted assembly.</summary>
        public (long Instructions, long Calls) Read(string assemblyName)
        {
            Type counter = CounterType(assemblyName);
            return ((long)counter.GetField("Instructions").GetValue(null), (long)counter.GetField("Calls").GetValue(null));
        }

        /// <summary>Instructions executed so far per method of one counted assembly, with the methods' names.</summary>
        public long[] ReadPerMethod(string assemblyName, out string[] names)
        {
            names = File.ReadAllLines(IlCounterWeaver.MethodNamesPath(_instrumented[assemblyName]));
            return (long[])((long[])CounterType(assemblyName).GetField("PerMethod").GetValue(null)).Clone();
        }

        private Type CounterType(string assemblyName)
        {
            Assembly a = LoadFromAssemblyName(new AssemblyName(assemblyName));
            return a.GetType(IlCounterWeaver.CounterTypeName, throwOnError: true);
        }

        /// <inheritdoc/>
        protected override Assembly Load(AssemblyName assemblyName)
        {
            if (_instrumented.TryGetValue(assemblyName.Name, out string path))
            {
                return LoadFromAssemblyPath(path);
            }

            // The project's own assemblies are loaded again here so that they bind to the instrumented core;
            // everything else (the framework, BenchmarkDotNet, MQTTnet...) is shared with the default context.
            if (assemblyName.Name.StartsWith("NfDevice.", StringComparison.Ordinal) || assemblyName.Name == "nfdevice" || assemblyName.Name == "nfcloud")
            {
                string own = Path.Combine(_baseDirectory, assemblyName.Name + ".dll");
                if (File.Exists(own))
                {
                    return LoadFromAssemblyPath(own);
                }
            }

            return null;
        }
    }
}
