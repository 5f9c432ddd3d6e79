using System;

namespace NfDevice.Cloud.Control
{
    /// <summary>An AWS service error: the x-amzn-ErrorType name, HTTP status and message (AWS's rest-json error shape).</summary>
    public sealed class AwsException : Exception
    {
        /// <summary>Creates the error.</summary>
        public AwsException(string errorType, int statusCode, string message) : base(message)
        {
            ErrorType = errorType;
            StatusCode = statusCode;
        }

        /// <summary>E.g. ResourceNotFoundException.</summary>
        public string ErrorType { get; }

        /// <summary>HTTP status code.</summary>
        public int StatusCode { get; }

        /// <summary>404 ResourceNotFoundException.</summary>
        public static AwsException NotFound(string message) => new AwsException("ResourceNotFoundException", 404, message);
        /// <summary>400 InvalidRequestException.</summary>
        public static AwsException Invalid(string message) => new AwsException("InvalidRequestException", 400, message);
        /// <summary>409 ResourceAlreadyExistsException.</summary>
        public static AwsException Exists(string message) => new AwsException("ResourceAlreadyExistsException", 409, message);
        /// <summary>409 InvalidStateTransitionException.</summary>
        public static AwsException BadTransition(string message) => new AwsException("InvalidStateTransitionException", 409, message);
        /// <summary>409 VersionConflictException.</summary>
        public static AwsException VersionConflict(string message) => new AwsException("VersionConflictException", 409, message);
    }
}
