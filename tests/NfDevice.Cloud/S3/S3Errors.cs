using NfDevice.Cloud.Aws;

namespace NfDevice.Cloud.S3
{
    /// <summary>S3's own errors (S3 API Reference, "Error responses"), with the elements S3 adds.</summary>
    public static class S3Errors
    {
        /// <summary>404 NoSuchBucket.</summary>
        public static AwsError NoSuchBucket(string bucket) =>
            new AwsError(404, "NoSuchBucket", "The specified bucket does not exist").With("BucketName", bucket);

        /// <summary>404 NoSuchKey.</summary>
        public static AwsError NoSuchKey(string key) =>
            new AwsError(404, "NoSuchKey", "The specified key does not exist.").With("Key", key);

        /// <summary>404 NoSuchVersion.</summary>
        public static AwsError NoSuchVersion(string key, string versionId) =>
            new AwsError(404, "NoSuchVersion", "The specified version does not exist.").With("Key", key).With("VersionId", versionId);

        /// <summary>409 BucketAlreadyOwnedByYou.</summary>
        public static AwsError BucketAlreadyOwnedByYou(string bucket) =>
            new AwsError(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.").With("BucketName", bucket);

        /// <summary>409 BucketNotEmpty.</summary>
        public static AwsError BucketNotEmpty(string bucket) =>
            new AwsError(409, "BucketNotEmpty", "The bucket you tried to delete is not empty").With("BucketName", bucket);

        /// <summary>416 InvalidRange.</summary>
        public static AwsError InvalidRange(string range, long size) =>
            new AwsError(416, "InvalidRange", "The requested range is not satisfiable").With("RangeRequested", range).With("ActualObjectSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture));

        /// <summary>403 AccessDenied.</summary>
        public static AwsError AccessDenied() => new AwsError(403, "AccessDenied", "Access Denied");

        /// <summary>404 NoSuchUpload.</summary>
        public static AwsError NoSuchUpload(string uploadId) =>
            new AwsError(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.").With("UploadId", uploadId);

        /// <summary>400 MalformedXML.</summary>
        public static AwsError MalformedXml() =>
            new AwsError(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");

        /// <summary>405 MethodNotAllowed.</summary>
        public static AwsError MethodNotAllowed(string method) =>
            new AwsError(405, "MethodNotAllowed", "The specified method is not allowed against this resource.").With("Method", method);

        /// <summary>400 InvalidBucketName.</summary>
        public static AwsError InvalidBucketName(string bucket) =>
            new AwsError(400, "InvalidBucketName", "The specified bucket is not valid.").With("BucketName", bucket);
    }
}
