using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace NfDevice.Cloud.S3
{
    /// <summary>S3's XML response bodies (S3 API Reference), namespace http://s3.amazonaws.com/doc/2006-03-01/.</summary>
    internal static class S3Xml
    {
        public static readonly XNamespace Ns = "http://s3.amazonaws.com/doc/2006-03-01/";
        private const string Head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
        private const string Owner = "<Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID><DisplayName>nfcloud</DisplayName></Owner>";

        private static string E(string s) => SecurityElement.Escape(s ?? "");

        public static string ListBuckets(IReadOnlyList<(string Name, DateTimeOffset Created)> buckets)
        {
            var sb = new StringBuilder(Head).Append("<ListAllMyBucketsResult xmlns=\"").Append(Ns).Append("\">").Append(Owner).Append("<Buckets>");
            foreach (var b in buckets)
                sb.Append("<Bucket><Name>").Append(E(b.Name)).Append("</Name><CreationDate>").Append(S3Store.IsoTime(b.Created)).Append("</CreationDate></Bucket>");
            return sb.Append("</Buckets></ListAllMyBucketsResult>").ToString();
        }

        public static string Versioning(string status) =>
            Head + $"<VersioningConfiguration xmlns=\"{Ns}\">" + (status == null ? "" : $"<Status>{status}</Status>") + "</VersioningConfiguration>";

        public static string ListObjects(string bucket, string prefix, bool v2, IReadOnlyList<S3Object> objects)
        {
            var sb = new StringBuilder(Head).Append("<ListBucketResult xmlns=\"").Append(Ns).Append("\"><Name>").Append(E(bucket))
                .Append("</Name><Prefix>").Append(E(prefix)).Append("</Prefix>");
            if (v2) sb.Append("<KeyCount>").Append(objects.Count).Append("</KeyCount>");
            else sb.Append("<Marker></Marker>");
            sb.Append("<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>");
            foreach (S3Object o in objects)
                sb.Append("<Contents><Key>").Append(E(o.Key)).Append("</Key><LastModified>").Append(S3Store.IsoTime(o.LastModified))
                    .Append("</LastModified><ETag>").Append(E(o.ETag)).Append("</ETag><Size>").Append(o.Size.ToString(CultureInfo.InvariantCulture))
                    .Append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
            return sb.Append("</ListBucketResult>").ToString();
        }

        public static string ListVersions(string bucket, string prefix, IReadOnlyList<S3Object> versions, S3Store store)
        {
            var sb = new StringBuilder(Head).Append("<ListVersionsResult xmlns=\"").Append(Ns).Append("\"><Name>").Append(E(bucket))
                .Append("</Name><Prefix>").Append(E(prefix)).Append("</Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>");
            foreach (S3Object o in versions)
                sb.Append("<Version><Key>").Append(E(o.Key)).Append("</Key><VersionId>").Append(E(o.VersionId)).Append("</VersionId><IsLatest>")
                    .Append(store.IsLatest(o) ? "true" : "false").Append("</IsLatest><LastModified>").Append(S3Store.IsoTime(o.LastModified))
                    .Append("</LastModified><ETag>").Append(E(o.ETag)).Append("</ETag><Size>").Append(o.Size.ToString(CultureInfo.InvariantCulture))
                    .Append("</Size><StorageClass>STANDARD</StorageClass>").Append(Owner).Append("</Version>");
            return sb.Append("</ListVersionsResult>").ToString();
        }

        public static string InitiateMultipart(string bucket, string key, string uploadId) =>
            Head + $"<InitiateMultipartUploadResult xmlns=\"{Ns}\"><Bucket>{E(bucket)}</Bucket><Key>{E(key)}</Key><UploadId>{E(uploadId)}</UploadId></InitiateMultipartUploadResult>";

        public static string CompleteMultipart(HttpRequest request, string bucket, string key, string etag) =>
            Head + $"<CompleteMultipartUploadResult xmlns=\"{Ns}\"><Location>{E(request.Scheme + "://" + request.Host + "/" + bucket + "/" + key)}</Location>" +
            $"<Bucket>{E(bucket)}</Bucket><Key>{E(key)}</Key><ETag>{E(etag)}</ETag></CompleteMultipartUploadResult>";
    }
}
