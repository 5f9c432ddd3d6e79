using System;
using System.Collections;
using System.Reflection;
using System.Threading;
using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>
    /// Loads an application bundle into nanoCLR 1.x with <c>Assembly.Load(byte[])</c> (facts in
    /// ../shared/reference/nanoclr-assembly-load.md): the array is kept by the runtime as the loaded assembly, so the
    /// core reads each one into its own array and never reuses it; a bad image throws ArgumentException, a missing
    /// reference a plain Exception; there is no unload, so a new version needs a restart. The entry type's static
    /// methods run on their own thread, bounded; a call that overruns is aborted and counts as failed.
    /// </summary>
    public sealed class NanoAssemblyHost : IApplicationHost
    {
        /// <summary>Pause after a file read before Assembly.Load (nanoFramework Home#968; the AzureEdgeOta sample sleeps 20 ms).</summary>
        public const int LoadDelayMs = 20;

        private readonly ArrayList _loaded = new ArrayList();
        private readonly string _dataFolder;
        private readonly ILog _log;

        /// <summary>Hands <paramref name="dataFolder"/> to an entry type with Start(string).</summary>
        public NanoAssemblyHost(string dataFolder, ILog log)
        {
            _dataFolder = dataFolder;
            _log = log;
        }

        /// <inheritdoc />
        public string Load(string name, byte[] assembly)
        {
            Thread.Sleep(LoadDelayMs);
            try
            {
                Assembly loaded = Assembly.Load(assembly);
                _loaded.Add(loaded);
                return null;
            }
            catch (ArgumentException)
            {
                return "not a valid nanoFramework 1.x assembly (marker or CRC)";
            }
            catch (Exception ex)
            {
                // A reference missing from the agent's deployment, or a static constructor over nanoCLR's 40 ms (Home#1330).
                return "Assembly.Load failed: " + ex.Message;
            }
        }

        /// <inheritdoc />
        public string Start(string entryType, int timeoutMilliseconds)
        {
            Type type = FindType(entryType);
            if (type == null)
            {
                return "entry type " + entryType + " not found";
            }

            MethodInfo withFolder = type.GetMethod("Start", new Type[] { typeof(string) });
            MethodInfo plain = type.GetMethod("Start", new Type[0]);
            if (withFolder == null && plain == null)
            {
                return entryType + " has no public static Start()";
            }

            BoundedCall call = withFolder != null
                ? new BoundedCall(withFolder, new object[] { _dataFolder })
                : new BoundedCall(plain, null);
            return call.Run("Start", timeoutMilliseconds);
        }

        /// <inheritdoc />
        public string SelfTest(string entryType, int timeoutMilliseconds)
        {
            Type type = FindType(entryType);
            if (type == null)
            {
                return "entry type " + entryType + " not loaded";
            }

            MethodInfo method = type.GetMethod("SelfTest", new Type[0]);
            if (method == null)
            {
                return null;
            }

            BoundedCall call = new BoundedCall(method, null);
            string problem = call.Run("SelfTest", timeoutMilliseconds);
            if (problem != null)
            {
                return problem;
            }

            return call.Result is bool && (bool)call.Result ? null : "SelfTest returned false";
        }

        /// <inheritdoc />
        public string Stop(string entryType, int timeoutMilliseconds)
        {
            Type type = FindType(entryType);
            MethodInfo method = type == null ? null : type.GetMethod("Stop", new Type[0]);
            return method == null ? null : new BoundedCall(method, null).Run("Stop", timeoutMilliseconds);
        }

        private Type FindType(string entryType)
        {
            for (int i = 0; i < _loaded.Count; i++)
            {
                Type type = ((Assembly)_loaded[i]).GetType(entryType);
                if (type != null)
                {
                    return type;
                }
            }

            return null;
        }

        /// <summary>One static call on its own thread; exceptions arrive unwrapped on nanoCLR (no TargetInvocationException).</summary>
        private sealed class BoundedCall
        {
            private readonly MethodInfo _method;
            private readonly object[] _arguments;
            private Exception _thrown;

            public BoundedCall(MethodInfo method, object[] arguments)
            {
                _method = method;
                _arguments = arguments;
            }

            public object Result;

            public string Run(string what, int timeoutMilliseconds)
            {
                Thread thread = new Thread(Body);
                thread.Start();
                if (!thread.Join(timeoutMilliseconds))
                {
                    thread.Abort();
                    return what + " did not return within " + timeoutMilliseconds.ToString() + " ms";
                }

                return _thrown == null ? null : what + " threw " + _thrown.GetType().Name + ": " + _thrown.Message;
            }

            private void Body()
            {
                try
                {
                    Result = _method.Invoke(null, _arguments);
                }
                catch (Exception ex)
                {
                    _thrown = ex;
                }
            }
        }
    }
}
