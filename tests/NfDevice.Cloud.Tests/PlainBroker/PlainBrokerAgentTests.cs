using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.PlainBroker
{
    /// <summary>
    /// The desktop agent end to end against a standard broker, where Jobs replies reach subscribers only (issue 8):
    /// discovery, a job, and the documentNotDelivered path that needs GetPendingJobExecutions' reply.
    /// </summary>
    [TestClass]
    public sealed class PlainBrokerAgentTests
    {
        [TestMethod]
        public async Task Agent_DiscoversAndRunsAJob_WithRepliesDeliveredOnlyToSubscribers()
        {
            await using var rig = await PlainBrokerRig.StartAsync();
            rig.Jobs.CreateJob("diag-1", "{\"operation\":\"diagnostics\"}", "dev-1");
            var device = rig.Device("dev-1");
            device.Start();

            rig.WaitFor(() => rig.Jobs.StatusOf("dev-1", "diag-1") == "SUCCEEDED", "diag-1 SUCCEEDED");
            rig.WaitFor(() => device.Snapshot().Agent.Idle, "the agent idle again");

            // Every reply the service published for dev-1 was delivered because dev-1 subscribed to it.
            var replies = rig.Jobs.Published.Where(p => p.Topic.StartsWith("$aws/things/dev-1/", StringComparison.Ordinal)
                && (p.Topic.EndsWith("/accepted", StringComparison.Ordinal) || p.Topic.EndsWith("/rejected", StringComparison.Ordinal))).Select(p => p.Topic).Distinct().ToList();
            CollectionAssert.Contains(replies, "$aws/things/dev-1/jobs/$next/get/accepted");
            CollectionAssert.Contains(replies, "$aws/things/dev-1/jobs/diag-1/update/accepted");
            var delivered = rig.Broker.ReceivedBy("dev-1");
            foreach (string reply in replies) CollectionAssert.Contains(delivered, reply, "published but never delivered: " + reply);
            Assert.IsNotNull(rig.Jobs.Execution("dev-1", "diag-1").Detail("platform"), "the diagnostics handler's statusDetails arrived");
        }

        [TestMethod]
        public async Task UndeliverableDocument_EndsFailedDocumentNotDelivered_AndTheNextJobRuns()
        {
            await using var rig = await PlainBrokerRig.StartAsync();
            rig.Jobs.ResolveDocument = e => e.JobId == "fw-x" ? (null, "Unable to presign the URL: role may not read the object") : (e.Document, null);
            rig.Jobs.CreateJob("fw-x", "{\"operation\":\"diagnostics\"}", "dev-1");
            rig.Jobs.CreateJob("diag-2", "{\"operation\":\"diagnostics\"}", "dev-1");
            var device = rig.Device("dev-1");
            device.Start();

            rig.WaitFor(() => rig.Jobs.StatusOf("dev-1", "fw-x") == "FAILED", "fw-x FAILED");
            var failed = rig.Jobs.Execution("dev-1", "fw-x");
            Assert.AreEqual("documentNotDelivered", failed.Detail("reason"));
            StringAssert.Contains(failed.Detail("detail"), "role may not read");
            rig.WaitFor(() => rig.Jobs.StatusOf("dev-1", "diag-2") == "SUCCEEDED", "the job behind it SUCCEEDED");
            Assert.IsTrue(rig.Broker.ReceivedBy("dev-1").Contains("$aws/things/dev-1/jobs/get/accepted"), "GetPendingJobExecutions' reply reached the agent");
        }
    
        private static string Nested(int depth) => string.Concat(System.Linq.Enumerable.Repeat("{\"a\":", depth - 1)) + "{}" + new string('}', depth - 1);

        [TestMethod]
        public async Task UnreadableDocuments_AreRejectedWithAReason_AndTheValidJobBehindThemRuns()
        {
            await using var rig = await PlainBrokerRig.StartAsync();
            rig.Jobs.CreateJob("deep-1", Nested(40), "dev-1");
            string cjk = "{\"operation\":\"diagnostics\",\"note\":\"" + new string('\u6f22', 32768 - 40) + "\"}";
            Assert.IsTrue(cjk.Length <= 32768 && System.Text.Encoding.UTF8.GetByteCount(cjk) > 98000);
            rig.Jobs.CreateJob("cjk-1", cjk, "dev-1");
            rig.Jobs.CreateJobUnchecked("array-1", "[\"diagnostics\"]", "dev-1");
            rig.Jobs.CreateJob("diag-9", "{\"operation\":\"diagnostics\"}", "dev-1");
            var device = rig.Device("dev-1");
            device.Start();

            rig.WaitFor(() => rig.Jobs.StatusOf("dev-1", "diag-9") == "SUCCEEDED", "the valid job behind three unreadable ones SUCCEEDED");
            Assert.AreEqual("REJECTED", rig.Jobs.StatusOf("dev-1", "deep-1"));
            Assert.AreEqual("documentUnreadable", rig.Jobs.Execution("dev-1", "deep-1").Detail("reason"));
            StringAssert.Contains(rig.Jobs.Execution("dev-1", "deep-1").Detail("detail"), "deeper than 32");
            Assert.AreEqual("REJECTED", rig.Jobs.StatusOf("dev-1", "cjk-1"));
            Assert.AreEqual("documentUnreadable", rig.Jobs.Execution("dev-1", "cjk-1").Detail("reason"));
            StringAssert.Contains(rig.Jobs.Execution("dev-1", "cjk-1").Detail("detail"), "more than 32768");
            Assert.AreEqual("REJECTED", rig.Jobs.StatusOf("dev-1", "array-1"));
            Assert.AreEqual("invalidDocument", rig.Jobs.Execution("dev-1", "array-1").Detail("reason"));
            foreach (string job in new[] { "deep-1", "cjk-1", "array-1" })
            {
                Assert.AreEqual(1, rig.Jobs.CountRequests("dev-1", "/" + job + "/update"), job + ": one REJECTED update, nothing retried");
            }
        }
    }
}
