using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.WebConsole
{
    /// <summary>One execution as the job detail page and its live feed show it.</summary>
    public sealed class ExecutionView
    {
        /// <summary>Thing name.</summary>
        public string Thing { get; init; }
        /// <summary>executionNumber.</summary>
        public long Number { get; init; }
        /// <summary>Execution status.</summary>
        public string Status { get; init; }
        /// <summary>0..100, or null when the device reported no byte count.</summary>
        public int? Percent { get; init; }
        /// <summary>"bytes done of total", or the device's step, for the bar's label.</summary>
        public string Progress { get; init; }
        /// <summary>Why it failed or was rejected (statusDetails reason and detail), else null.</summary>
        public string Reason { get; init; }
        /// <summary>Last update, epoch seconds.</summary>
        public long LastUpdatedAt { get; init; }
        /// <summary>Every statusDetails pair, for the expanded row.</summary>
        public IReadOnlyDictionary<string, string> Details { get; init; }

        /// <summary>The latest execution of every thing of <paramref name="jobId"/>, by thing name.</summary>
        public static List<ExecutionView> ForJob(Emulator em, string jobId) =>
            Latest(em.Snapshot().Where(e => e.JobId == jobId)).OrderBy(e => e.ThingName, StringComparer.Ordinal).Select(From).ToList();

        /// <summary>The latest execution per (job, thing) of the snapshots.</summary>
        public static IEnumerable<ExecutionSnapshot> Latest(IEnumerable<ExecutionSnapshot> executions) =>
            executions.GroupBy(e => (e.JobId, e.ThingName)).Select(g => g.OrderBy(e => e.ExecutionNumber).Last());

        /// <summary>Reads progress and failure reason from the statusDetails the agent reports (bytes "done/total", step, reason, detail).</summary>
        public static ExecutionView From(ExecutionSnapshot e)
        {
            var d = e.StatusDetails ?? new Dictionary<string, string>();
            int? percent = null;
            string progress = d.TryGetValue("step", out string step) ? step : null;
            if (d.TryGetValue("bytes", out string bytes) && TryParseBytes(bytes, out long done, out long total))
            {
                percent = total == 0 ? 100 : (int)Math.Min(100, done * 100 / total);
                progress = FormatBytes(done) + " of " + FormatBytes(total) + (step == null ? "" : " · " + step);
            }
            if (e.Status == ExecStatus.Succeeded) percent = 100;
            string reason = null;
            if (e.Status is ExecStatus.Failed or ExecStatus.Rejected or ExecStatus.TimedOut or ExecStatus.Canceled)
            {
                d.TryGetValue("reason", out reason);
                if (d.TryGetValue("detail", out string detail)) reason = reason == null ? detail : reason + ": " + detail;
            }
            return new ExecutionView
            {
                Thing = e.ThingName, Number = e.ExecutionNumber, Status = e.Status, Percent = percent, Progress = progress,
                Reason = reason, LastUpdatedAt = e.LastUpdatedAt, Details = d,
            };
        }

        /// <summary>Parses the agent's "done/total" byte count.</summary>
        public static bool TryParseBytes(string value, out long done, out long total)
        {
            done = total = 0;
            int slash = value?.IndexOf('/') ?? -1;
            return slash > 0
                && long.TryParse(value.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out done)
                && long.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out total)
                && done <= total;
        }

        /// <summary>1536 -> "1.5 KB".</summary>
        public static string FormatBytes(long n) =>
            n < 1024 ? n.ToString(CultureInfo.InvariantCulture) + " B"
            : n < 1024 * 1024 ? (n / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB"
            : (n / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
    }
}
