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
    /// The rows stay resident for the life of the agent, so they are packed: one int per row (from, on, to, action,
    /// a byte each) and a byte index per (state, event), about 0.9 KB on nanoCLR's heap where an object per row cost
    /// about 7.8 KB. The engine reads rows by number (<see cref="FindRow"/>) and allocates nothing;
    /// <see cref="Find"/> and <see cref="Row"/> build a <see cref="Transition"/> for tests and hosts.
    /// </summary>
    public static class TransitionTable
    {
        private const int NoRow = 255;

        // One row per int: from | on << 8 | to << 16 | action << 24 (every enum has fewer than 256 values).
        private static readonly int[] Packed = Build();

        // Row number per (state, event), NoRow when the event is ignored there (the table has fewer than 255 rows).
        private static readonly byte[] Index = BuildIndex();

        /// <summary>Number of rows.</summary>
        public static int Count
        {
            get { return Packed.Length; }
        }

        /// <summary>The row number for (<paramref name="state"/>, <paramref name="e"/>), or -1 when the event is ignored there.</summary>
        public static int FindRow(AgentState state, AgentEvent e)
        {
            int s = (int)state;
            int v = (int)e;
            if (s < 0 || s >= AgentNames.StateCount || v < 0 || v >= AgentNames.EventCount)
            {
                return -1;
            }

            int row = Index[(s * AgentNames.EventCount) + v];
            return row == NoRow ? -1 : row;
        }

        /// <summary>State row <paramref name="row"/> applies to.</summary>
        public static AgentState From(int row)
        {
            return (AgentState)(Packed[row] & 0xFF);
        }

        /// <summary>Event row <paramref name="row"/> applies to.</summary>
        public static AgentEvent On(int row)
        {
            return (AgentEvent)((Packed[row] >> 8) & 0xFF);
        }

        /// <summary>Next state of row <paramref name="row"/>.</summary>
        public static AgentState To(int row)
        {
            return (AgentState)((Packed[row] >> 16) & 0xFF);
        }

        /// <summary>Action of row <paramref name="row"/>.</summary>
        public static AgentAction Action(int row)
        {
            return (AgentAction)((Packed[row] >> 24) & 0xFF);
        }

        /// <summary>Row <paramref name="row"/> as a new object (tests, hosts).</summary>
        public static Transition Row(int row)
        {
            return new Transition(From(row), On(row), To(row), Action(row));
        }

        /// <summary>The row for (<paramref name="state"/>, <paramref name="e"/>) as a new object, or null when the event is ignored there.</summary>
        public static Transition Find(AgentState state, AgentEvent e)
        {
            int row = FindRow(state, e);
            return row < 0 ? null : Row(row);
        }

        private static byte[] BuildIndex()
        {
            byte[] index = new byte[AgentNames.StateCount * AgentNames.EventCount];
            for (int i = 0; i < index.Length; i++)
            {
                index[i] = NoRow;
            }

            // First row wins; a test checks there are no duplicates.
            for (int r = Packed.Length - 1; r >= 0; r--)
            {
                index[((Packed[r] & 0xFF) * AgentNames.EventCount) + ((Packed[r] >> 8) & 0xFF)] = (byte)r;
            }

            return index;
        }

        private static int T(AgentState from, AgentEvent on, AgentState to, AgentAction action)
        {
            return (int)from | ((int)on << 8) | ((int)to << 16) | ((int)action << 24);
        }

        private static int[] Build()
        {
            return new int[]
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
