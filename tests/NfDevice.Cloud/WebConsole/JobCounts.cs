using System.Collections.Generic;
using System.Linq;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.WebConsole
{
    /// <summary>Executions counted by status, in the order the AWS console lists them.</summary>
    public static class JobCounts
    {
        /// <summary>Every execution status, in display order.</summary>
        public static readonly string[] Order =
        {
            ExecStatus.Queued, ExecStatus.InProgress, ExecStatus.Succeeded, ExecStatus.Failed, ExecStatus.Rejected,
            ExecStatus.TimedOut, ExecStatus.Canceled, ExecStatus.Removed,
        };

        /// <summary>status -> count, every status present (zeros included).</summary>
        public static Dictionary<string, int> Of(IEnumerable<string> statuses)
        {
            var counts = Order.ToDictionary(s => s, _ => 0);
            foreach (string s in statuses) counts[s] = counts.TryGetValue(s, out int n) ? n + 1 : 1;
            return counts;
        }
    }
}
