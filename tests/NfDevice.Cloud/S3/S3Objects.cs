using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.S3
{
    public sealed partial class S3Endpoint
    {
        private sealed class Upload
        {
            public string Bucket, Key, ContentType;
            public readonly ConcurrentDictionary<int, byte[]> Parts = new ConcurrentDictionary<int, byte[]>();
        }

        private readonly ConcurrentDictionary<string, Upload> _uploads = new ConcurrentDictionary<string, Upload>(StringComparer.Ordinal);

        private async Task<AwsError> ObjectAsync(HttpContext context, string bucket, string key, Dictionary<string, string> query, byte[] body)
        {
            string method = context.Request.Method;
            if (!_store.BucketExists(bucket)) return S3Errors.NoSuchBucket(bucket);
            query.TryGetValue("versionId", out string versionId);

            if (HttpMethods.IsPost(method) && query.ContainsKey("uploads"))
            {
                string uploadId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
                _uploads[uploadId] = new Upload { Bucket = bucket, Key = key, ContentType = context.Request.ContentType };
                await WriteXmlAsync(context.Response, 200, S3Xml.InitiateMultipart(bucket, key, uploadId));
                return null;
            }
            if (query.TryGetValue("uploadId", out string upId))
                return await MultipartAsync(context, bucket, key, upId, query, body);

            if (HttpMethods.IsPut(method))
            {
                var meta = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var h in context.Request.Headers)
                    if (h.Key.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase)) meta[h.Key.Substring(11).ToLowerInvariant()] = h.Value.ToString();
                S3Object obj = _store.PutObject(bucket, key, body ?? Array.Empty<byte>(), context.Request.ContentType, meta);
                WriteObjectHeaders(context.Response, obj, includeContent: false);
                context.Response.StatusCode = 200;
                return null;
            }
            if (HttpMethods.IsDelete(method))
            {
                S3Object existing = _store.GetObject(bucket, key, versionId);
                _store.DeleteObject(bucket, key, versionId);
                if (existing != null && existing.VersionId != "null") context.Response.Headers["x-amz-version-id"] = existing.VersionId;
                context.Response.StatusCode = 204;
                return null;
            }
            if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method)) return S3Errors.MethodNotAllowed(method);

            S3Object o = _store.GetObject(bucket, key, versionId);
            if (o == null) return versionId != null && _store.GetObject(bucket, key) != null ? S3Errors.NoSuchVersion(key, versionId) : S3Errors.NoSuchKey(key);
            return await ServeAsync(context, o, HttpMethods.IsHead(method));
        }

        /// <summary>GET/HEAD with Range (RFC 9110 §14; S3 serves one range, 416 InvalidRange when unsatisfiable).</summary>
        private async Task<AwsError> ServeAsync(HttpContext context, S3Object o, bool head)
        {
            bool faultable = !head && Faults.Applies(o.Key);
            if (!head) Faults.CountGet();
            long size = o.Size, start = 0, end = size - 1;
            bool partial = false;
            string range = context.Request.Headers.Range.ToString();
            if (range.Length > 0)
            {
                RangeResult rr = ParseRange(range, size, out long rs, out long re);
                if (rr == RangeResult.Unsatisfiable)
                {
                    context.Response.Headers["Content-Range"] = "bytes */" + size.ToString(CultureInfo.InvariantCulture);
                    return S3Errors.InvalidRange(range, size);
                }
                if (rr == RangeResult.Ok)
                {
                    start = rs;
                    end = re;
                    partial = true;
                }
            }
            if (partial && faultable && Faults.TakeIgnoreRange())
            {
                partial = false;
                start = 0;
                end = size - 1;
            }
            long headerStart = start;
            if (partial && faultable && Faults.TakeWrongContentRange())
            {
                start = Math.Min(size - 1, start + Faults.ContentRangeShift);
                end = Math.Min(size - 1, end + Faults.ContentRangeShift);
                headerStart = start;
            }
            WriteObjectHeaders(context.Response, o, includeContent: true);
            context.Response.StatusCode = partial ? 206 : 200;
            if (partial)
                context.Response.Headers["Content-Range"] = $"bytes {headerStart.ToString(CultureInfo.InvariantCulture)}-{end.ToString(CultureInfo.InvariantCulture)}/{size.ToString(CultureInfo.InvariantCulture)}";
            long length = size == 0 ? 0 : end - start + 1;
            context.Response.ContentLength = length;
            if (head || length == 0) return null;

            long dropAfter = faultable && Faults.TakeDrop() ? Math.Max(0, Faults.DropAfterBytes) : -1;
            long rate = faultable ? Faults.ThrottleBytesPerSecond : 0;
            await SendAsync(context, o.Data, start, length, rate, dropAfter, Faults.Delay);
            return null;
        }

        private static async Task SendAsync(HttpContext context, byte[] data, long start, long length, long bytesPerSecond, long dropAfter,
            Func<TimeSpan, CancellationToken, Task> delay)
        {
            const int chunk = 16 * 1024;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            long sent = 0;
            try
            {
                while (sent < length)
                {
                    int n = (int)Math.Min(chunk, length - sent);
                    if (bytesPerSecond > 0) n = (int)Math.Max(1, Math.Min(n, bytesPerSecond / 10 + 1));
                    if (dropAfter >= 0) n = (int)Math.Min(n, dropAfter - sent);
                    if (n <= 0) break;
                    await context.Response.Body.WriteAsync(data.AsMemory((int)(start + sent), n), context.RequestAborted);
                    sent += n;
                    if (bytesPerSecond > 0)
                    {
                        await context.Response.Body.FlushAsync(context.RequestAborted);
                        TimeSpan due = TimeSpan.FromSeconds((double)sent / bytesPerSecond);
                        if (due > clock.Elapsed) await delay(due - clock.Elapsed, context.RequestAborted);
                    }
                }
                if (dropAfter >= 0)
                {
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    // Give the client time to read what was sent: an abort resets the connection and a reset can
                    // discard bytes still unread in the client's socket buffer.
                    await Task.Delay(200, context.RequestAborted);
                    context.Abort();
                }
            }
            catch (OperationCanceledException) { }
            catch (System.IO.IOException) { }
        }

        internal enum RangeResult { Ignore, Ok, Unsatisfiable }

        /// <summary>Parses a single "bytes=" range; multiple or malformed ranges are ignored (whole object), as S3 does.</summary>
        internal static RangeResult ParseRange(string header, long size, out long start, out long end)
        {
            start = 0;
            end = size - 1;
            if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return RangeResult.Ignore;
            string spec = header.Substring(6).Trim();
            if (spec.Contains(',')) return RangeResult.Ignore;
            int dash = spec.IndexOf('-');
            if (dash < 0) return RangeResult.Ignore;
            string a = spec.Substring(0, dash).Trim(), b = spec.Substring(dash + 1).Trim();
            if (a.Length == 0)
            {
                // suffix range: the last N bytes
                if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out long n)) return RangeResult.Ignore;
                if (n == 0 || size == 0) return RangeResult.Unsatisfiable;
                start = Math.Max(0, size - n);
                return RangeResult.Ok;
            }
            if (!long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out start)) return RangeResult.Ignore;
            if (b.Length > 0)
            {
                if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out end)) return RangeResult.Ignore;
                if (end < start) return RangeResult.Ignore;
            }
            if (start >= size) return RangeResult.Unsatisfiable;
            end = Math.Min(b.Length > 0 ? end : size - 1, size - 1);
            return RangeResult.Ok;
        }

        private static void WriteObjectHeaders(HttpResponse response, S3Object o, bool includeContent)
        {
            response.Headers.ETag = o.ETag;
            if (o.VersionId != "null") response.Headers["x-amz-version-id"] = o.VersionId;
            response.Headers["x-amz-server-side-encryption"] = "AES256";
            if (!includeContent) return;
            response.Headers.AcceptRanges = "bytes";
            response.Headers.LastModified = o.LastModified.ToString("r", CultureInfo.InvariantCulture);
            response.ContentType = o.ContentType;
            foreach (var m in o.Metadata) response.Headers["x-amz-meta-" + m.Key] = m.Value;
        }

        private async Task<AwsError> MultipartAsync(HttpContext context, string bucket, string key, string uploadId, Dictionary<string, string> query, byte[] body)
        {
            if (!_uploads.TryGetValue(uploadId, out Upload up) || up.Bucket != bucket || up.Key != key) return S3Errors.NoSuchUpload(uploadId);
            string method = context.Request.Method;
            if (HttpMethods.IsPut(method))
            {
                if (!query.TryGetValue("partNumber", out string pn) || !int.TryParse(pn, NumberStyles.None, CultureInfo.InvariantCulture, out int part) || part < 1 || part > 10000)
                    return new AwsError(400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive").With("ArgumentName", "partNumber").With("ArgumentValue", pn);
                up.Parts[part] = body ?? Array.Empty<byte>();
                context.Response.Headers.ETag = "\"" + Convert.ToHexStringLower(MD5.HashData(up.Parts[part])) + "\"";
                context.Response.StatusCode = 200;
                return null;
            }
            if (HttpMethods.IsDelete(method))
            {
                _uploads.TryRemove(uploadId, out _);
                context.Response.StatusCode = 204;
                return null;
            }
            if (!HttpMethods.IsPost(method)) return S3Errors.MethodNotAllowed(method);
            List<int> numbers;
            try
            {
                numbers = XDocument.Parse(Encoding.UTF8.GetString(body ?? Array.Empty<byte>())).Root
                    .Elements().Where(e => e.Name.LocalName == "Part")
                    .Select(e => int.Parse(e.Elements().First(x => x.Name.LocalName == "PartNumber").Value, CultureInfo.InvariantCulture)).ToList();
            }
            catch (Exception e) when (e is System.Xml.XmlException || e is FormatException || e is InvalidOperationException || e is NullReferenceException)
            {
                return S3Errors.MalformedXml();
            }
            foreach (int n in numbers)
                if (!up.Parts.ContainsKey(n))
                    return new AwsError(400, "InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.");
            var all = new System.IO.MemoryStream();
            var md5s = new System.IO.MemoryStream();
            foreach (int n in numbers)
            {
                all.Write(up.Parts[n]);
                md5s.Write(MD5.HashData(up.Parts[n]));
            }
            string etag = "\"" + Convert.ToHexStringLower(MD5.HashData(md5s.ToArray())) + "-" + numbers.Count.ToString(CultureInfo.InvariantCulture) + "\"";
            S3Object obj = _store.PutObject(bucket, key, all.ToArray(), up.ContentType, null, etag);
            _uploads.TryRemove(uploadId, out _);
            if (obj.VersionId != "null") context.Response.Headers["x-amz-version-id"] = obj.VersionId;
            await WriteXmlAsync(context.Response, 200, S3Xml.CompleteMultipart(context.Request, bucket, key, etag));
            return null;
        }
    }
}
