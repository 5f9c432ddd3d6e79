using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace NfDevice.Jobs.Tests.Net.Guard
{
    /// <summary>
    /// Code the nanoFramework-subset checker must reject, compiled into this test assembly so the checker's
    /// tests can prove it is not vacuous. Never called.
    /// </summary>
    internal static class GuardKnownBad
    {
        public static int GenericList()
        {
            var list = new List<int> { 1, 2 };
            return list.Count;
        }

        public static int Linq(int[] values) => values.Where(v => v > 1).Count();

        public static async Task<int> Async()
        {
            await Task.Yield();
            return 1;
        }

        public static T Generic<T>(T value) => value;

        public static string Join(string[] parts) => string.Join(",", parts);

        public static bool WaitOneInt(AutoResetEvent e) => e.WaitOne(10);

        // EventWaitHandle is accepted only as the declaring type of Set/Reset, never as a type in its own right.
        public static EventWaitHandle AsEventWaitHandle(AutoResetEvent e) => e;

        // Compiler-optional attributes are accepted only where the compiler puts them, never constructed in code.
        public static object CompilerAttribute() => new System.Runtime.CompilerServices.CompilerGeneratedAttribute();
    }

    /// <summary>Honest nanoFramework 1.x code; the checker must accept all of it.</summary>
    internal static class GuardKnownGood
    {
        private static readonly object Gate = new object();

        public static string Honest(byte[] bytes, AutoResetEvent signal, Hashtable table)
        {
            var items = new ArrayList();
            items.Add("a");
            table["k"] = items;
            var sb = new StringBuilder();
            lock (Gate)
            {
                foreach (object item in items)
                {
                    sb.Append((string)item);
                }
            }

            signal.Set();
            signal.WaitOne(100, false);
            Interlocked.Increment(ref counter);
            if (bytes.Length == 0)
            {
                throw new ArgumentException("empty");
            }

            return sb.ToString() + Encoding.UTF8.GetString(bytes, 0, bytes.Length);
        }

        private static int counter;
    }
}
