#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Update;

namespace NfDevice.Jobs.Tests.Update
{
    [TestClass]
    public class FirmwareDocumentTests
    {
        private const string NfDoc = "{\"operation\":\"firmware-update\",\"version\":\"1.2.0\",\"target\":\"deployment\","
            + "\"image\":{\"url\":\"https://b.s3.us-east-1.amazonaws.com/app.bin?X-Amz-Signature=ab\",\"size\":1000},"
            + "\"codesign\":{\"rawPayloadSize\":1000,\"signature\":\"MEUCIQ==\",\"signatureAlgorithm\":\"SHA256withECDSA\","
            + "\"payloadLocation\":{\"s3\":{\"bucketName\":\"b\",\"key\":\"app.bin\",\"version\":\"v1\"}}}}";

        private static FirmwareDocument Parse(string json, bool expected)
        {
            byte[] b = TestSupport.Utf8(json);
            FirmwareDocument d = new FirmwareDocument();
            Assert.AreEqual(expected, d.Parse(b, 0, b.Length), d.Problem);
            return d;
        }

        [TestMethod]
        public void Parse_ReadsNfDeviceDocument()
        {
            FirmwareDocument d = Parse(NfDoc, true);
            Assert.AreEqual("1.2.0", d.Version);
            Assert.AreEqual(1000L, d.Size);
            Assert.AreEqual("MEUCIQ==", d.Signature);
            Assert.IsTrue(d.SignatureKind == SignatureKind.EcdsaSha256);
            Assert.IsTrue(d.Target == ImageKind.Deployment);
            Assert.IsFalse(d.AllowDowngrade);
            Assert.IsFalse(d.IsFreeRtos);
        }

        [TestMethod]
        public void Parse_Rejects_WhenRawPayloadSizeDiffersFromSize()
        {
            FirmwareDocument d = Parse(StringReplace(NfDoc, "\"rawPayloadSize\":1000", "\"rawPayloadSize\":999"), false);
            Assert.IsNotNull(d.Problem);
        }

        [TestMethod]
        public void Parse_Rejects_WhenPlaceholderWasNotResolved()
        {
            Parse(StringReplace(NfDoc, "https://b.s3.us-east-1.amazonaws.com/app.bin?X-Amz-Signature=ab", "${aws:iot:s3-presigned-url:https://s3.us-east-1.amazonaws.com/b/app.bin}"), false);
        }

        [TestMethod]
        public void Parse_Rejects_UnknownSignatureAlgorithm()
        {
            Parse(StringReplace(NfDoc, "SHA256withECDSA", "SHA1withRSA"), false);
        }

        [TestMethod]
        public void Parse_Rejects_AnUnsignedDocument_SayingTheSignatureIsMissing()
        {
            // There is no unsigned path (arduino-esp32#5190 asks for a hook to add one): a document without its codesign
            // object, or an afr_ota file without a signature, is refused before anything is downloaded.
            string unsigned = "{\"operation\":\"firmware-update\",\"version\":\"1.2.0\","
                + "\"image\":{\"url\":\"https://b.s3.us-east-1.amazonaws.com/app.bin?X-Amz-Signature=ab\",\"size\":1000}}";
            FirmwareDocument d = Parse(unsigned, false);
            Assert.IsTrue(d.Problem.IndexOf("codesign") >= 0, d.Problem);

            string afr = "{\"afr_ota\":{\"protocols\":[\"HTTP\"],\"files\":[{\"filesize\":1000,"
                + "\"update_data_url\":\"https://x.s3.eu-west-1.amazonaws.com/img?X-Amz-Expires=1800\"}]}}";
            d = Parse(afr, false);
            Assert.IsTrue(d.Problem.IndexOf("sig-sha256") >= 0, d.Problem);
        }

        [TestMethod]
        public void Parse_Rejects_BadVersionAndTarget()
        {
            Parse(StringReplace(NfDoc, "\"1.2.0\"", "\"1.2.x\""), false);
            Parse(StringReplace(NfDoc, "\"deployment\"", "\"bootloader\""), false);
        }

        [TestMethod]
        public void Parse_ReadsFreeRtosHttpDocument()
        {
            string afr = "{\"afr_ota\":{\"protocols\":[\"HTTP\"],\"files\":[{\"filepath\":\"/\",\"filesize\":1230320,\"fileid\":0,\"certfile\":\"/\","
                + "\"fileType\":0,\"update_data_url\":\"https://x.s3.eu-west-1.amazonaws.com/img?X-Amz-Expires=1800\",\"auth_scheme\":\"aws.s3.presigned\","
                + "\"sig-sha256-ecdsa\":\"MEQCIFll\"}]}}";
            FirmwareDocument d = Parse(afr, true);
            Assert.IsTrue(d.IsFreeRtos);
            Assert.AreEqual(1230320L, d.Size);
            Assert.AreEqual("MEQCIFll", d.Signature);
            Assert.AreEqual(-1L, d.RawPayloadSize);
        }

        [TestMethod]
        public void Parse_RejectsFreeRtosMqttOnlyDocument()
        {
            string afr = "{\"afr_ota\":{\"protocols\":[\"MQTT\"],\"streamname\":\"AFR_OTA-1\",\"files\":[{\"filesize\":10,\"fileid\":0,\"sig-sha256-ecdsa\":\"MEQ=\"}]}}";
            Parse(afr, false);
        }

        [TestMethod]
        public void IsFirmwareDocument_RecognisesBothFormats()
        {
            byte[] a = TestSupport.Utf8(NfDoc);
            byte[] b = TestSupport.Utf8("{\"afr_ota\":{}}");
            byte[] c = TestSupport.Utf8("{\"operation\":\"reboot\"}");
            Assert.IsTrue(FirmwareDocument.IsFirmwareDocument(a, 0, a.Length));
            Assert.IsTrue(FirmwareDocument.IsFirmwareDocument(b, 0, b.Length));
            Assert.IsFalse(FirmwareDocument.IsFirmwareDocument(c, 0, c.Length));
        }

        // string.Replace does not exist on nanoFramework.
        private static string StringReplace(string text, string find, string with)
        {
            int at = text.IndexOf(find);
            Assert.IsTrue(at >= 0, "fixture lacks " + find);
            return text.Substring(0, at) + with + text.Substring(at + find.Length);
        }
    }

    [TestClass]
    public class FirmwareVersionTests
    {
        [TestMethod]
        public void Compare_OrdersNumericallyPerComponent()
        {
            Assert.AreEqual(-1, FirmwareVersion.Compare("1.2.9", "1.10.0"));
            Assert.AreEqual(1, FirmwareVersion.Compare("2.0", "1.99.99"));
            Assert.AreEqual(0, FirmwareVersion.Compare("1.2", "1.2.0.0"));
            Assert.AreEqual(-1, FirmwareVersion.Compare("1.2", "1.2.0.1"));
        }

        [TestMethod]
        public void Compare_IsInvalid_ForMalformedVersions()
        {
            Assert.AreEqual(FirmwareVersion.Invalid, FirmwareVersion.Compare("1..2", "1.2"));
            Assert.AreEqual(FirmwareVersion.Invalid, FirmwareVersion.Compare("1.2.", "1.2"));
            Assert.AreEqual(FirmwareVersion.Invalid, FirmwareVersion.Compare("v1.2", "1.2"));
            Assert.AreEqual(FirmwareVersion.Invalid, FirmwareVersion.Compare("1.2.3.4.5", "1.2"));
            Assert.AreEqual(FirmwareVersion.Invalid, FirmwareVersion.Compare("", "1"));
            Assert.IsFalse(FirmwareVersion.IsValid(null));
        }
    }

    [TestClass]
    public class RangeCheckTests
    {
        private static HttpRangeResponse Response(int status, long start, long end, long total, long length)
        {
            HttpRangeResponse r = new HttpRangeResponse();
            r.Reset();
            r.StatusCode = status;
            r.RangeStart = start;
            r.RangeEnd = end;
            r.RangeTotal = total;
            r.ContentLength = length;
            return r;
        }

        [TestMethod]
        public void Classify_Accepts206_OnlyWithExactlyTheRangeAsked()
        {
            Assert.IsTrue(RangeCheck.Classify(Response(206, 100, 999, 1000, 900), 100, 999, 1000) == RangeVerdict.Accept);
            Assert.IsTrue(RangeCheck.Classify(Response(206, 101, 999, 1000, 899), 100, 999, 1000) == RangeVerdict.Retry);
            Assert.IsTrue(RangeCheck.Classify(Response(206, 100, 999, 2000, 900), 100, 999, 1000) == RangeVerdict.WrongSize);
            Assert.IsTrue(RangeCheck.Classify(Response(206, 100, 999, 1000, 5), 100, 999, 1000) == RangeVerdict.Retry);
            Assert.IsTrue(RangeCheck.Classify(Response(206, -1, -1, -1, 900), 100, 999, 1000) == RangeVerdict.Retry);
        }

        [TestMethod]
        public void NameTables_FollowTheEnums_SoNamesNotNumbersLeaveTheDevice()
        {
            Assert.AreEqual("invalid", UpdateNames.Verify(NfDevice.Jobs.Crypto.VerifyResult.Invalid));
            Assert.AreEqual("no-key", UpdateNames.Verify(NfDevice.Jobs.Crypto.VerifyResult.NoKey));
            Assert.AreEqual("busy", UpdateNames.Slot(SlotResult.Busy));
            Assert.AreEqual("no-slot", UpdateNames.Slot(SlotResult.NoSlot));
            Assert.AreEqual("confirmed", UpdateNames.Status(SlotStatus.Confirmed));
            Assert.AreEqual("rollback-pending", UpdateNames.Status(SlotStatus.RollbackPending));
            Assert.AreEqual("unknown", UpdateNames.Status(SlotStatus.Unknown));
            Assert.AreEqual("verify-reboot", UpdatePhases.Name(UpdatePhase.VerifyReboot));
            Assert.AreEqual("failure", UpdatePhases.Name(UpdatePhase.Failure));
        }

        [TestMethod]
        public void PhaseTable_GoesDownloadToCommit_OrRollbackToFailure_AndABootResumesWhereItCanAsk()
        {
            UpdatePhase p = UpdatePhase.Download;
            string path = UpdatePhases.Name(p);
            while (UpdatePhases.OnSuccess(p) != UpdatePhase.None)
            {
                p = UpdatePhases.OnSuccess(p);
                path += ">" + UpdatePhases.Name(p);
            }

            Assert.AreEqual("download>verify>install>reboot>verify-reboot>commit", path);
            Assert.IsTrue(UpdatePhases.OnFailure(UpdatePhase.VerifyReboot) == UpdatePhase.Rollback);
            Assert.IsTrue(UpdatePhases.OnSuccess(UpdatePhase.Rollback) == UpdatePhase.RollbackReboot);
            Assert.IsTrue(UpdatePhases.OnSuccess(UpdatePhase.RollbackReboot) == UpdatePhase.Failure);
            Assert.IsTrue(UpdatePhases.OnBoot(UpdatePhase.Verify) == UpdatePhase.Download); // the digest was in RAM
            Assert.IsTrue(UpdatePhases.OnBoot(UpdatePhase.Reboot) == UpdatePhase.VerifyReboot);
            Assert.IsFalse(UpdatePhases.PersistedOnEntry(UpdatePhase.Verify));
            Assert.IsTrue(UpdatePhases.PersistedOnEntry(UpdatePhase.Install));
            Assert.IsTrue(UpdatePhases.PersistedOnEntry(UpdatePhase.Commit));
        }

        [TestMethod]
        public void UpdateRecord_RoundTrips_AndCutsANoteOnlyAtACharacterBoundary()
        {
            UpdateRecord a = new UpdateRecord();
            a.Phase = UpdatePhase.Failure;
            a.Reason = UpdateReason.SelfTest;
            a.FailedIn = UpdatePhase.VerifyReboot;
            a.UpdatedBy = "1.2.3";
            a.Note = "sensor \u00e9 missing";
            UpdateRecord b = new UpdateRecord();
            Assert.IsTrue(b.Decode(a.Encode()));
            Assert.IsTrue(b.Phase == UpdatePhase.Failure && b.Reason == UpdateReason.SelfTest && b.FailedIn == UpdatePhase.VerifyReboot);
            Assert.AreEqual("1.2.3", b.UpdatedBy);
            Assert.AreEqual(a.Note, b.Note);

            byte[] cut = a.Encode();
            byte[] shorter = new byte[cut.Length - 9]; // ends inside the two-byte \u00e9
            System.Array.Copy(cut, shorter, shorter.Length);
            Assert.IsTrue(b.Decode(shorter));
            Assert.AreEqual("sensor ", b.Note);
            Assert.IsFalse(b.Decode(new byte[] { 0x46, 42, 0, 0, 0 }));
        }

        [TestMethod]
        public void Classify_ImageSizeOffByOne_IsWrongSize_NotARetry()
        {
            // The document says 204 800 bytes, the object holds 204 799: no retry can fix that.
            Assert.IsTrue(RangeCheck.Classify(Response(206, 0, 204798, 204799, 204799), 0, 204799, 204800) == RangeVerdict.WrongSize);
            Assert.IsTrue(RangeCheck.Classify(Response(206, 0, 204800, 204801, 204801), 0, 204799, 204800) == RangeVerdict.WrongSize);
        }

        [TestMethod]
        public void Classify_MapsStatusCodesToActions()
        {
            Assert.IsTrue(RangeCheck.Classify(Response(200, -1, -1, -1, 1000), 100, 999, 1000) == RangeVerdict.WholeImage);
            Assert.IsTrue(RangeCheck.Classify(Response(200, -1, -1, -1, 10), 100, 999, 1000) == RangeVerdict.WrongSize);
            Assert.IsTrue(RangeCheck.Classify(Response(416, -1, -1, 1000, -1), 100, 999, 1000) == RangeVerdict.Restart);
            Assert.IsTrue(RangeCheck.Classify(Response(403, -1, -1, -1, -1), 100, 999, 1000) == RangeVerdict.UrlExpired);
            Assert.IsTrue(RangeCheck.Classify(Response(503, -1, -1, -1, -1), 100, 999, 1000) == RangeVerdict.Retry);
            Assert.IsTrue(RangeCheck.Classify(Response(0, -1, -1, -1, -1), 100, 999, 1000) == RangeVerdict.Retry);
            Assert.IsTrue(RangeCheck.Classify(Response(404, -1, -1, -1, -1), 100, 999, 1000) == RangeVerdict.Fail);
        }
    }

    [TestClass]
    public class DownloadCheckpointTests
    {
        [TestMethod]
        public void EncodeDecode_RoundTripsEveryField()
        {
            DownloadCheckpoint a = new DownloadCheckpoint();
            a.JobId = "fw-update_7";
            a.ExecutionNumber = 3;
            a.ImageSize = 123456;
            a.Offset = 65536;
            for (int i = 0; i < 32; i++)
            {
                a.ImageId[i] = (byte)i;
                a.Header[i] = (byte)(255 - i);
            }

            a.Midstate[39] = 7;
            byte[] buffer = new byte[DownloadCheckpoint.EncodedSize];
            Assert.IsTrue(a.Encode(buffer));
            DownloadCheckpoint b = new DownloadCheckpoint();
            Assert.IsTrue(b.Decode(buffer));
            Assert.AreEqual("fw-update_7", b.JobId);
            Assert.AreEqual(3L, b.ExecutionNumber);
            Assert.AreEqual(123456L, b.ImageSize);
            Assert.AreEqual(65536L, b.Offset);
            Assert.AreEqual((byte)7, b.Midstate[39]);
            Assert.AreEqual((byte)224, b.Header[31]);
            Assert.IsTrue(b.Matches("fw-update_7", 3, a.ImageId, 123456));
            Assert.IsFalse(b.Matches("fw-update_7", 4, a.ImageId, 123456));
        }

        [TestMethod]
        public void Decode_RejectsCorruptRecords()
        {
            DownloadCheckpoint a = new DownloadCheckpoint();
            a.JobId = "j";
            a.ImageSize = 1000;
            a.Offset = 64;
            byte[] buffer = new byte[DownloadCheckpoint.EncodedSize];
            a.Encode(buffer);
            DownloadCheckpoint b = new DownloadCheckpoint();
            byte[] wrongMagic = (byte[])buffer.Clone();
            wrongMagic[0] ^= 1;
            Assert.IsFalse(b.Decode(wrongMagic));
            Assert.IsFalse(b.Decode(new byte[10]));
            byte[] badOffset = (byte[])buffer.Clone();
            badOffset[4 + 1 + 64 + 8 + 32 + 8] = 65; // offset 65: not a block boundary
            Assert.IsFalse(b.Decode(badOffset));
        }

        [TestMethod]
        public void UpdateReasons_NamesArePinned()
        {
            Assert.AreEqual("none", UpdateReasons.Name(UpdateReason.None));
            Assert.AreEqual("document", UpdateReasons.Name(UpdateReason.Document));
            Assert.AreEqual("version", UpdateReasons.Name(UpdateReason.Version));
            Assert.AreEqual("download", UpdateReasons.Name(UpdateReason.Download));
            Assert.AreEqual("size", UpdateReasons.Name(UpdateReason.Size));
            Assert.AreEqual("signature", UpdateReasons.Name(UpdateReason.Signature));
            Assert.AreEqual("certificate", UpdateReasons.Name(UpdateReason.Certificate));
            Assert.AreEqual("slot", UpdateReasons.Name(UpdateReason.Slot));
            Assert.AreEqual("selftest", UpdateReasons.Name(UpdateReason.SelfTest));
            Assert.AreEqual("rebootloop", UpdateReasons.Name(UpdateReason.RebootLoop));
            Assert.AreEqual("url", UpdateReasons.Name(UpdateReason.Url));
            Assert.AreEqual("target", UpdateReasons.Name(UpdateReason.Target));
            Assert.AreEqual("space", UpdateReasons.Name(UpdateReason.Space));
            Assert.AreEqual("memory", UpdateReasons.Name(UpdateReason.Memory));
            Assert.AreEqual("manifest", UpdateReasons.Name(UpdateReason.Manifest));
        }
    }
}
