namespace NfDevice.Cloud.Jobs
{
    /// <summary>
    /// Resolves placeholders (e.g. ${aws:iot:s3-presigned-url:...}) each time a document is delivered to a device,
    /// as AWS does ("Presigned Amazon S3 URLs ... are generated when a device requests a job document").
    /// </summary>
    public interface IJobDocumentResolver
    {
        /// <summary>Returns the document (JSON object text) to deliver for this execution.</summary>
        string Resolve(JobDocumentContext context);
    }

    /// <summary>What a resolver knows about one delivery.</summary>
    public sealed class JobDocumentContext
    {
        /// <summary>The job id.</summary>
        public string JobId { get; init; }
        /// <summary>The thing receiving the document.</summary>
        public string ThingName { get; init; }
        /// <summary>The execution number being delivered.</summary>
        public long ExecutionNumber { get; init; }
        /// <summary>The stored document (placeholders unresolved).</summary>
        public string Document { get; init; }
        /// <summary>CreateJob presignedUrlConfig.roleArn, or null.</summary>
        public string PresignedUrlRoleArn { get; init; }
        /// <summary>CreateJob presignedUrlConfig.expiresInSec (default 3600 per the AWS IoT API reference).</summary>
        public long PresignedUrlExpiresInSec { get; init; }
        /// <summary>Delivery time, epoch seconds.</summary>
        public long NowSeconds { get; init; }
    }

    /// <summary>Returns the document unchanged.</summary>
    public sealed class IdentityDocumentResolver : IJobDocumentResolver
    {
        /// <inheritdoc/>
        public string Resolve(JobDocumentContext context) => context.Document;
    }
}
