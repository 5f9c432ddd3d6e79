using System;
using System.IO;
using System.Net.Http;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NfDevice.Benchmarks.Update;
using NfDevice.Cloud.Aws;
using NfDevice.Cloud.S3;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Tests.Net.Update;

namespace NfDevice.Benchmarks
{
    /// <summary>
    /// A short in-process job (3 warm-ups, 5 iterations, one launch) so the update benchmarks finish in a few
    /// minutes on 2 cores; in-process also keeps the emulator's S3 on loopback in the same process.
    /// </summary>
    public sealed class UpdateBenchmarkConfig : ManualConfig
    {
        /// <summary>Creates the config.</summary>
        public UpdateBenchmarkConfig()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5)
                .WithToolchain(InProcessEmitToolchain.Instance).WithId("UpdateShort"));
            AddColumn(UpdateMemoryColumn.AllocatedPerMb, UpdateMemoryColumn.PeakGrowth);
        }
    }

    /// <summary>
    /// Issue 3 §6, update pipeline over in-memory fakes: FirmwareDownload (ranged reads, SHA-256, slot writes,
    /// a checkpoint every 64 KB) against a plain copy of the same bytes from a MemoryStream (the baseline), for a
    /// 1 MB and a 16 MB image. Allocated (MemoryDiagnoser) must not grow with the image; the Alloc/MB and
    /// Peak managed + columns are measured in the host (see <see cref="UpdateMemoryProbe"/>).
    /// Run: dotnet run -c Release --project tests/NfDevice.Benchmarks -- --filter '*UpdatePipeline*'
    /// </summary>
    [MemoryDiagnoser]
    [Config(typeof(UpdateBenchmarkConfig))]
    public class UpdatePipelineBenchmarks
    {
        private byte[] _image;
        private MemoryStream _stream;
        private byte[] _buffer;
        private UpdateRig _rig;

        /// <summary>Image size in MB.</summary>
        [Params(1, 16)]
        public int SizeMB { get; set; }

        /// <summary>Image, stream and pipeline.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _image = UpdateRig.Image(SizeMB * 1024 * 1024);
            _stream = new MemoryStream(_image, false);
            _buffer = new byte[UpdateRig.Chunk];
            _rig = new UpdateRig(new ExactRangeHttp(_image), _image.Length, "http://127.0.0.1/firmware/app.bin");
        }

        /// <summary>Reads the image from a MemoryStream into one 4 KB buffer.</summary>
        [Benchmark(Baseline = true)]
        public long CopyLoop() => Copy(_stream, _buffer, null);

        /// <summary>Downloads the image through FirmwareDownload into the null slot.</summary>
        [Benchmark]
        public long Pipeline() => _rig.Run();

        /// <summary>The baseline's loop (shared with the host-side probe).</summary>
        public static long Copy(MemoryStream stream, byte[] buffer, Action sample)
        {
            stream.Position = 0;
            long total = 0;
            int n;
            int chunks = 0;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += n;
                if (sample != null && ++chunks % 64 == 0)
                {
                    sample();
                }
            }

            return total;
        }
    }

    /// <summary>
    /// Issue 3 §6, throughput against the emulator: a 16 MB object in the emulator's S3 (in-process, loopback,
    /// presigned URL) downloaded by HttpClientRangedClient + FirmwareDownload into the null slot, against a plain
    /// HttpClient GET of the same URL read into a 4 KB buffer (the baseline; Ratio = pipeline time / GET time).
    /// RangedClientOnly reads the same range through HttpClientRangedClient without the pipeline (client overhead
    /// alone). MemoryDiagnoser's Allocated includes the in-process emulator's (Kestrel's) allocations; the Alloc/MB
    /// column counts the downloading thread only. Run: dotnet run -c Release --project tests/NfDevice.Benchmarks -- --filter '*UpdateS3*'
    /// </summary>
    [MemoryDiagnoser]
    [Config(typeof(UpdateBenchmarkConfig))]
    public class UpdateS3Benchmarks
    {
        /// <summary>Size of the object downloaded.</summary>
        public const int ObjectSize = 16 * 1024 * 1024;
        private S3Server _server;
        private string _url;
        private HttpClient _plain;
        private HttpClientRangedClient _ranged;
        private UpdateRig _rig;
        private readonly byte[] _buffer = new byte[UpdateRig.Chunk];
        private readonly NfDevice.Jobs.Platform.HttpRangeResponse _response = new NfDevice.Jobs.Platform.HttpRangeResponse();

        /// <summary>Starts S3 on a free loopback port with one 16 MB object and presigns its URL.</summary>
        [GlobalSetup]
        public void Setup()
        {
            var credentials = new AwsCredentialStore();
            AwsCredential admin = credentials.CreateLongTerm();
            var store = new S3Store();
            store.CreateBucket("firmware");
            store.PutObject("firmware", "app.bin", UpdateRig.Image(ObjectSize));
            _server = S3Server.StartAsync(new S3Endpoint(store, new SigV4Verifier(credentials))).GetAwaiter().GetResult();
            _url = SigV4Signer.Presign("GET", new Uri(_server.BaseUri, "/firmware/app.bin"), admin, "us-east-1", DateTimeOffset.UtcNow, 3600).AbsoluteUri;
            _plain = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(60) };
            _ranged = new HttpClientRangedClient(TimeSpan.FromSeconds(30));
            _rig = new UpdateRig(_ranged, ObjectSize, _url);
            if (PlainGet() != ObjectSize || RangedClientOnly() != ObjectSize)
            {
                throw new InvalidOperationException("S3 did not serve the whole object");
            }

            _rig.Run();
        }

        /// <summary>Stops S3.</summary>
        [GlobalCleanup]
        public void Cleanup()
        {
            _ranged.Dispose();
            _plain.Dispose();
            _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        /// <summary>GET with HttpClient (ResponseHeadersRead), body read into a 4 KB buffer.</summary>
        [Benchmark(Baseline = true)]
        public long PlainGet()
        {
            using HttpResponseMessage response = _plain.GetAsync(_url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
            using Stream body = response.Content.ReadAsStream();
            long total = 0;
            int n;
            while ((n = body.Read(_buffer, 0, _buffer.Length)) > 0)
            {
                total += n;
            }

            return total;
        }

        /// <summary>One ranged GET of the whole object through HttpClientRangedClient, 4 KB reads, no hashing.</summary>
        [Benchmark]
        public long RangedClientOnly()
        {
            _response.Reset();
            if (!_ranged.Open(_url, 0, ObjectSize - 1, _response) || _response.StatusCode != 206)
            {
                throw new InvalidOperationException("status " + _response.StatusCode);
            }

            long total = 0;
            int n;
            while ((n = _ranged.Read(_buffer, 0, _buffer.Length)) > 0)
            {
                total += n;
            }

            _ranged.Close();
            return total;
        }

        /// <summary>HttpClientRangedClient + FirmwareDownload (SHA-256, checkpoints) into the null slot.</summary>
        [Benchmark]
        public long Pipeline() => _rig.Run();
    }
}
