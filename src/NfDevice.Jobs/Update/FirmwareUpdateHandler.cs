using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Update
{
    /// <summary>
    /// Runs firmware jobs (nf-device's <c>firmware-update</c> documents and FreeRTOS <c>afr_ota</c> HTTP
    /// documents) as a transaction through the phases of <see cref="UpdatePhases"/>: download, verify,
    /// install, reboot, verify reboot, commit, or rollback, rollback reboot, failure.
    /// </summary>
    /// <remarks>
    /// Each phase that a crash could interrupt is written (<see cref="UpdateRecord"/>, in the execution's
    /// checkpoint) before its act, and a boot that finds it resumes in <see cref="UpdatePhases.OnBoot"/>,
    /// whose first step asks the slot what is already done. So every crash point has one recovery: the
    /// image activated is the image verified or the old one, and the status reported is what the device runs.
    /// The download part is in this file, the activation part in FirmwareUpdateHandler.Trial.cs.
    /// </remarks>
    public sealed partial class FirmwareUpdateHandler : IJobHandler, IJobFormat, IJobLeftovers
    {
        /// <summary>How long to wait for a fresh document before asking again.</summary>
        public const int UrlWaitSeconds = 30;

        /// <summary>Fresh documents asked for in a row before the execution fails with reason <c>url</c>.</summary>
        public const int MaxUrlRequests = 5;

        /// <summary>A progress report goes out at every tenth of the image, or after this many seconds without one, whichever comes first.</summary>
        public const int ProgressSeconds = 30;

        private readonly IFirmwareSlot _slot;
        private readonly IHealthCheck _health;
        private readonly CodeSigningVerifier _verifier;
        private readonly FirmwareDownload _download;
        private readonly FirmwareDocument _document = new FirmwareDocument();
        private readonly UpdateRecord _record = new UpdateRecord();

        private UpdatePhase _phase;
        private bool _resumedFromBoot;
        private bool _restartedInTrial;
        private int _documentVersion;
        private bool _waitingForUrl;
        private bool _announcing;
        private int _urlRequests;
        private long _urlRequestedAt;
        private long _lastProgressAt;
        private int _lastProgressTenth;
        private long _rateFromBytes;
        private long _rateFromTime;
        private int _checkpointsSeen;

        /// <summary>
        /// Creates the handler. <paramref name="verifier"/> holds the code-signing certificate stored on the device
        /// (never one taken from a job); <paramref name="health"/> may be null. With a null <paramref name="slot"/>
        /// (a firmware without an update slot) every firmware job is rejected with reason <c>slot</c>.
        /// </summary>
        public FirmwareUpdateHandler(FirmwareDownload download, IFirmwareSlot slot, CodeSigningVerifier verifier, IHealthCheck health)
        {
            _download = download;
            _slot = slot;
            _verifier = verifier;
            _health = health;
        }

        /// <summary>The phase the handler is in (None between jobs).</summary>
        public UpdatePhase Phase
        {
            get { return _phase; }
        }

        /// <inheritdoc/>
        public string Operation
        {
            get { return FirmwareDocument.Operation; }
        }

        /// <inheritdoc/>
        public string Recognize(byte[] document, int offset, int count)
        {
            return FirmwareDocument.IsFirmwareDocument(document, offset, count) ? FirmwareDocument.Operation : null;
        }

        /// <inheritdoc/>
        public string Validate(JobContext context)
        {
            if (_slot == null || _download == null)
            {
                return UpdateReasons.Name(UpdateReason.Slot) + ": this device has no update slot";
            }

            if (!_document.Parse(context.DocumentBuffer, context.DocumentOffset, context.DocumentLength))
            {
                return UpdateReasons.Name(UpdateReason.Document) + ": " + _document.Problem;
            }

            UpdatePhase persisted = _record.Decode(context.Checkpoint) ? _record.Phase : UpdatePhase.None;
            if (persisted != UpdatePhase.None && persisted != UpdatePhase.Download)
            {
                return null; // past the download the running version may be the job's own
            }

            string refused = CheckTarget();
            if (refused != null)
            {
                return refused;
            }

            string running = RunningVersion(context);
            int order = FirmwareVersion.Compare(_document.Version, running);
            if (!_document.AllowDowngrade && order == FirmwareVersion.Invalid)
            {
                // Not "not newer": the device's own version is what cannot be compared, and the job cannot fix that.
                return UpdateReasons.Name(UpdateReason.Version) + ": the running version " + (running == null ? "(none)" : running)
                    + " is not a dotted number, so " + _document.Version + " cannot be compared with it (allowDowngrade true installs it anyway)";
            }

            if (!_document.AllowDowngrade && order <= 0)
            {
                return UpdateReasons.Name(UpdateReason.Version) + ": " + _document.Version + " is not newer than the running " + running;
            }

            return null;
        }

        /// <inheritdoc/>
        public void Start(JobContext context)
        {
            _waitingForUrl = false;
            _announcing = false;
            _urlRequests = 0;
            _lastProgressAt = context.Clock.MonotonicMilliseconds;
            _lastProgressTenth = 0;
            _documentVersion = context.DocumentVersion;
            _document.Parse(context.DocumentBuffer, context.DocumentOffset, context.DocumentLength);
            _restartedInTrial = false;
            if (_record.Decode(context.Checkpoint) && _record.Phase != UpdatePhase.None)
            {
                // A boot found the update in this phase: resume where the table says, asking the slot first.
                _resumedFromBoot = true;
                _restartedInTrial = _record.Phase == UpdatePhase.VerifyReboot || _record.Phase == UpdatePhase.Commit;
                _phase = UpdatePhases.OnBoot(_record.Phase);
                Log(context, LogLevel.Info, "firmware: restarted in phase " + UpdatePhases.Name(_record.Phase) + ", continuing in " + UpdatePhases.Name(_phase));
                if (_phase == UpdatePhase.Download)
                {
                    // From here the download runs live: its Install must complete, not resume again.
                    _resumedFromBoot = false;
                    BeginDownload(context);
                }

                return;
            }

            _resumedFromBoot = false;
            _record.Clear();
            _record.UpdatedBy = RunningVersion(context);
            IUpdateTargets targets = _slot as IUpdateTargets;
            string notice = targets == null ? null : targets.TakeNotice();
            if (notice != null)
            {
                context.Details.SetSanitized("startup", notice);
            }

            if (_verifier == null || _verifier.Status != CryptoStatus.Ok)
            {
                // Nothing could ever be activated: fail now rather than after the whole download.
                _phase = UpdatePhase.None;
                EnterFailure(context, UpdateReason.Certificate, "no usable code-signing certificate on the device");
                return;
            }

            Enter(context, UpdatePhase.Download);
            BeginDownload(context);
        }

        /// <inheritdoc/>
        public StepResult Step(JobContext context)
        {
            switch (_phase)
            {
                case UpdatePhase.Download:
                    return DownloadStep(context);
                case UpdatePhase.Install:
                    return Install(context);
                case UpdatePhase.Reboot:
                    return Reboot(context);
                case UpdatePhase.VerifyReboot:
                    return VerifyReboot(context);
                case UpdatePhase.Commit:
                    return Commit(context);
                case UpdatePhase.Rollback:
                    return Rollback(context);
                case UpdatePhase.RollbackReboot:
                    return RollbackReboot(context);
                case UpdatePhase.Failure:
                    return Failure(context);
                default:
                    return context.Fail(UpdateReasons.Name(UpdateReason.Download));
            }
        }

        /// <inheritdoc/>
        public void Cancel(JobContext context)
        {
            if (_phase == UpdatePhase.Download || _phase == UpdatePhase.Verify)
            {
                _download.Discard();
            }
            else if (_slot != null && _slot.GetStatus(_document.Target) == SlotStatus.Testing)
            {
                // Canceled during the trial: nobody will confirm it, so the next boot brings the old image back.
                _slot.RequestRevert();
            }

            _phase = UpdatePhase.None;
        }

        /// <inheritdoc/>
        public void DiscardLeftovers(string jobId)
        {
            // The execution ended without this handler running (the cloud forgot it while the device was off):
            // a partial download of it must not stay in the slot or the store. A staged or trial image is left
            // to the slot's own rules (an unconfirmed trial is reverted at the next boot).
            if (_download != null && _slot != null && _download.HasCheckpoint && _slot.GetStatus(_document.Target) == SlotStatus.Confirmed)
            {
                _download.Discard();
            }
        }

        private void BeginDownload(JobContext context)
        {
            SlotStatus status = _slot.GetStatus(_document.Target);
            if (status == SlotStatus.Testing || status == SlotStatus.TestPending || status == SlotStatus.RollbackPending)
            {
                // Never start a session while an image is on trial: a second swap would take the previous image.
                EnterFailure(context, UpdateReason.Slot, "an image is on trial (slot " + UpdateNames.Status(status) + "): no new session before it is confirmed or reverted");
                return;
            }

            _rateFromBytes = -1;
            if (!_download.Begin(_document, context.JobId, context.ExecutionNumber))
            {
                EnterFailure(context, _download.Reason, _download.Detail);
            }
        }

        private StepResult DownloadStep(JobContext context)
        {
            if (context.DocumentVersion != _documentVersion)
            {
                // A fresh delivery: the presigned URL was re-signed; the image is the same (resume keys on it).
                _documentVersion = context.DocumentVersion;
                FirmwareDocument fresh = new FirmwareDocument();
                if (fresh.Parse(context.DocumentBuffer, context.DocumentOffset, context.DocumentLength) && fresh.Signature == _document.Signature && fresh.Size == _document.Size)
                {
                    _document.Url = fresh.Url;
                    if (_waitingForUrl)
                    {
                        _download.RefreshUrl(fresh.Url); // the old one was refused (403): reopen with the fresh one
                        _waitingForUrl = false;
                    }
                    else
                    {
                        _download.KeepUrl(fresh.Url); // a re-delivery (every progress report can bring one): no reopen, no byte fetched twice
                    }
                }
            }

            if (_waitingForUrl)
            {
                if (context.Clock.MonotonicMilliseconds - _urlRequestedAt < UrlWaitSeconds * 1000L)
                {
                    return StepResult.Waiting;
                }

                return RequestUrl(context, false);
            }

            DownloadStep step = _download.Step();
            switch (step)
            {
                case Update.DownloadStep.Working:
                    _urlRequests = 0;
                    if (_download.Checkpoints != _checkpointsSeen)
                    {
                        _checkpointsSeen = _download.Checkpoints;
                        context.NoteProgress(); // restarts that moved the download on are not a reboot loop
                    }

                    Progress(context);
                    return StepResult.Running;
                case Update.DownloadStep.Waiting:
                    return StepResult.Waiting;
                case Update.DownloadStep.NeedUrl:
                    return RequestUrl(context, true);
                case Update.DownloadStep.Downloaded:
                    return Verify(context);
                default:
                    return Fail(context, _download.Reason, _download.Detail);
            }
        }

        // 403 from S3 (<paramref name="refused"/>): the presigned URL expired or was re-signed; a describe brings a fresh one.
        // Not refused: the fresh document asked for did not come within UrlWaitSeconds.
        private StepResult RequestUrl(JobContext context, bool refused)
        {
            if (_urlRequests >= MaxUrlRequests)
            {
                // A 403 to every fresh URL is not expiry: S3 refuses the role the URLs are signed with (AWS signs them
                // whatever the role may do), so say what to fix rather than only that it failed.
                string why = refused
                    ? "S3 answered 403 to the presigned URLs of " + MaxUrlRequests.ToString() + " fresh documents in a row: the job's presignedUrlConfig role must allow s3:GetObject on the image"
                    : "no fresh job document with a new presigned URL arrived after " + MaxUrlRequests.ToString() + " requests";
                return Fail(context, UpdateReason.Url, why);
            }

            _urlRequests++;
            _waitingForUrl = true;
            _urlRequestedAt = context.Clock.MonotonicMilliseconds;
            context.RequestDocument();
            return StepResult.Running;
        }

        // Verify is not persisted: its digest lives in RAM, a boot resumes the download from the checkpoint instead.
        private StepResult Verify(JobContext context)
        {
            _phase = UpdatePhase.Verify;
            SetBytes(context);
            UpdateReason reason = _download.Verify(_verifier);
            if (reason != UpdateReason.None)
            {
                return Fail(context, reason, _download.Detail);
            }

            Enter(context, UpdatePhase.Install);
            return Install(context);
        }

        private void Progress(JobContext context)
        {
            long total = _download.Total;
            if (total <= 0)
            {
                return;
            }

            long done = _download.BytesDone;
            long now = context.Clock.MonotonicMilliseconds;
            if (_rateFromBytes < 0)
            {
                _rateFromBytes = done;
                _rateFromTime = now;
                _lastProgressTenth = (int)((done * 10) / total);
            }

            int tenth = (int)((done * 10) / total);
            // A new tenth, no sooner than the platform's pacing allows (DownloadPacing.ProgressMinimumMs), or 30 s.
            int minimum = _download.Pacing == null ? 0 : _download.Pacing.ProgressMinimumMs;
            if ((tenth > _lastProgressTenth && now - _lastProgressAt >= minimum) || now - _lastProgressAt >= ProgressSeconds * 1000L)
            {
                _lastProgressTenth = tenth;
                _lastProgressAt = now;
                context.Details.SetSanitized("step", "downloading");
                SetBytes(context);

                // Past the engine's throttle: the 10 % / 30 s rule above already bounds the reports (≤ 10 + t/30).
                context.ReportProgressNow();
                long elapsed = now - _rateFromTime;
                string rate = elapsed > 0 ? (((done - _rateFromBytes) * 1000 / elapsed) / 1024).ToString() + " KB/s" : "-";
                Log(context, LogLevel.Info, "firmware: " + ((done * 100) / total).ToString() + "% (" + done.ToString() + "/" + total.ToString() + " bytes) at " + rate);
            }
        }

        private void SetBytes(JobContext context)
        {
            context.Details.SetSanitized("bytes", _download.BytesDone.ToString() + "/" + _download.Total.ToString());
        }

        // Writes the phase record before the phase acts; the record is the execution's checkpoint.
        private void Enter(JobContext context, UpdatePhase phase)
        {
            _phase = phase;
            if (!UpdatePhases.PersistedOnEntry(phase))
            {
                return;
            }

            _record.Phase = phase;
            if (!context.SaveCheckpoint(_record.Encode()))
            {
                Log(context, LogLevel.Error, "firmware: phase " + UpdatePhases.Name(phase) + " not saved");
            }
        }

        // A slot serving several kinds (firmware, application bundles) answers for the document's target before any download.
        private string CheckTarget()
        {
            IUpdateTargets targets = _slot as IUpdateTargets;
            if (targets == null)
            {
                return null;
            }

            switch (targets.Check(_document.Target, _document.Size))
            {
                case TargetCheck.NoTarget:
                    return UpdateReasons.Name(UpdateReason.Target) + ": this build cannot update " + TargetName(_document.Target);
                case TargetCheck.Space:
                    return UpdateReasons.Name(UpdateReason.Space) + ": " + _document.Size.ToString() + " bytes do not fit the slot's budget";
                case TargetCheck.Memory:
                    return UpdateReasons.Name(UpdateReason.Memory) + ": the assemblies would not fit the RAM budget once loaded";
                default:
                    return null;
            }
        }

        // The version the job replaces: the application's for an application bundle, else the firmware's.
        private string RunningVersion(JobContext context)
        {
            IUpdateTargets targets = _slot as IUpdateTargets;
            string running = targets == null ? null : targets.RunningVersion(_document.Target);
            return running == null ? context.Device.FirmwareVersion : running;
        }

        private static string TargetName(ImageKind kind)
        {
            return kind == ImageKind.Application ? "application" : (kind == ImageKind.NanoClr ? "nanoclr" : "deployment");
        }

        private static void Log(JobContext context, LogLevel level, string message)
        {
            if (context.Log != null)
            {
                context.Log.Write(level, message);
            }
        }
    }
}
