using System;
using System.Net;
using System.Threading.Tasks;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.S3
{
    /// <summary>Hosts an <see cref="S3Endpoint"/> on its own loopback HTTP port (path-style S3, like <c>--endpoint-url http://127.0.0.1:port</c>).</summary>
    public sealed class S3Server : IAsyncDisposable
    {
        private readonly LoopbackHttpServer _server;

        private S3Server(LoopbackHttpServer server, S3Endpoint endpoint)
        {
            _server = server;
            Endpoint = endpoint;
        }

        /// <summary>The endpoint served.</summary>
        public S3Endpoint Endpoint { get; }

        /// <summary>The bound port.</summary>
        public int Port => _server.Port;

        /// <summary>http://127.0.0.1:{Port}</summary>
        public Uri BaseUri => _server.BaseUri;

        /// <summary>Starts serving on 127.0.0.1:<paramref name="port"/> (0 = any free port).</summary>
        public static async Task<S3Server> StartAsync(S3Endpoint endpoint, int port = 0, IPAddress address = null) =>
            new S3Server(await LoopbackHttpServer.StartAsync(endpoint.HandleAsync, port, address), endpoint);

        /// <summary>Stops the server.</summary>
        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
