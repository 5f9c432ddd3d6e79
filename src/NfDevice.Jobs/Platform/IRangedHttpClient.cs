namespace NfDevice.Jobs.Platform
{
    /// <summary>
    /// The head of an HTTP response to a ranged GET, as the platform read it. Reused across
    /// requests so that no allocation happens per chunk.
    /// </summary>
    public sealed class HttpRangeResponse
    {
        /// <summary>HTTP status code (206, 200, 403, 416...), or 0 if no response arrived (network error).</summary>
        public int StatusCode;

        /// <summary>First byte of Content-Range, or -1 if the header was absent or unreadable.</summary>
        public long RangeStart;

        /// <summary>Last byte (inclusive) of Content-Range, or -1 if absent.</summary>
        public long RangeEnd;

        /// <summary>Complete length from Content-Range (the number after '/'), or -1 if absent or '*'.</summary>
        public long RangeTotal;

        /// <summary>Content-Length, or -1 if absent.</summary>
        public long ContentLength;

        /// <summary>
        /// When no response arrived, why, in the platform's words (DNS, TLS, socket, timeout), or null. It goes into the
        /// job's status detail when the download gives up, so an S3 root CA the device does not trust is named there,
        /// not only in the device log. Never the URL: a presigned URL carries credentials.
        /// </summary>
        public string Failure;

        /// <summary>Clears every field to "absent".</summary>
        public void Reset()
        {
            StatusCode = 0;
            RangeStart = -1;
            RangeEnd = -1;
            RangeTotal = -1;
            ContentLength = -1;
            Failure = null;
        }
    }

    /// <summary>
    /// Ranged HTTPS GET for firmware download (HttpWebRequest + AddRange on the device, HttpClient
    /// with ResponseHeadersRead on .NET). One request is open at a time.
    /// </summary>
    public interface IRangedHttpClient
    {
        /// <summary>
        /// Sends GET <paramref name="url"/> with "Range: bytes=from-to" (<paramref name="to"/> inclusive;
        /// -1 for an open end) and fills <paramref name="response"/> from the response head.
        /// Returns false if no response arrived (DNS, TLS, socket or timeout), with <see cref="HttpRangeResponse.Failure"/>
        /// saying why where the platform can; the body is then closed.
        /// </summary>
        bool Open(string url, long from, long to, HttpRangeResponse response);

        /// <summary>
        /// Reads up to <paramref name="count"/> body bytes into <paramref name="buffer"/> at <paramref name="offset"/>.
        /// Returns the number read, 0 at the end of the body, or -1 on a network error.
        /// </summary>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>Closes the open response (safe to call when none is open).</summary>
        void Close();
    }
}
