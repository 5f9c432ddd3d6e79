using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Tests.Store
{
    /// <summary>Temporary data directories and a full dump of the Jobs service's state, for before/after-restart comparisons.</summary>
    internal static class StoreTestSupport
    {
        public static string TempDir()
        {
            string dir = Path.Combine(Path.GetTempPath(), "nfcloud-store-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return dir;
        }

        public static void Delete(string dir)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }

        /// <summary>
        /// Every field of every job and execution (timers, retry counters, rollout state included) as JSON, in a
        /// fixed order: two services with equal dumps answer every request the same way.
        /// </summary>
        public static string Dump(JobsService jobs) => jobs.Read(() =>
        {
            var all = new List<object>();
            foreach (JobRecord job in jobs.ListJobs())
            {
                all.Add(new { job = job, spec = job.Spec, rolloutPending = job.RolloutPending.ToArray() });
                foreach (ExecutionRecord e in job.Executions.OrderBy(x => x.ThingName, StringComparer.Ordinal).ThenBy(x => x.ExecutionNumber))
                    all.Add(new { job.JobId, execution = e });
            }
            return JsonSerializer.Serialize(all);
        });

        /// <summary>An outbox that only records.</summary>
        public sealed class RecordingOutbox : IJobsOutbox
        {
            public Action<string, byte[]> OnMessage { get; set; }
            public List<string> Topics { get; } = new List<string>();
            public void SendToClient(string clientId, string topic, byte[] payload) { Topics.Add(topic); OnMessage?.Invoke(topic, payload); }
            public void Publish(string topic, byte[] payload) { Topics.Add(topic); OnMessage?.Invoke(topic, payload); }
        }
    }
}
