namespace NfDevice.Cloud.Aws
{
    /// <summary>Outcome of verifying a signed request: the caller's credential, or the AWS error to send back.</summary>
    public sealed class SigV4Result
    {
        /// <summary>True when the signature (and date, token, scope) checked out.</summary>
        public bool Ok => Error == null;

        /// <summary>The credential that signed the request (when Ok).</summary>
        public AwsCredential Credential { get; init; }

        /// <summary>The error to answer with (when not Ok); write it with <see cref="AwsError.WriteAsync"/>.</summary>
        public AwsError Error { get; init; }

        /// <summary>Canonical request the server computed (null if verification stopped earlier).</summary>
        public string CanonicalRequest { get; init; }

        /// <summary>String to sign the server computed (null if verification stopped earlier).</summary>
        public string StringToSign { get; init; }

        /// <summary>True when the request was authenticated by query parameters (presigned URL).</summary>
        public bool Presigned { get; init; }

        internal static SigV4Result Fail(AwsError error, string canonicalRequest = null, string stringToSign = null, bool presigned = false) =>
            new SigV4Result { Error = error, CanonicalRequest = canonicalRequest, StringToSign = stringToSign, Presigned = presigned };
    }
}
