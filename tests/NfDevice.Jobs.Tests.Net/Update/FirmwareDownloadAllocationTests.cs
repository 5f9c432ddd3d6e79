using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Update;

namespace NfDevice.Jobs.Tests.Net.Update
{
    /// <summary>
    /// Issue 3 §2/§6: one reusable buffer, nothing allocated per chunk. Measured with
    /// GC.GetAllocatedBytesForCurrentThread over thousands of steps, with fakes that allocate nothing themselves.
    /// </summary>
    [TestClass]
    public class FirmwareDownloadAllocationTests
    {
        private const int Chunk = 4096;
        private const int Interval = 16384;

        private static byte[] Image(int size)
        {
            var image = new byte[size];
            new Random(size).NextBytes(image);
            return image;
        }

        private static FirmwareDocument Document(int size) => new FirmwareDocument
        {
            Url = "http://127.0.0.1/bucket/app.bin",
            Size = size,
            RawPayloadSize = size,
            Version = "2.0.0",
            Signature = "MEUCIQDsignature",
            SignatureKind = SignatureKind.EcdsaSha256,
            Target = ImageKind.Deployment,
        };

        private static DownloadStep RunToEnd(FirmwareDownload download, int maxSteps)
        {
            DownloadStep step = DownloadStep.Working;
            for (int i = 0; i < maxSteps && step == DownloadStep.Working; i++)
            {
                step = download.Step();
            }

            return step;
        }

        [TestMethod]
        public void Step_AllocatesNothingPerChunk_InTheSteadyState()
        {
            const int size = 4 * 1024 * 1024;
            byte[] image = Image(size);
            var http = new ExactRangeHttp(image);
            var slot = new CountingSlot();
            var store = new FixedRecordStore();
            var clock = new StillClock();

            // Warm-up: one whole download so every path is jitted and every static initialised.
            var warm = new FirmwareDownload(http, slot, store, clock, clock, null, Chunk, Interval);
            Assert.IsTrue(warm.Begin(Document(size), "job-warm", 1));
            Assert.AreEqual(DownloadStep.Downloaded, RunToEnd(warm, 10000));

            var download = new FirmwareDownload(http, slot, store, clock, clock, null, Chunk, Interval);
            Assert.IsTrue(download.Begin(Document(size), "job-1", 1));
            for (int i = 0; i < 8; i++)
            {
                Assert.AreEqual(DownloadStep.Working, download.Step());
            }

            int writesBefore = store.Writes;
            int steps = 0;
            long worstStep = 0;
            long worstAt = -1;
            DownloadStep step = DownloadStep.Working;
            long start = GC.GetAllocatedBytesForCurrentThread();
            while (step == DownloadStep.Working && steps < 10000)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                step = download.Step();
                long used = GC.GetAllocatedBytesForCurrentThread() - before;
                if (used > worstStep)
                {
                    worstStep = used;
                    worstAt = download.BytesDone;
                }

                steps++;
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - start;
            Assert.AreEqual(DownloadStep.Downloaded, step);
            Assert.AreEqual(size, slot.NextOffset);
            Assert.IsTrue(steps > 1000, "steps " + steps);
            Assert.IsTrue(store.Writes - writesBefore > 200, "checkpoints taken while measuring: " + (store.Writes - writesBefore));
            Assert.AreEqual(0L, allocated, "bytes allocated over " + steps + " steps; worst step " + worstStep + " bytes at offset " + worstAt);
        }

        [TestMethod]
        public void Step_AllocatesNothingPerChunk_WithSmallChunksAndFrequentCheckpoints()
        {
            // 256-byte chunks (the smallest buffer), a checkpoint every 1 KB: many more checkpoint saves per byte.
            const int size = 512 * 1024;
            byte[] image = Image(size);
            var http = new ExactRangeHttp(image);
            var slot = new CountingSlot();
            var store = new FixedRecordStore();
            var clock = new StillClock();
            var warm = new FirmwareDownload(http, slot, store, clock, clock, null, 256, 1024);
            Assert.IsTrue(warm.Begin(Document(size), "job-warm", 1));
            Assert.AreEqual(DownloadStep.Downloaded, RunToEnd(warm, 10000));

            var download = new FirmwareDownload(http, slot, store, clock, clock, null, 256, 1024);
            Assert.IsTrue(download.Begin(Document(size), "job-1", 1));
            Assert.AreEqual(DownloadStep.Working, download.Step());
            Assert.AreEqual(DownloadStep.Working, download.Step());

            long start = GC.GetAllocatedBytesForCurrentThread();
            DownloadStep step = RunToEnd(download, 10000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - start;

            Assert.AreEqual(DownloadStep.Downloaded, step);
            Assert.AreEqual(size, slot.NextOffset);
            Assert.AreEqual(0L, allocated);
        }

        [TestMethod]
        public void Step_HashesTheImage_SoTheMeasuredLoopDoesRealWork()
        {
            // The measured loop above must be the real pipeline: the checkpoint it leaves holds the SHA-256
            // midstate of the bytes served, and the slot received every byte.
            const int size = 64 * 1024;
            byte[] image = Image(size);
            var http = new ExactRangeHttp(image);
            var slot = new CountingSlot();
            var store = new FixedRecordStore();
            var clock = new StillClock();
            var download = new FirmwareDownload(http, slot, store, clock, clock, null, Chunk, Interval);
            Assert.IsTrue(download.Begin(Document(size), "job-1", 1));
            for (int i = 0; i < 6; i++)
            {
                Assert.AreEqual(DownloadStep.Working, download.Step());
            }

            // Step 1 opens the range, steps 2-5 move 16 KB and checkpoint at 16384, step 6 moves 4 KB more.
            var checkpoint = new DownloadCheckpoint();
            Assert.IsTrue(checkpoint.Decode(store.Read(DownloadCheckpoint.RecordName)));
            Assert.AreEqual((long)Interval, checkpoint.Offset);
            var sha = new NfDevice.Jobs.Crypto.Sha256();
            sha.Update(image, 0, Interval);
            var expected = new byte[NfDevice.Jobs.Crypto.Sha256.MidstateSize];
            sha.SaveMidstate(expected, 0);
            CollectionAssert.AreEqual(expected, checkpoint.Midstate);

            long sum = 0;
            foreach (byte b in image)
            {
                sum += b;
            }

            Assert.AreEqual(DownloadStep.Downloaded, RunToEnd(download, 1000));
            Assert.AreEqual(sum, slot.ByteSum);
            Assert.AreEqual(size / Chunk, slot.Chunks);
        }
    }
}
