using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.Control
{
    /// <summary>
    /// Signs outgoing requests with an AWS SigV4 Authorization header (through <see cref="SigV4Signer"/>), as the AWS CLI does;
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
            byte[] body = request.Content == null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            SigV4Signer.Sign(request, new AwsCredential(_accessKeyId, _secret), _region, _service, Now(), body);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
