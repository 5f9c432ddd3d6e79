using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Protocol;
using NfDevice.Jobs.Tests.Engine;

namespace NfDevice.Jobs.Tests.Net.Engine
{
    /// <summary>
    /// Host only (a 98 KB payload does not fit nanoCLR's heap): AWS limits a document to 32,768 characters without
    /// saying bytes or characters, so 32,768 CJK characters (98,304 bytes of UTF-8) can be delivered. The device
    /// cannot hold it, and must end that execution REJECTED instead of dropping the reply forever (issue 8).
    /// </summary>
    [TestClass]
    public sealed class LargeDocumentRejectionTests
    {
        private static string CjkDocument() => "{\"operation\":\"work\",\"note\":\"" + new string('\u6f22', 32768 - 30) + "\"}";

        [TestMethod]
        public void Document32768CjkCharacters_IsRejectedWithItsSize_AndTheNextJobRuns()
        {
            string document = CjkDocument();
            Assert.AreEqual(32768, document.Length);
            var h = new EngineHarness();
            h.Connect();
            UnreadableDocumentTests.AssertRejectedAndQueueMovesOn(h, document, "documentUnreadable", "bytes, more than 32768");
        }

        [TestMethod]
        public void DecodeIdentity_ReadsTheExecution_PastA98KbDocument()
        {
            byte[] payload = System.Text.Encoding.UTF8.GetBytes("{\"clientToken\":\"7:dev-1\",\"timestamp\":1,\"execution\":{\"jobId\":\"big-1\",\"status\":\"QUEUED\",\"versionNumber\":3,\"executionNumber\":2,\"jobDocument\":" + CjkDocument() + "}}");
            Assert.IsTrue(payload.Length > 98000);
            var identity = new ExecutionIdentity();
            Assert.AreEqual(JobsResult.Success, JobsReplies.DecodeIdentity(payload, 0, payload.Length, identity));
            Assert.AreEqual("big-1", identity.GetJobId());
            Assert.AreEqual(2L, identity.ExecutionNumber);
            Assert.AreEqual(3L, identity.VersionNumber);
            Assert.AreEqual(JobExecutionStatus.Queued, identity.Status);
            Assert.IsTrue(identity.ClientTokenEquals("7:dev-1"));
            Assert.AreEqual(DocumentProblem.TooLarge, identity.Problem);
        }
    }
}
