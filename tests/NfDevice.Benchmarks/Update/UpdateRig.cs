using System;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Tests.Net.Update;
using NfDevice.Jobs.Update;

namespace NfDevice.Benchmarks.Update
{
    /// <summary>
    /// One update pipeline (FirmwareDownload over a ranged client, a counting "null" slot and a one-record store),
    /// reused across runs so a run allocates only what Begin allocates (the image identity), never per chunk.
    /// </summary>
    public sealed class UpdateRig
    {
        /// <summary>Chunk (the one buffer) and checkpoint interval used by every update benchmark.</summary>
        public const int Chunk = 4096;

        /// <summary>Checkpoint every 64 KB (a multiple of the ESP32's 4 KB erase block).</summary>
        public const int Interval = 64 * 1024;

        private readonly FirmwareDownload _download;
        private readonly FirmwareDocument _document;

        /// <summary>Builds the pipeline over <paramref name="http"/> for an image of <paramref name="size"/> bytes at <paramref name="url"/>.</summary>
        public UpdateRig(IRangedHttpClient http, long size, string url)
        {
            Slot = new CountingSlot();
            Store = new FixedRecordStore();
            var clock = new StillClock();
            _download = new FirmwareDownload(http, Slot, Store, clock, clock, null, Chunk, Interval);
            _document = new FirmwareDocument
            {
                Url = url,
                Size = size,
                RawPayloadSize = size,
                Version = "2.0.0",
                Signature = "MEUCIQDbenchmarksignature",
                SignatureKind = SignatureKind.EcdsaSha256,
                Target = ImageKind.Deployment,
            };
        }

        /// <summary>The null slot.</summary>
        public CountingSlot Slot { get; }

        /// <summary>The checkpoint store.</summary>
        public FixedRecordStore Store { get; }

        /// <summary>Called every <paramref name="every"/> steps during <see cref="Run"/> (peak-memory sampling); null = none.</summary>
        public Action Sample;

        /// <summary>Downloads the whole image once; returns the slot's byte sum. Throws if the pipeline does not finish.</summary>
        public long Run(int every = 64)
        {
            if (!_download.Begin(_document, "job-bench", 1))
            {
                throw new InvalidOperationException("begin: " + _download.Detail);
            }

            DownloadStep step = DownloadStep.Working;
            int steps = 0;
            while (step == DownloadStep.Working)
            {
                step = _download.Step();
                if (Sample != null && ++steps % every == 0)
                {
                    Sample();
                }
            }

            if (step != DownloadStep.Downloaded || Slot.NextOffset != _document.Size)
            {
                throw new InvalidOperationException("download ended " + step + ": " + _download.Detail);
            }

            // Forget the checkpoint so the next Begin starts from zero (as a new job would).
            _download.Stop(true);
            return Slot.ByteSum;
        }

        /// <summary>Image of <paramref name="size"/> pseudo-random bytes (fixed seed).</summary>
        public static byte[] Image(int size)
        {
            var image = new byte[size];
            new Random(20261123).NextBytes(image);
            return image;
        }
    }
}
