#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Tests.Crypto
{
    [TestClass]
    public class EncodingTests
    {
        private static CryptoStatus DecodeBase64(string text, out string hex)
        {
            byte[] input = CryptoHex.Ascii(text);
            byte[] output = new byte[16];
            int written;
            CryptoStatus status = Base64.Decode(input, 0, input.Length, false, output, 0, out written);
            hex = CryptoHex.Encode(output, 0, written);
            return status;
        }

        [TestMethod]
        public void Base64Decode_MatchesRfc4648Examples()
        {
            // RFC 4648 §10.
            string hex;
            Assert.AreEqual(CryptoStatus.Ok, DecodeBase64("Zm9vYmFy", out hex));
            Assert.AreEqual("666f6f626172", hex);
            Assert.AreEqual(CryptoStatus.Ok, DecodeBase64("Zm9vYg==", out hex));
            Assert.AreEqual("666f6f62", hex);
            Assert.AreEqual(CryptoStatus.Ok, DecodeBase64("Zm9vYmE=", out hex));
            Assert.AreEqual("666f6f6261", hex);
            Assert.AreEqual(CryptoStatus.Ok, DecodeBase64(string.Empty, out hex));
            Assert.AreEqual(string.Empty, hex);
        }

        [TestMethod]
        public void Base64Decode_ReturnsMalformed_ForNonCanonicalOrUnpaddedText()
        {
            string hex;
            Assert.AreEqual(CryptoStatus.Malformed, DecodeBase64("Zm9vYh==", out hex));
            Assert.AreEqual(CryptoStatus.Malformed, DecodeBase64("Zm9vYg", out hex));
            Assert.AreEqual(CryptoStatus.Malformed, DecodeBase64("Zm9v=mFy", out hex));
            Assert.AreEqual(CryptoStatus.Malformed, DecodeBase64("Zm9vYg==Zm9v", out hex));
            Assert.AreEqual(CryptoStatus.Malformed, DecodeBase64("Zm9v YmFy", out hex));
            Assert.AreEqual(CryptoStatus.Malformed, DecodeBase64("Zm9v-mFy", out hex));
        }

        [TestMethod]
        public void Base64Decode_ReturnsBufferTooSmall_WhenOutputCannotHoldResult()
        {
            byte[] input = CryptoHex.Ascii("Zm9vYmFy");
            int written;
            Assert.AreEqual(CryptoStatus.BufferTooSmall, Base64.Decode(input, 0, input.Length, false, new byte[5], 0, out written));
        }

        [TestMethod]
        public void DerReadElement_ReadsShortAndLongFormLengths()
        {
            byte[] der = new byte[3 + 200];
            der[0] = 0x04;
            der[1] = 0x81;
            der[2] = 200;
            int index = 0;
            byte tag;
            int offset, length;
            Assert.AreEqual(CryptoStatus.Ok, DerReader.ReadElement(der, ref index, der.Length, out tag, out offset, out length));
            Assert.AreEqual(3, offset);
            Assert.AreEqual(200, length);
            Assert.AreEqual(der.Length, index);
        }

        [TestMethod]
        public void DerReadElement_ReturnsMalformed_ForIndefiniteOrNonMinimalLength()
        {
            byte tag;
            int offset, length;
            byte[] indefinite = { 0x30, 0x80, 0x00, 0x00 };
            int index = 0;
            Assert.AreEqual(CryptoStatus.Malformed, DerReader.ReadElement(indefinite, ref index, indefinite.Length, out tag, out offset, out length));
            byte[] longForSmall = { 0x04, 0x81, 0x01, 0xAA };
            Assert.AreEqual(CryptoStatus.Malformed, DerReader.ReadElement(longForSmall, ref index, longForSmall.Length, out tag, out offset, out length));
            byte[] leadingZero = { 0x04, 0x82, 0x00, 0x81 };
            Assert.AreEqual(CryptoStatus.Malformed, DerReader.ReadElement(leadingZero, ref index, leadingZero.Length, out tag, out offset, out length));
            Assert.AreEqual(0, index);
        }

        [TestMethod]
        public void DerReadElement_ReturnsTruncated_WhenContentRunsPastEnd()
        {
            byte[] der = { 0x04, 0x05, 0x01, 0x02 };
            int index = 0;
            byte tag;
            int offset, length;
            Assert.AreEqual(CryptoStatus.Truncated, DerReader.ReadElement(der, ref index, der.Length, out tag, out offset, out length));
            Assert.AreEqual(0, index);
        }

        [TestMethod]
        public void PemDecode_ReturnsPublicKeyBody_AndIgnoresLineBreaks()
        {
            byte[] pem = CryptoHex.Ascii("junk\n-----BEGIN PUBLIC KEY-----\r\nZm9v\r\nYmFy\r\n-----END PUBLIC KEY-----\n");
            byte[] output = new byte[16];
            int written;
            bool isCertificate;
            Assert.AreEqual(CryptoStatus.Ok, Pem.Decode(pem, 0, pem.Length, output, 0, out written, out isCertificate));
            Assert.IsFalse(isCertificate);
            Assert.AreEqual("666f6f626172", CryptoHex.Encode(output, 0, written));
        }

        [TestMethod]
        public void PemDecode_ReturnsMalformed_WhenEndLabelDiffers()
        {
            byte[] pem = CryptoHex.Ascii("-----BEGIN CERTIFICATE-----\nZm9v\n-----END PUBLIC KEY-----\n");
            byte[] output = new byte[16];
            int written;
            bool isCertificate;
            Assert.AreEqual(CryptoStatus.Malformed, Pem.Decode(pem, 0, pem.Length, output, 0, out written, out isCertificate));
        }
    }
}
