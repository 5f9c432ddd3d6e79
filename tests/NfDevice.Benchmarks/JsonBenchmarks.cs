using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using NfDevice.Jobs.Json;
using NfDevice.Jobs.Protocol;

namespace NfDevice.Benchmarks
{
    /// <summary>
    /// Path lookup on a ~32 KB job document (the AWS maximum is 32768): the allocation-free scanner against
    /// System.Text.Json's JsonDocument (parse + lookup, the usual way) as the baseline, in the same run. Issue §7
    /// requires 0 B allocated per scanner lookup; JsonAllocationTests asserts the same as a behaviour.
    /// Run: dotnet run -c Release --project tests/NfDevice.Benchmarks -- --filter '*JsonBenchmarks*' --job short
    /// </summary>
    [MemoryDiagnoser]
    [OpCounts.OpCountColumns]
    public class JsonBenchmarks
    {
        private const int Files = 105;
        private const string Path = "execution.jobDocument.files[104].size";

        private byte[] _document;
        private byte[] _request;
        private JsonWriter _writer;
        private JobsReply _reply;
        private UpdateJobExecutionRequest _update;

        [GlobalSetup]
        public void Setup()
        {
            var sb = new StringBuilder();
            sb.Append("{\"timestamp\":1717395845,\"execution\":{\"jobId\":\"fleet-update-42\",\"status\":\"QUEUED\",\"queuedAt\":1717395800,");
            sb.Append("\"lastUpdatedAt\":1717395800,\"versionNumber\":1,\"executionNumber\":1,\"jobDocument\":{\"operation\":\"update\",\"files\":[");
            for (int i = 0; i < Files; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                sb.Append("{\"name\":\"part-").Append(i).Append(".bin\",\"size\":").Append(100000 + (i * 977))
                  .Append(",\"sha256\":\"").Append(new string((char)('a' + (i % 6)), 64)).Append('"')
                  .Append(",\"url\":\"https://bucket.s3.amazonaws.com/fw/part-").Append(i).Append(".bin?X-Amz-Expires=1800&X-Amz-Signature=")
                  .Append(new string('0', 64)).Append("\",\"tags\":[\"a\",\"b\\u00e9\",1,true,null]}");
            }

            sb.Append("]}}}");
            _document = Encoding.UTF8.GetBytes(sb.ToString());
            _request = new byte[512];
            _writer = new JsonWriter(_request, 0, _request.Length);
            _reply = new JobsReply();
            _update = new UpdateJobExecutionRequest { Status = JobExecutionStatus.InProgress, ExpectedVersion = 2, ClientToken = "tok-1" };

            long expected = 100000 + ((Files - 1) * 977);
            if (ScannerLookup() != expected || SystemTextJsonLookup() != expected || Utf8JsonReaderLookup() != expected
                || ScannerValidate() != JsonResult.Success || DocumentBytes > JsonLimits.MaxDocumentBytes)
            {
                throw new System.InvalidOperationException("benchmark setup: the lookups disagree or the document is too large");
            }
        }

        /// <summary>Runs the setup and returns the document's size in bytes (for per-byte figures).</summary>
        public int DocumentBytesAfterSetup()
        {
            Setup();
            return DocumentBytes;
        }

        /// <summary>Document size in bytes (shown in the summary as a parameter-free sanity check).</summary>
        public int DocumentBytes => _document.Length;

        [Benchmark(Baseline = true, Description = "System.Text.Json JsonDocument parse + path")]
        public long SystemTextJsonLookup()
        {
            using JsonDocument d = JsonDocument.Parse(_document);
            return d.RootElement.GetProperty("execution").GetProperty("jobDocument").GetProperty("files")[Files - 1].GetProperty("size").GetInt64();
        }

        [Benchmark(Description = "System.Text.Json Utf8JsonReader scan to path")]
        public long Utf8JsonReaderLookup()
        {
            // The lowest-level forward-only reader: walk until the 105th "size" under files.
            var reader = new Utf8JsonReader(_document);
            int seen = 0;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 5 && reader.ValueTextEquals("size"u8))
                {
                    reader.Read();
                    if (++seen == Files)
                    {
                        return reader.GetInt64();
                    }
                }
            }

            return -1;
        }

        [Benchmark(Description = "JsonScanner.Find + ReadInt64")]
        public long ScannerLookup()
        {
            JsonScanner.Find(_document, 0, _document.Length, Path, out int off, out int len, out JsonValueType type);
            JsonReader.ReadInt64(_document, off, len, out long value);
            return value;
        }

        [Benchmark(Description = "JsonScanner.Validate (whole document)")]
        public JsonResult ScannerValidate()
        {
            return JsonScanner.Validate(_document, 0, _document.Length);
        }

        [Benchmark(Description = "JobsReplies.Decode notify-next (32 KB)")]
        public long DecodeNotifyNext()
        {
            JobsReplies.Decode(_document, 0, _document.Length, JobsApi.NextJobExecutionChanged, JobsTopicKind.Event, _reply);
            return _reply.Execution.VersionNumber;
        }

        [Benchmark(Description = "JobsRequests.UpdateJobExecution into a reused writer")]
        public int EncodeUpdate()
        {
            _writer.Reset(_request, 0, _request.Length);
            JobsRequests.UpdateJobExecution(_writer, _update);
            return _writer.Length;
        }
    }
}
