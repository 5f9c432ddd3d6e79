namespace NfDevice.Jobs.Engine
{
    /// <summary>Names of states, events and actions for logs and hosts, indexed by enum value (a test pins the order).</summary>
    public static class AgentNames
    {
        private static readonly string[] States =
        {
            "Offline", "Connecting", "Discovering", "Idle", "Resuming", "Validating",
            "Starting", "Running", "Reporting", "Finishing", "Stalled", "Rebooting",
        };

        private static readonly string[] Events =
        {
            "Boot", "Connected", "Disconnected", "Ready", "ReadyWithJob", "SubscribeFailed", "NextJob", "NextEmpty",
            "NextSame", "JobFound", "NoJob", "Described", "Gone", "UpdateAccepted", "Refreshed", "Retryable",
            "VersionMismatch", "RejectedOther", "ReplyTimeout", "RetryDue", "GiveUp", "NeedStart", "NeedRun",
            "NeedFinish", "DocumentValid", "DocumentInvalid", "PersistFailed", "StepDue", "ProgressDue", "JobDone",
            "RebootRequested", "DocumentWanted", "DocumentFetched", "NextUndeliverable", "PendingFound",
            "JobUnreadable",
        };

        private static readonly string[] Actions =
        {
            "None", "LoadRecord", "Subscribe", "SendDescribeNext", "SendDescribeCurrent", "TakeJob", "BeginJob",
            "StartHandler", "ResumeCheck", "ContinueRunning", "Step", "SendProgress", "SendTerminal", "FailRejected",
            "CloseJob", "AbandonJob", "RefreshDocument", "ScheduleRetry", "Resend", "RefreshVersion", "ResendUpdate",
            "GoOffline", "ScheduleRediscover", "PrepareReboot", "SendDescribeDocument", "TakeFreshDocument", "SendGetPending", "FailUndeliverable",
            "RejectUnreadable",
        };

        private static readonly string[] Phases = { "no execution", "starting", "running", "rebooting", "reporting its end" };

        /// <summary>What the execution was doing in <paramref name="phase"/>, for logs ("?" outside the enum).</summary>
        public static string Phase(ExecutionPhase phase)
        {
            int i = (int)phase;
            return i >= 0 && i < Phases.Length ? Phases[i] : "?";
        }

        /// <summary>Number of <see cref="AgentState"/> values.</summary>
        public const int StateCount = 12;

        /// <summary>Number of <see cref="AgentEvent"/> values.</summary>
        public const int EventCount = 36;

        /// <summary>Number of <see cref="AgentAction"/> values.</summary>
        public const int ActionCount = 29;

        /// <summary>The state's name, or "?" for a value outside the enum.</summary>
        public static string State(AgentState state)
        {
            int i = (int)state;
            return i >= 0 && i < States.Length ? States[i] : "?";
        }

        /// <summary>The event's name, or "?".</summary>
        public static string Event(AgentEvent e)
        {
            int i = (int)e;
            return i >= 0 && i < Events.Length ? Events[i] : "?";
        }

        /// <summary>The action's name, or "?".</summary>
        public static string Action(AgentAction action)
        {
            int i = (int)action;
            return i >= 0 && i < Actions.Length ? Actions[i] : "?";
        }
    }
}
