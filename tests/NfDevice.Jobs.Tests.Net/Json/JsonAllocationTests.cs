using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Json;
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Tests.Net.Json
{
    /// <summary>
    /// Zero allocation is a behaviour (issue §7): measured with GC.GetAllocatedBytesForCurrentThread over many
    /// calls after a warm-up, so JIT and static initialisation are excluded. No timing is asserted.
    /// </summary>
    [TestClass]
    public class JsonAllocationTests
    {
        private delegate void Body();

        private static long AllocatedBy(Body body, int iterations)
        {
            body();
            body();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < iterations; i++)
            {
                body();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        [TestMethod]
        public void Find_AllocatesNothing_OnA32KBJobDocument()
        {
            byte[] doc = LargeJobDocument.Build(out long expected);
            Assert.IsTrue(doc.Length > 30000 && doc.Length <= JsonLimits.MaxDocumentBytes, "document size " + doc.Length);
            long found = 0;
            long bytes = AllocatedBy(() =>
            {
                JsonScanner.Find(doc, 0, doc.Length, LargeJobDocument.Path, out int off, out int len, out JsonValueType t);
                JsonReader.ReadInt64(doc, off, len, out found);
            }, 2000);
            Assert.AreEqual(expected, found);
            Assert.AreEqual(0L, bytes, "bytes allocated by 2000 lookups");
        }

        [TestMethod]
        public void ValidateIterateAndCompare_AllocateNothing()
        {
            byte[] doc = LargeJobDocument.Build(out _);
            long bytes = AllocatedBy(() =>
            {
                JsonScanner.Validate(doc, 0, doc.Length);
                JsonScanner.Find(doc, 0, doc.Length, "execution.jobDocument.files", out int off, out int len, out JsonValueType t);
                int cursor = off;
                while (JsonScanner.Iterate(doc, off, len, ref cursor, out _, out _, out int vOff, out int vLen, out _) == JsonResult.Success)
                {
                    JsonScanner.Find(doc, vOff, vLen, "tags[1]", out int sOff, out int sLen, out _);
                    JsonReader.StringEquals(doc, sOff, sLen, "b\u00e9");
                }
            }, 50);
            Assert.AreEqual(0L, bytes);
        }

        [TestMethod]
        public void DecodeMatchAndEncode_AllocateNothing()
        {
            byte[] payload = LargeJobDocument.Build(out _);
            var reply = new JobsReply();
            byte[] request = new byte[512];
            var writer = new JsonWriter(request, 0, request.Length);
            var update = new UpdateJobExecutionRequest { Status = JobExecutionStatus.InProgress, ExpectedVersion = 2, ClientToken = "tok-1" };
            var details = new StatusDetails();
            details.Set("step", "download");
            update.StatusDetails = details;
            const string topic = "$aws/things/thing-1/jobs/fleet-update-42/update/accepted";
            long bytes = AllocatedBy(() =>
            {
                JobsTopics.Match(topic, "thing-1", out JobsApi api, out JobsTopicKind kind, out int idOff, out int idLen);
                JobsReplies.Decode(payload, 0, payload.Length, JobsApi.NextJobExecutionChanged, JobsTopicKind.Event, reply);
                reply.Execution.JobIdEquals("fleet-update-42");
                writer.Reset(request, 0, request.Length);
                JobsRequests.UpdateJobExecution(writer, update);
            }, 200);
            Assert.IsTrue(reply.Execution.JobIdEquals("fleet-update-42"));
            Assert.AreEqual(0L, bytes);
        }
    }
}
