namespace NfDevice.Jobs.Update
{
    /// <summary>
    /// The steps of a firmware update, after Mender MCU's update module: one state per step, each with
    /// what is persisted on entry and what a boot that finds it persisted does (<see cref="UpdatePhases"/>).
    /// The value is what the phase record stores, so the numbers never change.
    /// </summary>
    public enum UpdatePhase
    {
        /// <summary>No update (no phase record).</summary>
        None = 0,
        /// <summary>Streaming the image into the slot, checkpointed.</summary>
        Download = 1,
        /// <summary>Size and signature of the whole-image digest (held in RAM only).</summary>
        Verify = 2,
        /// <summary>Completing the slot: the test swap is scheduled.</summary>
        Install = 3,
        /// <summary>Announcing the trial and restarting into the new image.</summary>
        Reboot = 4,
        /// <summary>The new image runs on trial: is it the one expected, and does its self-test pass?</summary>
        VerifyReboot = 5,
        /// <summary>Confirming the trial image; the update succeeded.</summary>
        Commit = 6,
        /// <summary>Asking the slot for the previous image back.</summary>
        Rollback = 7,
        /// <summary>Restarting into the previous image.</summary>
        RollbackReboot = 8,
        /// <summary>Cleaning up (slot session erased, checkpoint deleted) and ending FAILED with the reason.</summary>
        Failure = 9,
    }

    /// <summary>
    /// The update's phases as data: names for the log and statusDetails, the next phase on success and on
    /// failure, whether the phase is written before it acts, and which phase a boot that finds it resumes in.
    /// Rows are indexed by <see cref="UpdatePhase"/> value; a test pins the order.
    /// </summary>
    /// <remarks>
    /// A boot resumes in a phase whose first act is to ask the slot "already done?" (GetStatus), so every
    /// recovery is idempotent. Verify is not persisted: the digest lives in RAM, so a boot that finds
    /// Download (the last persisted phase) resumes hashing from the checkpoint. A boot in the trial
    /// (VerifyReboot) or before the confirm is written (Commit) learns from the running version whether the
    /// bootloader kept the new image or brought the old one back.
    /// </remarks>
    public static class UpdatePhases
    {
        /// <summary>Number of phases (rows).</summary>
        public const int Count = 10;

        private static readonly string[] Names =
        {
            "none", "download", "verify", "install", "reboot", "verify-reboot", "commit", "rollback", "rollback-reboot", "failure",
        };

        // None, Download, Verify, Install, Reboot, VerifyReboot, Commit, Rollback, RollbackReboot, Failure
        private static readonly byte[] SuccessRow = { 0, 2, 3, 4, 5, 6, 0, 8, 9, 0 };
        private static readonly byte[] FailureRow = { 0, 9, 9, 9, 9, 7, 7, 9, 9, 0 };
        private static readonly byte[] BootRow = { 0, 1, 1, 3, 5, 5, 6, 7, 8, 9 };
        private static readonly bool[] PersistRow = { false, true, false, true, true, true, true, true, true, true };

        /// <summary>The word for <paramref name="phase"/> (statusDetails <c>step</c> and the log).</summary>
        public static string Name(UpdatePhase phase)
        {
            int i = (int)phase;
            return i >= 0 && i < Count ? Names[i] : "unknown";
        }

        /// <summary>The phase after <paramref name="phase"/> succeeded (None: the update succeeded).</summary>
        public static UpdatePhase OnSuccess(UpdatePhase phase)
        {
            return Row(SuccessRow, phase);
        }

        /// <summary>The phase after <paramref name="phase"/> failed (None: the update ended).</summary>
        public static UpdatePhase OnFailure(UpdatePhase phase)
        {
            return Row(FailureRow, phase);
        }

        /// <summary>The phase a boot resumes in when it finds <paramref name="phase"/> persisted.</summary>
        public static UpdatePhase OnBoot(UpdatePhase phase)
        {
            return Row(BootRow, phase);
        }

        /// <summary>True if the phase is written to the state store before its act (a crash in it must be seen by the next boot).</summary>
        public static bool PersistedOnEntry(UpdatePhase phase)
        {
            int i = (int)phase;
            return i >= 0 && i < Count && PersistRow[i];
        }

        private static UpdatePhase Row(byte[] row, UpdatePhase phase)
        {
            int i = (int)phase;
            return i >= 0 && i < Count ? (UpdatePhase)row[i] : UpdatePhase.Failure;
        }
    }
}
