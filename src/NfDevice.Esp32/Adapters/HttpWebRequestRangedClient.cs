using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Update;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>
    /// Ranged HTTPS GET with HttpWebRequest and AddRange ("Range" is a restricted header in
    /// nanoFramework's header collection, so HttpClient cannot send it). The body is read straight
    /// from GetResponseStream() into the caller's buffer: HttpContent.ReadAsStream would buffer the
    /// whole response in RAM.
    /// </summary>
    public sealed class HttpWebRequestRangedClient : IRangedHttpClient
    {
        private readonly X509Certificate _rootCa;
        private readonly int _timeoutMs;
        private readonly int _readTimeoutMs;
        private readonly SessionArbiter _arbiter;
        private readonly ILog _log;

        private HttpWebResponse _response;
        private Stream _body;
        private long _remaining;

        /// <summary>
        /// <paramref name="rootCa"/> validates the server (null: the CA bundle stored on the device);
        /// <paramref name="timeoutMs"/> bounds connect, TLS and response head;
        /// <paramref name="readTimeoutMs"/> bounds each wait for body bytes.
        /// </summary>
        public HttpWebRequestRangedClient(X509Certificate rootCa, int timeoutMs, int readTimeoutMs, SessionArbiter arbiter, ILog log)
        {
            _rootCa = rootCa;
            _timeoutMs = timeoutMs;
            _readTimeoutMs = readTimeoutMs;
            _arbiter = arbiter;
            _log = log;
        }

        /// <inheritdoc />
        public bool Open(string url, long from, long to, HttpRangeResponse response)
        {
            Close();
            response.Reset();

            // HttpWebRequest.AddRange takes int offsets; firmware images are far below 2 GB.
            if (url == null || from < 0 || from > int.MaxValue || to > int.MaxValue || (to >= 0 && to < from))
            {
                _log.Write(LogLevel.Error, "http: range " + from.ToString() + "-" + to.ToString() + " cannot be requested");
                response.Failure = "range cannot be requested";
                return false;
            }

            if (_arbiter != null)
            {
                _arbiter.DownloadOpening();
            }

            try
            {
                HttpWebRequest request = (HttpWebRequest)WebRequest.Create(url);
                request.Method = "GET";
                request.KeepAlive = false;
                request.Timeout = _timeoutMs;
                request.ReadWriteTimeout = _readTimeoutMs;

                // TLS 1.2 must be named explicitly, as in nanoFramework's HttpWebRequest sample.
                request.SslProtocols = SslProtocols.Tls12;
                request.SslVerification = SslVerification.CertificateRequired;
                if (_rootCa != null)
                {
                    request.HttpsAuthentCert = _rootCa;
                }

                if (to >= 0)
                {
                    request.AddRange((int)from, (int)to);
                }
                else
                {
                    request.AddRange((int)from);
                }

                // nanoFramework returns non-2xx responses (403, 416...) instead of throwing.
                _response = (HttpWebResponse)request.GetResponse();
                if (_response == null)
                {
                    Close();
                    response.Failure = "no response";
                    return false;
                }

                response.StatusCode = (int)_response.StatusCode;
                response.ContentLength = _response.ContentLength;
                ContentRange.Parse(_response.GetResponseHeader("Content-Range"), response);
                _body = _response.GetResponseStream();
                _remaining = response.ContentLength;
                _log.Write(LogLevel.Debug, "http: " + response.StatusCode.ToString() + " for bytes " + from.ToString() + "-"
                    + (to >= 0 ? to.ToString() : "") + ", " + response.ContentLength.ToString() + " bytes");
                return true;
            }
            catch (Exception ex)
            {
                string inner = ex.InnerException == null ? "" : " (" + ex.InnerException.Message + ")";
                _log.Write(LogLevel.Warning, "http: request failed: " + ex.Message + inner);
                Close();
                response.Failure = ex.Message + inner; // into the job's detail when the download gives up (never the URL)
                return false;
            }
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count)
        {
            if (_body == null || buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                return -1;
            }

            if (_remaining == 0 || count == 0)
            {
                return 0;
            }

            if (_remaining > 0 && count > _remaining)
            {
                count = (int)_remaining;
            }

            // The network stream wrapper can return 0 while bytes are still on their way; only the
            // Content-Length (or, without one, a 0 read) ends the body.
            long deadline = Environment.TickCount64 + _readTimeoutMs;
            while (true)
            {
                int read;
                try
                {
                    read = _body.Read(buffer, offset, count);
                }
                catch (Exception ex)
                {
                    _log.Write(LogLevel.Warning, "http: read failed: " + ex.Message);
                    return -1;
                }

                if (read > 0)
                {
                    if (_remaining > 0)
                    {
                        _remaining -= read;
                    }

                    return read;
                }

                if (_remaining < 0)
                {
                    return 0;
                }

                if (Environment.TickCount64 >= deadline)
                {
                    _log.Write(LogLevel.Warning, "http: no body bytes for " + (_readTimeoutMs / 1000).ToString() + " s");
                    return -1;
                }

                Thread.Sleep(10);
            }
        }

        /// <inheritdoc />
        public void Close()
        {
            Stream body = _body;
            HttpWebResponse response = _response;
            _body = null;
            _response = null;
            _remaining = 0;
            try
            {
                if (body != null)
                {
                    body.Dispose();
                }

                if (response != null)
                {
                    // Closes the socket and frees the TLS session's buffers.
                    response.Close();
                }
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Debug, "http: close: " + ex.Message);
            }

            if (_arbiter != null)
            {
                _arbiter.DownloadClosed();
            }
        }
    }
}
