using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace NfDevice.Cloud.Tests.Support
{
    /// <summary>
    /// Serves one image over plain HTTP/1.1 on 127.0.0.1 the way S3 answers a GET: <c>Range: bytes=a-b</c> (or
    /// <c>a-</c>) gives 206 with <c>Content-Range: bytes a-b/total</c>, no Range gives 200 with the whole object, a
    /// range that starts past the end gives 416. One connection per request (<c>Connection: close</c>).
    /// <see cref="CorruptOnce"/> flips one byte in the next response that carries it (a corruption in transit).
    /// </summary>
    public sealed class RangedImageServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _loop;
        private byte[] _image;
        private long _corruptAt = -1;
        private int _requests;

        /// <summary>Starts serving <paramref name="image"/> on a free loopback port.</summary>
        public RangedImageServer(byte[] image)
        {
            _image = image;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _loop = Task.Run(AcceptAsync);
        }

        /// <summary>URL of the object (any path is answered with it).</summary>
        public string Url => "http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/firmware/app.bin";

        /// <summary>Requests answered so far.</summary>
        public int Requests => Volatile.Read(ref _requests);

        /// <summary>Replaces the object served from the next request on.</summary>
        public void Serve(byte[] image) => Volatile.Write(ref _image, image);

        /// <summary>The next response whose body covers <paramref name="offset"/> carries that byte flipped; later ones are right.</summary>
        public void CorruptOnce(long offset) => Interlocked.Exchange(ref _corruptAt, offset);

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException || e is SocketException || e is ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    NetworkStream stream = client.GetStream();
                    string head = await ReadHeadAsync(stream);
                    if (head == null) return;
                    Interlocked.Increment(ref _requests);
                    byte[] image = Volatile.Read(ref _image);
                    long from = 0, to = image.Length - 1;
                    string status = "200 OK", range = null;
                    string requested = Header(head, "Range");
                    if (requested != null && requested.StartsWith("bytes=", StringComparison.Ordinal))
                    {
                        string[] parts = requested.Substring(6).Split('-');
                        from = long.Parse(parts[0]);
                        if (parts.Length > 1 && parts[1].Length > 0) to = Math.Min(long.Parse(parts[1]), image.Length - 1);
                        if (from >= image.Length)
                        {
                            await WriteAsync(stream, "416 Range Not Satisfiable", "Content-Range: bytes */" + image.Length + "\r\n", Array.Empty<byte>());
                            return;
                        }

                        status = "206 Partial Content";
                        range = "Content-Range: bytes " + from + "-" + to + "/" + image.Length + "\r\n";
                    }

                    byte[] body = new byte[to - from + 1];
                    Array.Copy(image, from, body, 0, body.Length);
                    long corrupt = Interlocked.Read(ref _corruptAt);
                    if (corrupt >= from && corrupt <= to && Interlocked.CompareExchange(ref _corruptAt, -1, corrupt) == corrupt)
                    {
                        body[corrupt - from] ^= 0x20;
                    }

                    await WriteAsync(stream, status, (range ?? string.Empty) + "Accept-Ranges: bytes\r\n", body);
                }
                catch (Exception e) when (e is System.IO.IOException || e is SocketException || e is ObjectDisposedException || e is OperationCanceledException)
                {
                    // The device went away mid-response (a kill): nothing to do.
                }
            }
        }

        private async Task<string> ReadHeadAsync(NetworkStream stream)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (head.Length < 16384)
            {
                if (await stream.ReadAsync(one, _stop.Token) == 0) return null;
                head.Append((char)one[0]);
                if (head.Length >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r') return head.ToString();
            }

            return null;
        }

        private static string Header(string head, string name)
        {
            foreach (string line in head.Split("\r\n"))
            {
                int colon = line.IndexOf(':');
                if (colon > 0 && string.Equals(line.Substring(0, colon).Trim(), name, StringComparison.OrdinalIgnoreCase)) return line.Substring(colon + 1).Trim();
            }

            return null;
        }

        private async Task WriteAsync(NetworkStream stream, string status, string headers, byte[] body)
        {
            string head = "HTTP/1.1 " + status + "\r\n" + headers + "Content-Type: application/octet-stream\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
            await stream.WriteAsync(body, _stop.Token);
            await stream.FlushAsync(_stop.Token);
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            try { _loop.Wait(TimeSpan.FromSeconds(5)); }
            catch (AggregateException) { }
            _stop.Dispose();
        }
    }
}
