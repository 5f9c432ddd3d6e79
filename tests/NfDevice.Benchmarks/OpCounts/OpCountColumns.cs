using System;
using System.Collections.Generic;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NfDevice.Benchmarks.OpCounts
{
    /// <summary>
    /// Adds the "IL/op" and "calls/op" columns (<see cref="OpCounter"/>) to a benchmark class's summary, beside the
    /// JIT timings. The counts are computed in the host process after the runs, so they are the same with or
    /// without --inProcess and whatever the machine's load.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class OpCountColumnsAttribute : ColumnConfigBaseAttribute
    {
        /// <summary>Both columns.</summary>
        public OpCountColumnsAttribute()
            : base(new OpCountColumn(calls: false), new OpCountColumn(calls: true))
        {
        }
    }

    /// <summary>One of the two counts as a summary column; "-" where the method runs no counted code (a native baseline).</summary>
    public sealed class OpCountColumn : IColumn
    {
        private readonly bool _calls;

        /// <summary>The instructions column, or the calls column when <paramref name="calls"/>.</summary>
        public OpCountColumn(bool calls)
        {
            _calls = calls;
        }

        /// <inheritdoc/>
        public string Id => _calls ? "OpCount.Calls" : "OpCount.IL";

        /// <inheritdoc/>
        public string ColumnName => _calls ? "calls/op" : "IL/op";

        /// <inheritdoc/>
        public bool AlwaysShow => true;

        /// <inheritdoc/>
        public ColumnCategory Category => ColumnCategory.Custom;

        /// <inheritdoc/>
        public int PriorityInCategory => _calls ? 1 : 0;

        /// <inheritdoc/>
        public bool IsNumeric => true;

        /// <inheritdoc/>
        public UnitType UnitType => UnitType.Dimensionless;

        /// <inheritdoc/>
        public string Legend => _calls
            ? "Calls (call, callvirt, newobj) executed per operation in the core or BouncyCastle (instrumented copy)"
            : "IL instructions executed per operation in the core or BouncyCastle (instrumented copy; load-independent)";

        /// <inheritdoc/>
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        /// <inheritdoc/>
        public bool IsAvailable(Summary summary) => true;

        /// <inheritdoc/>
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        /// <inheritdoc/>
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var parameters = new Dictionary<string, object>();
            foreach (var p in benchmarkCase.Parameters.Items)
            {
                parameters[p.Name] = p.Value;
            }

            try
            {
                OpCount count = OpCounter.Measure(benchmarkCase.Descriptor.Type.FullName, benchmarkCase.Descriptor.WorkloadMethod.Name, parameters);
                double value = _calls ? count.Calls : count.Instructions;
                return value == 0 ? "-" : Format(value);
            }
            catch (Exception e)
            {
                Console.WriteLine("// op count failed for " + benchmarkCase.DisplayInfo + ": " + (e.InnerException ?? e).Message);
                return "?";
            }
        }

        /// <summary>3 significant figures with k/M suffixes: 3.98 M, 121 k, 845.</summary>
        public static string Format(double value)
        {
            if (value >= 1e6)
            {
                return (value / 1e6).ToString(value >= 1e8 ? "F0" : value >= 1e7 ? "F1" : "F2", CultureInfo.InvariantCulture) + " M";
            }

            if (value >= 1e4)
            {
                return (value / 1e3).ToString(value >= 1e5 ? "F0" : "F1", CultureInfo.InvariantCulture) + " k";
            }

            return value.ToString("F0", CultureInfo.InvariantCulture);
        }
    }
}
