using System.Threading;
using NfDevice.Jobs.Engine;

namespace NfDevice.Cloud.Tests.EndToEnd
{
    /// <summary>
    /// Test-only operation <c>hold</c>: keeps its execution IN_PROGRESS, one step at a time, until the test releases it.
    /// It lets a test act while a job is surely running (cancel it, time it out, kill the agent, restart the broker).
    /// </summary>
    internal sealed class HoldHandler : IJobHandler
    {
        public const string OperationName = "hold";
        public const string Document = "{\"operation\":\"hold\"}";

        private volatile bool _released;
        private int _starts, _resumes, _cancels, _steps;

        public string Operation => OperationName;

        /// <summary>Times <see cref="Start"/> ran (fresh or resumed).</summary>
        public int Starts => Volatile.Read(ref _starts);

        /// <summary>Times <see cref="Start"/> ran for an execution resumed after a restart.</summary>
        public int Resumes => Volatile.Read(ref _resumes);

        /// <summary>Times the engine told the handler that the cloud ended the execution.</summary>
        public int Cancels => Volatile.Read(ref _cancels);

        /// <summary>Steps taken so far.</summary>
        public int Steps => Volatile.Read(ref _steps);

        /// <summary>Lets the next step succeed.</summary>
        public void Release() => _released = true;

        public string Validate(JobContext context) => null;

        public void Start(JobContext context)
        {
            Interlocked.Increment(ref _starts);
            if (context.IsResumed) Interlocked.Increment(ref _resumes);
        }

        public StepResult Step(JobContext context)
        {
            Interlocked.Increment(ref _steps);
            return _released ? StepResult.Succeeded : StepResult.Running;
        }

        public void Cancel(JobContext context) => Interlocked.Increment(ref _cancels);
    }
}
