using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.Control
{
    /// <summary>
    /// Signs outgoing requests with an AWS SigV4 Authorization header (host;x-amz-date signed), as the AWS CLI does;
    /// used by `nfcloud provision` against a running emulator and by tests.
    /// </summary>
    public sealed class SigV4SigningHandler : DelegatingHandler
    {
        private readonly string _accessKeyId;
        private readonly string _secret;
        private readonly string _region;
        private readonly string _service;

        /// <summary>Creates the handler around <paramref name="inner"/>.</summary>
        public SigV4SigningHandler(string accessKeyId, string secret, HttpMessageHandler inner, string region = "us-east-1", string service = "iot")
            : base(inner ?? new HttpClientHandler())
        {
            _accessKeyId = accessKeyId;
            _secret = secret;
            _region = region;
            _service = service;
        }

        /// <summary>Time used for X-Amz-Date (tests move it to show expired signatures).</summary>
        public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

        /// <inheritdoc/>
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            byte[] body = request.Content == null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            string amzDate = SigV4.FormatAmzDate(Now());
            string date8 = amzDate.Substring(0, 8);
            request.Headers.Remove("X-Amz-Date");
            request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
            Uri uri = request.RequestUri;
            string host = uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port;
            var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["host"] = host, ["x-amz-date"] = amzDate };
            var signed = new List<string> { "host", "x-amz-date" };
            string canonical = SigV4.CanonicalRequest(request.Method.Method, SigV4.CanonicalUri(uri.AbsolutePath, _service),
                SigV4.CanonicalQuery(SigV4.ParseQuery(uri.Query)), signed, n => headers[n], SigV4.Sha256Hex(body));
            string scope = SigV4.Scope(date8, _region, _service);
            string signature = SigV4.Signature(SigV4.SigningKey(_secret, date8, _region, _service), SigV4.StringToSign(amzDate, scope, canonical));
            request.Headers.TryAddWithoutValidation("Authorization",
                SigV4.Algorithm + " Credential=" + _accessKeyId + "/" + scope + ", SignedHeaders=host;x-amz-date, Signature=" + signature);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
