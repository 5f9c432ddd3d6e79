#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Tests.Fakes;
using NfDevice.Jobs.Update;

namespace NfDevice.Jobs.Tests.Update
{
    /// <summary>
    /// When the download checkpoints (block boundaries, by bytes or by time), that the slot is flushed before the
    /// record counts its bytes, and that the hasher given to the pipeline is the one every byte goes through.
    /// </summary>
    [TestClass]
    public class FirmwareCheckpointPolicyTests
    {
        private const int Chunk = 1024;
        private const int Block = 4096;
        private const int ImageSize = (Block * 10) + 100;

        /// <summary>The core's hasher, counting the bytes it is given.</summary>
        private sealed class CountingSha256 : ISha256
        {
            private readonly Sha256 _inner = new Sha256();
            public long Bytes;

            public long TotalLength
            {
                get { return _inner.TotalLength; }
            }

            public void Reset()
            {
                _inner.Reset();
            }

            public bool Update(byte[] data, int offset, int count)
            {
                Bytes += count;
                return _inner.Update(data, offset, count);
            }

            public bool Final(byte[] output, int offset)
            {
                return _inner.Final(output, offset);
            }

            public bool SaveMidstate(byte[] output, int offset)
            {
                return _inner.SaveMidstate(output, offset);
            }

            public bool RestoreMidstate(byte[] input, int offset)
            {
                return _inner.RestoreMidstate(input, offset);
            }
        }

        private sealed class Rig
        {
            public readonly byte[] Image = new byte[ImageSize];
            public readonly FakeRangedHttp Http;
            public readonly MemorySlot Slot = new MemorySlot();
            public readonly FakeStateStore Store = new FakeStateStore();
            public readonly FakeClock Clock = new FakeClock();
            public readonly FirmwareDocument Doc = new FirmwareDocument();

            public Rig()
            {
                uint x = 88172645;
                for (int i = 0; i < ImageSize; i++)
                {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    Image[i] = (byte)x;
                }

                Http = new FakeRangedHttp(Image);
                Doc.Url = Http.ValidUrl;
                Doc.Size = ImageSize;
                Doc.Version = "1.1.0";
                Doc.Signature = "MEUCIQDsignature";
                Doc.SignatureKind = SignatureKind.EcdsaSha256;
                Doc.RawPayloadSize = ImageSize;
                Doc.Target = ImageKind.Deployment;
            }

            public FirmwareDownload NewDownload(ISha256 sha)
            {
                return new FirmwareDownload(Http, Slot, Store, Clock, new FakeRandom(), null, new byte[Chunk], Block, sha);
            }

            public long CheckpointOffset()
            {
                DownloadCheckpoint checkpoint = new DownloadCheckpoint();
                Assert.IsTrue(checkpoint.Decode(Store.Read(DownloadCheckpoint.RecordName)));
                return checkpoint.Offset;
            }

            public void RunToEnd(FirmwareDownload download)
            {
                for (int i = 0; i < 1000; i++)
                {
                    DownloadStep step = download.Step();
                    if (step != DownloadStep.Working)
                    {
                        Assert.AreEqual(DownloadStep.Downloaded, step);
                        return;
                    }
                }

                Assert.IsTrue(false, "the download did not end");
            }

            public void AssertSlotHoldsImageAndHasherItsDigest(FirmwareDownload download)
            {
                Assert.AreEqual(ImageSize, Slot.NextOffset);
                for (int i = 0; i < ImageSize; i++)
                {
                    if (Image[i] != Slot.Data[i])
                    {
                        Assert.AreEqual(Image[i], Slot.Data[i], "slot byte " + i.ToString());
                    }
                }

                byte[] expected = new byte[32];
                byte[] actual = new byte[32];
                new Sha256().ComputeHash(Image, 0, ImageSize, expected, 0);
                Assert.IsTrue(download.Hasher.Final(actual, 0));
                for (int i = 0; i < 32; i++)
                {
                    Assert.AreEqual(expected[i], actual[i], "digest byte " + i.ToString());
                }
            }
        }

        [TestMethod]
        public void Checkpoint_FlushesTheSlotBeforeItsRecord_SoAPowerCutKeepsEveryByteItCounts()
        {
            for (int steps = 1; steps <= 12; steps++)
            {
                Rig rig = new Rig();
                FirmwareDownload first = rig.NewDownload(null);
                Assert.IsTrue(first.Begin(rig.Doc, "job-1", 1));
                for (int i = 0; i < steps; i++)
                {
                    first.Step();
                }

                long counted = rig.CheckpointOffset();
                Assert.IsTrue(rig.Slot.Durable >= counted, "after " + steps.ToString() + " steps the record counts " + counted.ToString() + " bytes, the slot holds " + rig.Slot.Durable.ToString() + " durably");
                rig.Slot.PowerCut();

                FirmwareDownload second = rig.NewDownload(null);
                Assert.IsTrue(second.Begin(rig.Doc, "job-1", 1));
                Assert.IsTrue((counted > 0) == second.Resumed, "after " + steps.ToString() + " steps");
                Assert.AreEqual(counted, (long)rig.Slot.NextOffset);
                rig.RunToEnd(second);
                rig.AssertSlotHoldsImageAndHasherItsDigest(second);
            }
        }

        [TestMethod]
        public void PacingBytes_SkipsBoundaries_UntilThatManyBytesPassed()
        {
            Rig rig = new Rig();
            FirmwareDownload download = rig.NewDownload(null);
            DownloadPacing pacing = new DownloadPacing();
            pacing.CheckpointBytes = 3 * Block;
            download.Pacing = pacing;
            Assert.IsTrue(download.Begin(rig.Doc, "job-1", 1));
            int writesAtStart = rig.Store.Writes;
            rig.RunToEnd(download);

            // Boundaries 4096..40960; every third one: 12288, 24576, 36864.
            Assert.AreEqual(writesAtStart + 3, rig.Store.Writes);
            Assert.AreEqual(3, rig.Slot.Flushes);
            Assert.AreEqual(3 * 3 * Block, (int)rig.CheckpointOffset());
        }

        [TestMethod]
        public void PacingMilliseconds_TakesOneAtTheNextBoundary_OnceThatLongPassed()
        {
            Rig rig = new Rig();
            FirmwareDownload download = rig.NewDownload(null);
            DownloadPacing pacing = new DownloadPacing();
            pacing.CheckpointBytes = 1 << 20;
            pacing.CheckpointMilliseconds = 500;
            download.Pacing = pacing;
            Assert.IsTrue(download.Begin(rig.Doc, "job-1", 1));
            int writesAtStart = rig.Store.Writes;
            while (download.BytesDone < (Block * 2) + Chunk)
            {
                Assert.AreEqual(DownloadStep.Working, download.Step());
            }

            Assert.AreEqual(writesAtStart, rig.Store.Writes, "no time has passed: no checkpoint");
            rig.Clock.Advance(499);
            while (download.BytesDone < Block * 4)
            {
                Assert.AreEqual(DownloadStep.Working, download.Step());
            }

            Assert.AreEqual(writesAtStart, rig.Store.Writes, "499 ms: not yet");
            rig.Clock.Advance(1);
            rig.RunToEnd(download);
            Assert.AreEqual(writesAtStart + 1, rig.Store.Writes, "one, and no more while the clock stands still");
            Assert.AreEqual(Block * 5, (int)rig.CheckpointOffset(), "at the first boundary after 500 ms");
            Assert.AreEqual(1, rig.Slot.Flushes);
        }

        [TestMethod]
        public void Checkpoint_IsNotWritten_WhenTheSlotCannotFlush_AndTheDownloadGoesOn()
        {
            Rig rig = new Rig();
            rig.Slot.FailFlush = true;
            FirmwareDownload download = rig.NewDownload(null);
            Assert.IsTrue(download.Begin(rig.Doc, "job-1", 1));
            int writesAtStart = rig.Store.Writes;
            rig.RunToEnd(download);
            Assert.AreEqual(writesAtStart, rig.Store.Writes);
            Assert.AreEqual(0L, rig.CheckpointOffset(), "the record still counts only what Begin saw");
            Assert.AreEqual(0, download.Checkpoints);
            rig.AssertSlotHoldsImageAndHasherItsDigest(download);
        }

        [TestMethod]
        public void Hasher_GivenToThePipeline_IsTheOneEveryStoredByteGoesThrough()
        {
            Rig rig = new Rig();
            CountingSha256 sha = new CountingSha256();
            FirmwareDownload download = rig.NewDownload(sha);
            Assert.IsTrue(sha == download.Hasher);
            Assert.IsTrue(download.Begin(rig.Doc, "job-1", 1));
            long identity = sha.Bytes; // the image id: signature text and size
            rig.RunToEnd(download);
            Assert.AreEqual((long)ImageSize, sha.Bytes - identity);
            Assert.AreEqual((long)ImageSize, sha.TotalLength);
            rig.AssertSlotHoldsImageAndHasherItsDigest(download);
        }

        [TestMethod]
        public void Hasher_DefaultsToTheCoresSha256()
        {
            Rig rig = new Rig();
            Assert.IsTrue(rig.NewDownload(null).Hasher is Sha256);
        }
    }
}
