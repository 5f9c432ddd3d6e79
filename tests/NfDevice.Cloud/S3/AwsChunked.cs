using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace NfDevice.Cloud.S3
{
    /// <summary>
    /// Decodes S3's aws-chunked body (S3 API Reference "Signature calculations for the Authorization header:
    /// Transferring payload in multiple chunks"): <c>hex-size[;chunk-signature=...]\r\ndata\r\n</c> ... a zero-size
    /// chunk, then optional trailers (x-amz-checksum-*) and a blank line. Chunk signatures are not verified
    /// (the seed signature in the Authorization header is).
    /// </summary>
    public static class AwsChunked
    {
        /// <summary>Decodes <paramref name="body"/>; false when it is not well-formed.</summary>
        public static bool TryDecode(byte[] body, out byte[] decoded)
        {
            decoded = null;
            var output = new MemoryStream();
            int i = 0;
            while (true)
            {
                int lineEnd = IndexOfCrlf(body, i);
                if (lineEnd < 0) return false;
                string header = Encoding.ASCII.GetString(body, i, lineEnd - i);
                int semi = header.IndexOf(';');
                string hex = (semi < 0 ? header : header.Substring(0, semi)).Trim();
                if (!long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long size) || size < 0) return false;
                i = lineEnd + 2;
                if (size == 0) break;
                if (i + size + 2 > body.Length || body[i + size] != '\r' || body[i + size + 1] != '\n') return false;
                output.Write(body, i, (int)size);
                i += (int)size + 2;
            }
            decoded = output.ToArray();
            return true;
        }

        private static int IndexOfCrlf(byte[] b, int from)
        {
            for (int i = from; i + 1 < b.Length; i++)
                if (b[i] == '\r' && b[i + 1] == '\n') return i;
            return -1;
        }
    }
}
