using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NfDevice.Cloud.Tests.Support
{
    /// <summary>
    /// The AWS IoT Jobs device API written from ../shared/reference/aws-iot-jobs.md to the letter, independently of
    /// the emulator's Jobs service (a second reading of the same specification keeps both honest). It answers
    /// GetPendingJobExecutions, StartNextPendingJobExecution, DescribeJobExecution and UpdateJobExecution (§2.2-2.5),
    /// publishes notify and notify-next (§2.6) and the rejections of §2.7. It only publishes: whether anyone receives a
    /// reply is the broker's business (<see cref="PlainBroker"/> delivers to subscribers only). Thread-safe.
    /// </summary>
    public sealed partial class PlainJobsResponder
    {
        private static readonly Regex JobIdPattern = new Regex("^[a-zA-Z0-9_-]{1,64}$");          // §1.3 jobId
        private static readonly Regex DetailsKeyPattern = new Regex("^[a-zA-Z0-9:_-]{1,128}$");    // §1.3 statusDetails key
        private static readonly string[] DeviceStatuses = { "IN_PROGRESS", "SUCCEEDED", "FAILED", "REJECTED" }; // §3.1
        private const int MaxDetailValueChars = 1024;   // §1.3
        private const int MaxDetailPairs = 10;          // §1.3 (configurable in the spec; 10 here)
        private const int MaxDocumentChars = 32768;     // §1.3 job document
        private const int MaxPending = 10;              // §2.2 and §2.6: up to 10 pending executions

        private static readonly JsonSerializerOptions Wire = new JsonSerializerOptions
        {
            // AWS sends UTF-8 as is; escaping every non-ASCII character would triple a CJK document.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = 256,
        };

        private static readonly JsonDocumentOptions ReadOptions = new JsonDocumentOptions { MaxDepth = 256 };

        private readonly object _sync = new object();
        private readonly Action<string, byte[]> _publish;
        private readonly List<PlainJobsExecution> _executions = new List<PlainJobsExecution>();
        private long _sequence;

        internal PlainJobsResponder(Action<string, byte[]> publish)
        {
            _publish = publish;
        }

        /// <summary>Epoch seconds for timestamps (integer seconds, §2).</summary>
        public Func<long> Clock { get; set; } = () => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        /// <summary>
        /// Resolves a document's placeholders for one delivery (§4: at every delivery). Returns the JSON text to send,
        /// or null with <c>error</c> set when it cannot be delivered (the request is then rejected InvalidRequest with
        /// that message, as when a presigned URL cannot be minted). Default: the document as created.
        /// </summary>
        public Func<PlainJobsExecution, (string Document, string Error)> ResolveDocument { get; set; } = e => (e.Document, null);

        /// <summary>Sees every reply before it is published; may change it, or return null to drop it (fault injection).</summary>
        public Func<string, JsonObject, JsonObject> ReplyFilter { get; set; }

        /// <summary>(thing, topic, payload text) of every request received, in order.</summary>
        public ConcurrentQueue<(string Thing, string Topic, string Payload)> Requests { get; } = new();

        /// <summary>(topic, payload text) of every reply and event published, in order.</summary>
        public ConcurrentQueue<(string Topic, string Payload)> Published { get; } = new();

        /// <summary>Requests of <paramref name="thing"/> on topics ending with <paramref name="suffix"/>.</summary>
        public int CountRequests(string thing, string suffix) =>
            Requests.Count(r => r.Thing == thing && r.Topic.EndsWith(suffix, StringComparison.Ordinal));

        /// <summary>
        /// CreateJob for <paramref name="things"/>: each gets a QUEUED execution (executionNumber one above its last one
        /// of this job). The document must be a JSON object of at most 32768 characters (§1.3).
        /// </summary>
        public void CreateJob(string jobId, string document, params string[] things)
        {
            if (!JobIdPattern.IsMatch(jobId)) throw new ArgumentException("jobId must be 1-64 characters of [a-zA-Z0-9_-]", nameof(jobId));
            if (document.Length > MaxDocumentChars) throw new ArgumentException("document longer than 32768 characters", nameof(document));
            if (!(JsonNode.Parse(document, null, ReadOptions) is JsonObject)) throw new ArgumentException("document is not a JSON object", nameof(document));
            CreateJobUnchecked(jobId, document, things);
        }

        /// <summary>
        /// As <see cref="CreateJob"/> without the document checks: for documents AWS would not deliver (a jobDocument
        /// that is not an object), to see what a device does with them. Any JSON text is accepted.
        /// </summary>
        public void CreateJobUnchecked(string jobId, string document, params string[] things)
        {
            lock (_sync)
            {
                foreach (string thing in things)
                {
                    var before = Pending(thing);
                    long last = _executions.Where(e => e.ThingName == thing && e.JobId == jobId).Select(e => e.ExecutionNumber).DefaultIfEmpty(0).Max();
                    long now = Clock();
                    _executions.Add(new PlainJobsExecution
                    {
                        JobId = jobId, ThingName = thing, ExecutionNumber = last + 1, QueuedAt = now, LastUpdatedAt = now,
                        Document = document, Sequence = ++_sequence,
                    });
                    Notify(thing, before);
                }
            }
        }

        /// <summary>CancelJobExecution with force: any non-terminal execution becomes CANCELED (§3.2).</summary>
        public void Cancel(string thing, string jobId)
        {
            lock (_sync)
            {
                var e = Latest(thing, jobId) ?? throw new ArgumentException("no execution of " + jobId + " on " + thing);
                if (e.IsTerminal) return;
                var before = Pending(thing);
                e.Status = "CANCELED";
                e.History.Add(e.Status);
                e.VersionNumber++;
                e.LastUpdatedAt = Clock();
                Notify(thing, before);
            }
        }

        /// <summary>The latest execution of <paramref name="jobId"/> on <paramref name="thing"/>, or null.</summary>
        public PlainJobsExecution Execution(string thing, string jobId)
        {
            lock (_sync) return Latest(thing, jobId);
        }

        /// <summary>Status of the latest execution, or null.</summary>
        public string StatusOf(string thing, string jobId) => Execution(thing, jobId)?.Status;

        /// <summary>A request PUBLISHed by <paramref name="thing"/> (the broker checked it is the client's own thing).</summary>
        internal void Handle(string thing, string topic, byte[] payload)
        {
            string prefix = "$aws/things/" + thing + "/jobs/";
            if (!topic.StartsWith(prefix, StringComparison.Ordinal)) return;
            string rest = topic.Substring(prefix.Length);
            // Replies and events are the service's own topics, not requests.
            if (rest == "notify" || rest == "notify-next" || rest.EndsWith("/accepted", StringComparison.Ordinal) || rest.EndsWith("/rejected", StringComparison.Ordinal)) return;

            Requests.Enqueue((thing, topic, Encoding.UTF8.GetString(payload)));
            lock (_sync)
            {
                JsonObject request;
                try
                {
                    // §2.3: an empty payload is accepted as {}; §2.7 InvalidJson: not valid UTF-8 JSON.
                    request = payload.Length == 0 ? new JsonObject() : JsonNode.Parse(payload, null, ReadOptions) as JsonObject;
                }
                catch (JsonException)
                {
                    request = null;
                }
                if (request == null)
                {
                    Reject(topic, null, "InvalidJson", "Payload is not a valid JSON object", null);
                    return;
                }

                JsonNode tokenNode = request["clientToken"];
                string token = tokenNode is JsonValue tv && tv.TryGetValue(out string t) ? t : null;
                if (tokenNode != null && (token == null || token.Length == 0 || token.Length > 64))
                {
                    Reject(topic, null, "InvalidRequest", "clientToken must be a string of 1-64 characters", null);
                    return;
                }

                string[] parts = rest.Split('/');
                if (parts.Length == 1 && parts[0] == "get") GetPending(thing, topic, token);
                else if (parts.Length == 1 && parts[0] == "start-next") StartNext(thing, topic, token, request);
                else if (parts.Length == 2 && parts[1] == "get") Describe(thing, topic, token, parts[0], request);
                else if (parts.Length == 2 && parts[1] == "update") Update(thing, topic, token, parts[0], request);
                else Reject(topic, token, "InvalidTopic", "The topic does not map to a Jobs API", null);
            }
        }
    }
}
