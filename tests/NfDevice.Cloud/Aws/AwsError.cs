using System;
using System.Collections.Generic;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace NfDevice.Cloud.Aws
{
    /// <summary>How a service reports errors on the wire; the same failure has different codes per protocol.</summary>
    public enum AwsProtocol
    {
        /// <summary>REST-JSON (AWS IoT control plane, Signer): body {"message"}, code in the x-amzn-ErrorType header.</summary>
        RestJson,
        /// <summary>AWS query protocol (IAM, STS): &lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;.</summary>
        Query,
        /// <summary>Amazon S3 REST-XML: &lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;...&lt;RequestId/&gt;&lt;HostId/&gt;.</summary>
        S3,
    }

    /// <summary>An AWS error answer: code, message, HTTP status, and S3's extra elements in document order.</summary>
    public sealed class AwsError
    {
        /// <summary>Creates an error.</summary>
        public AwsError(int httpStatus, string code, string message)
        {
            HttpStatus = httpStatus;
            Code = code;
            Message = message;
        }

        /// <summary>HTTP status (400, 403, 404, 416...).</summary>
        public int HttpStatus { get; }

        /// <summary>AWS error code, e.g. SignatureDoesNotMatch.</summary>
        public string Code { get; }

        /// <summary>Message text, as AWS words it.</summary>
        public string Message { get; }

        /// <summary>Extra elements S3 puts after Message (AWSAccessKeyId, StringToSign, X-Amz-Expires, BucketName, Key...).</summary>
        public List<KeyValuePair<string, string>> Details { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>Request id reported with the error.</summary>
        public string RequestId { get; set; } = NewRequestId();

        /// <summary>Adds an S3 detail element and returns this error.</summary>
        public AwsError With(string element, string value)
        {
            Details.Add(new KeyValuePair<string, string>(element, value));
            return this;
        }

        /// <summary>Value of a detail element, or null.</summary>
        public string Detail(string element)
        {
            foreach (var kv in Details) if (kv.Key == element) return kv.Value;
            return null;
        }

        /// <summary>S3's XML body.</summary>
        public string ToS3Xml()
        {
            var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>");
            Element(sb, "Code", Code);
            Element(sb, "Message", Message);
            foreach (var kv in Details) Element(sb, kv.Key, kv.Value);
            Element(sb, "RequestId", RequestId);
            Element(sb, "HostId", Convert.ToBase64String(Encoding.ASCII.GetBytes(RequestId + RequestId)));
            return sb.Append("</Error>").ToString();
        }

        /// <summary>The query protocol's XML body (IAM).</summary>
        public string ToQueryXml(string xmlns = "https://iam.amazonaws.com/doc/2010-05-08/")
        {
            var sb = new StringBuilder($"<ErrorResponse xmlns=\"{xmlns}\">\n  <Error>\n    ");
            Element(sb, "Type", HttpStatus >= 500 ? "Receiver" : "Sender");
            sb.Append("\n    ");
            Element(sb, "Code", Code);
            sb.Append("\n    ");
            Element(sb, "Message", Message);
            sb.Append("\n  </Error>\n  ");
            Element(sb, "RequestId", RequestId);
            return sb.Append("\n</ErrorResponse>\n").ToString();
        }

        /// <summary>The REST-JSON body: {"message":"..."}.</summary>
        public string ToRestJson() => JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = Message });

        /// <summary>Writes the error in the protocol's shape (status, headers, body).</summary>
        public Task WriteAsync(HttpResponse response, AwsProtocol protocol)
        {
            response.StatusCode = HttpStatus;
            switch (protocol)
            {
                case AwsProtocol.RestJson:
                    response.Headers["x-amzn-ErrorType"] = Code;
                    response.Headers["x-amzn-RequestId"] = RequestId;
                    response.ContentType = "application/json";
                    return response.WriteAsync(ToRestJson());
                case AwsProtocol.Query:
                    response.Headers["x-amzn-RequestId"] = RequestId;
                    response.ContentType = "text/xml";
                    return response.WriteAsync(ToQueryXml());
                default:
                    response.Headers["x-amz-request-id"] = RequestId;
                    response.ContentType = "application/xml";
                    // HEAD answers carry the status only, as S3 does.
                    return HttpMethods.IsHead(response.HttpContext.Request.Method) ? Task.CompletedTask : response.WriteAsync(ToS3Xml());
            }
        }

        /// <inheritdoc/>
        public override string ToString() => $"{HttpStatus} {Code}: {Message}";

        private static void Element(StringBuilder sb, string name, string value) =>
            sb.Append('<').Append(name).Append('>').Append(SecurityElement.Escape(value ?? "")).Append("</").Append(name).Append('>');

        private static string NewRequestId()
        {
            Span<byte> b = stackalloc byte[8];
            System.Security.Cryptography.RandomNumberGenerator.Fill(b);
            return Convert.ToHexString(b);
        }
    }
}
