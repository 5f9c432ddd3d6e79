#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Tests.Protocol
{
    /// <summary>JobsReplies.DecodeIdentity: the execution's identity past a document Decode refused, and nothing more.</summary>
    [TestClass]
    public class ExecutionIdentityTests
    {
        // The shared tests are compiled for nanoCLR in parts; this one does not see the engine tests' helper.
        private static string Nested(int depth)
        {
            System.Text.StringBuilder sb = new System.Text.StringBuilder();
            for (int i = 1; i < depth; i++)
            {
                sb.Append("{\"a\":");
            }

            sb.Append("{}");
            for (int i = 1; i < depth; i++)
            {
                sb.Append('}');
            }

            return sb.ToString();
        }

        private static byte[] Reply(string jobIdJson, string document)
        {
            return System.Text.Encoding.UTF8.GetBytes("{\"timestamp\":1,\"clientToken\":\"5:dev-1\",\"execution\":{\"jobId\":" + jobIdJson
                + ",\"status\":\"IN_PROGRESS\",\"versionNumber\":4,\"executionNumber\":3,\"jobDocument\":" + document + "}}");
        }

        private static JobsResult Decode(byte[] p, ExecutionIdentity id)
        {
            return JobsReplies.DecodeIdentity(p, 0, p.Length, id);
        }

        [TestMethod]
        public void DecodeIdentity_ReadsJobIdNumbersAndToken_PastATooDeepDocument()
        {
            ExecutionIdentity id = new ExecutionIdentity();
            byte[] p = Reply("\"fw-7\"", Nested(40));
            Assert.AreEqual(JobsResult.Success, Decode(p, id));
            Assert.AreEqual("fw-7", id.GetJobId());
            Assert.AreEqual(3L, id.ExecutionNumber);
            Assert.AreEqual(4L, id.VersionNumber);
            Assert.IsTrue(id.Status == JobExecutionStatus.InProgress);
            Assert.IsTrue(id.ClientTokenEquals("5:dev-1"));
            Assert.IsTrue(id.Problem == DocumentProblem.TooDeep);
        }

        [TestMethod]
        public void DecodeIdentity_CountsTheEnvelope_InTheDepthLimit()
        {
            ExecutionIdentity id = new ExecutionIdentity();
            Assert.AreEqual(JobsResult.UnexpectedContent, Decode(Reply("\"fw-7\"", Nested(30)), id), "30 + 2 levels fit the decoder");
            Assert.AreEqual(JobsResult.Success, Decode(Reply("\"fw-7\"", Nested(31)), id));
            Assert.IsTrue(id.Problem == DocumentProblem.TooDeep);
        }

        [TestMethod]
        public void DecodeIdentity_NamesADocumentThatIsNotAnObject()
        {
            ExecutionIdentity id = new ExecutionIdentity();
            Assert.AreEqual(JobsResult.Success, Decode(Reply("\"fw-7\"", "[{\"operation\":\"work\"}]"), id));
            Assert.IsTrue(id.Problem == DocumentProblem.NotAnObject);
            Assert.AreEqual(JobsResult.Success, Decode(Reply("\"fw-7\"", "null"), id));
            Assert.IsTrue(id.Problem == DocumentProblem.NotAnObject);
        }

        [TestMethod]
        public void DecodeIdentity_RefusesAnInvalidJobId_OrAFineDocument_OrBrokenStructure()
        {
            ExecutionIdentity id = new ExecutionIdentity();
            Assert.AreEqual(JobsResult.UnexpectedContent, Decode(Reply("\"bad id!\"", Nested(40)), id));
            Assert.AreEqual(JobsResult.UnexpectedContent, Decode(Reply("17", Nested(40)), id));
            Assert.AreEqual(JobsResult.UnexpectedContent, Decode(Reply("\"fw-7\"", "{\"operation\":\"work\"}"), id));
            byte[] cut = Reply("\"fw-7\"", Nested(40));
            Assert.AreNotEqual(JobsResult.Success, JobsReplies.DecodeIdentity(cut, 0, cut.Length / 2, id));
            byte[] notObject = System.Text.Encoding.UTF8.GetBytes("[1]");
            Assert.AreEqual(JobsResult.MalformedPayload, Decode(notObject, id));
        }
    }
}
