using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.Signer
{
    /// <summary>
    /// Signer's REST-JSON routes (AWS Signer API Reference): PUT/GET /signing-profiles/{profileName},
    /// GET /signing-platforms, POST /signing-jobs, GET /signing-jobs/{jobId}, GET /signing-jobs; plus the
    /// emulator's own GET /signing-profiles/{profileName}/certificate (PEM). SigV4 service "signer".
    /// </summary>
    public sealed class SignerEndpoint
    {
        private readonly SignerService _signer;
        private readonly SigV4Verifier _verifier;

        /// <summary>Creates the endpoint.</summary>
        public SignerEndpoint(SignerService signer, SigV4Verifier verifier)
        {
            _signer = signer ?? throw new ArgumentNullException(nameof(signer));
            _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        }

        /// <summary>Handles one request.</summary>
        public async Task HandleAsync(HttpContext context)
        {
            var ms = new MemoryStream();
            await context.Request.Body.CopyToAsync(ms);
            byte[] body = ms.ToArray();
            SigV4Result auth = _verifier.Verify(context.Request, body, "signer");
            if (!auth.Ok)
            {
                await auth.Error.WriteAsync(context.Response, AwsProtocol.RestJson);
                return;
            }
            string[] seg = context.Request.Path.Value.Trim('/').Split('/');
            string method = context.Request.Method;
            try
            {
                JsonNode input = body.Length > 0 ? JsonNode.Parse(body) : new JsonObject();
                object result = (seg[0], seg.Length, method) switch
                {
                    ("signing-platforms", 1, "GET") => Platforms(),
                    ("signing-profiles", 2, "PUT") => PutProfile(seg[1], input),
                    ("signing-profiles", 2, "GET") => Profile(_signer.GetSigningProfile(seg[1])),
                    ("signing-profiles", 3, "GET") when seg[2] == "certificate" => new Pem(_signer.ExportCertificatePem(seg[1])),
                    ("signing-jobs", 1, "POST") => StartJob(input),
                    ("signing-jobs", 2, "GET") => Job(_signer.DescribeSigningJob(seg[1]), full: true),
                    ("signing-jobs", 1, "GET") => new JsonObject
                    {
                        ["jobs"] = new JsonArray(_signer.ListSigningJobs(context.Request.Query["status"].FirstOrDefault(), context.Request.Query["platformId"].FirstOrDefault())
                            .Select(j => (JsonNode)Job(j, full: false)).ToArray()),
                    },
                    _ => throw new SignerException(404, "ResourceNotFoundException", $"No route for {method} {context.Request.Path}"),
                };
                if (result is Pem pem)
                {
                    context.Response.ContentType = "application/x-pem-file";
                    await context.Response.WriteAsync(pem.Text);
                    return;
                }
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(((JsonNode)result).ToJsonString());
            }
            catch (SignerException e)
            {
                await new AwsError(e.Status, e.Code, e.Message).WriteAsync(context.Response, AwsProtocol.RestJson);
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException)
            {
                await new AwsError(400, "ValidationException", "Malformed request body: " + e.Message).WriteAsync(context.Response, AwsProtocol.RestJson);
            }
        }

        private sealed record Pem(string Text);

        private JsonObject PutProfile(string name, JsonNode input)
        {
            var parameters = new Dictionary<string, string>();
            if (input["signingParameters"] is JsonObject sp) foreach (var kv in sp) parameters[kv.Key] = kv.Value?.GetValue<string>();
            SigningProfile p = _signer.PutSigningProfile(name, input["platformId"]?.GetValue<string>(),
                input["signingMaterial"]?["certificateArn"]?.GetValue<string>(), parameters);
            return new JsonObject { ["arn"] = p.Arn, ["profileVersion"] = p.ProfileVersion, ["profileVersionArn"] = p.ProfileVersionArn };
        }

        private JsonObject StartJob(JsonNode input)
        {
            JsonNode src = input["source"]?["s3"], dst = input["destination"]?["s3"];
            SigningJob job = _signer.StartSigningJob(input["profileName"]?.GetValue<string>(), src?["bucketName"]?.GetValue<string>(),
                src?["key"]?.GetValue<string>(), src?["version"]?.GetValue<string>(), dst?["bucketName"]?.GetValue<string>(), dst?["prefix"]?.GetValue<string>());
            return new JsonObject { ["jobId"] = job.JobId, ["jobOwner"] = _signer.AccountId };
        }

        private static JsonObject Platforms() => new JsonObject
        {
            ["platforms"] = new JsonArray(SigningPlatform.All.Select(p => (JsonNode)new JsonObject
            {
                ["platformId"] = p.PlatformId,
                ["displayName"] = p.DisplayName,
                ["partner"] = p.Partner,
                ["target"] = p.Target,
                ["category"] = "AWSIoT",
                ["signingConfiguration"] = new JsonObject
                {
                    ["encryptionAlgorithmOptions"] = new JsonObject { ["allowedValues"] = new JsonArray("ECDSA"), ["defaultValue"] = "ECDSA" },
                    ["hashAlgorithmOptions"] = new JsonObject { ["allowedValues"] = new JsonArray("SHA256"), ["defaultValue"] = "SHA256" },
                },
                ["signingImageFormat"] = new JsonObject { ["supportedFormats"] = new JsonArray(p.ImageFormat), ["defaultFormat"] = p.ImageFormat },
                ["maxSizeInMB"] = p.MaxSizeInMB,
                ["revocationSupported"] = false,
            }).ToArray()),
        };

        private static JsonObject Profile(SigningProfile p)
        {
            var parameters = new JsonObject();
            foreach (var kv in p.SigningParameters) parameters[kv.Key] = kv.Value;
            return new JsonObject
            {
                ["profileName"] = p.ProfileName,
                ["profileVersion"] = p.ProfileVersion,
                ["profileVersionArn"] = p.ProfileVersionArn,
                ["signingMaterial"] = new JsonObject { ["certificateArn"] = p.CertificateArn },
                ["platformId"] = p.Platform.PlatformId,
                ["platformDisplayName"] = p.Platform.DisplayName,
                ["signingParameters"] = parameters,
                ["status"] = "Active",
                ["arn"] = p.Arn,
                ["tags"] = new JsonObject(),
            };
        }

        private JsonObject Job(SigningJob j, bool full)
        {
            var o = new JsonObject
            {
                ["jobId"] = j.JobId,
                ["source"] = new JsonObject { ["s3"] = new JsonObject { ["bucketName"] = j.SourceBucket, ["key"] = j.SourceKey, ["version"] = j.SourceVersion } },
                ["signingMaterial"] = new JsonObject { ["certificateArn"] = j.Profile.CertificateArn },
                ["createdAt"] = j.CreatedAt.ToUnixTimeSeconds(),
                ["status"] = j.Status,
                ["profileName"] = j.Profile.ProfileName,
                ["profileVersion"] = j.Profile.ProfileVersion,
                ["platformId"] = j.Profile.Platform.PlatformId,
                ["platformDisplayName"] = j.Profile.Platform.DisplayName,
                ["jobOwner"] = _signer.AccountId,
                ["jobInvoker"] = _signer.AccountId,
            };
            if (j.SignedKey != null)
                o["signedObject"] = new JsonObject { ["s3"] = new JsonObject { ["bucketName"] = j.DestinationBucket, ["key"] = j.SignedKey } };
            if (full)
            {
                o["statusReason"] = j.StatusReason;
                if (j.CompletedAt is DateTimeOffset c) o["completedAt"] = c.ToUnixTimeSeconds();
                o["requestedBy"] = $"arn:aws:iam::{_signer.AccountId}:root";
            }
            else o["isRevoked"] = false;
            return o;
        }
    }

    /// <summary>Routing helper so a host can serve Signer's routes.</summary>
    public static class SignerEndpointExtensions
    {
        /// <summary>Maps Signer's REST routes to <paramref name="endpoint"/>.</summary>
        public static void MapSigner(this IEndpointRouteBuilder app, SignerEndpoint endpoint)
        {
            app.Map("/signing-platforms", endpoint.HandleAsync);
            app.Map("/signing-profiles/{**rest}", endpoint.HandleAsync);
            app.Map("/signing-jobs", endpoint.HandleAsync);
            app.Map("/signing-jobs/{**rest}", endpoint.HandleAsync);
        }
    }
}
