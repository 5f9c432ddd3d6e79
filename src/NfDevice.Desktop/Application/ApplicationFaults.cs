using System;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
using System.Threading;

namespace NfDevice.Desktop.Application
{
    /// <summary>
    /// What happens when an exception escapes an application's own thread or timer callback. On nanoFramework only that
    /// thread ends: checked on nanoCLR 1.x, a timer whose callback throws keeps firing and the program goes on. On .NET
    /// the same exception would end the process, and with it every device `nfdevice simulate` runs. .NET 10's
    /// <see cref="ExceptionHandling.SetUnhandledExceptionHandler"/> lets the host do what the board does: an exception
    /// whose stack holds a frame of an application bundle is logged against that device and counted, its thread ends
    /// (a timer keeps its schedule), and the agents go on. Every other unhandled exception still ends the process: a bug
    /// of the agent is never hidden.
    /// </summary>
    internal static class ApplicationFaults
    {
        private static int _installed;

        /// <summary>Installs the process-wide handler once. A handler the host program set before is kept (and then wins).</summary>
        public static void Install()
        {
            if (Interlocked.Exchange(ref _installed, 1) != 0) return;
            try
            {
                ExceptionHandling.SetUnhandledExceptionHandler(Handle);
            }
            catch (InvalidOperationException)
            {
                // The program hosting the agents set its own handler: it decides.
            }
        }

        /// <summary>True (handled) when <paramref name="exception"/> came out of an application's code, after reporting it to its host.</summary>
        internal static bool Handle(Exception exception)
        {
            AssemblyLoadContextHost host = OwnerOf(exception);
            if (host == null) return false;
            host.ReportEscaped(exception, Thread.CurrentThread);
            return true;
        }

        /// <summary>The host of the application whose code is on <paramref name="exception"/>'s stack, or null.</summary>
        internal static AssemblyLoadContextHost OwnerOf(Exception exception)
        {
            StackFrame[] frames = new StackTrace(exception, false).GetFrames();
            foreach (StackFrame frame in frames)
            {
                Assembly assembly = frame.GetMethod()?.DeclaringType?.Assembly;
                if (assembly != null && AssemblyLoadContext.GetLoadContext(assembly) is AssemblyLoadContextHost.BundleLoadContext bundle) return bundle.Host;
            }

            return null;
        }
    }
}
