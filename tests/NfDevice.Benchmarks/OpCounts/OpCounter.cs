using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace NfDevice.Benchmarks.OpCounts
{
    /// <summary>IL instructions and calls executed by one operation, in the counted assemblies only.</summary>
    public readonly struct OpCount
    {
        /// <summary>IL instructions per operation.</summary>
        public readonly double Instructions;

        /// <summary>Calls (call, callvirt, newobj) per operation.</summary>
        public readonly double Calls;

        /// <summary>Creates a count.</summary>
        public OpCount(double instructions, double calls)
        {
            Instructions = instructions;
            Calls = calls;
        }
    }

    /// <summary>
    /// Runs a benchmark method of this assembly inside <see cref="OpCountContext"/>: a fresh instance of its class,
    /// its [GlobalSetup] methods, warm-up calls (so lazily built tables, such as G's comb or BouncyCastle's
    /// precomputations, are counted as the steady state the benchmark times), then <c>repeat</c> counted calls.
    /// The setup's own work and this harness are not counted; only the invocations of the method are.
    /// </summary>
    public static class OpCounter
    {
        // BouncyCastle builds a point's full-width precomputation only after a few uses (the promotion countdown of
        // its WNafPreCompInfo), so one warm-up call would count a state it leaves; eight reach the steady state.
        private const int WarmUpCalls = 8;

        private static readonly ConcurrentDictionary<string, OpCount> Cache = new ConcurrentDictionary<string, OpCount>();

        /// <summary>Count for <paramref name="typeFullName"/>.<paramref name="method"/>, cached per process.</summary>
        public static OpCount Measure(string typeFullName, string method, IReadOnlyDictionary<string, object> parameters = null, int repeat = 3)
        {
            string key = typeFullName + "." + method + Describe(parameters);
            return Cache.GetOrAdd(key, _ => Run(typeFullName, method, parameters, repeat, warmUp: true));
        }

        /// <summary>Count without caching, on a fresh instance each time (for operations whose count depends on random keys).</summary>
        public static OpCount MeasureFresh(string typeFullName, string method, bool warmUp, int repeat = 1)
        {
            return Run(typeFullName, method, null, repeat, warmUp);
        }

        /// <summary>
        /// Where one call of <paramref name="method"/> (after setup and a warm-up) spends its instructions: the
        /// methods of the counted assemblies with their share, largest first.
        /// </summary>
        public static List<(string Method, long Instructions)> Profile(string typeFullName, string method)
        {
            OpCountContext context = OpCountContext.Instance;
            var before = new Dictionary<string, long[]>();
            foreach (string name in OpCountContext.CountedAssemblies)
            {
                before[name] = context.ReadPerMethod(name, out _);
            }

            s_afterRun = () =>
            {
                var result = new List<(string, long)>();
                foreach (string name in OpCountContext.CountedAssemblies)
                {
                    long[] after = context.ReadPerMethod(name, out string[] names);
                    for (int i = 0; i < after.Length; i++)
                    {
                        if (after[i] != before[name][i])
                        {
                            result.Add((names[i], after[i] - before[name][i]));
                        }
                    }
                }

                result.Sort((a, b) => b.Item2.CompareTo(a.Item2));
                s_profile = result;
            };
            s_beforeRun = () =>
            {
                foreach (string name in OpCountContext.CountedAssemblies)
                {
                    before[name] = context.ReadPerMethod(name, out _);
                }
            };
            try
            {
                Run(typeFullName, method, null, 1, warmUp: true);
                return s_profile;
            }
            finally
            {
                s_afterRun = null;
                s_beforeRun = null;
            }
        }

        private static Action s_beforeRun;
        private static Action s_afterRun;
        private static List<(string, long)> s_profile;

        private static OpCount Run(string typeFullName, string method, IReadOnlyDictionary<string, object> parameters, int repeat, bool warmUp)
        {
            OpCountContext context = OpCountContext.Instance;
            Type type = context.BenchmarkType(typeFullName);
            object instance = Activator.CreateInstance(type);
            if (parameters != null)
            {
                foreach (KeyValuePair<string, object> p in parameters)
                {
                    SetMember(instance, p.Key, p.Value);
                }
            }

            MethodInfo target = type.GetMethod(method, BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)
                ?? throw new ArgumentException(typeFullName + " has no public parameterless method " + method);
            Invoke<GlobalSetupAttribute>(type, instance, method, a => a.Targets);
            try
            {
                for (int w = 0; warmUp && w < WarmUpCalls; w++)
                {
                    Invoke<IterationSetupAttribute>(type, instance, method, a => a.Targets);
                    target.Invoke(instance, null);
                }

                long instructions = 0, calls = 0;
                for (int i = 0; i < repeat; i++)
                {
                    Invoke<IterationSetupAttribute>(type, instance, method, a => a.Targets);
                    s_beforeRun?.Invoke();
                    (long i0, long c0) = ReadAll(context);
                    target.Invoke(instance, null);
                    (long i1, long c1) = ReadAll(context);
                    s_afterRun?.Invoke();
                    instructions += i1 - i0;
                    calls += c1 - c0;
                }

                return new OpCount((double)instructions / repeat, (double)calls / repeat);
            }
            finally
            {
                Invoke<GlobalCleanupAttribute>(type, instance, method, a => a.Targets);
            }
        }

        private static (long, long) ReadAll(OpCountContext context)
        {
            long instructions = 0, calls = 0;
            foreach (string name in OpCountContext.CountedAssemblies)
            {
                (long i, long c) = context.Read(name);
                instructions += i;
                calls += c;
            }

            return (instructions, calls);
        }

        // Runs the instance's methods marked with attribute T whose Targets are empty or name the method.
        private static void Invoke<T>(Type type, object instance, string method, Func<T, string[]> targets)
            where T : Attribute
        {
            foreach (MethodInfo m in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                T attribute = m.GetCustomAttribute<T>();
                if (attribute == null)
                {
                    continue;
                }

                string[] names = targets(attribute);
                if (names == null || names.Length == 0 || Array.IndexOf(names, method) >= 0)
                {
                    m.Invoke(instance, null);
                }
            }
        }

        private static void SetMember(object instance, string name, object value)
        {
            Type type = instance.GetType();
            PropertyInfo property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
            if (property != null)
            {
                property.SetValue(instance, value);
                return;
            }

            FieldInfo field = type.GetField(name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new ArgumentException(type.FullName + " has no parameter member " + name);
            field.SetValue(instance, value);
        }

        private static string Describe(IReadOnlyDictionary<string, object> parameters)
        {
            if (parameters == null || parameters.Count == 0)
            {
                return string.Empty;
            }

            var parts = new List<string>();
            foreach (KeyValuePair<string, object> p in parameters)
            {
                parts.Add(p.Key + "=" + p.Value);
            }

            parts.Sort(StringComparer.Ordinal);
            return "(" + string.Join(",", parts) + ")";
        }
    }
}
