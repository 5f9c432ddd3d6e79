#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Tests.Crypto;

namespace NfDevice.Jobs.Tests.DeviceOnly
{
    /// <summary>
    /// NIST CAVP SHA256ShortMsg.rsp vectors, run on the device itself: they pin the Int32/UInt32 arithmetic of the
    /// compression function as the nanoCLR interpreter executes it, which the net10.0 run cannot.
    /// </summary>
    [TestClass]
    public class Sha256DeviceVectorTests
    {
        private static string Digest(string messageHex)
        {
            byte[] message = CryptoHex.Decode(messageHex);
            byte[] digest = new byte[Sha256.DigestSize];
            Assert.IsTrue(new Sha256().ComputeHash(message, 0, message.Length, digest, 0));
            return CryptoHex.Encode(digest, 0, digest.Length);
        }

        [TestMethod]
        public void ComputeHash_MatchesNist_ForEmptyMessage()
        {
            // SHA256ShortMsg.rsp, Len = 0 (the Msg line "00" is a placeholder for the empty message).
            Assert.AreEqual("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest(string.Empty));
        }

        [TestMethod]
        public void ComputeHash_MatchesNist_ForOneByteMessage()
        {
            // SHA256ShortMsg.rsp, Len = 8.
            Assert.AreEqual("28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1", Digest("d3"));
        }

        [TestMethod]
        public void ComputeHash_MatchesNist_ForThreeByteMessage()
        {
            // SHA256ShortMsg.rsp, Len = 24.
            Assert.AreEqual("dff2e73091f6c05e528896c4c831b9448653dc2ff043528f6769437bc7b975c2", Digest("b4190e"));
        }

        [TestMethod]
        public void ComputeHash_MatchesNist_For55ByteMessage_WherePaddingFillsTheBlock()
        {
            // SHA256ShortMsg.rsp, Len = 440: 55 bytes + 0x80 + 8-byte length is exactly one block.
            Assert.AreEqual("6595a2ef537a69ba8583dfbf7f5bec0ab1f93ce4c8ee1916eff44a93af5749c4",
                Digest("3ebfb06db8c38d5ba037f1363e118550aad94606e26835a01af05078533cc25f2f39573c04b632f62f68c294ab31f2a3e2a1a0d8c2be51"));
        }

        [TestMethod]
        public void ComputeHash_MatchesNist_For64ByteMessage_WherePaddingNeedsASecondBlock()
        {
            // SHA256ShortMsg.rsp, Len = 512.
            Assert.AreEqual("42e61e174fbb3897d6dd6cef3dd2802fe67b331953b06114a65c772859dfc1aa",
                Digest("5a86b737eaea8ee976a0a24da63e7ed7eefad18a101c1211e2b3650c5187c2a8a650547208251f6d4237e661c7bf4c77f335390394c37fa1a9f9be836ac28509"));
        }
    }
}
#endif
