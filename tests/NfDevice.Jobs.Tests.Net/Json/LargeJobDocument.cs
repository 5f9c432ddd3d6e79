using System.Text;

namespace NfDevice.Jobs.Tests.Net.Json
{
    /// <summary>
    /// A job document of about 32 KB shaped like a notify-next payload: an envelope, then a jobDocument with a
    /// long files array; the looked-up field sits near the end so a lookup walks the whole document.
    /// The benchmark (tests/NfDevice.Benchmarks/JsonBenchmarks.cs) builds the same shape.
    /// </summary>
    internal static class LargeJobDocument
    {
        public const int Files = 105;

        public const string Path = "execution.jobDocument.files[104].size";

        public static byte[] Build(out long expectedSize)
        {
            var sb = new StringBuilder();
            sb.Append("{\"timestamp\":1717395845,\"execution\":{\"jobId\":\"fleet-update-42\",\"status\":\"QUEUED\",\"queuedAt\":1717395800,");
            sb.Append("\"lastUpdatedAt\":1717395800,\"versionNumber\":1,\"executionNumber\":1,\"jobDocument\":{\"operation\":\"update\",\"files\":[");
            expectedSize = 0;
            for (int i = 0; i < Files; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                long size = 100000 + (i * 977);
                expectedSize = size;
                sb.Append("{\"name\":\"part-").Append(i).Append(".bin\",\"size\":").Append(size)
                  .Append(",\"sha256\":\"").Append(new string((char)('a' + (i % 6)), 64)).Append('"')
                  .Append(",\"url\":\"https://bucket.s3.amazonaws.com/fw/part-").Append(i).Append(".bin?X-Amz-Expires=1800&X-Amz-Signature=")
                  .Append(new string('0', 64)).Append("\",\"tags\":[\"a\",\"b\\u00e9\",1,true,null]}");
            }

            sb.Append("]}}}");
            return Encoding.UTF8.GetBytes(sb.ToString());
        }
    }
}
