#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Json;
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Tests.Protocol
{
    /// <summary>Exact bytes of every request (reference §2.2-2.5).</summary>
    [TestClass]
    public class JobsRequestsTests
    {
        // Static: nanoFramework.UnitTestLauncher invokes test methods on an instance whose field initializers have
        // not run (a NullReferenceException on nanoCLR). Every request writes from the start of the buffer.
        private static readonly byte[] SharedBuffer = new byte[2048];

        private string Text(int length)
        {
            return TestSupport.Text(SharedBuffer, 0, length);
        }

        [TestMethod]
        public void GetPendingJobExecutions_WritesClientTokenOrEmptyObject()
        {
            int n;
            ProtocolAssert.Result(JobsResult.Success, JobsRequests.GetPendingJobExecutions(SharedBuffer, 0, SharedBuffer.Length, "client-001", out n), "token");
            Assert.AreEqual("{\"clientToken\":\"client-001\"}", Text(n));
            ProtocolAssert.Result(JobsResult.Success, JobsRequests.GetPendingJobExecutions(SharedBuffer, 0, SharedBuffer.Length, null, out n), "no token");
            Assert.AreEqual("{}", Text(n));
        }

        [TestMethod]
        public void StartNextPendingJobExecution_WritesStatusDetailsStepTimeoutAndToken()
        {
            StatusDetails sd = new StatusDetails();
            sd.Set("step", "starting");
            sd.Set("fw", "1.2.3");
            int n;
            ProtocolAssert.Result(JobsResult.Success, JobsRequests.StartNextPendingJobExecution(SharedBuffer, 0, SharedBuffer.Length, sd, 60, "t-1", out n), "full");
            Assert.AreEqual("{\"statusDetails\":{\"step\":\"starting\",\"fw\":\"1.2.3\"},\"stepTimeoutInMinutes\":60,\"clientToken\":\"t-1\"}", Text(n));
            ProtocolAssert.Result(JobsResult.Success, JobsRequests.StartNextPendingJobExecution(SharedBuffer, 0, SharedBuffer.Length, null, 0, null, out n), "minimal");
            Assert.AreEqual("{}", Text(n));
        }

        [TestMethod]
        public void StartNextPendingJobExecution_RejectsStepTimeoutOutsideRange()
        {
            int n;
            ProtocolAssert.Result(JobsResult.InvalidStepTimeout, JobsRequests.StartNextPendingJobExecution(SharedBuffer, 0, SharedBuffer.Length, null, 10081, null, out n), "10081");
            ProtocolAssert.Result(JobsResult.InvalidStepTimeout, JobsRequests.StartNextPendingJobExecution(SharedBuffer, 0, SharedBuffer.Length, null, -1, null, out n), "-1 is update-only");
            ProtocolAssert.Result(JobsResult.Success, JobsRequests.StartNextPendingJobExecution(SharedBuffer, 0, SharedBuffer.Length, null, 10080, null, out n), "10080");
        }

        [TestMethod]
        public void DescribeJobExecution_WritesExecutionNumberIncludeJobDocumentAndToken()
        {
            int n;
            ProtocolAssert.Result(JobsResult.Success, JobsRequests.DescribeJobExecution(SharedBuffer, 0, SharedBuffer.Length, 1, true, "d-1", out n), "full");
            Assert.AreEqual("{\"executionNumber\":1,\"includeJobDocument\":true,\"clientToken\":\"d-1\"}", Text(n));
            ProtocolAssert.Result(JobsResult.Success, JobsRequests.DescribeJobExecution(SharedBuffer, 0, SharedBuffer.Length, 0, false, null, out n), "latest");
            Assert.AreEqual("{\"includeJobDocument\":false}", Text(n));
            ProtocolAssert.Result(JobsResult.BadParameter, JobsRequests.DescribeJobExecution(SharedBuffer, 0, SharedBuffer.Length, -1, false, null, out n), "negative");
        }

        [TestMethod]
        public void UpdateJobExecution_WritesEveryFieldInReferenceOrder()
        {
            StatusDetails sd = new StatusDetails();
            sd.Set("progress", "50%");
            UpdateJobExecutionRequest u = new UpdateJobExecutionRequest();
            u.Status = JobExecutionStatus.InProgress;
            u.StatusDetails = sd;
            u.ExpectedVersion = 2;
            u.ExecutionNumber = 1;
            u.IncludeJobExecutionState = true;
            u.IncludeJobDocument = true;
            u.StepTimeoutInMinutes = 30;
            u.ClientToken = "u-1";
            int n;
            ProtocolAssert.Result(JobsResult.Success, JobsRequests.UpdateJobExecution(SharedBuffer, 0, SharedBuffer.Length, u, out n), "full");
            Assert.AreEqual(
                "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"progress\":\"50%\"},\"expectedVersion\":2,\"executionNumber\":1," +
                "\"includeJobExecutionState\":true,\"includeJobDocument\":true,\"stepTimeoutInMinutes\":30,\"clientToken\":\"u-1\"}",
                Text(n));
        }

        [TestMethod]
        public void UpdateJobExecution_WritesOnlyStatus_WhenNothingElseIsSet()
        {
            UpdateJobExecutionRequest u = new UpdateJobExecutionRequest();
            u.Status = JobExecutionStatus.Succeeded;
            int n;
            ProtocolAssert.Result(JobsResult.Success, JobsRequests.UpdateJobExecution(SharedBuffer, 0, SharedBuffer.Length, u, out n), "minimal");
            Assert.AreEqual("{\"status\":\"SUCCEEDED\"}", Text(n));
            u.StepTimeoutInMinutes = -1;
            ProtocolAssert.Result(JobsResult.Success, JobsRequests.UpdateJobExecution(SharedBuffer, 0, SharedBuffer.Length, u, out n), "cancel step timer");
            Assert.AreEqual("{\"status\":\"SUCCEEDED\",\"stepTimeoutInMinutes\":-1}", Text(n));
        }

        [TestMethod]
        public void UpdateJobExecution_RejectsStatusesTheDeviceMayNotSet()
        {
            UpdateJobExecutionRequest u = new UpdateJobExecutionRequest();
            int n;
            JobExecutionStatus[] refused =
            {
                JobExecutionStatus.Unknown, JobExecutionStatus.Queued, JobExecutionStatus.TimedOut, JobExecutionStatus.Removed,
                JobExecutionStatus.Canceled,
            };
            for (int i = 0; i < refused.Length; i++)
            {
                u.Status = refused[i];
                ProtocolAssert.Result(JobsResult.InvalidStatus, JobsRequests.UpdateJobExecution(SharedBuffer, 0, SharedBuffer.Length, u, out n), i.ToString());
            }

            ProtocolAssert.Result(JobsResult.BadParameter, JobsRequests.UpdateJobExecution(SharedBuffer, 0, SharedBuffer.Length, null, out n), "null");
        }

        [TestMethod]
        public void Requests_RejectInvalidClientTokens()
        {
            int n;
            ProtocolAssert.Result(JobsResult.InvalidClientToken, JobsRequests.GetPendingJobExecutions(SharedBuffer, 0, SharedBuffer.Length, new string('t', 65), out n), "65 chars");
            ProtocolAssert.Result(JobsResult.InvalidClientToken, JobsRequests.GetPendingJobExecutions(SharedBuffer, 0, SharedBuffer.Length, "", out n), "empty");
            ProtocolAssert.Result(JobsResult.InvalidClientToken, JobsRequests.GetPendingJobExecutions(SharedBuffer, 0, SharedBuffer.Length, "a\nb", out n), "newline");
            ProtocolAssert.Result(JobsResult.Success, JobsRequests.GetPendingJobExecutions(SharedBuffer, 0, SharedBuffer.Length, new string('t', 64), out n), "64 chars");
        }

        [TestMethod]
        public void Requests_ReturnBufferTooSmall_AndWriteNothingPastTheRange()
        {
            UpdateJobExecutionRequest u = new UpdateJobExecutionRequest();
            u.Status = JobExecutionStatus.Failed;
            u.ClientToken = "u-2";
            int n;
            JobsRequests.UpdateJobExecution(SharedBuffer, 0, SharedBuffer.Length, u, out n);
            for (int size = 0; size < n; size++)
            {
                byte[] b = new byte[size + 1];
                b[size] = 0x5A;
                int got;
                ProtocolAssert.Result(JobsResult.BufferTooSmall, JobsRequests.UpdateJobExecution(b, 0, size, u, out got), size.ToString());
                Assert.AreEqual(0, got);
                Assert.AreEqual(0x5A, (int)b[size]);
            }
        }

        [TestMethod]
        public void Requests_WithReusedWriter_MatchByteArrayForm()
        {
            JsonWriter w = new JsonWriter(SharedBuffer, 100, 200);
            ProtocolAssert.Result(JobsResult.Success, JobsRequests.DescribeJobExecution(w, 3, true, "x"), "writer");
            Assert.AreEqual("{\"executionNumber\":3,\"includeJobDocument\":true,\"clientToken\":\"x\"}", TestSupport.Text(SharedBuffer, w.Offset, w.Length));
            w.Reset(SharedBuffer, 100, 200);
            ProtocolAssert.Result(JobsResult.Success, JobsRequests.GetPendingJobExecutions(w, "y"), "reuse");
            Assert.AreEqual("{\"clientToken\":\"y\"}", TestSupport.Text(SharedBuffer, 100, w.Length));
        }

        [TestMethod]
        public void Requests_EscapeStatusDetailsValues()
        {
            StatusDetails sd = new StatusDetails();
            sd.Set("reason", "quote\" backslash\\ caf\u00e9");
            int n;
            JobsRequests.StartNextPendingJobExecution(SharedBuffer, 0, SharedBuffer.Length, sd, 0, null, out n);
            Assert.AreEqual("{\"statusDetails\":{\"reason\":\"quote\\\" backslash\\\\ caf\u00e9\"}}", Text(n));
        }
    }
}
