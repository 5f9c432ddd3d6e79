namespace NfDevice.Jobs.Engine
{
    /// <summary>One row of the state machine: in <see cref="From"/>, on <see cref="On"/>, do <see cref="Do"/> and go to <see cref="To"/>.</summary>
    public sealed class Transition
    {
        /// <summary>State the row applies to.</summary>
        public readonly AgentState From;

        /// <summary>Event the row applies to.</summary>
        public readonly AgentEvent On;

        /// <summary>Next state (entered before the action runs, so an action's outcome event is looked up from it).</summary>
        public readonly AgentState To;

        /// <summary>Work done on the way.</summary>
        public readonly AgentAction Do;

        /// <summary>A row.</summary>
        public Transition(AgentState from, AgentEvent on, AgentState to, AgentAction action)
        {
            From = from;
            On = on;
            To = to;
            Do = action;
        }
    }

    /// <summary>
    /// Every transition of the engine, in one place (STYLE.md point 4, after Mender MCU's state table). A
    /// (state, event) pair without a row is ignored and logged: for example notify-next while a describe is in
    /// flight (the answer tells the same), or anything in Rebooting.
    /// </summary>
    public static class TransitionTable
    {
        /// <summary>The rows, grouped by state.</summary>
        public static readonly Transition[] Rows = Build();

        private static readonly int[] Index = BuildIndex();

        /// <summary>The row for (<paramref name="state"/>, <paramref name="e"/>), or null when the event is ignored there.</summary>
        public static Transition Find(AgentState state, AgentEvent e)
        {
            int s = (int)state;
            int v = (int)e;
            if (s < 0 || s >= AgentNames.StateCount || v < 0 || v >= AgentNames.EventCount)
            {
                return null;
            }

            int row = Index[(s * AgentNames.EventCount) + v];
            return row < 0 ? null : Rows[row];
        }

        private static int[] BuildIndex()
        {
            int[] index = new int[AgentNames.StateCount * AgentNames.EventCount];
            for (int i = 0; i < index.Length; i++)
            {
                index[i] = -1;
            }

            // First row wins; a test checks there are no duplicates.
            for (int r = Rows.Length - 1; r >= 0; r--)
            {
                index[((int)Rows[r].From * AgentNames.EventCount) + (int)Rows[r].On] = r;
            }

            return index;
        }

        private static Transition T(AgentState from, AgentEvent on, AgentState to, AgentAction action)
        {
            return new Transition(from, on, to, action);
        }

        private static Transition[] Build()
        {
            return new Transition[]
            {
                T(AgentState.Offline, AgentEvent.Boot, AgentState.Offline, AgentAction.LoadRecord),
                T(AgentState.Offline, AgentEvent.Connected, AgentState.Connecting, AgentAction.Subscribe),

                T(AgentState.Connecting, AgentEvent.Ready, AgentState.Discovering, AgentAction.SendDescribeNext),
                T(AgentState.Connecting, AgentEvent.ReadyWithJob, AgentState.Resuming, AgentAction.SendDescribeCurrent),
                T(AgentState.Connecting, AgentEvent.SubscribeFailed, AgentState.Connecting, AgentAction.ScheduleRetry),
                T(AgentState.Connecting, AgentEvent.RetryDue, AgentState.Connecting, AgentAction.Subscribe),
                T(AgentState.Connecting, AgentEvent.GiveUp, AgentState.Stalled, AgentAction.ScheduleRediscover),
                T(AgentState.Connecting, AgentEvent.Disconnected, AgentState.Offline, AgentAction.GoOffline),

                T(AgentState.Discovering, AgentEvent.JobFound, AgentState.Validating, AgentAction.TakeJob),
                T(AgentState.Discovering, AgentEvent.NoJob, AgentState.Idle, AgentAction.None),
                T(AgentState.Discovering, AgentEvent.NextUndeliverable, AgentState.Discovering, AgentAction.SendGetPending),
                T(AgentState.Discovering, AgentEvent.PendingFound, AgentState.Finishing, AgentAction.FailUndeliverable),
                T(AgentState.Discovering, AgentEvent.JobUnreadable, AgentState.Finishing, AgentAction.RejectUnreadable),
                T(AgentState.Discovering, AgentEvent.Retryable, AgentState.Discovering, AgentAction.ScheduleRetry),
                T(AgentState.Discovering, AgentEvent.ReplyTimeout, AgentState.Discovering, AgentAction.ScheduleRetry),
                T(AgentState.Discovering, AgentEvent.RetryDue, AgentState.Discovering, AgentAction.Resend),
                T(AgentState.Discovering, AgentEvent.GiveUp, AgentState.Stalled, AgentAction.ScheduleRediscover),
                T(AgentState.Discovering, AgentEvent.RejectedOther, AgentState.Stalled, AgentAction.ScheduleRediscover),
                T(AgentState.Discovering, AgentEvent.Disconnected, AgentState.Offline, AgentAction.GoOffline),

                T(AgentState.Idle, AgentEvent.NextJob, AgentState.Discovering, AgentAction.SendDescribeNext),
                T(AgentState.Idle, AgentEvent.Disconnected, AgentState.Offline, AgentAction.GoOffline),

                T(AgentState.Resuming, AgentEvent.Described, AgentState.Resuming, AgentAction.ResumeCheck),
                T(AgentState.Resuming, AgentEvent.NeedStart, AgentState.Validating, AgentAction.TakeJob),
                T(AgentState.Resuming, AgentEvent.NeedRun, AgentState.Running, AgentAction.ContinueRunning),
                T(AgentState.Resuming, AgentEvent.NeedFinish, AgentState.Finishing, AgentAction.SendTerminal),
                T(AgentState.Resuming, AgentEvent.Gone, AgentState.Discovering, AgentAction.AbandonJob),
                T(AgentState.Resuming, AgentEvent.JobUnreadable, AgentState.Finishing, AgentAction.RejectUnreadable),
                T(AgentState.Resuming, AgentEvent.Retryable, AgentState.Resuming, AgentAction.ScheduleRetry),
                T(AgentState.Resuming, AgentEvent.ReplyTimeout, AgentState.Resuming, AgentAction.ScheduleRetry),
                T(AgentState.Resuming, AgentEvent.RetryDue, AgentState.Resuming, AgentAction.Resend),
                T(AgentState.Resuming, AgentEvent.GiveUp, AgentState.Stalled, AgentAction.ScheduleRediscover),
                T(AgentState.Resuming, AgentEvent.RejectedOther, AgentState.Stalled, AgentAction.ScheduleRediscover),
                T(AgentState.Resuming, AgentEvent.Disconnected, AgentState.Offline, AgentAction.GoOffline),

                T(AgentState.Validating, AgentEvent.DocumentValid, AgentState.Starting, AgentAction.BeginJob),
                T(AgentState.Validating, AgentEvent.DocumentInvalid, AgentState.Finishing, AgentAction.SendTerminal),

                T(AgentState.Starting, AgentEvent.UpdateAccepted, AgentState.Running, AgentAction.StartHandler),
                T(AgentState.Starting, AgentEvent.PersistFailed, AgentState.Finishing, AgentAction.SendTerminal),
                T(AgentState.Starting, AgentEvent.Retryable, AgentState.Starting, AgentAction.ScheduleRetry),
                T(AgentState.Starting, AgentEvent.ReplyTimeout, AgentState.Starting, AgentAction.ScheduleRetry),
                T(AgentState.Starting, AgentEvent.RetryDue, AgentState.Starting, AgentAction.Resend),
                T(AgentState.Starting, AgentEvent.GiveUp, AgentState.Stalled, AgentAction.ScheduleRediscover),
                T(AgentState.Starting, AgentEvent.VersionMismatch, AgentState.Starting, AgentAction.RefreshVersion),
                T(AgentState.Starting, AgentEvent.Refreshed, AgentState.Starting, AgentAction.ResendUpdate),
                T(AgentState.Starting, AgentEvent.Gone, AgentState.Discovering, AgentAction.AbandonJob),
                T(AgentState.Starting, AgentEvent.JobUnreadable, AgentState.Finishing, AgentAction.RejectUnreadable),
                T(AgentState.Starting, AgentEvent.RejectedOther, AgentState.Finishing, AgentAction.FailRejected),
                T(AgentState.Starting, AgentEvent.NextSame, AgentState.Starting, AgentAction.RefreshDocument),
                T(AgentState.Starting, AgentEvent.NextJob, AgentState.Discovering, AgentAction.AbandonJob),
                T(AgentState.Starting, AgentEvent.NextEmpty, AgentState.Discovering, AgentAction.AbandonJob),
                T(AgentState.Starting, AgentEvent.Disconnected, AgentState.Offline, AgentAction.GoOffline),

                T(AgentState.Running, AgentEvent.StepDue, AgentState.Running, AgentAction.Step),
                T(AgentState.Running, AgentEvent.ProgressDue, AgentState.Reporting, AgentAction.SendProgress),
                T(AgentState.Running, AgentEvent.DocumentWanted, AgentState.Reporting, AgentAction.SendDescribeDocument),
                T(AgentState.Running, AgentEvent.JobDone, AgentState.Finishing, AgentAction.SendTerminal),
                T(AgentState.Running, AgentEvent.RebootRequested, AgentState.Rebooting, AgentAction.PrepareReboot),
                T(AgentState.Running, AgentEvent.NextSame, AgentState.Running, AgentAction.RefreshDocument),
                T(AgentState.Running, AgentEvent.Gone, AgentState.Discovering, AgentAction.AbandonJob),
                T(AgentState.Running, AgentEvent.NextJob, AgentState.Discovering, AgentAction.AbandonJob),
                T(AgentState.Running, AgentEvent.NextEmpty, AgentState.Discovering, AgentAction.AbandonJob),
                T(AgentState.Running, AgentEvent.Disconnected, AgentState.Offline, AgentAction.GoOffline),

                T(AgentState.Reporting, AgentEvent.UpdateAccepted, AgentState.Running, AgentAction.ContinueRunning),
                T(AgentState.Reporting, AgentEvent.DocumentFetched, AgentState.Running, AgentAction.TakeFreshDocument),
                T(AgentState.Reporting, AgentEvent.Retryable, AgentState.Reporting, AgentAction.ScheduleRetry),
                T(AgentState.Reporting, AgentEvent.ReplyTimeout, AgentState.Reporting, AgentAction.ScheduleRetry),
                T(AgentState.Reporting, AgentEvent.RetryDue, AgentState.Reporting, AgentAction.Resend),
                T(AgentState.Reporting, AgentEvent.GiveUp, AgentState.Running, AgentAction.ContinueRunning),
                T(AgentState.Reporting, AgentEvent.VersionMismatch, AgentState.Reporting, AgentAction.RefreshVersion),
                T(AgentState.Reporting, AgentEvent.Refreshed, AgentState.Reporting, AgentAction.ResendUpdate),
                T(AgentState.Reporting, AgentEvent.Gone, AgentState.Discovering, AgentAction.AbandonJob),
                T(AgentState.Reporting, AgentEvent.JobUnreadable, AgentState.Finishing, AgentAction.RejectUnreadable),
                T(AgentState.Reporting, AgentEvent.RejectedOther, AgentState.Running, AgentAction.ContinueRunning),
                T(AgentState.Reporting, AgentEvent.NextSame, AgentState.Reporting, AgentAction.RefreshDocument),
                T(AgentState.Reporting, AgentEvent.NextJob, AgentState.Discovering, AgentAction.AbandonJob),
                T(AgentState.Reporting, AgentEvent.NextEmpty, AgentState.Discovering, AgentAction.AbandonJob),
                T(AgentState.Reporting, AgentEvent.Disconnected, AgentState.Offline, AgentAction.GoOffline),

                T(AgentState.Finishing, AgentEvent.UpdateAccepted, AgentState.Discovering, AgentAction.CloseJob),
                T(AgentState.Finishing, AgentEvent.Retryable, AgentState.Finishing, AgentAction.ScheduleRetry),
                T(AgentState.Finishing, AgentEvent.ReplyTimeout, AgentState.Finishing, AgentAction.ScheduleRetry),
                T(AgentState.Finishing, AgentEvent.RetryDue, AgentState.Finishing, AgentAction.Resend),
                T(AgentState.Finishing, AgentEvent.GiveUp, AgentState.Stalled, AgentAction.ScheduleRediscover),
                T(AgentState.Finishing, AgentEvent.VersionMismatch, AgentState.Finishing, AgentAction.RefreshVersion),
                T(AgentState.Finishing, AgentEvent.Refreshed, AgentState.Finishing, AgentAction.ResendUpdate),
                T(AgentState.Finishing, AgentEvent.Gone, AgentState.Discovering, AgentAction.AbandonJob),
                T(AgentState.Finishing, AgentEvent.JobUnreadable, AgentState.Finishing, AgentAction.RejectUnreadable),
                T(AgentState.Finishing, AgentEvent.RejectedOther, AgentState.Discovering, AgentAction.AbandonJob),
                T(AgentState.Finishing, AgentEvent.NextSame, AgentState.Finishing, AgentAction.RefreshDocument),
                T(AgentState.Finishing, AgentEvent.Disconnected, AgentState.Offline, AgentAction.GoOffline),

                T(AgentState.Stalled, AgentEvent.RetryDue, AgentState.Connecting, AgentAction.Subscribe),
                T(AgentState.Stalled, AgentEvent.NextJob, AgentState.Connecting, AgentAction.Subscribe),
                T(AgentState.Stalled, AgentEvent.Disconnected, AgentState.Offline, AgentAction.GoOffline),

                T(AgentState.Rebooting, AgentEvent.PersistFailed, AgentState.Finishing, AgentAction.SendTerminal),
            };
        }
    }
}
