#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Tests.Protocol
{
    /// <summary>Name tables indexed by enum: the order is pinned here.</summary>
    [TestClass]
    public class JobsNamesTests
    {
        [TestMethod]
        public void StatusNames_FollowEnumOrder()
        {
            string[] expected = { null, "QUEUED", "IN_PROGRESS", "SUCCEEDED", "FAILED", "TIMED_OUT", "REJECTED", "REMOVED", "CANCELED" };
            expected[0] = null; // nanoCLR: an element the initializer leaves null is not null (Home#1545)
            Assert.AreEqual(JobsNames.StatusCount, expected.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], JobsNames.StatusName((JobExecutionStatus)i), i.ToString());
                if (expected[i] != null)
                {
                    Assert.AreEqual(i, (int)JobsNames.ParseStatus(expected[i]));
                    byte[] token = TestSupport.Utf8("\"" + expected[i] + "\"");
                    Assert.AreEqual(i, (int)JobsNames.ParseStatus(token, 0, token.Length));
                }
            }

            Assert.AreEqual(3, (int)JobExecutionStatus.Succeeded);
            Assert.AreEqual(8, (int)JobExecutionStatus.Canceled);
            Assert.IsNull(JobsNames.StatusName((JobExecutionStatus)9));
        }

        [TestMethod]
        public void ErrorCodeNames_FollowEnumOrder()
        {
            string[] expected =
            {
                null, "InvalidTopic", "InvalidJson", "InvalidRequest", "InvalidStateTransition", "ResourceNotFound",
                "VersionMismatch", "InternalError", "RequestThrottled", "TerminalStateReached",
            };
            expected[0] = null; // nanoCLR: an element the initializer leaves null is not null (Home#1545)
            Assert.AreEqual(JobsNames.ErrorCodeCount, expected.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], JobsNames.ErrorCodeName((JobsErrorCode)i), i.ToString());
                if (expected[i] != null)
                {
                    Assert.AreEqual(i, (int)JobsNames.ParseErrorCode(expected[i]));
                }
            }

            Assert.IsNull(JobsNames.ErrorCodeName((JobsErrorCode)10));
        }

        [TestMethod]
        public void Parse_ReturnsUnknown_ForOtherSpellings()
        {
            Assert.AreEqual(0, (int)JobsNames.ParseStatus("in_progress"));
            Assert.AreEqual(0, (int)JobsNames.ParseStatus("COMPLETED"));
            Assert.AreEqual(0, (int)JobsNames.ParseStatus((string)null));
            Assert.AreEqual(0, (int)JobsNames.ParseErrorCode("invalidjson"));
        }

        [TestMethod]
        public void ApiSegments_FollowEnumOrder()
        {
            string[] expected = { null, "get", "start-next", "get", "update", "notify", "notify-next" };
            expected[0] = null; // nanoCLR: an element the initializer leaves null is not null (Home#1545)
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], JobsNames.ApiSegment((JobsApi)i), i.ToString());
            }
        }

        [TestMethod]
        public void Classifiers_MatchReferenceSection3()
        {
            Assert.IsFalse(JobsNames.IsTerminal(JobExecutionStatus.Queued));
            Assert.IsFalse(JobsNames.IsTerminal(JobExecutionStatus.InProgress));
            Assert.IsTrue(JobsNames.IsTerminal(JobExecutionStatus.Succeeded));
            Assert.IsTrue(JobsNames.IsTerminal(JobExecutionStatus.Failed));
            Assert.IsTrue(JobsNames.IsTerminal(JobExecutionStatus.TimedOut));
            Assert.IsTrue(JobsNames.IsTerminal(JobExecutionStatus.Rejected));
            Assert.IsTrue(JobsNames.IsTerminal(JobExecutionStatus.Removed));
            Assert.IsTrue(JobsNames.IsTerminal(JobExecutionStatus.Canceled));
            Assert.IsFalse(JobsNames.IsTerminal(JobExecutionStatus.Unknown));
            Assert.IsTrue(JobsNames.IsDeviceSettable(JobExecutionStatus.Rejected));
            Assert.IsFalse(JobsNames.IsDeviceSettable(JobExecutionStatus.Canceled));
            Assert.IsTrue(JobsNames.IsRetryable(JobsErrorCode.RequestThrottled));
            Assert.IsTrue(JobsNames.IsRetryable(JobsErrorCode.InternalError));
            Assert.IsFalse(JobsNames.IsRetryable(JobsErrorCode.VersionMismatch));
        }
    }
}
