using System.Collections.Generic;
using System.Linq;
using NfDevice.Cloud.Iam;
using NfDevice.Cloud.S3;
using NfDevice.Cloud.Signer;

namespace NfDevice.Cloud.WebConsole
{
    /// <summary>A role offered for presignedUrlConfig, with the reason it cannot presign the job's objects (null when it can).</summary>
    public sealed record RoleChoice(string RoleName, string Arn, string Problem)
    {
        /// <summary>
        /// The roles AWS IoT may assume (their trust policy lets iot.amazonaws.com sts:AssumeRole), each checked for
        /// s3:GetObject on every object the document presigns. Roles IoT may not assume are not offered at all.
        /// </summary>
        public static List<RoleChoice> For(IamStore iam, IReadOnlyList<S3Choice> objects)
        {
            var choices = new List<RoleChoice>();
            foreach (IamRole role in iam.ListRoles())
            {
                if (!iam.CanAssume(role.Arn, IamStore.IotPrincipal).Ok) continue;
                string problem = objects.Select(o => iam.CanIotPresign(role.Arn, o.Bucket, o.Key)).FirstOrDefault(c => !c.Ok)?.Reason;
                choices.Add(new RoleChoice(role.RoleName, role.Arn, problem));
            }
            return choices;
        }

        /// <summary>The S3 objects a document's ${aws:iot:s3-presigned-url[-v2]:...} placeholders point at (nested code-sign locations included).</summary>
        public static List<S3Choice> PresignedObjects(string document)
        {
            var found = new List<S3Choice>();
            foreach ((int start, int end) in DocumentView.Placeholders(document ?? ""))
            {
                string ph = document.Substring(start + 2, end - start - 3); // inside "${" and "}"
                bool v2 = ph.StartsWith("aws:iot:s3-presigned-url-v2:", System.StringComparison.Ordinal);
                if (!v2 && !ph.StartsWith("aws:iot:s3-presigned-url:", System.StringComparison.Ordinal)) continue;
                string inner = ph.Substring(ph.IndexOf(':', "aws:iot:s3-presigned-url".Length) + 1);
                if (inner.StartsWith("${aws:iot:code-sign-signature:", System.StringComparison.Ordinal) && inner.EndsWith("}", System.StringComparison.Ordinal))
                {
                    string location = inner.Substring("${aws:iot:code-sign-signature:".Length, inner.Length - "${aws:iot:code-sign-signature:".Length - 1);
                    if (CodeSignPlaceholder.TryParseLocation(location, out _, out string b, out string k, out string v)) found.Add(new S3Choice(b, k, v));
                }
                else if (PresignedUrlResolver.TryParseS3Url(inner, v2, out string bucket, out string key, out string version, out _))
                {
                    found.Add(new S3Choice(bucket, key, version));
                }
            }
            return found;
        }
    }
}
