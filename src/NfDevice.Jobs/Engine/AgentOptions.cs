namespace NfDevice.Jobs.Engine
{
    /// <summary>Settings of a <see cref="JobAgent"/>. Times are milliseconds of <see cref="Platform.IClock.MonotonicMilliseconds"/>.</summary>
    public sealed class AgentOptions
    {
        /// <summary>The AWS IoT thing name (1-128 characters of [a-zA-Z0-9:_-], per AWS IoT API Reference).</summary>
        public string ThingName;

        /// <summary>stepTimeoutInMinutes sent with every IN_PROGRESS update (1-10080, per AWS IoT API Reference); 0 omits it.</summary>
        public int StepTimeoutMinutes = 30;

        /// <summary>Least time between two progress updates of one execution.</summary>
        public int ProgressThrottleMs = 10000;

        /// <summary>How long to wait for the accepted/rejected answer of a request before it counts as lost.</summary>
        public int ReplyTimeoutMs = 10000;

        /// <summary>Sends of one request (first try included) before the engine gives up on it.</summary>
        public int MaxAttempts = 5;

        /// <summary>Backoff before the first retry; doubled for each further retry.</summary>
        public int BackoffBaseMs = 1000;

        /// <summary>Upper bound of a backoff delay.</summary>
        public int BackoffCapMs = 60000;

        /// <summary>Pause after giving up on a request before the engine discovers again.</summary>
        public int RediscoverDelayMs = 60000;

        /// <summary>Pause between two slices of handler steps (0: the next slice on the next <see cref="JobAgent.RunOnce"/>).</summary>
        public int StepIntervalMs = 20;

        /// <summary>
        /// Longest run of handler steps in one go while nothing else waits (0: one step per slice). The engine yields
        /// as soon as an event is queued or a timer is due, so a longer slice costs no responsiveness to MQTT; it
        /// only holds the engine thread. The default suits an ESP32 (one thread, ~4 KB per step); the desktop agent
        /// uses a longer slice and no pause (see the README's performance section).
        /// </summary>
        public int StepSliceMs = 10;

        /// <summary>Least pause after a handler said <see cref="StepResult.Waiting"/>, so a waiting handler never spins.</summary>
        public int IdleStepMs = 20;

        /// <summary>Boots in the same persisted phase after which the execution ends FAILED with reason <c>rebootLoop</c>.</summary>
        public int MaxBootsInPhase = 3;

        /// <summary>Name of the execution record in the <see cref="Platform.IStateStore"/>.</summary>
        public string RecordName = "jobs-execution";

        /// <summary>Size of the buffer requests are encoded into (when <see cref="RequestBuffer"/> is null).</summary>
        public int RequestBufferBytes = 4096;

        /// <summary>
        /// A buffer of the platform's to encode requests into instead of allocating one of <see cref="RequestBufferBytes"/>
        /// (at least 512 bytes; an UpdateJobExecution that does not fit keeps only its reason). A device passes the
        /// download's buffer (<see cref="Update.FirmwareDownload.Buffer"/>) and saves 4 KB of heap: the two are never in
        /// use at once, because both live on the engine thread and neither keeps bytes across a call. A download step
        /// fills and empties the buffer within one <see cref="Update.FirmwareDownload.Step"/>, and a request is encoded,
        /// published and forgotten within one engine action (a retry encodes it again), which requires
        /// <see cref="Platform.IMqttConnection.Publish"/> to copy what it keeps beyond its return, as both platforms do.
        /// </summary>
        public byte[] RequestBuffer;

        /// <summary>Longest wait of <see cref="JobAgent.Run"/> between two checks of its timers.</summary>
        public int MaxIdleWaitMs = 1000;
    }
}
