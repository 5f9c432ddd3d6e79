using System;
using System.Net.Http;
using System.Threading.Tasks;
using NfDevice.Cloud.Aws;
using NfDevice.Cloud.S3;

namespace NfDevice.Cloud.Tests
{
    /// <summary>An S3 endpoint on a free loopback port, an admin key, and a signing HttpClient helper.</summary>
    internal sealed class S3Fixture : IAsyncDisposable
    {
        public AwsCredentialStore Credentials { get; } = new AwsCredentialStore();
        public AwsCredential Admin { get; }
        public S3Store Store { get; } = new S3Store();
        public S3Endpoint Endpoint { get; }
        public S3Server Server { get; private set; }
        public HttpClient Http { get; } = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        public SigV4Verifier Verifier { get; }

        private S3Fixture()
        {
            Admin = Credentials.CreateLongTerm();
            Verifier = new SigV4Verifier(Credentials);
            Endpoint = new S3Endpoint(Store, Verifier);
        }

        public static async Task<S3Fixture> StartAsync()
        {
            var f = new S3Fixture();
            f.Server = await S3Server.StartAsync(f.Endpoint);
            return f;
        }

        public Uri Url(string pathAndQuery) => new Uri(Server.BaseUri, pathAndQuery);

        public Task<HttpResponseMessage> SendSignedAsync(HttpMethod method, string pathAndQuery, byte[] body = null, Action<HttpRequestMessage> tweak = null)
        {
            var msg = new HttpRequestMessage(method, Url(pathAndQuery));
            if (body != null) msg.Content = new ByteArrayContent(body);
            tweak?.Invoke(msg);
            SigV4Signer.Sign(msg, Admin, "us-east-1", "s3", DateTimeOffset.UtcNow, body);
            return Http.SendAsync(msg);
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Server.DisposeAsync();
        }
    }
}
