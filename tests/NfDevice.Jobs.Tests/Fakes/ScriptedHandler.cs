using NfDevice.Jobs.Engine;

namespace NfDevice.Jobs.Tests.Fakes
{
    /// <summary>A handler whose behaviour the test sets: steps to succeed, failure, refusal, progress, checkpoints.</summary>
    public sealed class ScriptedHandler : IJobHandler
    {
        private readonly string _operation;

        /// <summary>Steps returning Running before the outcome (-1: run until told otherwise).</summary>
        public int RunningSteps;

        /// <summary>When set, the last step fails with this reason.</summary>
        public string FailWith;

        /// <summary>When set, Validate refuses with this reason.</summary>
        public string RefuseWith;

        /// <summary>Ask for progress on every step.</summary>
        public bool ReportEveryStep;

        /// <summary>Save the step count as checkpoint on every step.</summary>
        public bool Checkpoint;

        /// <summary>Calls.</summary>
        public int Validates;

        /// <summary>Calls.</summary>
        public int Starts;

        /// <summary>Calls.</summary>
        public int Steps;

        /// <summary>Calls.</summary>
        public int Cancels;

        /// <summary>Context flags seen at the last Start.</summary>
        public bool LastStartResumed;

        /// <summary>Checkpoint seen at the last Start.</summary>
        public byte[] LastStartCheckpoint;

        /// <summary>Document version seen at the last step.</summary>
        public int LastDocumentVersion;

        /// <summary>Document text seen at the last step.</summary>
        public string LastDocument;

        /// <summary>A handler for <paramref name="operation"/> that succeeds after <paramref name="runningSteps"/> steps.</summary>
        public ScriptedHandler(string operation, int runningSteps)
        {
            _operation = operation;
            RunningSteps = runningSteps;
        }

        /// <summary>The operation.</summary>
        public string Operation
        {
            get { return _operation; }
        }

        /// <summary>Refuses with <see cref="RefuseWith"/> when set.</summary>
        public string Validate(JobContext context)
        {
            Validates++;
            return RefuseWith;
        }

        /// <summary>Counts.</summary>
        public void Start(JobContext context)
        {
            Starts++;
            LastStartResumed = context.IsResumed;
            LastStartCheckpoint = context.Checkpoint;
        }

        /// <summary>Runs the script.</summary>
        public StepResult Step(JobContext context)
        {
            Steps++;
            LastDocumentVersion = context.DocumentVersion;
            LastDocument = System.Text.Encoding.UTF8.GetString(context.DocumentBuffer, context.DocumentOffset, context.DocumentLength);
            if (Checkpoint)
            {
                context.SaveCheckpoint(new byte[] { (byte)Steps });
            }

            if (ReportEveryStep)
            {
                context.Details.Set("step", Steps.ToString());
                context.ReportProgress();
            }

            if (RunningSteps < 0 || Steps <= RunningSteps)
            {
                return StepResult.Running;
            }

            return FailWith != null ? context.Fail(FailWith) : StepResult.Succeeded;
        }

        /// <summary>Counts.</summary>
        public void Cancel(JobContext context)
        {
            Cancels++;
        }
    }
}
