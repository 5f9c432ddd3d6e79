using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Aws;
using NfDevice.Cloud.S3;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Tests.Fakes;
using NfDevice.Jobs.Tests.Update;
using NfDevice.Jobs.Update;

namespace NfDevice.Cloud.Tests.DesktopUpdate
{
    /// <summary>
    /// The desktop ranged client against the emulator's S3 (in-process, loopback, presigned URLs) and against a
    /// raw responder for heads S3 never sends: status and Content-Range mapping, body streaming, error mapping.
    /// </summary>
    [TestClass]
    public class HttpClientRangedClientTests
    {
        private const int ObjectSize = 300 * 1024 + 17;
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
        private static AwsCredential _admin;
        private static S3Endpoint _endpoint;
        private static S3Server _server;
        private static byte[] _object;

        [ClassInitialize]
        public static async Task StartS3(TestContext context)
        {
            var credentials = new AwsCredentialStore();
            _admin = credentials.CreateLongTerm();
            var store = new S3Store();
            Assert.IsTrue(store.CreateBucket("firmware"));
            _object = new byte[ObjectSize];
            new Random(7).NextBytes(_object);
            Assert.IsNotNull(store.PutObject("firmware", "app.bin", _object));
            _endpoint = new S3Endpoint(store, new SigV4Verifier(credentials));
            _server = await S3Server.StartAsync(_endpoint);
        }

        [ClassCleanup]
        public static async Task StopS3()
        {
            if (_server != null)
            {
                await _server.DisposeAsync();
            }
        }

        [TestInitialize]
        public void ClearFaults() => _endpoint.Faults.Clear();

        private static string Presigned(DateTimeOffset signedAt, long expiresSeconds = 3600) =>
            SigV4Signer.Presign("GET", new Uri(_server.BaseUri, "/firmware/app.bin"), _admin, "us-east-1", signedAt, expiresSeconds).AbsoluteUri;

        /// <summary>Reads the 8 KB a holding server sends before it waits (4 KB reads, each must return bytes).</summary>
        private static int ReadHeld(HttpClientRangedClient client, byte[] buffer)
        {
            int got = 0;
            for (int i = 0; i < 100 && got < 8192; i++)
            {
                int n = client.Read(buffer, got, 4096);
                Assert.IsTrue(n > 0, "read " + n);
                got += n;
            }

            return got;
        }

        private static HttpRangeResponse NewResponse()
        {
            var r = new HttpRangeResponse();
            r.Reset();
            return r;
        }

        private static byte[] ReadBody(HttpClientRangedClient client, int max, out int last)
        {
            var body = new byte[max];
            int total = 0;
            last = 1;
            for (int guard = 0; guard < 100000 && last > 0; guard++)
            {
                last = client.Read(body, total, Math.Min(4096, max - total));
                if (last > 0)
                {
                    total += last;
                }

                if (total == max)
                {
                    last = client.Read(new byte[1], 0, 1);
                    break;
                }
            }

            Array.Resize(ref body, total);
            return body;
        }

        private static byte[] Slice(byte[] data, long from, long toInclusive) => data.AsSpan((int)from, (int)(toInclusive - from + 1)).ToArray();

        [TestMethod]
        public void Open_Maps206AndContentRange_AndStreamsExactlyTheRange()
        {
            using var client = new HttpClientRangedClient(Timeout);
            HttpRangeResponse r = NewResponse();
            Assert.IsTrue(client.Open(Presigned(DateTimeOffset.UtcNow), 1000, 50999, r));
            Assert.AreEqual(206, r.StatusCode);
            Assert.AreEqual(1000L, r.RangeStart);
            Assert.AreEqual(50999L, r.RangeEnd);
            Assert.AreEqual((long)ObjectSize, r.RangeTotal);
            Assert.AreEqual(50000L, r.ContentLength);
            Assert.AreEqual(RangeVerdict.Accept, RangeCheck.Classify(r, 1000, 50999, ObjectSize));

            byte[] body = ReadBody(client, 60000, out int last);
            Assert.AreEqual(0, last, "end of body reads 0");
            CollectionAssert.AreEqual(Slice(_object, 1000, 50999), body);
        }

        [TestMethod]
        public void Open_SendsAnOpenEndedRange_WhenToIsMinusOne()
        {
            using var client = new HttpClientRangedClient(Timeout);
            HttpRangeResponse r = NewResponse();
            Assert.IsTrue(client.Open(Presigned(DateTimeOffset.UtcNow), ObjectSize - 100, -1, r));
            Assert.AreEqual(206, r.StatusCode);
            Assert.AreEqual((long)ObjectSize - 100, r.RangeStart);
            Assert.AreEqual((long)ObjectSize - 1, r.RangeEnd);
            CollectionAssert.AreEqual(Slice(_object, ObjectSize - 100, ObjectSize - 1), ReadBody(client, 1000, out _));
        }

        [TestMethod]
        public void Open_Maps200WithoutContentRange_WhenTheServerIgnoresRange()
        {
            _endpoint.Faults.IgnoreRangeTimes = 1;
            using var client = new HttpClientRangedClient(Timeout);
            HttpRangeResponse r = NewResponse();
            Assert.IsTrue(client.Open(Presigned(DateTimeOffset.UtcNow), 4096, 8191, r));
            Assert.AreEqual(200, r.StatusCode);
            Assert.AreEqual(-1L, r.RangeStart);
            Assert.AreEqual(-1L, r.RangeEnd);
            Assert.AreEqual(-1L, r.RangeTotal);
            Assert.AreEqual((long)ObjectSize, r.ContentLength);
            Assert.AreEqual(RangeVerdict.WholeImage, RangeCheck.Classify(r, 4096, 8191, ObjectSize));
            CollectionAssert.AreEqual(_object, ReadBody(client, ObjectSize + 10, out _));
        }

        [TestMethod]
        public void Open_ReportsTheShiftedRange_WhenContentRangeDoesNotMatch()
        {
            _endpoint.Faults.WrongContentRangeTimes = 1;
            using var client = new HttpClientRangedClient(Timeout);
            HttpRangeResponse r = NewResponse();
            Assert.IsTrue(client.Open(Presigned(DateTimeOffset.UtcNow), 0, 4095, r));
            Assert.AreEqual(206, r.StatusCode);
            Assert.AreEqual(1L, r.RangeStart);
            Assert.AreEqual(4096L, r.RangeEnd);
            Assert.AreEqual(RangeVerdict.Retry, RangeCheck.Classify(r, 0, 4095, ObjectSize));
        }

        [TestMethod]
        public void Open_Maps403_WhenThePresignedUrlHasExpired()
        {
            using var client = new HttpClientRangedClient(Timeout);
            HttpRangeResponse r = NewResponse();
            Assert.IsTrue(client.Open(Presigned(DateTimeOffset.UtcNow.AddHours(-2), 60), 0, 4095, r));
            Assert.AreEqual(403, r.StatusCode);
            Assert.AreEqual(-1L, r.RangeStart);
            Assert.AreEqual(RangeVerdict.UrlExpired, RangeCheck.Classify(r, 0, 4095, ObjectSize));
        }

        [TestMethod]
        public void Open_Maps403_WhenTheSignatureWasTampered()
        {
            string url = Presigned(DateTimeOffset.UtcNow);
            char lastChar = url[url.Length - 1];
            url = url.Substring(0, url.Length - 1) + (lastChar == '0' ? '1' : '0');
            using var client = new HttpClientRangedClient(Timeout);
            HttpRangeResponse r = NewResponse();
            Assert.IsTrue(client.Open(url, 0, 4095, r));
            Assert.AreEqual(403, r.StatusCode);
        }

        [TestMethod]
        public void Open_Maps416AndTheCompleteLength_WhenTheRangeStartsPastTheEnd()
        {
            using var client = new HttpClientRangedClient(Timeout);
            HttpRangeResponse r = NewResponse();
            Assert.IsTrue(client.Open(Presigned(DateTimeOffset.UtcNow), ObjectSize, ObjectSize + 4095, r));
            Assert.AreEqual(416, r.StatusCode);
            Assert.AreEqual(-1L, r.RangeStart);
            Assert.AreEqual(-1L, r.RangeEnd);
            Assert.AreEqual((long)ObjectSize, r.RangeTotal);
            Assert.AreEqual(RangeVerdict.Restart, RangeCheck.Classify(r, ObjectSize, ObjectSize + 4095, ObjectSize));
        }

        [TestMethod]
        public void Read_ReturnsMinusOne_WhenTheConnectionDropsMidBody()
        {
            _endpoint.Faults.DropTimes = 1;
            _endpoint.Faults.DropAfterBytes = 10000;
            using var client = new HttpClientRangedClient(Timeout);
            HttpRangeResponse r = NewResponse();
            Assert.IsTrue(client.Open(Presigned(DateTimeOffset.UtcNow), 0, 99999, r));
            Assert.AreEqual(206, r.StatusCode);
            byte[] body = ReadBody(client, 100000, out int last);
            Assert.AreEqual(-1, last);
            Assert.IsTrue(body.Length <= 10000, "read " + body.Length);
            CollectionAssert.AreEqual(Slice(_object, 0, body.Length - 1), body);
        }

        [TestMethod]
        public void Open_ReturnsFalse_WhenNothingListens()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            using var client = new HttpClientRangedClient(Timeout);
            HttpRangeResponse r = NewResponse();
            r.StatusCode = 206;
            Assert.IsFalse(client.Open("http://127.0.0.1:" + port + "/firmware/app.bin?X-Amz-Signature=secret", 0, 10, r));
            Assert.AreEqual(0, r.StatusCode);
            Assert.AreEqual(-1, client.Read(new byte[16], 0, 16));
            StringAssert.Contains(r.Failure, "Connection refused");
            Assert.IsFalse(r.Failure.Contains("secret", StringComparison.Ordinal) || r.Failure.Contains("app.bin", StringComparison.Ordinal), r.Failure);
        }

        [TestMethod]
        public void Open_ToAServerWhoseCertificateIsNotTrusted_SaysSoInItsFailure()
        {
            // The S3 root CA confusion (esp-idf#6158): the failure names the certificate problem, which FirmwareDownload
            // carries into the job's status detail when it gives up.
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=untrusted s3", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
            using var issued = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(issued.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var served = System.Threading.Tasks.Task.Run(() =>
            {
                using TcpClient accepted = listener.AcceptTcpClient();
                using var tls = new System.Net.Security.SslStream(accepted.GetStream());
                try { tls.AuthenticateAsServer(certificate); }
                catch (Exception e) when (e is System.Security.Authentication.AuthenticationException || e is System.IO.IOException) { } // the client hangs up
            });
            try
            {
                using var client = new HttpClientRangedClient(Timeout);
                HttpRangeResponse r = NewResponse();
                Assert.IsFalse(client.Open("https://127.0.0.1:" + port + "/app.bin?X-Amz-Signature=secret", 0, 10, r));
                StringAssert.Contains(r.Failure, "SSL connection could not be established");
                StringAssert.Contains(r.Failure, "certificate");
                Assert.IsFalse(r.Failure.Contains("secret", StringComparison.Ordinal), r.Failure);
                Assert.IsTrue(served.Wait(Timeout), "the server never saw the handshake");
            }
            finally { listener.Stop(); }
        }

        [TestMethod]
        public void FirmwareDownload_CompletesThroughTheClient_WithDropsIgnoredRangeAndAWrongContentRange()
        {
            int getsBefore = _endpoint.Faults.GetCount;
            _endpoint.Faults.DropTimes = 2;
            _endpoint.Faults.DropAfterBytes = 50000;
            using var client = new HttpClientRangedClient(Timeout);
            var slot = new MemorySlot();
            var clock = new FakeClock();
            var document = new FirmwareDocument
            {
                Url = Presigned(DateTimeOffset.UtcNow),
                Size = ObjectSize,
                RawPayloadSize = ObjectSize,
                Version = "2.0.0",
                Signature = "MEUCIQDsignature",
                SignatureKind = SignatureKind.EcdsaSha256,
                Target = ImageKind.Deployment,
            };
            var download = new FirmwareDownload(client, slot, new FakeStateStore(), clock, new FakeRandom { Mode = 1 }, null, 4096, 16384);
            Assert.IsTrue(download.Begin(document, "job-1", 1));
            DownloadStep step = DownloadStep.Working;
            int phase = 0;
            for (int i = 0; i < 10000 && (step == DownloadStep.Working || step == DownloadStep.Waiting); i++)
            {
                step = download.Step();
                if (step == DownloadStep.Waiting)
                {
                    clock.Advance(120000);
                }

                // After the two drops: cut the body and answer the reopen with a shifted Content-Range (retried),
                // later cut it again and answer with 200 and the whole object (hashing restarts from 0).
                if (phase == 0 && download.BytesDone > 100000)
                {
                    phase = 1;
                    _endpoint.Faults.WrongContentRangeTimes = 1;
                    client.Close();
                }
                else if (phase == 1 && download.BytesDone > 200000)
                {
                    phase = 2;
                    _endpoint.Faults.IgnoreRangeTimes = 1;
                    client.Close();
                }
            }

            Assert.AreEqual(2, phase);
            Assert.AreEqual(0, _endpoint.Faults.IgnoreRangeTimes + _endpoint.Faults.WrongContentRangeTimes + _endpoint.Faults.DropTimes, "every fault was served");
            Assert.AreEqual(DownloadStep.Downloaded, step, download.Detail);
            Assert.AreEqual(ObjectSize, slot.NextOffset);
            CollectionAssert.AreEqual(_object, slot.Data);
            Assert.AreEqual(6, _endpoint.Faults.GetCount - getsBefore, "two dropped, one cut, one shifted, one good, one 200");
        }

        [TestMethod]
        public void Read_ReturnsMinusOne_WhenTheServerStallsMidBody_SoTheDownloadReopensInsteadOfHanging()
        {
            // A server (or a link) that stops sending without closing: the read must give up after the client's timeout
            // (then FirmwareDownload reopens from the last byte hashed), not block the device for good (aws-iot-device-client#519).
            var body = new byte[64 * 1024];
            new Random(4).NextBytes(body);
            using var server = new CannedHttpServer("206 Partial Content", new[] { "Content-Range: bytes 0-65535/65536" }, body, holdAfter: 8192);
            // 3 s: short against the 20 s bound below, long enough that a loaded machine does not time out the reads of
            // the bytes the server did send.
            using var client = new HttpClientRangedClient(TimeSpan.FromSeconds(3));
            HttpRangeResponse r = NewResponse();
            Assert.IsTrue(client.Open(server.Url, 0, 65535, r));
            var buffer = new byte[body.Length];
            int got = ReadHeld(client, buffer);

            var waited = System.Diagnostics.Stopwatch.StartNew();
            int stalled = client.Read(buffer, got, 4096);
            waited.Stop();
            Assert.AreEqual(-1, stalled);
            // Generous: the server itself only gives up after 30 s, so an answer well before that is the client's timeout.
            Assert.IsTrue(waited.Elapsed < TimeSpan.FromSeconds(20), "the stalled read took " + waited.Elapsed);
            Assert.AreEqual(8192L, System.Threading.Interlocked.Read(ref server.BodyBytesSent), "the server sent more than it was holding");
        }

        [TestMethod]
        public void Open_ReturnsAfterTheHead_AndReadStreamsBeforeTheBodyIsSent()
        {
            // 1 MB body of which the server sends 8 KB and then waits: Open and the first reads must complete
            // without the rest, so the client is not buffering the response.
            var body = new byte[1024 * 1024];
            new Random(3).NextBytes(body);
            using var server = new CannedHttpServer("206 Partial Content", new[] { "Content-Range: bytes 0-1048575/1048576" }, body, holdAfter: 8192);
            using var client = new HttpClientRangedClient(Timeout);
            HttpRangeResponse r = NewResponse();
            Assert.IsTrue(client.Open(server.Url, 0, 1048575, r));
            Assert.AreEqual(206, r.StatusCode);
            Assert.AreEqual(1048576L, r.RangeTotal);
            Assert.AreEqual(1048576L, r.ContentLength);
            StringAssert.Contains(server.LastRequest, "Range: bytes=0-1048575");

            var buffer = new byte[body.Length];
            int got = ReadHeld(client, buffer);

            Assert.AreEqual(8192, got);
            Assert.AreEqual(8192L, System.Threading.Interlocked.Read(ref server.BodyBytesSent), "the server still holds the rest");
            server.Release();
            for (int i = 0; i < 100000 && got < body.Length; i++)
            {
                int n = client.Read(buffer, got, Math.Min(65536, body.Length - got));
                Assert.IsTrue(n > 0, "read " + n + " at " + got);
                got += n;
            }

            CollectionAssert.AreEqual(body, buffer);
        }

        [TestMethod]
        [DataRow("416 Range Not Satisfiable", "Content-Range: bytes */1000", 416, -1L, -1L, 1000L)]
        [DataRow("206 Partial Content", "Content-Range: BYTES 0-3/10", 206, 0L, 3L, 10L)]
        [DataRow("206 Partial Content", "Content-Range: bytes 0-3/*", 206, 0L, 3L, -1L)]
        [DataRow("206 Partial Content", "Content-Range: bytes 5-3/10", 206, -1L, -1L, -1L)]
        [DataRow("206 Partial Content", "Content-Range: bytes 0-3/3", 206, -1L, -1L, -1L)]
        [DataRow("206 Partial Content", "Content-Range: items 0-3/10", 206, -1L, -1L, -1L)]
        [DataRow("206 Partial Content", "Content-Range: garbage", 206, -1L, -1L, -1L)]
        [DataRow("206 Partial Content", "X-No-Range: 1", 206, -1L, -1L, -1L)]
        [DataRow("500 Internal Server Error", "X-Amz-Request-Id: 1", 500, -1L, -1L, -1L)]
        public void Open_MapsContentRangeHeaders_AsTheCoreParserDoes(string status, string header, int code, long start, long end, long total)
        {
            var body = new byte[4];
            using var server = new CannedHttpServer(status, new[] { header }, body);
            using var client = new HttpClientRangedClient(Timeout);
            HttpRangeResponse r = NewResponse();
            Assert.IsTrue(client.Open(server.Url, 0, 3, r));
            Assert.AreEqual(code, r.StatusCode);
            Assert.AreEqual(start, r.RangeStart, "start");
            Assert.AreEqual(end, r.RangeEnd, "end");
            Assert.AreEqual(total, r.RangeTotal, "total");

            // The platform client and the core parser must agree on every head (the device uses the core parser).
            int colon = header.IndexOf(':');
            HttpRangeResponse parsed = NewResponse();
            if (header.StartsWith("Content-Range:", StringComparison.Ordinal))
            {
                ContentRange.Parse(header.Substring(colon + 1), parsed);
            }

            Assert.AreEqual(parsed.RangeStart, r.RangeStart);
            Assert.AreEqual(parsed.RangeEnd, r.RangeEnd);
            Assert.AreEqual(parsed.RangeTotal, r.RangeTotal);
        }

        [TestMethod]
        [DataRow("not a url")]
        [DataRow("ftp://127.0.0.1/firmware/app.bin")]
        [DataRow("/firmware/app.bin")]
        public void Open_ReturnsFalse_ForAUrlItCannotRequest(string url)
        {
            // Core contract (IRangedHttpClient.Open): false if no response arrived; exceptions stay at the edge.
            using var client = new HttpClientRangedClient(Timeout);
            HttpRangeResponse r = NewResponse();
            Assert.IsFalse(client.Open(url, 0, 10, r));
            Assert.AreEqual(0, r.StatusCode);
        }
    }
}
