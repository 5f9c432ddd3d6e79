using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NfDevice.Cloud.Aws;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Control
{
    /// <summary>
    /// The AWS IoT Jobs data plane over HTTPS (botocore iot-jobs-data: GetPendingJobExecutions, DescribeJobExecution,
    /// StartNextPendingJobExecution, UpdateJobExecution), reached on the one endpoint by SigV4 scope "iot-jobs-data" or
    /// a `*.jobs.iot.*` Host (<see cref="ServiceRouter"/>) — the scope is what tells `GET /things/{t}/jobs` apart from
    /// the control plane's ListJobExecutionsForThing. Each call is the device MQTT request it mirrors, served by
    /// <see cref="JobsService.HandleDeviceRequest"/> for a one-off requester whose reply this class takes back.
    /// </summary>
    public sealed class JobsDataPlane : IJobsOutbox
    {
        private const string RequesterPrefix = "$http-jobs-data/";
        private readonly IJobsOutbox _mqtt;
        private readonly SigV4Verifier _verifier;
        private readonly ConcurrentDictionary<string, (string Topic, byte[] Payload)> _replies = new ConcurrentDictionary<string, (string, byte[])>(StringComparer.Ordinal);

        /// <summary>Wraps the MQTT outbox: replies to HTTP requesters stop here, everything else goes on to MQTT.</summary>
        public JobsDataPlane(IJobsOutbox mqtt, SigV4Verifier verifier)
        {
            _mqtt = mqtt;
            _verifier = verifier;
        }

        /// <summary>The Jobs service requests are served by (set once it exists).</summary>
        public JobsService Jobs { get; set; }

        /// <inheritdoc/>
        public void SendToClient(string clientId, string topic, byte[] payload)
        {
            if (clientId.StartsWith(RequesterPrefix, StringComparison.Ordinal)) _replies[clientId] = (topic, payload);
            else _mqtt.SendToClient(clientId, topic, payload);
        }

        /// <inheritdoc/>
        public void Publish(string topic, byte[] payload) => _mqtt.Publish(topic, payload);

        /// <summary>Serves one request (the edge has bounded its body).</summary>
        public async Task HandleAsync(HttpContext ctx)
        {
            var ms = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(ms).ConfigureAwait(false);
            byte[] body = ms.ToArray();
            SigV4Result auth = _verifier.Verify(ctx.Request, body, SigningNames.IotJobsData);
            if (!auth.Ok)
            {
                await auth.Error.WriteAsync(ctx.Response, AwsProtocol.RestJson).ConfigureAwait(false);
                return;
            }
            string[] seg = (ctx.Request.Path.Value ?? "/").Trim('/').Split('/');
            string method = ctx.Request.Method;
            JsonObject input;
            try { input = body.Length == 0 ? new JsonObject() : JsonNode.Parse(body) as JsonObject ?? throw new JsonException(); }
            catch (JsonException)
            {
                await new AwsError(400, "SerializationException", "Unexpected character found in the request body.").WriteAsync(ctx.Response, AwsProtocol.RestJson).ConfigureAwait(false);
                return;
            }
            if (seg.Length < 3 || seg[0] != "things" || seg[2] != "jobs" || seg.Length > 4)
            {
                await NotFound(ctx, method).ConfigureAwait(false);
                return;
            }
            string thing = Uri.UnescapeDataString(seg[1]);
            string prefix = "$aws/things/" + thing + "/jobs/";
            string topic;
            if (seg.Length == 3 && HttpMethods.IsGet(method)) topic = prefix + "get";
            else if (seg.Length == 4 && seg[3] == "$next" && HttpMethods.IsPut(method)) topic = prefix + "start-next";
            else if (seg.Length == 4 && HttpMethods.IsGet(method))
            {
                topic = prefix + Uri.UnescapeDataString(seg[3]) + "/get";
                // DescribeJobExecution's query parameters are the MQTT request's members.
                if (ctx.Request.Query.TryGetValue("includeJobDocument", out var include)) input["includeJobDocument"] = string.Equals(include, "true", StringComparison.OrdinalIgnoreCase);
                if (ctx.Request.Query.TryGetValue("executionNumber", out var number) && long.TryParse(number, out long n)) input["executionNumber"] = n;
            }
            else if (seg.Length == 4 && HttpMethods.IsPost(method)) topic = prefix + Uri.UnescapeDataString(seg[3]) + "/update";
            else
            {
                await NotFound(ctx, method).ConfigureAwait(false);
                return;
            }

            string requester = RequesterPrefix + Guid.NewGuid().ToString("N");
            Jobs.HandleDeviceRequest(requester, thing, topic, Encoding.UTF8.GetBytes(input.ToJsonString()));
            if (!_replies.TryRemove(requester, out var reply))
            {
                await new AwsError(503, "ServiceUnavailableException", "The Jobs service gave no answer.").WriteAsync(ctx.Response, AwsProtocol.RestJson).ConfigureAwait(false);
                return;
            }
            JsonObject answer = JsonNode.Parse(reply.Payload) as JsonObject ?? new JsonObject();
            if (reply.Topic.EndsWith("/rejected", StringComparison.Ordinal))
            {
                await ErrorOf(answer).WriteAsync(ctx.Response, AwsProtocol.RestJson).ConfigureAwait(false);
                return;
            }
            // The HTTP responses carry the MQTT reply's members without the MQTT-only ones.
            answer.Remove("timestamp");
            answer.Remove("clientToken");
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(answer.ToJsonString()).ConfigureAwait(false);
        }

        // The device API's error codes (reference aws-iot-jobs.md) as the data plane's HTTP exceptions (botocore iot-jobs-data).
        private static AwsError ErrorOf(JsonObject rejected)
        {
            string code = rejected["code"]?.GetValue<string>() ?? "InternalError";
            string message = rejected["message"]?.GetValue<string>() ?? code;
            return code switch
            {
                "ResourceNotFound" => new AwsError(404, "ResourceNotFoundException", message),
                "InvalidStateTransition" or "VersionMismatch" => new AwsError(409, "InvalidStateTransitionException", message),
                "TerminalStateReached" => new AwsError(410, "TerminalStateException", message),
                "RequestThrottled" => new AwsError(429, "ThrottlingException", message),
                "InternalError" => new AwsError(503, "ServiceUnavailableException", message),
                _ => new AwsError(400, "InvalidRequestException", message),
            };
        }

        private static Task NotFound(HttpContext ctx, string method) =>
            new AwsError(404, "UnknownOperationException", "Unknown operation " + method + " " + ctx.Request.Path + " for iot-jobs-data").WriteAsync(ctx.Response, AwsProtocol.RestJson);
    }
}
