using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.Control
{
    /// <summary>
    /// The single endpoint's front door: asks <see cref="ServiceRouter"/> which service a request is for and hands it
    /// to that service's handler, with the request-body bound of that service set before anything is read. AWS IoT
    /// control-plane requests (and unsigned ones: the web console, or the IoT gate's refusal) go on to the routes.
    /// </summary>
    public sealed class ServiceEdge
    {
        /// <summary>
        /// Bound on JSON/query control-plane bodies. The largest legitimate one is a CreateJob with a 32 KB document;
        /// AWS's own front end (API Gateway) stops at 10 MB. Kestrel enforces it while reading, so an oversized body
        /// is refused before it is buffered.
        /// </summary>
        public const long ControlPlaneMaxBodyBytes = 1024 * 1024;

        /// <summary>HttpContext.Items key holding the <see cref="ServiceRoute"/> of the request.</summary>
        public const string RouteItem = "nfdevice.route";

        private readonly Dictionary<string, (Func<HttpContext, ServiceRoute, Task> Handler, long? MaxBody)> _services =
            new Dictionary<string, (Func<HttpContext, ServiceRoute, Task>, long?)>(StringComparer.Ordinal);
        private readonly Action<string> _log;

        /// <summary>Creates the edge; <paramref name="log"/> receives one line per refusal.</summary>
        public ServiceEdge(Action<string> log) => _log = log ?? (_ => { });

        /// <summary>
        /// Serves <paramref name="service"/> (a <see cref="SigningNames"/> constant) with <paramref name="handler"/>;
        /// <paramref name="maxBodyBytes"/> null lifts the bound (S3 objects).
        /// </summary>
        public void Register(string service, Func<HttpContext, ServiceRoute, Task> handler, long? maxBodyBytes = ControlPlaneMaxBodyBytes) =>
            _services[service] = (handler, maxBodyBytes);

        /// <summary>Middleware entry (<c>app.Use(edge.InvokeAsync)</c>).</summary>
        public async Task InvokeAsync(HttpContext ctx, RequestDelegate next)
        {
            HttpRequest r = ctx.Request;
            ServiceRoute route = ServiceRouter.Route(r.Method, r.Path.Value ?? "/", name => Header(r, name), name => Query(r, name));
            ctx.Items[RouteItem] = route;
            var bodyLimit = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>();

            if (route.Service == null || route.Service == SigningNames.Iot)
            {
                if (bodyLimit != null && !bodyLimit.IsReadOnly) bodyLimit.MaxRequestBodySize = ControlPlaneMaxBodyBytes;
                await next(ctx).ConfigureAwait(false);
                return;
            }
            AwsProtocol protocol = SigV4Verifier.ProtocolOf(route.Service);
            if (!_services.TryGetValue(route.Service, out var served))
            {
                _log("http: " + r.Method + " " + r.Path + " for service " + route.Service + " (by " + route.Reason + "): not emulated");
                await new AwsError(400, "UnknownOperationException", "The emulator does not serve " + route.Service + " on this endpoint.")
                    .WriteAsync(ctx.Response, protocol).ConfigureAwait(false);
                return;
            }
            if (bodyLimit != null && !bodyLimit.IsReadOnly) bodyLimit.MaxRequestBodySize = served.MaxBody;
            try
            {
                await served.Handler(ctx, route).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                _log("http: " + r.Method + " " + r.Path + " refused: body larger than " + served.MaxBody + " bytes");
                if (!ctx.Response.HasStarted) await TooLarge(served.MaxBody ?? 0).WriteAsync(ctx.Response, protocol).ConfigureAwait(false);
            }
        }

        /// <summary>The error for a body over the bound (AWS's front ends answer 413).</summary>
        public static AwsError TooLarge(long limit) =>
            new AwsError(413, "RequestEntityTooLargeException", "The request body is larger than " + limit + " bytes.");

        private static string Header(HttpRequest r, string name) => r.Headers.TryGetValue(name, out var v) ? v.ToString() : null;

        private static string Query(HttpRequest r, string name) => r.Query.TryGetValue(name, out var v) ? v.ToString() : null;
    }
}
