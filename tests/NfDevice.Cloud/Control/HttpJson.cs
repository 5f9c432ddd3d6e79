using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.Control
{
    /// <summary>rest-json plumbing: bodies in, results and AWS errors out.</summary>
    internal static class HttpJson
    {
        public static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        /// <summary>Maps a route whose handler returns the response object (null = empty 200 body "{}").</summary>
        public static void Map(IEndpointRouteBuilder app, string method, string pattern, Func<HttpContext, Task<object>> handler)
        {
            app.MapMethods(pattern, new[] { method }, (RequestDelegate)(ctx => Run(ctx, handler)));
        }

        /// <summary>Synchronous variant.</summary>
        public static void Map(IEndpointRouteBuilder app, string method, string pattern, Func<HttpContext, object> handler) =>
            Map(app, method, pattern, ctx => Task.FromResult(handler(ctx)));

        private static async Task Run(HttpContext ctx, Func<HttpContext, Task<object>> handler)
        {
            object result;
            try
            {
                // A synchronous lambda that returns null binds to the Task overload: treat a null task as an empty result.
                Task<object> pending = handler(ctx);
                result = pending == null ? null : await pending.ConfigureAwait(false);
            }
            catch (AwsException ex)
            {
                await WriteError(ctx, ex).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await WriteError(ctx, new AwsException("InternalFailureException", 500, ex.GetType().Name + ": " + ex.Message)).ConfigureAwait(false);
                return;
            }
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            ctx.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            await ctx.Response.WriteAsync(result == null ? "{}" : JsonSerializer.Serialize(result, Options)).ConfigureAwait(false);
        }

        /// <summary>Writes AWS's rest-json error: status, x-amzn-ErrorType header, {"message":...} body.</summary>
        public static Task WriteError(HttpContext ctx, AwsException ex) =>
            new AwsError(ex.StatusCode, ex.ErrorType, ex.Message).WriteAsync(ctx.Response, AwsProtocol.RestJson);

        /// <summary>Route value as string.</summary>
        public static string Route(HttpContext ctx, string name) => ctx.Request.RouteValues[name] as string;

        /// <summary>Query value or null.</summary>
        public static string Query(HttpContext ctx, string name)
        {
            string v = ctx.Request.Query[name].ToString();
            return v.Length == 0 ? null : v;
        }

        /// <summary>True when ?name=true.</summary>
        public static bool QueryFlag(HttpContext ctx, string name) => string.Equals(Query(ctx, name), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>The JSON body (an empty object when there is none); malformed JSON is a SerializationException as AWS answers.</summary>
        public static async Task<JsonElement> Body(HttpContext ctx)
        {
            ctx.Request.EnableBuffering();
            ctx.Request.Body.Position = 0;
            using var reader = new StreamReader(ctx.Request.Body, leaveOpen: true);
            string text = await reader.ReadToEndAsync().ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(text)) text = "{}";
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new AwsException("SerializationException", 400, "Start of structure or map found where not expected.");
                return doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new AwsException("SerializationException", 400, "Unexpected character found in the request body.");
            }
        }

        /// <summary>A string member or null.</summary>
        public static string Str(JsonElement obj, string name)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind != JsonValueKind.String) throw AwsException.Invalid("Value at '" + name + "' must be a string.");
            return v.GetString();
        }

        /// <summary>An integer member or null.</summary>
        public static long? Long(JsonElement obj, string name)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long n)) throw AwsException.Invalid("Value at '" + name + "' must be an integer.");
            return n;
        }

        /// <summary>An object member or null.</summary>
        public static JsonElement? Obj(JsonElement obj, string name)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind != JsonValueKind.Object) throw AwsException.Invalid("Value at '" + name + "' must be a structure.");
            return v;
        }
    }
}
