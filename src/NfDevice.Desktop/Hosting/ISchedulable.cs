namespace NfDevice.Desktop.Hosting
{
    /// <summary>What one call of <see cref="ISchedulable.Step"/> leaves behind.</summary>
    public enum StepResult
    {
        /// <summary>More work is ready: run again soon (after the other ready engines had a turn).</summary>
        Busy,
        /// <summary>Nothing to do until a wake or <see cref="ISchedulable.IdleMilliseconds"/> pass.</summary>
        Idle,
        /// <summary>The engine is done: the scheduler forgets it.</summary>
        Finished,
    }

    /// <summary>
    /// An engine that <see cref="EngineScheduler"/> drives: short steps on a shared worker thread instead of a thread
    /// of its own. Events from other threads reach it through <see cref="ScheduledEngine.Wake"/>.
    /// </summary>
    public interface ISchedulable
    {
        /// <summary>Does a bounded piece of work on a scheduler thread (never two calls at once for one engine).</summary>
        StepResult Step();

        /// <summary>After <see cref="StepResult.Idle"/>: milliseconds until a timer of the engine is due (negative: none).</summary>
        int IdleMilliseconds { get; }
    }
}
