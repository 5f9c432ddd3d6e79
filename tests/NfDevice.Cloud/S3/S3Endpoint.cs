using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.S3
{
    /// <summary>
    /// S3's REST API, path style (<c>/{bucket}/{key}</c>), enough for the AWS CLI (<c>s3 cp</c>, <c>s3 ls</c>,
    /// <c>s3api create-bucket/put-bucket-versioning/put-object/get-object/head-object/list-object-versions</c>,
    /// multipart uploads) and for presigned GETs. Every request is SigV4-checked (header or query).
    /// </summary>
    public sealed partial class S3Endpoint
    {
        private readonly S3Store _store;
        private readonly SigV4Verifier _verifier;

        /// <summary>Creates the endpoint over a store and a verifier (service "s3").</summary>
        public S3Endpoint(S3Store store, SigV4Verifier verifier)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
            _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        }

        /// <summary>The objects.</summary>
        public S3Store Store => _store;

        /// <summary>Fault injection for object GETs.</summary>
        public S3Faults Faults { get; } = new S3Faults();

        /// <summary>
        /// Optional authorization after authentication: (credential, action such as "s3:GetObject", resource ARN)
        /// -> null to allow, or the error to answer. Null = every known credential may do everything.
        /// </summary>
        public Func<AwsCredential, string, string, AwsError> Authorize { get; set; }

        /// <summary>Handles one path-style request (use as terminal middleware: <c>app.Run(endpoint.HandleAsync)</c>).</summary>
        public Task HandleAsync(HttpContext context) => HandleAsync(context, null);

        /// <summary>
        /// Handles one request; <paramref name="hostBucket"/> is the bucket a virtual-hosted-style Host names
        /// ("my-firmware.s3.localhost": the path is then the key), null for path style.
        /// </summary>
        public async Task HandleAsync(HttpContext context, string hostBucket)
        {
            HttpRequest request = context.Request;
            context.Response.Headers["Server"] = "AmazonS3";
            SigV4Request wire = SigV4Request.From(request);
            byte[] body = await ReadBodyAsync(request);

            SigV4Result auth = _verifier.Verify(wire, body, "s3");
            if (!auth.Ok)
            {
                await auth.Error.WriteAsync(context.Response, AwsProtocol.S3);
                return;
            }

            string path = wire.RawPath.Length > 0 ? wire.RawPath.Substring(1) : "";
            if (hostBucket != null) path = path.Length == 0 ? hostBucket : hostBucket + "/" + path;
            int slash = path.IndexOf('/');
            string bucket = SigV4.PercentDecode(slash < 0 ? path : path.Substring(0, slash));
            string key = slash < 0 ? "" : SigV4.PercentDecode(path.Substring(slash + 1));
            var query = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var kv in wire.Query()) query[kv.Key] = kv.Value;

            if (body != null && IsAwsChunked(wire))
            {
                if (!AwsChunked.TryDecode(body, out byte[] decoded))
                {
                    await new AwsError(400, "IncompleteBody", "The request body terminated unexpectedly").WriteAsync(context.Response, AwsProtocol.S3);
                    return;
                }
                body = decoded;
            }

            string action = ActionOf(request.Method, bucket, key, query);
            if (Authorize != null && action != null)
            {
                string resource = key.Length > 0 ? $"arn:aws:s3:::{bucket}/{key}" : bucket.Length > 0 ? $"arn:aws:s3:::{bucket}" : "*";
                AwsError denied = Authorize(auth.Credential, action, resource);
                if (denied != null)
                {
                    await denied.WriteAsync(context.Response, AwsProtocol.S3);
                    return;
                }
            }

            AwsError error = bucket.Length == 0
                ? await ServiceAsync(context)
                : key.Length == 0
                    ? await BucketAsync(context, bucket, query, body)
                    : await ObjectAsync(context, bucket, key, query, body);
            if (error != null) await error.WriteAsync(context.Response, AwsProtocol.S3);
        }

        /// <summary>The IAM action a request needs (for <see cref="Authorize"/>).</summary>
        internal static string ActionOf(string method, string bucket, string key, Dictionary<string, string> query)
        {
            if (bucket.Length == 0) return "s3:ListAllMyBuckets";
            if (key.Length == 0)
            {
                if (query.ContainsKey("versioning")) return HttpMethods.IsPut(method) ? "s3:PutBucketVersioning" : "s3:GetBucketVersioning";
                if (query.ContainsKey("versions")) return "s3:ListBucketVersions";
                if (HttpMethods.IsPut(method)) return "s3:CreateBucket";
                if (HttpMethods.IsDelete(method)) return "s3:DeleteBucket";
                return "s3:ListBucket";
            }
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
                return query.ContainsKey("versionId") ? "s3:GetObjectVersion" : "s3:GetObject";
            if (HttpMethods.IsDelete(method)) return query.ContainsKey("uploadId") ? "s3:AbortMultipartUpload" : "s3:DeleteObject";
            return "s3:PutObject";
        }

        private static bool IsAwsChunked(SigV4Request wire)
        {
            string sha = wire.Header("x-amz-content-sha256") ?? "";
            string encoding = wire.Header("content-encoding") ?? "";
            return sha.StartsWith("STREAMING-", StringComparison.Ordinal) || encoding.Contains("aws-chunked", StringComparison.OrdinalIgnoreCase);
        }

        private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
        {
            if (request.ContentLength == 0) return Array.Empty<byte>();
            var ms = new MemoryStream();
            await request.Body.CopyToAsync(ms);
            return ms.ToArray();
        }

        private async Task<AwsError> ServiceAsync(HttpContext context)
        {
            if (!HttpMethods.IsGet(context.Request.Method)) return S3Errors.MethodNotAllowed(context.Request.Method);
            await WriteXmlAsync(context.Response, 200, S3Xml.ListBuckets(_store.ListBuckets()));
            return null;
        }

        private async Task<AwsError> BucketAsync(HttpContext context, string bucket, Dictionary<string, string> query, byte[] body)
        {
            string method = context.Request.Method;
            if (HttpMethods.IsPut(method) && query.ContainsKey("versioning"))
            {
                string status;
                try { status = XDocument.Parse(Encoding.UTF8.GetString(body ?? Array.Empty<byte>())).Root?.Element(S3Xml.Ns + "Status")?.Value; }
                catch (System.Xml.XmlException) { return S3Errors.MalformedXml(); }
                if (status != "Enabled" && status != "Suspended") return S3Errors.MalformedXml();
                if (!_store.SetVersioning(bucket, status)) return S3Errors.NoSuchBucket(bucket);
                context.Response.StatusCode = 200;
                return null;
            }
            if (HttpMethods.IsPut(method))
            {
                if (!ValidBucketName(bucket)) return S3Errors.InvalidBucketName(bucket);
                if (!_store.CreateBucket(bucket)) return S3Errors.BucketAlreadyOwnedByYou(bucket);
                context.Response.Headers["Location"] = "/" + bucket;
                context.Response.StatusCode = 200;
                return null;
            }
            if (!_store.BucketExists(bucket)) return S3Errors.NoSuchBucket(bucket);
            if (HttpMethods.IsHead(method))
            {
                context.Response.StatusCode = 200;
                return null;
            }
            if (HttpMethods.IsDelete(method))
            {
                if (_store.DeleteBucket(bucket) == false) return S3Errors.BucketNotEmpty(bucket);
                context.Response.StatusCode = 204;
                return null;
            }
            if (!HttpMethods.IsGet(method)) return S3Errors.MethodNotAllowed(method);
            query.TryGetValue("prefix", out string prefix);
            if (query.ContainsKey("versioning"))
                await WriteXmlAsync(context.Response, 200, S3Xml.Versioning(_store.GetVersioning(bucket)));
            else if (query.ContainsKey("versions"))
                await WriteXmlAsync(context.Response, 200, S3Xml.ListVersions(bucket, prefix, _store.ListObjectVersions(bucket, prefix), _store));
            else if (query.ContainsKey("location"))
                await WriteXmlAsync(context.Response, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>");
            else
                await WriteXmlAsync(context.Response, 200, S3Xml.ListObjects(bucket, prefix, query.TryGetValue("list-type", out string lt) && lt == "2",
                    _store.ListObjects(bucket, prefix)));
            return null;
        }

        // S3 bucket naming rules: 3-63 characters, lowercase letters, digits, '.', '-', starting and ending with a letter or digit.
        private static bool ValidBucketName(string name)
        {
            if (name.Length < 3 || name.Length > 63) return false;
            foreach (char c in name)
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
            return char.IsLetterOrDigit(name[0]) && char.IsLetterOrDigit(name[name.Length - 1]);
        }

        internal static Task WriteXmlAsync(HttpResponse response, int status, string xml)
        {
            response.StatusCode = status;
            response.ContentType = "application/xml";
            return response.WriteAsync(xml);
        }
    }
}
