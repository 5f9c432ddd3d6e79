using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NfDevice.Cloud.Store;

namespace NfDevice.Cloud.Jobs
{
    /// <summary>
    /// Write-through persistence for the Jobs service. The service marks the jobs and executions it changed
    /// (<see cref="Touch(JobRecord)"/>, <see cref="Touch(ExecutionRecord)"/>); its MQTT messages are held here
    /// too; <see cref="Commit"/>, called under the service lock before an operation answers, writes the marked rows
    /// in one transaction and only then lets the held messages go. So no device and no control-plane caller ever
    /// sees a state the database does not have: a reply, a notify or an HTTP 200 means the change is durable.
    /// Without a database the messages are held and released the same way (tests exercise one path).
    /// </summary>
    internal sealed class JobsJournal : IJobsOutbox
    {
        internal const string JobKind = "jobs-job", ExecutionKind = "jobs-execution", RolloutKind = "jobs-rollout-pending", SpecKind = "jobs-spec", TemplateKind = "jobs-template";

        private readonly IJobsOutbox _outbox;
        private readonly StateDatabase _db;
        private readonly HashSet<JobRecord> _jobs = new HashSet<JobRecord>();        // header and spec
        private readonly HashSet<JobRecord> _headers = new HashSet<JobRecord>();     // header only
        private readonly HashSet<ExecutionRecord> _executions = new HashSet<ExecutionRecord>();
        private readonly HashSet<JobTemplateRecord> _templates = new HashSet<JobTemplateRecord>();
        private readonly List<(string Kind, string Key)> _deleted = new List<(string, string)>();
        private readonly List<(string ClientId, string Topic, byte[] Payload)> _messages = new List<(string, string, byte[])>();
        private readonly Dictionary<JobRecord, int> _savedRolloutCount = new Dictionary<JobRecord, int>();

        public JobsJournal(IJobsOutbox outbox, StateDatabase db)
        {
            _outbox = outbox;
            _db = db;
        }

        public void SendToClient(string clientId, string topic, byte[] payload) => _messages.Add((clientId, topic, payload));

        public void Publish(string topic, byte[] payload) => _messages.Add((null, topic, payload));

        /// <summary>The job changed, its spec included (control plane, scheduling).</summary>
        public void Touch(JobRecord job) { if (_db != null) _jobs.Add(job); }

        /// <summary>
        /// Only the job's bookkeeping changed (timestamps, counters, rollout window): its spec, which lists every
        /// target (10,000 ARNs for a big fleet), is not written again for each device's update.
        /// </summary>
        public void TouchHeader(JobRecord job) { if (_db != null) _headers.Add(job); }

        public void Touch(ExecutionRecord e)
        {
            if (_db == null) return;
            _executions.Add(e);
            _headers.Add(e.Job);
        }

        public void Touch(JobTemplateRecord template) { if (_db != null) _templates.Add(template); }

        public void Deleted(JobTemplateRecord template)
        {
            if (_db == null) return;
            _templates.Remove(template);
            _deleted.Add((TemplateKind, template.JobTemplateId));
        }

        /// <summary>Reads the job templates back.</summary>
        public List<JobTemplateRecord> LoadTemplates()
        {
            var templates = new List<JobTemplateRecord>();
            if (_db == null) return templates;
            foreach (StoredRow row in _db.Load(TemplateKind)) templates.Add(JsonSerializer.Deserialize<JobTemplateRecord>(row.Body));
            return templates;
        }

        public void Deleted(ExecutionRecord e)
        {
            if (_db == null) return;
            _executions.Remove(e);
            _deleted.Add((ExecutionKind, ExecutionKey(e)));
        }

        public void Deleted(JobRecord job)
        {
            if (_db == null) return;
            _jobs.Remove(job);
            _headers.Remove(job);
            _savedRolloutCount.Remove(job);
            _deleted.Add((JobKind, job.JobId));
            _deleted.Add((SpecKind, job.JobId));
            _deleted.Add((RolloutKind, job.JobId));
        }

        /// <summary>Writes what changed (one transaction), then releases the held messages in order.</summary>
        public void Commit()
        {
            if (_db != null && (_jobs.Count > 0 || _headers.Count > 0 || _executions.Count > 0 || _deleted.Count > 0 || _templates.Count > 0))
            {
                _db.Write(b =>
                {
                    foreach (var (kind, key) in _deleted) b.Delete(kind, key);
                    foreach (JobRecord job in _jobs) b.Put(SpecKind, job.JobId, job.Spec);
                    _headers.UnionWith(_jobs);
                    foreach (JobRecord job in _headers)
                    {
                        b.Put(JobKind, job.JobId, job);
                        // The rollout queue can hold every target of a big job: written only when its length changed.
                        int count = job.RolloutPending.Count;
                        if (!_savedRolloutCount.TryGetValue(job, out int saved) || saved != count)
                        {
                            b.Put(RolloutKind, job.JobId, job.RolloutPending.ToArray());
                            _savedRolloutCount[job] = count;
                        }
                    }
                    foreach (ExecutionRecord e in _executions) b.Put(ExecutionKind, ExecutionKey(e), e);
                    foreach (JobTemplateRecord t in _templates) b.Put(TemplateKind, t.JobTemplateId, t);
                });
            }
            _jobs.Clear();
            _headers.Clear();
            _executions.Clear();
            _templates.Clear();
            _deleted.Clear();
            foreach (var (clientId, topic, payload) in _messages)
            {
                if (clientId != null) _outbox.SendToClient(clientId, topic, payload);
                else _outbox.Publish(topic, payload);
            }
            _messages.Clear();
        }

        /// <summary>Reads every job and execution back (links executions to their jobs, in queue order).</summary>
        public List<JobRecord> Load()
        {
            var jobs = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
            if (_db == null) return new List<JobRecord>();
            var specs = new Dictionary<string, JobSpec>(StringComparer.Ordinal);
            foreach (StoredRow row in _db.Load(SpecKind)) specs[row.Key] = JsonSerializer.Deserialize<JobSpec>(row.Body);
            foreach (StoredRow row in _db.Load(JobKind))
            {
                if (!specs.TryGetValue(row.Key, out JobSpec spec)) continue;
                JobRecord job = JsonSerializer.Deserialize<JobRecord>(row.Body);
                job.Spec = spec;
                jobs[job.JobId] = job;
            }
            foreach (StoredRow row in _db.Load(RolloutKind))
            {
                if (!jobs.TryGetValue(row.Key, out JobRecord job)) continue;
                foreach (string thing in JsonSerializer.Deserialize<string[]>(row.Body)) job.RolloutPending.Enqueue(thing);
                _savedRolloutCount[job] = job.RolloutPending.Count;
            }
            foreach (StoredRow row in _db.Load(ExecutionKind))
            {
                string jobId = row.Key.Substring(0, row.Key.IndexOf('/'));
                if (!jobs.TryGetValue(jobId, out JobRecord job)) continue;
                ExecutionRecord e = JsonSerializer.Deserialize<ExecutionRecord>(row.Body);
                e.Job = job;
                job.Executions.Add(e);
            }
            foreach (JobRecord job in jobs.Values) job.Executions.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            return jobs.Values.OrderBy(j => j.Sequence).ToList();
        }

        // jobId and thing names cannot contain '/', so the key is unambiguous.
        private static string ExecutionKey(ExecutionRecord e) => e.JobId + "/" + e.ThingName + "/" + e.ExecutionNumber;
    }
}
