namespace NfDevice.Jobs.Engine
{
    /// <summary>
    /// Operation <c>reboot</c>: asks the engine for a reboot (which persists the execution and calls IPower.Reboot),
    /// and reports SUCCEEDED once the agent runs again after it.
    /// </summary>
    public sealed class RebootHandler : IJobHandler
    {
        /// <summary>"reboot".</summary>
        public const string OperationName = "reboot";

        /// <summary>"reboot".</summary>
        public string Operation
        {
            get { return OperationName; }
        }

        /// <summary>Any document with this operation can run.</summary>
        public string Validate(JobContext context)
        {
            return null;
        }

        /// <summary>Nothing to prepare.</summary>
        public void Start(JobContext context)
        {
        }

        /// <summary>Before the reboot: WaitingForReboot. After it: Succeeded.</summary>
        public StepResult Step(JobContext context)
        {
            if (context.ResumedAfterReboot)
            {
                context.Details.Set("rebootedAt", context.Clock.UtcSeconds.ToString());
                return StepResult.Succeeded;
            }

            return StepResult.WaitingForReboot;
        }

        /// <summary>Nothing to undo.</summary>
        public void Cancel(JobContext context)
        {
        }
    }
}
