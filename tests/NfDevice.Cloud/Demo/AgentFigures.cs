using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace NfDevice.Cloud.Demo
{
    /// <summary>
    /// One agents process's figures, read from its `process: peak T threads, D file descriptors, M MB working set; CPU C s
    /// in E s ...` line (<c>NfDevice.Desktop.Hosting.ProcessPeaks.Summary</c> writes it).
    /// </summary>
    public sealed class AgentFigures
    {
        private static readonly Regex Line = new Regex(@"peak ([\d,]+) threads, (-?[\d,]+) file descriptors, ([\d,]+) MB working set; CPU ([\d.]+) s", RegexOptions.CultureInvariant);

        /// <summary>Peak threads.</summary>
        public int Threads { get; init; }
        /// <summary>Peak open descriptors (-1 where unknown).</summary>
        public int Descriptors { get; init; }
        /// <summary>Peak working set, MB.</summary>
        public long WorkingSetMb { get; init; }
        /// <summary>CPU time of the process (user + kernel), seconds.</summary>
        public double CpuSeconds { get; init; }

        /// <summary>The figures of a process line, or null if <paramref name="line"/> is null or not one.</summary>
        public static AgentFigures Parse(string line)
        {
            Match m = line == null ? Match.Empty : Line.Match(line);
            if (!m.Success) return null;
            static long N(Group g) => long.Parse(g.Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return new AgentFigures
            {
                Threads = (int)N(m.Groups[1]),
                Descriptors = (int)N(m.Groups[2]),
                WorkingSetMb = N(m.Groups[3]),
                CpuSeconds = double.Parse(m.Groups[4].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture),
            };
        }

        /// <summary>
        /// The sum over processes, in one line: "peaks summed over 3 processes: 250 threads, 9,000 file descriptors, 3,000 MB
        /// working set; CPU 480.0 s (48.0 ms per device)" (each process's own peak, added: an upper bound of the fleet's peak).
        /// </summary>
        public static string Total(IReadOnlyList<AgentFigures> all, int devices)
        {
            var known = all.Where(f => f != null).ToList();
            double cpu = known.Sum(f => f.CpuSeconds);
            string missing = known.Count < all.Count ? "; " + (all.Count - known.Count).ToString(CultureInfo.InvariantCulture) + " process(es) reported nothing" : "";
            return string.Format(CultureInfo.InvariantCulture,
                "peaks summed over {0} processes: {1:N0} threads, {2:N0} file descriptors, {3:N0} MB working set; CPU {4:0.0} s ({5:0.0} ms per device){6}",
                all.Count, known.Sum(f => f.Threads), known.Sum(f => Math.Max(0, f.Descriptors)), known.Sum(f => f.WorkingSetMb), cpu, devices > 0 ? cpu * 1000 / devices : 0, missing);
        }
    }
}
