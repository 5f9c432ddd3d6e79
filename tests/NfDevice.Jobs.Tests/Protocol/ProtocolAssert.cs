#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Tests.Protocol
{
    /// <summary>Enum assertions as int comparisons so both test frameworks agree.</summary>
    public static class ProtocolAssert
    {
        /// <summary>Asserts a codec result.</summary>
        public static void Result(JobsResult expected, JobsResult actual, string what)
        {
            Assert.AreEqual((int)expected, (int)actual, what);
        }

        /// <summary>Asserts an API.</summary>
        public static void Api(JobsApi expected, JobsApi actual, string what)
        {
            Assert.AreEqual((int)expected, (int)actual, what);
        }

        /// <summary>Asserts a topic kind.</summary>
        public static void Kind(JobsTopicKind expected, JobsTopicKind actual, string what)
        {
            Assert.AreEqual((int)expected, (int)actual, what);
        }

        /// <summary>Asserts a status.</summary>
        public static void Status(JobExecutionStatus expected, JobExecutionStatus actual, string what)
        {
            Assert.AreEqual((int)expected, (int)actual, what);
        }
    }
}
