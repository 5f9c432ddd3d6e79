namespace NfDevice.Jobs.Engine
{
    /// <summary>
    /// Why the engine itself ended an execution other than in success. The name of each value goes into the
    /// execution's statusDetails under <c>reason</c> and into the log (one table, STYLE.md point 8). Handlers
    /// add their own reasons (for example <c>NfDevice.Jobs.Update.UpdateReason</c>).
    /// </summary>
    public enum EngineReason
    {
        /// <summary>No failure.</summary>
        None = 0,
        /// <summary>The execution carries no job document.</summary>
        MissingDocument = 1,
        /// <summary>The job document is not a JSON object, or its <c>operation</c> is not a string.</summary>
        InvalidDocument = 2,
        /// <summary>No handler is registered for the document's operation.</summary>
        UnknownOperation = 3,
        /// <summary>The handler refused the document without saying why.</summary>
        HandlerRejected = 4,
        /// <summary>The handler failed without saying why.</summary>
        HandlerFailed = 5,
        /// <summary>The device booted <see cref="AgentOptions.MaxBootsInPhase"/> times in the same phase of the execution.</summary>
        RebootLoop = 6,
        /// <summary>The execution record could not be written, so the work could not be made safe across a reboot.</summary>
        StateStore = 7,
        /// <summary>AWS refused the IN_PROGRESS update (InvalidRequest and the like).</summary>
        RequestRejected = 8,
        /// <summary>After a restart the handler of the held execution is no longer registered.</summary>
        HandlerMissing = 9,
        /// <summary>The cloud could not deliver the job document (for example its presigned URL role is refused).</summary>
        DocumentNotDelivered = 10,
        /// <summary>The job document cannot be held by the device (nested too deep, too long, malformed); <c>detail</c> says which.</summary>
        DocumentUnreadable = 11,
    }

    /// <summary>Names of <see cref="EngineReason"/>, indexed by value (a test pins the order).</summary>
    public static class EngineReasons
    {
        private static readonly string[] Names =
        {
            "none", "missingDocument", "invalidDocument", "unknownOperation", "handlerRejected", "handlerFailed",
            "rebootLoop", "stateStore", "requestRejected", "handlerMissing", "documentNotDelivered",
            "documentUnreadable",
        };

        /// <summary>Number of values.</summary>
        public const int Count = 12;

        /// <summary>The reason's name ("?" outside the enum).</summary>
        public static string Name(EngineReason reason)
        {
            int i = (int)reason;
            return i >= 0 && i < Names.Length ? Names[i] : "?";
        }
    }
}
