using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace NfDevice.Cloud.Tests.DesktopUpdate
{
    /// <summary>
    /// A raw HTTP/1.1 responder on 127.0.0.1 (any free port) for response heads S3 never sends (odd
    /// Content-Range values) and for the streaming check: it answers every request with the same head and
    /// body, sending the body's first <see cref="HoldAfter"/> bytes and then waiting for <see cref="Release"/>.
    /// Every wait is bounded; Dispose stops it.
    /// </summary>
    public sealed class CannedHttpServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly string _head;
        private readonly byte[] _body;
        private readonly SemaphoreSlim _release = new SemaphoreSlim(0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        private readonly Task _loop;
        private int _requests;

        /// <summary>Starts answering with status line + <paramref name="headers"/> (each "Name: value") and <paramref name="body"/>; Content-Length is added.</summary>
        public CannedHttpServer(string statusLine, string[] headers, byte[] body, int holdAfter = -1)
        {
            var head = new StringBuilder();
            head.Append("HTTP/1.1 ").Append(statusLine).Append("\r\n");
            foreach (string h in headers)
            {
                head.Append(h).Append("\r\n");
            }

            head.Append("Content-Length: ").Append(body.Length).Append("\r\nConnection: close\r\n\r\n");
            _head = head.ToString();
            _body = body;
            HoldAfter = holdAfter;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        /// <summary>Body bytes sent before waiting for <see cref="Release"/> (-1: send everything at once).</summary>
        public int HoldAfter { get; }

        /// <summary>Body bytes handed to the socket so far (all responses; counted as each write starts).</summary>
        public long BodyBytesSent;

        /// <summary>Requests answered.</summary>
        public int Requests => Volatile.Read(ref _requests);

        /// <summary>Last request head received.</summary>
        public string LastRequest { get; private set; }

        /// <summary>URL of the one resource (any path is answered the same).</summary>
        public string Url => "http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/firmware/app.bin";

        /// <summary>Lets a held response send the rest of its body.</summary>
        public void Release() => _release.Release();

        private async Task ServeAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    using TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    using NetworkStream stream = client.GetStream();
                    var request = new StringBuilder();
                    var one = new byte[1];
                    while (!request.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && request.Length < 16384)
                    {
                        if (await stream.ReadAsync(one, _stop.Token) == 0)
                        {
                            break;
                        }

                        request.Append((char)one[0]);
                    }

                    LastRequest = request.ToString();
                    Interlocked.Increment(ref _requests);
                    byte[] head = Encoding.ASCII.GetBytes(_head);
                    await stream.WriteAsync(head, _stop.Token);
                    int first = HoldAfter < 0 ? _body.Length : Math.Min(HoldAfter, _body.Length);
                    // Counted before the write: the client may read the bytes before this continuation runs again.
                    Interlocked.Add(ref BodyBytesSent, first);
                    await stream.WriteAsync(_body.AsMemory(0, first), _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                    if (first < _body.Length)
                    {
                        await _release.WaitAsync(_stop.Token);
                        Interlocked.Add(ref BodyBytesSent, _body.Length - first);
                        await stream.WriteAsync(_body.AsMemory(first), _stop.Token);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
            }
            catch (System.IO.IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _loop.Wait(TimeSpan.FromSeconds(5));
            _stop.Dispose();
            _release.Dispose();
        }
    }
}
