using System;
using System.Collections.Generic;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace NfDevice.Cloud.Aws
{
    /// <summary>
    /// What SigV4 looks at in a request, as it was on the wire: method, raw (still encoded) path and query,
    /// headers by lowercase name. Built from an ASP.NET Core request, or by hand in tests.
    /// </summary>
    public sealed class SigV4Request
    {
        /// <summary>HTTP method (GET, PUT...).</summary>
        public string Method { get; init; } = "GET";

        /// <summary>Path as sent, percent-encoded (e.g. "/bucket/my%20key").</summary>
        public string RawPath { get; init; } = "/";

        /// <summary>Query as sent, without '?', percent-encoded ("" when none).</summary>
        public string RawQuery { get; init; } = "";

        /// <summary>Header values by lowercase name; repeated headers already joined with ','.</summary>
        public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

        /// <summary>Value of a header (lowercase name), or null.</summary>
        public string Header(string lowercaseName) => Headers.TryGetValue(lowercaseName, out string v) ? v : null;

        /// <summary>Decoded query parameters, in order.</summary>
        public List<KeyValuePair<string, string>> Query() => SigV4.ParseQuery(RawQuery);

        /// <summary>
        /// Reads an ASP.NET Core request. Uses the raw request target when the server provides it (Kestrel),
        /// because HttpRequest.Path is already decoded.
        /// </summary>
        public static SigV4Request From(HttpRequest request)
        {
            string rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
            string path, query;
            if (!string.IsNullOrEmpty(rawTarget) && rawTarget[0] == '/')
            {
                int q = rawTarget.IndexOf('?');
                path = q < 0 ? rawTarget : rawTarget.Substring(0, q);
                query = q < 0 ? "" : rawTarget.Substring(q + 1);
            }
            else
            {
                path = (request.PathBase + request.Path).ToUriComponent();
                query = request.QueryString.HasValue ? request.QueryString.Value.TrimStart('?') : "";
            }
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var h in request.Headers) headers[h.Key.ToLowerInvariant()] = h.Value.ToString();
            return new SigV4Request { Method = request.Method, RawPath = path, RawQuery = query, Headers = headers };
        }
    }
}
