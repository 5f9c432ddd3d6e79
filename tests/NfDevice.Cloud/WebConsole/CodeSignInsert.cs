using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NfDevice.Cloud.WebConsole
{
    /// <summary>
    /// "Sign image for me": after the signing job, the console writes <c>${aws:iot:code-sign-signature:s3://region.bucket/key@version}</c>
    /// into the job document (AWS IoT developer guide, "Create and manage jobs by using the AWS Management Console"),
    /// and CreateJob replaces it with Signer's JSON signature. An existing code-sign placeholder is pointed at the new
    /// image; otherwise the document gets a top-level <c>codesign</c> member, where devices look for the signature.
    /// </summary>
    public static class CodeSignInsert
    {
        private const string Prefix = "${aws:iot:code-sign-signature:";

        /// <summary>The document with the placeholder written in; throws <see cref="FormatException"/> when the document is not a JSON object.</summary>
        public static string Write(string document, string placeholder)
        {
            int start = document?.IndexOf(Prefix, StringComparison.Ordinal) ?? -1;
            if (start >= 0)
            {
                int end = document.IndexOf('}', start);
                if (end > start) return document.Substring(0, start) + placeholder + document.Substring(end + 1);
            }
            JsonNode root;
            try { root = JsonNode.Parse(document ?? ""); }
            catch (JsonException) { throw new FormatException("The job document is not valid JSON, so the signature placeholder cannot be added."); }
            if (root is not JsonObject obj) throw new FormatException("The job document must be a JSON object to carry a code-signing signature.");
            obj["codesign"] = placeholder;
            return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }
    }
}
