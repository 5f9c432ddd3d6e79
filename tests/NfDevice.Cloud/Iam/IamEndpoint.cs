using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.Iam
{
    /// <summary>
    /// IAM's query API (POST / with form Action=...&amp;Version=2010-05-08, XML answers), enough for the AWS CLI:
    /// CreateRole, GetRole, PutRolePolicy, GetRolePolicy, ListRolePolicies, CreatePolicy, AttachRolePolicy,
    /// ListAttachedRolePolicies. Requests are SigV4-checked for service "iam".
    /// </summary>
    public sealed class IamEndpoint
    {
        private const string Ns = "https://iam.amazonaws.com/doc/2010-05-08/";
        private readonly IamStore _store;
        private readonly SigV4Verifier _verifier;

        /// <summary>Creates the endpoint.</summary>
        public IamEndpoint(IamStore store, SigV4Verifier verifier)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
            _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        }

        /// <summary>The roles and policies.</summary>
        public IamStore Store => _store;

        /// <summary>Handles one request.</summary>
        public async Task HandleAsync(HttpContext context)
        {
            var ms = new MemoryStream();
            await context.Request.Body.CopyToAsync(ms);
            byte[] body = ms.ToArray();
            SigV4Result auth = _verifier.Verify(context.Request, body, "iam");
            if (!auth.Ok)
            {
                await auth.Error.WriteAsync(context.Response, AwsProtocol.Query);
                return;
            }
            var form = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var kv in SigV4.ParseQuery(Encoding.UTF8.GetString(body).Replace('+', ' '))) form[kv.Key] = kv.Value;
            foreach (var kv in SigV4.ParseQuery(context.Request.QueryString.Value)) form.TryAdd(kv.Key, kv.Value);
            form.TryGetValue("Action", out string action);
            string result;
            try
            {
                result = Dispatch(action ?? "", form);
            }
            catch (IamException e)
            {
                await new AwsError(e.Status, e.Code, e.Message).WriteAsync(context.Response, AwsProtocol.Query);
                return;
            }
            if (result == null)
            {
                await new AwsError(400, "InvalidAction", $"Could not find operation {action} for version 2010-05-08").WriteAsync(context.Response, AwsProtocol.Query);
                return;
            }
            string requestId = Guid.NewGuid().ToString();
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/xml";
            context.Response.Headers["x-amzn-RequestId"] = requestId;
            await context.Response.WriteAsync($"<{action}Response xmlns=\"{Ns}\">\n" + result +
                $"<ResponseMetadata><RequestId>{requestId}</RequestId></ResponseMetadata>\n</{action}Response>\n");
        }

        private string Dispatch(string action, Dictionary<string, string> f)
        {
            switch (action)
            {
                case "CreateRole":
                    return Result(action, RoleXml(_store.CreateRole(Required(f, "RoleName"), Required(f, "AssumeRolePolicyDocument"),
                        f.GetValueOrDefault("Path", "/"), f.GetValueOrDefault("Description"))));
                case "GetRole":
                    return Result(action, RoleXml(_store.GetRole(Required(f, "RoleName"))));
                case "PutRolePolicy":
                    _store.PutRolePolicy(Required(f, "RoleName"), Required(f, "PolicyName"), Required(f, "PolicyDocument"));
                    return "";
                case "GetRolePolicy":
                {
                    string role = Required(f, "RoleName"), name = Required(f, "PolicyName");
                    PolicyDocument d = _store.GetRolePolicy(role, name);
                    return Result(action, $"<RoleName>{E(role)}</RoleName><PolicyName>{E(name)}</PolicyName><PolicyDocument>{E(Uri.EscapeDataString(d.Text))}</PolicyDocument>");
                }
                case "ListRolePolicies":
                {
                    var sb = new StringBuilder("<PolicyNames>");
                    foreach (string n in _store.GetRole(Required(f, "RoleName")).InlinePolicies.Keys) sb.Append("<member>").Append(E(n)).Append("</member>");
                    return Result(action, sb.Append("</PolicyNames><IsTruncated>false</IsTruncated>").ToString());
                }
                case "CreatePolicy":
                {
                    IamManagedPolicy p = _store.CreatePolicy(Required(f, "PolicyName"), Required(f, "PolicyDocument"), f.GetValueOrDefault("Path", "/"));
                    return Result(action, $"<Policy><PolicyName>{E(p.PolicyName)}</PolicyName><DefaultVersionId>v1</DefaultVersionId><PolicyId>{p.PolicyId}</PolicyId>" +
                        $"<Path>{E(p.Path)}</Path><Arn>{E(p.Arn)}</Arn><AttachmentCount>{p.AttachmentCount}</AttachmentCount><IsAttachable>true</IsAttachable>" +
                        $"<CreateDate>{Iso(p.CreateDate)}</CreateDate><UpdateDate>{Iso(p.CreateDate)}</UpdateDate></Policy>");
                }
                case "AttachRolePolicy":
                    _store.AttachRolePolicy(Required(f, "RoleName"), Required(f, "PolicyArn"));
                    return "";
                case "ListAttachedRolePolicies":
                {
                    var sb = new StringBuilder("<AttachedPolicies>");
                    foreach (IamManagedPolicy p in _store.AttachedPolicies(Required(f, "RoleName")))
                        sb.Append("<member><PolicyName>").Append(E(p.PolicyName)).Append("</PolicyName><PolicyArn>").Append(E(p.Arn)).Append("</PolicyArn></member>");
                    return Result(action, sb.Append("</AttachedPolicies><IsTruncated>false</IsTruncated>").ToString());
                }
                default:
                    return null;
            }
        }

        private static string Result(string action, string inner) => $"  <{action}Result>{inner}</{action}Result>\n";

        // IAM returns policy documents URL-encoded; the AWS CLI decodes them.
        private static string RoleXml(IamRole r) =>
            $"<Role><Path>{E(r.Path)}</Path><RoleName>{E(r.RoleName)}</RoleName><RoleId>{r.RoleId}</RoleId><Arn>{E(r.Arn)}</Arn>" +
            $"<CreateDate>{Iso(r.CreateDate)}</CreateDate><AssumeRolePolicyDocument>{E(Uri.EscapeDataString(r.AssumeRolePolicy.Text))}</AssumeRolePolicyDocument>" +
            (r.Description != null ? $"<Description>{E(r.Description)}</Description>" : "") + "<MaxSessionDuration>3600</MaxSessionDuration></Role>";

        private static string Required(Dictionary<string, string> f, string name) =>
            f.TryGetValue(name, out string v) && v.Length > 0 ? v
                : throw new IamException(400, "ValidationError", $"1 validation error detected: Value null at '{char.ToLowerInvariant(name[0]) + name.Substring(1)}' failed to satisfy constraint: Member must not be null");

        private static string E(string s) => SecurityElement.Escape(s ?? "");
        private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Routing helper so the control-plane host can serve IAM on its port.</summary>
    public static class IamEndpointExtensions
    {
        /// <summary>Maps IAM's query API (POST <paramref name="pattern"/>, default "/").</summary>
        public static IEndpointConventionBuilder MapIam(this IEndpointRouteBuilder app, IamEndpoint endpoint, string pattern = "/") =>
            app.MapPost(pattern, endpoint.HandleAsync);
    }
}
