#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Tests.Platform
{
    /// <summary>The hint both MQTT adapters append to a refused CONNECT.</summary>
    [TestClass]
    public class MqttRefusalTests
    {
        [TestMethod]
        public void Hint_ForTheNotAuthorizedCodesOfBothMqttVersions_NamesTheClientIdAndWhatAwsIotRequires()
        {
            int[] codes = { 4, 5, 0x86, 0x87 };
            for (int i = 0; i < codes.Length; i++)
            {
                string hint = MqttRefusal.Hint(codes[i], "dev-7");
                Assert.IsTrue(hint.IndexOf("client id 'dev-7'") >= 0, codes[i].ToString() + ": " + hint);
                Assert.IsTrue(hint.IndexOf("ACTIVE") >= 0 && hint.IndexOf("iot:Connect") >= 0, codes[i].ToString() + ": " + hint);
            }
        }

        [TestMethod]
        public void Hint_ForOtherCodes_IsEmpty()
        {
            int[] codes = { 0, 1, 2, 3, 0x80, 0x88 };
            for (int i = 0; i < codes.Length; i++)
            {
                Assert.AreEqual("", MqttRefusal.Hint(codes[i], "dev-7"), codes[i].ToString());
            }
        }
    }
}
