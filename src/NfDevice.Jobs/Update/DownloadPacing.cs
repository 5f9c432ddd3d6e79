namespace NfDevice.Jobs.Update
{
    /// <summary>
    /// How often a download checkpoints and reports progress, for a platform that wants other than the core's
    /// defaults (a checkpoint on every block boundary, a progress report at every tenth of the image). The ESP32 keeps
    /// the defaults and has no such object (<see cref="FirmwareDownload.Pacing"/> is null): its heap does not pay for it.
    /// </summary>
    public sealed class DownloadPacing
    {
        /// <summary>
        /// Bytes after which the next block boundary gets a checkpoint. Each checkpoint costs a slot flush and a record
        /// write; a larger figure trades resume granularity for speed.
        /// </summary>
        public int CheckpointBytes;

        /// <summary>
        /// Milliseconds after which the next block boundary gets a checkpoint even if <see cref="CheckpointBytes"/> have
        /// not passed, so a slow link loses at most about this long of download to a crash; 0: bytes only.
        /// </summary>
        public int CheckpointMilliseconds;

        /// <summary>
        /// Least time between two tenth-of-the-image progress reports (0: none). Each report pauses the download until
        /// the cloud answers it; a download that moves a tenth faster than this reports the tenth it has reached once
        /// this has passed, instead of every one.
        /// </summary>
        public int ProgressMinimumMs;

        /// <summary>Monotonic time of the last checkpoint (kept by the download).</summary>
        internal long LastCheckpointAt;
    }
}
