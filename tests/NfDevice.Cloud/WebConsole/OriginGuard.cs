using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace NfDevice.Cloud.WebConsole
{
    /// <summary>
    /// Refuses a state-changing console request that a browser says came from another site: an Origin header other
    /// than this host, or Sec-Fetch-Site cross-site. SameSite cookies and anti-forgery tokens already stop a forged
    /// form; this is the third lock, and the one that still holds if the console is reached over --listen 0.0.0.0
    /// from a LAN page. Also sets the headers that keep console pages out of frames and foreign scripts.
    /// </summary>
    internal static class OriginGuard
    {
        public static async Task Middleware(HttpContext ctx, Func<Task> next)
        {
            if (!ConsoleSetup.IsConsolePath(ctx.Request))
            {
                await next().ConfigureAwait(false);
                return;
            }
            ctx.Response.Headers["X-Frame-Options"] = "DENY";
            ctx.Response.Headers["X-Content-Type-Options"] = "nosniff";
            ctx.Response.Headers["Referrer-Policy"] = "same-origin";
            // Every asset ships with the emulator: nothing may load from elsewhere, no inline script runs.
            ctx.Response.Headers["Content-Security-Policy"] =
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            if (!IsSafeMethod(ctx.Request.Method) && IsCrossOrigin(ctx.Request))
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                ctx.Response.ContentType = "text/plain; charset=utf-8";
                await ctx.Response.WriteAsync("Cross-origin request refused by the nf-device console.").ConfigureAwait(false);
                return;
            }
            await next().ConfigureAwait(false);
        }

        /// <summary>True when the browser marks the request as coming from a different origin than this host.</summary>
        public static bool IsCrossOrigin(HttpRequest request)
        {
            string site = request.Headers["Sec-Fetch-Site"].ToString();
            if (site == "cross-site" || site == "same-site") return true;
            string origin = request.Headers.Origin.ToString();
            if (origin.Length == 0) return false; // not a browser form or fetch (curl, tests): the token still guards it
            string self = request.Scheme + "://" + request.Host.Value;
            return !string.Equals(origin, self, StringComparison.OrdinalIgnoreCase);
        }

        private static bool IsSafeMethod(string method) =>
            HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
    }
}
