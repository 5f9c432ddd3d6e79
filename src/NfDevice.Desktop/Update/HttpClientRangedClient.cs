using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Platform;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Update
{
    /// <summary>
    /// Ranged GET with HttpClient: the head is read with ResponseHeadersRead and the body streamed from
    /// the network into the caller's buffer, so nothing proportional to the image is held in memory.
    /// </summary>
    public sealed class HttpClientRangedClient : IRangedHttpClient, IDisposable
    {
        private static readonly object SharedGate = new object();
        private static HttpClient s_shared;
        private readonly HttpClient _client;
        private readonly bool _ownsClient;
        private HttpResponseMessage _response;
        private Stream _body;
        private System.Threading.CancellationTokenSource _readTimeout = new System.Threading.CancellationTokenSource();

        /// <summary>Creates the client; <paramref name="timeout"/> bounds each request head and each read.</summary>
        public HttpClientRangedClient(TimeSpan timeout)
        {
            var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, ConnectTimeout = timeout };
            _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            _ownsClient = true;
            Timeout = timeout;
        }

        private HttpClientRangedClient(HttpClient shared, TimeSpan timeout)
        {
            _client = shared;
            Timeout = timeout;
        }

        /// <summary>
        /// A client over one process-wide connection pool, for many simulated devices in one process: the presigned URLs
        /// are per object, so devices can share connections, and ten thousand devices then need a few sockets and TLS
        /// sessions instead of one each. Disposing it leaves the pool open.
        /// </summary>
        public static HttpClientRangedClient Shared(TimeSpan timeout)
        {
            lock (SharedGate)
            {
                s_shared ??= new HttpClient(new SocketsHttpHandler
                {
                    AutomaticDecompression = DecompressionMethods.None,
                    ConnectTimeout = timeout,
                    PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
                })
                { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
                return new HttpClientRangedClient(s_shared, timeout);
            }
        }

        /// <summary>Time allowed for the response head and for each read.</summary>
        public TimeSpan Timeout { get; }

        /// <inheritdoc />
        public bool Open(string url, long from, long to, HttpRangeResponse response)
        {
            Close();
            response.Reset();
            try
            {
                // S3 presigned URLs must go out exactly as signed: no re-encoding of the query.
                if (!Uri.TryCreate(url, UriKind.Absolute, out Uri uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                {
                    // Not a URL HttpClient can fetch (e.g. a placeholder left unresolved): no response, never an exception into the agent.
                    response.Failure = "the document's URL is not an http(s) URL";
                    return false;
                }

                var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Range = new RangeHeaderValue(from, to < 0 ? null : to);
                using var cts = new System.Threading.CancellationTokenSource(Timeout);
                using (EngineScheduler.Blocking())
                {
                    _response = _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).GetAwaiter().GetResult();
                }

                response.StatusCode = (int)_response.StatusCode;
                response.ContentLength = _response.Content.Headers.ContentLength ?? -1;
                ContentRangeHeaderValue range = _response.Content.Headers.ContentRange;
                if (range != null && string.Equals(range.Unit, "bytes", StringComparison.OrdinalIgnoreCase))
                {
                    response.RangeStart = range.From ?? -1;
                    response.RangeEnd = range.To ?? -1;
                    response.RangeTotal = range.Length ?? -1;
                }

                _body = _response.Content.ReadAsStream();
                return true;
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is IOException || ex is OperationCanceledException || ex is InvalidOperationException || ex is NotSupportedException)
            {
                Close();
                response.Reset();
                response.Failure = ex is OperationCanceledException
                    ? "no response within " + ((int)Timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + " s"
                    : ExceptionText.WithCause(ex);
                return false;
            }
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count)
        {
            if (_body == null)
            {
                return -1;
            }

            try
            {
                // One token source for every read (reset, not reallocated) and no Task unless the read
                // really waits: the steady state of a download allocates nothing here.
                if (!_readTimeout.TryReset())
                {
                    _readTimeout.Dispose();
                    _readTimeout = new System.Threading.CancellationTokenSource();
                }

                _readTimeout.CancelAfter(Timeout);
                ValueTask<int> pending = _body.ReadAsync(buffer.AsMemory(offset, count), _readTimeout.Token);
                if (pending.IsCompletedSuccessfully) return pending.Result;
                using (EngineScheduler.Blocking()) return pending.AsTask().GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is IOException || ex is OperationCanceledException || ex is ObjectDisposedException)
            {
                return -1;
            }
        }

        /// <inheritdoc />
        public void Close()
        {
            _body?.Dispose();
            _body = null;
            _response?.Dispose();
            _response = null;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            Close();
            if (_ownsClient) _client.Dispose();
            _readTimeout.Dispose();
        }
    }
}
