#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Tests.Fakes;
using NfDevice.Jobs.Update;

namespace NfDevice.Jobs.Tests.Update
{
    [TestClass]
    public class FirmwareDownloadTests
    {
        private const int Chunk = 1024;
        private const int Interval = 4096;
        private const int ImageSize = (Interval * 5) + 100;

        private static byte[] MakeImage(int size)
        {
            byte[] image = new byte[size];
            uint x = 2463534242;
            for (int i = 0; i < size; i++)
            {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                image[i] = (byte)x;
            }

            return image;
        }

        private static FirmwareDocument Document(FakeRangedHttp http, int size)
        {
            FirmwareDocument d = new FirmwareDocument();
            d.Url = http.ValidUrl;
            d.Size = size;
            d.Version = "1.1.0";
            d.Signature = "MEUCIQDsignature";
            d.SignatureKind = SignatureKind.EcdsaSha256;
            d.RawPayloadSize = size;
            d.Target = ImageKind.Deployment;
            return d;
        }

        // Worst-case jitter: every backoff waits its full delay.
        private static FakeRandom HighRandom()
        {
            FakeRandom random = new FakeRandom();
            random.Mode = 1;
            return random;
        }

        private sealed class Rig
        {
            public byte[] Image;
            public FakeRangedHttp Http;
            public MemorySlot Slot = new MemorySlot();
            public FakeStateStore Store = new FakeStateStore();
            public FakeClock Clock = new FakeClock();
            public FakeRandom Random = HighRandom();
            public FirmwareDocument Doc;

            public Rig(int size)
            {
                Image = MakeImage(size);
                Http = new FakeRangedHttp(Image);
                Doc = Document(Http, size);
            }

            public FirmwareDownload NewDownload()
            {
                return new FirmwareDownload(Http, Slot, Store, Clock, Random, null, Chunk, Interval);
            }

            // Begins a download of job-1 #1, takes the given steps, then "reboots" (the slot's session is gone).
            public void Interrupted(int steps)
            {
                FirmwareDownload first = NewDownload();
                first.Begin(Doc, "job-1", 1);
                for (int i = 0; i < steps; i++)
                {
                    first.Step();
                }

                Slot.Reboot();
            }

            // Steps until Downloaded/Failed/NeedUrl, letting time pass over waits; bounded.
            public DownloadStep Run(FirmwareDownload download, int maxSteps)
            {
                for (int i = 0; i < maxSteps; i++)
                {
                    DownloadStep step = download.Step();
                    if (step == DownloadStep.Waiting)
                    {
                        Clock.Advance(1000);
                        continue;
                    }

                    if (step != DownloadStep.Working)
                    {
                        return step;
                    }
                }

                return DownloadStep.Working;
            }
        }

        private static void AssertSlotHoldsImage(Rig rig)
        {
            Assert.AreEqual(rig.Image.Length, rig.Slot.NextOffset);
            for (int i = 0; i < rig.Image.Length; i++)
            {
                if (rig.Image[i] != rig.Slot.Data[i])
                {
                    Assert.AreEqual(rig.Image[i], rig.Slot.Data[i], "slot byte " + i.ToString());
                }
            }
        }

        [TestMethod]
        public void Step_StoresEveryByteInOrder_WithRangedRequests()
        {
            Rig rig = new Rig(ImageSize);
            FirmwareDownload download = rig.NewDownload();
            Assert.IsTrue(download.Begin(rig.Doc, "job-1", 1));
            Assert.AreEqual(DownloadStep.Downloaded, rig.Run(download, 1000));
            AssertSlotHoldsImage(rig);
            Assert.AreEqual((long)ImageSize, download.BytesDone);
            Assert.AreEqual("0-" + (ImageSize - 1).ToString(), (string)rig.Http.Requests[0]);
            Assert.AreEqual(1, rig.Http.Requests.Count);
        }

        [TestMethod]
        public void Step_SavesCheckpointAtEachIntervalBoundary()
        {
            Rig rig = new Rig(ImageSize);
            FirmwareDownload download = rig.NewDownload();
            download.Begin(rig.Doc, "job-1", 1);
            int writesAtStart = rig.Store.Writes;
            rig.Run(download, 1000);
            // 5 full intervals: boundaries at 4096..20480, all below the size.
            Assert.AreEqual(writesAtStart + 5, rig.Store.Writes);
        }

        [TestMethod]
        public void Begin_ResumesFromCheckpoint_AfterReboot_WithoutErasingTheSlot()
        {
            Rig rig = new Rig(ImageSize);
            rig.Interrupted(11);
            Assert.AreEqual(10240, rig.Slot.NextOffset); // slot is ahead of the 8192 checkpoint: the gap is written again

            FirmwareDownload second = rig.NewDownload();
            Assert.IsTrue(second.Begin(rig.Doc, "job-1", 1));
            Assert.IsTrue(second.Resumed);
            Assert.AreEqual(1, rig.Slot.Erases);
            Assert.AreEqual(DownloadStep.Downloaded, rig.Run(second, 1000));
            Assert.AreEqual("8192-" + (ImageSize - 1).ToString(), (string)rig.Http.Requests[rig.Http.Requests.Count - 1]);
            AssertSlotHoldsImage(rig);
        }

        [TestMethod]
        public void Resume_WritesTheBytesAboveTheCheckpointAgain_SoACorruptionInTransitNeverStays()
        {
            Rig rig = new Rig(ImageSize);
            byte genuine = rig.Image[8192 + 100];
            rig.Image[8192 + 100] = (byte)(genuine ^ 0x5A); // corrupted in transit just past the 8192 checkpoint
            rig.Interrupted(11); // the slot holds 10240 bytes, the corrupted one among them; killed before the next checkpoint
            rig.Image[8192 + 100] = genuine; // served correctly from now on

            FirmwareDownload second = rig.NewDownload();
            Assert.IsTrue(second.Begin(rig.Doc, "job-1", 1));
            Assert.AreEqual(8192, rig.Slot.NextOffset); // never hashed by this run: cut off, written again
            Assert.AreEqual(DownloadStep.Downloaded, rig.Run(second, 1000));
            AssertSlotHoldsImage(rig);
        }

        [TestMethod]
        public void Step_FailsAtOnceWithSize_WhenTheDocumentsSizeIsOffByOne()
        {
            Rig rig = new Rig(ImageSize);
            rig.Doc.Size = ImageSize + 1;
            rig.Doc.RawPayloadSize = ImageSize + 1;
            FirmwareDownload download = rig.NewDownload();
            Assert.IsTrue(download.Begin(rig.Doc, "job-1", 1));
            Assert.AreEqual(DownloadStep.Failed, rig.Run(download, 1000));
            Assert.IsTrue(download.Reason == UpdateReason.Size);
            Assert.AreEqual(1, rig.Http.Requests.Count); // no retries
        }

        [TestMethod]
        public void Begin_StartsFromZero_WhenCheckpointIsForAnotherExecution()
        {
            Rig rig = new Rig(ImageSize);
            rig.Interrupted(9);
            FirmwareDownload second = rig.NewDownload();
            Assert.IsTrue(second.Begin(rig.Doc, "job-1", 2));
            Assert.IsFalse(second.Resumed);
            Assert.AreEqual(2, rig.Slot.Erases);
        }

        [TestMethod]
        public void Begin_ResumesOnSameImage_EvenWhenTheUrlChanged()
        {
            Rig rig = new Rig(ImageSize);
            rig.Interrupted(9);
            rig.Http.ValidUrl = "https://bucket.s3.us-east-1.amazonaws.com/app.bin?sig=2";
            rig.Doc.Url = rig.Http.ValidUrl;
            FirmwareDownload second = rig.NewDownload();
            Assert.IsTrue(second.Begin(rig.Doc, "job-1", 1));
            Assert.IsTrue(second.Resumed);
        }

        [TestMethod]
        public void Step_HashesAgainFromZero_WhenServerAnswers200ToRange()
        {
            Rig rig = new Rig(ImageSize);
            rig.Interrupted(11);
            rig.Http.IgnoreRangeTimes = 1;
            FirmwareDownload second = rig.NewDownload();
            second.Begin(rig.Doc, "job-1", 1);
            Assert.AreEqual(DownloadStep.Downloaded, rig.Run(second, 1000));
            AssertSlotHoldsImage(rig);
            Assert.AreEqual((long)ImageSize, second.BytesDone);
        }

        [TestMethod]
        public void Step_WritesTheSlotAgainFromZero_WhenServerAnswers200ToAResumedRange_SoTheBytesActivatedAreTheBytesHashed()
        {
            // A server that ignores Range on a resume (ESP-IDF PR 17960) sends the image from byte 0, and the hash starts
            // again over it. The slot's bytes below the checkpoint were hashed by the earlier run only: if one of them
            // arrived corrupted, the fresh hash (over the good bytes) would vouch for a slot that does not hold them.
            Rig rig = new Rig(ImageSize);
            byte genuine = rig.Image[100];
            rig.Image[100] = (byte)(genuine ^ 0x5A); // corrupted in transit below the 8192 checkpoint
            rig.Interrupted(11);
            rig.Image[100] = genuine;
            rig.Http.IgnoreRangeTimes = 1;

            FirmwareDownload second = rig.NewDownload();
            Assert.IsTrue(second.Begin(rig.Doc, "job-1", 1));
            Assert.IsTrue(second.Resumed);
            Assert.AreEqual(DownloadStep.Downloaded, rig.Run(second, 1000));
            AssertSlotHoldsImage(rig);
            Assert.AreEqual(2, rig.Slot.Erases); // the first session, and the one the 200 started over
        }

        [TestMethod]
        public void Step_Retries_WhenContentRangeIsNotWhatWasAsked()
        {
            Rig rig = new Rig(ImageSize);
            rig.Http.WrongRangeTimes = 2;
            FirmwareDownload download = rig.NewDownload();
            download.Begin(rig.Doc, "job-1", 1);
            Assert.AreEqual(DownloadStep.Waiting, download.Step());
            Assert.AreEqual(DownloadStep.Downloaded, rig.Run(download, 1000));
            AssertSlotHoldsImage(rig);
            Assert.AreEqual(3, rig.Http.Requests.Count);
        }

        [TestMethod]
        public void Step_BacksOffExponentially_WithCap()
        {
            Rig rig = new Rig(ImageSize);
            rig.Http.NoResponseTimes = 100;
            FirmwareDownload download = rig.NewDownload();
            download.RetryBaseMilliseconds = 1000;
            download.RetryCapMilliseconds = 4000;
            download.MaxRetries = 5;
            download.Begin(rig.Doc, "job-1", 1);
            long[] expected = { 1000, 2000, 4000, 4000, 4000 };
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(DownloadStep.Waiting, download.Step());
                rig.Clock.Advance(expected[i] - 1);
                Assert.AreEqual(DownloadStep.Waiting, download.Step(), "still waiting before retry " + i.ToString());
                rig.Clock.Advance(1);
            }

            Assert.AreEqual(DownloadStep.Failed, download.Step());
            Assert.AreEqual(UpdateReason.Download, download.Reason);
        }

        [TestMethod]
        public void Step_GivingUpWithoutAResponse_NamesThePlatformsReason_InTheDetail()
        {
            // An S3 root CA the device does not trust (esp-idf#6158) fails every request the same way: the job's status
            // must say so, not only "no response".
            Rig rig = new Rig(ImageSize);
            rig.Http.NoResponseTimes = 100;
            rig.Http.NoResponseFailure = "TLS: the server certificate is not trusted";
            FirmwareDownload download = rig.NewDownload();
            download.RetryBaseMilliseconds = 10;
            download.RetryCapMilliseconds = 10;
            download.MaxRetries = 2;
            download.Begin(rig.Doc, "job-1", 1);
            DownloadStep step = DownloadStep.Working;
            for (int i = 0; i < 20 && step != DownloadStep.Failed; i++)
            {
                step = download.Step();
                rig.Clock.Advance(10);
            }

            Assert.AreEqual(DownloadStep.Failed, step);
            Assert.AreEqual(UpdateReason.Download, download.Reason);
            Assert.AreEqual("no response: TLS: the server certificate is not trusted (2 retries)", download.Detail);
        }

        [TestMethod]
        public void Step_AsksForNewUrl_On403_AndContinuesAtSameOffset()
        {
            Rig rig = new Rig(ImageSize);
            FirmwareDownload download = rig.NewDownload();
            download.Begin(rig.Doc, "job-1", 1);
            for (int i = 0; i < 6; i++)
            {
                download.Step();
            }

            long done = download.BytesDone;
            rig.Http.DropAfterBytes = 0;
            rig.Http.ValidUrl = "https://bucket.s3.us-east-1.amazonaws.com/app.bin?sig=fresh";
            Assert.AreEqual(DownloadStep.NeedUrl, rig.Run(download, 10));
            download.RefreshUrl(rig.Http.ValidUrl);
            Assert.AreEqual(DownloadStep.Downloaded, rig.Run(download, 1000));
            Assert.AreEqual(done.ToString() + "-" + (ImageSize - 1).ToString(), (string)rig.Http.Requests[rig.Http.Requests.Count - 1]);
            AssertSlotHoldsImage(rig);
        }

        [TestMethod]
        public void Step_RestartsFromZero_On416()
        {
            Rig rig = new Rig(ImageSize);
            FirmwareDownload download = rig.NewDownload();
            download.Begin(rig.Doc, "job-1", 1);
            rig.Http.NextStatus = 416;
            Assert.AreEqual(DownloadStep.Waiting, download.Step());
            Assert.AreEqual(2, rig.Slot.Erases);
            Assert.AreEqual(DownloadStep.Downloaded, rig.Run(download, 1000));
            AssertSlotHoldsImage(rig);
        }

        [TestMethod]
        public void Step_Fails_On404()
        {
            Rig rig = new Rig(ImageSize);
            FirmwareDownload download = rig.NewDownload();
            download.Begin(rig.Doc, "job-1", 1);
            rig.Http.NextStatus = 404;
            Assert.AreEqual(DownloadStep.Failed, download.Step());
            Assert.AreEqual(UpdateReason.Download, download.Reason);
            Assert.AreEqual("HTTP 404", download.Detail, "the detail names the status, so a wrong object key is told from a network failure");
            Assert.AreEqual(1, rig.Http.Requests.Count, "a 404 is final: not retried");
        }

        [TestMethod]
        public void Step_Fails_WhenSlotWriteFails()
        {
            Rig rig = new Rig(ImageSize);
            rig.Slot.FailAt = 5000;
            FirmwareDownload download = rig.NewDownload();
            download.Begin(rig.Doc, "job-1", 1);
            Assert.AreEqual(DownloadStep.Failed, rig.Run(download, 1000));
            Assert.AreEqual(UpdateReason.Slot, download.Reason);
        }

        [TestMethod]
        public void Step_SurvivesDroppedConnections_WithoutLosingBytes()
        {
            Rig rig = new Rig(ImageSize);
            FirmwareDownload download = rig.NewDownload();
            download.Begin(rig.Doc, "job-1", 1);
            for (int round = 0; round < 4; round++)
            {
                rig.Http.DropAfterBytes = 3000;
                for (int i = 0; i < 8; i++)
                {
                    if (download.Step() == DownloadStep.Waiting)
                    {
                        rig.Clock.Advance(100000);
                    }
                }
            }

            Assert.AreEqual(DownloadStep.Downloaded, rig.Run(download, 1000));
            AssertSlotHoldsImage(rig);
        }

        [TestMethod]
        public void Stop_WithErase_WipesSlotAndCheckpoint()
        {
            Rig rig = new Rig(ImageSize);
            FirmwareDownload download = rig.NewDownload();
            download.Begin(rig.Doc, "job-1", 1);
            download.Step();
            download.Step();
            download.Stop(true);
            Assert.AreEqual(0, rig.Slot.NextOffset);
            Assert.IsNull(rig.Store.Read(DownloadCheckpoint.RecordName));
        }

        [TestMethod]
        public void VerifyAndComplete_FailsWithSize_AndErases_WhenImageIsShort()
        {
            Rig rig = new Rig(ImageSize);
            FirmwareDownload download = rig.NewDownload();
            download.Begin(rig.Doc, "job-1", 1);
            download.Step();
            download.Step();
            Assert.AreEqual(UpdateReason.Size, download.VerifyAndComplete(null));
            Assert.IsFalse(rig.Slot.Completed);
            Assert.AreEqual(0, rig.Slot.NextOffset);
        }

        [TestMethod]
        public void VerifyAndComplete_FailsWithCertificate_WhenDeviceHasNone()
        {
            Rig rig = new Rig(ImageSize);
            FirmwareDownload download = rig.NewDownload();
            download.Begin(rig.Doc, "job-1", 1);
            rig.Run(download, 1000);
            Assert.AreEqual(UpdateReason.Certificate, download.VerifyAndComplete(null));
            Assert.IsFalse(rig.Slot.Completed);
        }
    }
}
