using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NfDevice.Cloud.Aws
{
    /// <summary>A Kestrel HTTP server on loopback running one request handler (S3, IAM or Signer on their own ports).</summary>
    public sealed class LoopbackHttpServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private LoopbackHttpServer(WebApplication app, int port)
        {
            _app = app;
            Port = port;
        }

        /// <summary>The bound port.</summary>
        public int Port { get; }

        /// <summary>http://127.0.0.1:{Port}</summary>
        public Uri BaseUri => new Uri($"http://127.0.0.1:{Port}");

        /// <summary>Starts serving <paramref name="handler"/> on 127.0.0.1:<paramref name="port"/> (0 = any free port); no body size limit.</summary>
        public static async Task<LoopbackHttpServer> StartAsync(RequestDelegate handler, int port = 0, IPAddress address = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            // The default console lifetime would take Ctrl+C/SIGTERM for itself (stopping only this server and
            // keeping the process alive); whoever owns the server decides when it stops.
            builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, PassiveLifetime>();
            builder.WebHost.UseKestrel(o =>
            {
                o.Listen(address ?? IPAddress.Loopback, port);
                o.Limits.MaxRequestBodySize = null;
                o.AddServerHeader = false;
            });
            WebApplication app = builder.Build();
            app.Run(handler);
            await app.StartAsync();
            string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
            return new LoopbackHttpServer(app, new Uri(url).Port);
        }

        private sealed class PassiveLifetime : Microsoft.Extensions.Hosting.IHostLifetime
        {
            public Task WaitForStartAsync(System.Threading.CancellationToken cancellationToken) => Task.CompletedTask;
            public Task StopAsync(System.Threading.CancellationToken cancellationToken) => Task.CompletedTask;
        }

        /// <summary>Stops the server.</summary>
        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
