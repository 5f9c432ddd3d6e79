namespace NfDevice.Jobs.Protocol
{
    /// <summary>Outcome of every codec call (topics, requests, replies). The codec never throws on bad input.</summary>
    public enum JobsResult
    {
        /// <summary>The operation succeeded.</summary>
        Success = 0,

        /// <summary>The topic is not a Jobs topic of this thing (other thing, other API, malformed).</summary>
        NoMatch = 1,

        /// <summary>An argument is null, out of range or not allowed for this API (e.g. a wildcard where a jobId is needed).</summary>
        BadParameter = 2,

        /// <summary>thingName is not 1-128 characters of [a-zA-Z0-9:_-].</summary>
        InvalidThingName = 3,

        /// <summary>jobId is not 1-64 characters of [a-zA-Z0-9_-] (or <c>$next</c> where it is not allowed).</summary>
        InvalidJobId = 4,

        /// <summary>clientToken is empty, longer than 64 characters, or has control characters.</summary>
        InvalidClientToken = 5,

        /// <summary>A statusDetails key or value breaks the AWS constraints.</summary>
        InvalidStatusDetails = 6,

        /// <summary>More statusDetails pairs than <see cref="JobsLimits.MaxStatusDetailsPairs"/>.</summary>
        TooManyStatusDetails = 7,

        /// <summary>stepTimeoutInMinutes is not 1-10080 (or -1 on UpdateJobExecution).</summary>
        InvalidStepTimeout = 8,

        /// <summary>A device may only report IN_PROGRESS, SUCCEEDED, FAILED or REJECTED.</summary>
        InvalidStatus = 9,

        /// <summary>The caller's buffer is too small for the topic or request.</summary>
        BufferTooSmall = 10,

        /// <summary>The payload is not valid JSON; <see cref="JobsReply.JsonResult"/> says why (Partial, Illegal, BadUtf8, TooDeep...).</summary>
        MalformedPayload = 11,

        /// <summary>The payload is larger than the decoder accepts, or its job document exceeds 32768 bytes.</summary>
        PayloadTooLarge = 12,

        /// <summary>A field AWS always sends is missing, or a field has the wrong JSON type.</summary>
        UnexpectedContent = 13,
    }
}
