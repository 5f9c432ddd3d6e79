using System;
using System.Collections.Concurrent;
using System.IO;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using NfDevice.Jobs.Tests.Net.Update;

namespace NfDevice.Benchmarks.Update
{
    /// <summary>What one measured run of an update-pipeline benchmark used.</summary>
    public readonly struct UpdateMemoryFigures
    {
        /// <summary>Bytes allocated on the running thread during one whole run.</summary>
        public readonly long Allocated;

        /// <summary>Highest GC.GetTotalMemory seen during the run minus its value just before (input image excluded).</summary>
        public readonly long PeakGrowth;

        /// <summary>Creates the figures.</summary>
        public UpdateMemoryFigures(long allocated, long peakGrowth)
        {
            Allocated = allocated;
            PeakGrowth = peakGrowth;
        }
    }

    /// <summary>
    /// Host-side measurement for <see cref="UpdatePipelineBenchmarks"/>: runs the benchmark's work once more in this
    /// process after a warm-up, with GC.GetAllocatedBytesForCurrentThread around it and GC.GetTotalMemory(false)
    /// sampled every 64 chunks, so the summary shows bytes per MB of image and the peak managed memory the run
    /// added, for each image size. MemoryDiagnoser's Allocated column gives the same per-operation total.
    /// </summary>
    public static class UpdateMemoryProbe
    {
        private static readonly ConcurrentDictionary<string, UpdateMemoryFigures> Cache = new ConcurrentDictionary<string, UpdateMemoryFigures>();

        /// <summary>Figures for <paramref name="method"/> (Pipeline or CopyLoop) on an image of <paramref name="sizeMb"/> MB.</summary>
        public static UpdateMemoryFigures Measure(string method, int sizeMb) =>
            Cache.GetOrAdd(method + "/" + sizeMb, _ => Run(method, sizeMb));

        /// <summary>
        /// Client-thread figures for an <see cref="UpdateS3Benchmarks"/> method: bytes allocated by the calling
        /// thread for one download (Kestrel's own threads excluded, unlike MemoryDiagnoser in-process); no peak.
        /// </summary>
        public static UpdateMemoryFigures MeasureS3(string method) =>
            Cache.GetOrAdd("s3/" + method, _ => RunS3(method));

        private static UpdateMemoryFigures RunS3(string method)
        {
            var bench = new UpdateS3Benchmarks();
            bench.Setup();
            try
            {
                Func<long> work = method switch
                {
                    nameof(UpdateS3Benchmarks.PlainGet) => bench.PlainGet,
                    nameof(UpdateS3Benchmarks.RangedClientOnly) => bench.RangedClientOnly,
                    nameof(UpdateS3Benchmarks.Pipeline) => bench.Pipeline,
                    _ => null,
                };
                if (work == null)
                {
                    return new UpdateMemoryFigures(-1, -1);
                }

                work();
                long before = GC.GetAllocatedBytesForCurrentThread();
                work();
                return new UpdateMemoryFigures(GC.GetAllocatedBytesForCurrentThread() - before, -1);
            }
            finally
            {
                bench.Cleanup();
            }
        }

        private static UpdateMemoryFigures Run(string method, int sizeMb)
        {
            byte[] image = UpdateRig.Image(sizeMb * 1024 * 1024);
            long peak = 0;
            Action sample = () =>
            {
                long now = GC.GetTotalMemory(false);
                if (now > peak)
                {
                    peak = now;
                }
            };

            Func<long> work;
            if (method == nameof(UpdatePipelineBenchmarks.Pipeline))
            {
                var rig = new UpdateRig(new ExactRangeHttp(image), image.Length, "http://127.0.0.1/firmware/app.bin");
                rig.Sample = sample;
                work = () => rig.Run();
            }
            else if (method == nameof(UpdatePipelineBenchmarks.CopyLoop))
            {
                var stream = new MemoryStream(image, false);
                var buffer = new byte[UpdateRig.Chunk];
                work = () => UpdatePipelineBenchmarks.Copy(stream, buffer, sample);
            }
            else
            {
                return new UpdateMemoryFigures(-1, -1);
            }

            work();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long before = GC.GetTotalMemory(true);
            peak = before;
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            work();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            sample();
            GC.KeepAlive(image);
            return new UpdateMemoryFigures(allocated, peak - before);
        }
    }

    /// <summary>A summary column computed by <see cref="UpdateMemoryProbe"/>.</summary>
    public sealed class UpdateMemoryColumn : IColumn
    {
        private readonly bool _perMb;

        private UpdateMemoryColumn(bool perMb) => _perMb = perMb;

        /// <summary>Bytes allocated per MB of image over a whole run (setup of the run included).</summary>
        public static readonly IColumn AllocatedPerMb = new UpdateMemoryColumn(true);

        /// <summary>Peak managed memory the run added.</summary>
        public static readonly IColumn PeakGrowth = new UpdateMemoryColumn(false);

        /// <inheritdoc />
        public string Id => _perMb ? "Update.AllocPerMB" : "Update.PeakManaged";

        /// <inheritdoc />
        public string ColumnName => _perMb ? "Alloc/MB" : "Peak managed +";

        /// <inheritdoc />
        public bool AlwaysShow => true;

        /// <inheritdoc />
        public ColumnCategory Category => ColumnCategory.Custom;

        /// <inheritdoc />
        public int PriorityInCategory => _perMb ? 0 : 1;

        /// <inheritdoc />
        public bool IsNumeric => true;

        /// <inheritdoc />
        public UnitType UnitType => UnitType.Size;

        /// <inheritdoc />
        public string Legend => _perMb
            ? "Bytes allocated per MB of image in one run by the calling thread, measured in the host process (GC.GetAllocatedBytesForCurrentThread; S3: the emulator's threads excluded)"
            : "Highest GC.GetTotalMemory during one run minus its value before the run (the input image excluded)";

        /// <inheritdoc />
        public bool IsAvailable(Summary summary) => true;

        /// <inheritdoc />
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        /// <inheritdoc />
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        /// <inheritdoc />
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            string method = benchmarkCase.Descriptor.WorkloadMethod.Name;
            int sizeMb;
            UpdateMemoryFigures f;
            if (benchmarkCase.Descriptor.Type == typeof(UpdateS3Benchmarks))
            {
                sizeMb = UpdateS3Benchmarks.ObjectSize / (1024 * 1024);
                f = UpdateMemoryProbe.MeasureS3(method);
            }
            else
            {
                object size = benchmarkCase.Parameters["SizeMB"];
                if (size == null)
                {
                    return "-";
                }

                sizeMb = (int)size;
                f = UpdateMemoryProbe.Measure(method, sizeMb);
            }

            if (f.Allocated < 0 || (!_perMb && f.PeakGrowth < 0))
            {
                return "-";
            }

            long value = _perMb ? f.Allocated / sizeMb : f.PeakGrowth;
            return value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " B";
        }

        /// <inheritdoc />
        public override string ToString() => ColumnName;
    }
}
