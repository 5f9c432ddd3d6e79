using System;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace NfDevice.Cloud.WebConsole
{
    /// <summary>
    /// Wires the web console (Razor Pages under /console) into the control-plane host: cookie sign-in, anti-forgery,
    /// the cross-origin guard, the shipped assets and the live job feed. AWS routes are left to the SigV4 gate.
    /// </summary>
    internal static class ConsoleSetup
    {
        /// <summary>Every console URL starts here, apart from AWS IoT's REST routes.</summary>
        public const string Prefix = "/console";

        /// <summary>The session cookie's name.</summary>
        public const string SessionCookie = "nfcloud-console";

        /// <summary>The anti-forgery cookie's name.</summary>
        public const string AntiforgeryCookie = "nfcloud-console-csrf";

        /// <summary>
        /// True for a console URL (the SigV4 gate lets these through to the console's own checks): /console/... and
        /// GET / (which redirects there). POST / stays IAM's query protocol.
        /// </summary>
        public static bool IsConsolePath(HttpRequest request) =>
            request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase)
            || (request.Path == "/" && HttpMethods.IsGet(request.Method));

        /// <summary>Registers the console's services.</summary>
        public static void AddWebConsole(this IServiceCollection services, Emulator emulator, ConsoleSignIn signIn)
        {
            services.AddSingleton(emulator);
            services.AddSingleton(signIn);
            services.AddRazorPages(o =>
            {
                o.RootDirectory = "/WebConsole/Pages";
                o.Conventions.AuthorizeFolder("/");
                o.Conventions.AllowAnonymousToPage("/SignIn");
            });
            services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
            {
                o.Cookie.Name = SessionCookie;
                o.Cookie.HttpOnly = true;
                // Strict: a cross-site page can neither read nor ride the session, even by a top-level POST.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.Path = Prefix;
                o.LoginPath = Prefix + "/sign-in";
                o.AccessDeniedPath = Prefix + "/sign-in";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
            });
            services.AddAuthorization();
            services.AddAntiforgery(o =>
            {
                o.Cookie.Name = AntiforgeryCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.Path = Prefix;
                o.HeaderName = "X-CSRF-TOKEN";
            });
            services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        }

        /// <summary>Adds the console's middleware (call before the SigV4 gate) and endpoints.</summary>
        public static void UseWebConsole(this WebApplication app)
        {
            app.Use(OriginGuard.Middleware);
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapGet("/", (HttpContext ctx) => Results.Redirect(Prefix + "/jobs"));
            app.MapGet(Prefix, (HttpContext ctx) => Results.Redirect(Prefix + "/jobs"));
            app.MapGet(Prefix + "/assets/{name}", ConsoleAssets.Serve).AllowAnonymous();
            app.MapGet(Prefix + "/jobs/{jobId}/events", LiveJobFeed.StreamAsync).RequireAuthorization();
            app.MapRazorPages();
        }
    }
}
