using System.Collections;
using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Tests.Fakes
{
    /// <summary>One execution the fake cloud holds.</summary>
    public sealed class CloudJob
    {
        /// <summary>jobId.</summary>
        public string Id;

        /// <summary>Status name as AWS writes it.</summary>
        public string Status = "QUEUED";

        /// <summary>versionNumber (1 when queued, +1 per accepted update).</summary>
        public long Version = 1;

        /// <summary>Job document JSON.</summary>
        public string Document;

        /// <summary>True for the terminal statuses.</summary>
        public bool IsTerminal
        {
            get { return Status != "QUEUED" && Status != "IN_PROGRESS"; }
        }
    }

    /// <summary>
    /// A small Jobs service for engine tests: answers the device's describe and update requests from
    /// <see cref="FakeMqtt.Published"/> as the reference describes (versionNumber, expectedVersion, terminal
    /// transitions refused with executionState), and sends notify-next when the next execution changes.
    /// </summary>
    public sealed class FakeCloud
    {
        private readonly FakeMqtt _mqtt;
        private int _seen;

        /// <summary>Executions in queue order.</summary>
        public readonly ArrayList Jobs = new ArrayList();

        /// <summary>The next this many requests are rejected with RequestThrottled.</summary>
        public int ThrottleNext;

        /// <summary>Updates that reached a terminal execution (refused).</summary>
        public int UpdatesAfterTerminal;

        /// <summary>A cloud answering through <paramref name="mqtt"/>.</summary>
        public FakeCloud(FakeMqtt mqtt)
        {
            _mqtt = mqtt;
        }

        /// <summary>Queues an execution (notify-next if it becomes the next).</summary>
        public CloudJob Add(string id, string document)
        {
            string before = NextId();
            CloudJob j = new CloudJob();
            j.Id = id;
            j.Document = document;
            Jobs.Add(j);
            NotifyIfChanged(before);
            return j;
        }

        /// <summary>The execution named <paramref name="id"/>, or null.</summary>
        public CloudJob Find(string id)
        {
            for (int i = 0; i < Jobs.Count; i++)
            {
                CloudJob j = (CloudJob)Jobs[i];
                if (j.Id == id)
                {
                    return j;
                }
            }

            return null;
        }

        /// <summary>Ends <paramref name="id"/> on the service side (CANCELED, TIMED_OUT, REMOVED).</summary>
        public void End(string id, string status)
        {
            CloudJob j = Find(id);
            if (j == null || j.IsTerminal)
            {
                return;
            }

            string before = NextId();
            j.Status = status;
            j.Version++;
            NotifyIfChanged(before);
        }

        /// <summary>Sends notify-next again for the current next execution (a duplicate delivery).</summary>
        public void RenotifyNext()
        {
            Notify();
        }

        /// <summary>Answers every request published since the last call. Returns true if there was one.</summary>
        public bool Process()
        {
            bool any = false;
            while (_seen < _mqtt.Count && _mqtt.IsConnected)
            {
                PublishedMessage m = _mqtt.At(_seen++);
                any = true;
                Answer(m);
            }

            return any;
        }

        private void Answer(PublishedMessage m)
        {
            string rest = m.Topic.Substring(_mqtt.JobsPrefix.Length);
            if (ThrottleNext > 0)
            {
                ThrottleNext--;
                _mqtt.Answer(m, "/rejected", "\"code\":\"RequestThrottled\",\"message\":\"slow down\"");
                return;
            }

            int slash = rest.IndexOf('/');
            string id = rest.Substring(0, slash);
            string api = rest.Substring(slash + 1);
            if (id == "$next")
            {
                CloudJob next = Find(NextId());
                _mqtt.Answer(m, "/accepted", next == null ? string.Empty : ExecutionOf(next));
                return;
            }

            CloudJob j = Find(id);
            if (j == null)
            {
                _mqtt.Answer(m, "/rejected", "\"code\":\"ResourceNotFound\",\"message\":\"none\"");
                return;
            }

            if (api == "get")
            {
                _mqtt.Answer(m, "/accepted", ExecutionOf(j));
                return;
            }

            string status;
            long expected;
            JsonReader.FindString(m.Bytes, 0, m.Bytes.Length, "status", out status);
            bool hasExpected = JsonReader.FindInt64(m.Bytes, 0, m.Bytes.Length, "expectedVersion", out expected) == JsonResult.Success;
            if (j.IsTerminal)
            {
                UpdatesAfterTerminal++;
                _mqtt.Answer(m, "/rejected", "\"code\":\"InvalidStateTransition\",\"message\":\"terminal\"," + FakeMqtt.ExecutionState(j.Status, j.Version));
                return;
            }

            if (hasExpected && expected != j.Version)
            {
                _mqtt.Answer(m, "/rejected", "\"code\":\"VersionMismatch\",\"message\":\"version\"," + FakeMqtt.ExecutionState(j.Status, j.Version));
                return;
            }

            string before = NextId();
            j.Status = status;
            j.Version++;
            _mqtt.Answer(m, "/accepted", FakeMqtt.ExecutionState(j.Status, j.Version));
            NotifyIfChanged(before);
        }

        private string NextId()
        {
            for (int i = 0; i < Jobs.Count; i++)
            {
                CloudJob j = (CloudJob)Jobs[i];
                if (j.Status == "IN_PROGRESS")
                {
                    return j.Id;
                }
            }

            for (int i = 0; i < Jobs.Count; i++)
            {
                CloudJob j = (CloudJob)Jobs[i];
                if (j.Status == "QUEUED")
                {
                    return j.Id;
                }
            }

            return null;
        }

        private void NotifyIfChanged(string before)
        {
            if (NextId() != before)
            {
                Notify();
            }
        }

        private void Notify()
        {
            if (!_mqtt.IsConnected)
            {
                return;
            }

            CloudJob next = Find(NextId());
            _mqtt.NotifyNext(next == null ? string.Empty : ExecutionOf(next));
        }

        private static string ExecutionOf(CloudJob j)
        {
            return FakeMqtt.Execution(j.Id, 1, j.Version, j.Status, j.Document);
        }
    }
}
