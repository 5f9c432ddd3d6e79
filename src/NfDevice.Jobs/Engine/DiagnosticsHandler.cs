namespace NfDevice.Jobs.Engine
{
    /// <summary>Operation <c>diagnostics</c>: reports firmware version, platform and free memory in statusDetails and succeeds.</summary>
    public sealed class DiagnosticsHandler : IJobHandler
    {
        /// <summary>"diagnostics".</summary>
        public const string OperationName = "diagnostics";

        /// <summary>"diagnostics".</summary>
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

        /// <summary>Fills statusDetails and succeeds in one step.</summary>
        public StepResult Step(JobContext context)
        {
            context.Details.SetSanitized("firmwareVersion", context.Device.FirmwareVersion);
            context.Details.SetSanitized("platform", context.Device.PlatformName);
            context.Details.Set("freeMemory", context.Power.FreeMemory.ToString());
            return StepResult.Succeeded;
        }

        /// <summary>Nothing to undo.</summary>
        public void Cancel(JobContext context)
        {
        }
    }
}
