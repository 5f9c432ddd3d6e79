using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Update
{
    /// <summary>
    /// Runs firmware jobs (nf-device's <c>firmware-update</c> documents and FreeRTOS <c>afr_ota</c> HTTP
    /// documents): download into the slot, verify size and signature, complete the slot, reboot into the
    /// new image on trial, self-test, then confirm (SUCCEEDED) or revert and reboot (FAILED).
    /// </summary>
    /// <remarks>
    /// The phase is kept in the execution's checkpoint, so a restart at any point continues correctly:
    /// a download resumes from its own checkpoint (<see cref="DownloadCheckpoint"/>), an image awaiting
    /// its self-test is tested, a revert in progress ends FAILED.
    /// </remarks>
    public sealed class FirmwareUpdateHandler : IJobHandler, IJobFormat
    {
        private const byte PhaseDownload = 1;
        private const byte PhaseAwaitingSelfTest = 2;
        private const byte PhaseReverting = 3;
        private const byte PhaseNoCertificate = 4;

        /// <summary>How long to wait for a fresh document before asking again.</summary>
        public const int UrlWaitSeconds = 30;

        /// <summary>Fresh documents asked for in a row before the execution fails with reason <c>url</c>.</summary>
        public const int MaxUrlRequests = 5;

        /// <summary>At most one progress report per this many seconds (issue: at most every 10 % or 30 s).</summary>
        public const int ProgressSeconds = 30;

        private readonly IFirmwareSlot _slot;
        private readonly IHealthCheck _health;
        private readonly CodeSigningVerifier _verifier;
        private readonly FirmwareDownload _download;
        private readonly FirmwareDocument _document = new FirmwareDocument();
        private const int MaxNoteBytes = 200;

        private byte _phase;
        private int _documentVersion;
        private bool _waitingForUrl;
        private bool _announcing;
        private int _urlRequests;
        private long _urlRequestedAt;
        private long _lastProgressAt;
        private int _lastProgressTenth;

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

            if (PhaseOf(context) >= PhaseAwaitingSelfTest)
            {
                return null; // after the reboot the running version is the job's own
            }

            string refused = CheckTarget();
            if (refused != null)
            {
                return refused;
            }

            string running = RunningVersion(context);
            if (!_document.AllowDowngrade && FirmwareVersion.Compare(_document.Version, running) <= 0)
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
            _phase = PhaseOf(context);
            if (_phase == PhaseAwaitingSelfTest || _phase == PhaseReverting)
            {
                return;
            }

            if (_verifier == null || _verifier.Status != CryptoStatus.Ok)
            {
                // Nothing could ever be activated: fail now rather than after the whole download.
                _phase = PhaseNoCertificate;
                return;
            }

            _phase = PhaseDownload;
            SavePhase(context, null);
            if (!_download.Begin(_document, context.JobId, context.ExecutionNumber))
            {
                _phase = 0;
            }
        }

        /// <inheritdoc/>
        public StepResult Step(JobContext context)
        {
            if (_announcing)
            {
                // The IN_PROGRESS update with step "awaiting-self-test" goes out before the reboot.
                if (context.ProgressPending)
                {
                    return StepResult.Running;
                }

                _announcing = false;
                return StepResult.WaitingForReboot;
            }

            if (_phase == PhaseAwaitingSelfTest)
            {
                return SelfTest(context);
            }

            if (_phase == PhaseReverting)
            {
                // The revert reboot happened: the old image runs again; say why it was reverted.
                string why = NoteOf(context);
                if (why != null)
                {
                    context.Details.SetSanitized("selftest", why);
                }

                return Failed(context, UpdateReason.SelfTest, why);
            }

            if (_phase == PhaseNoCertificate)
            {
                _phase = 0;
                return Failed(context, UpdateReason.Certificate, "no usable code-signing certificate on the device");
            }

            if (_phase != PhaseDownload)
            {
                return Failed(context, _download.Reason, _download.Detail);
            }

            if (context.DocumentVersion != _documentVersion)
            {
                // A fresh delivery: the presigned URL was re-signed; the image is the same (resume keys on it).
                _documentVersion = context.DocumentVersion;
                FirmwareDocument fresh = new FirmwareDocument();
                if (fresh.Parse(context.DocumentBuffer, context.DocumentOffset, context.DocumentLength) && fresh.Signature == _document.Signature && fresh.Size == _document.Size)
                {
                    _document.Url = fresh.Url;
                    _download.RefreshUrl(fresh.Url);
                    _waitingForUrl = false;
                }
            }

            if (_waitingForUrl)
            {
                if (context.Clock.MonotonicMilliseconds - _urlRequestedAt < UrlWaitSeconds * 1000L)
                {
                    return StepResult.Running;
                }

                return RequestUrl(context);
            }

            DownloadStep step = _download.Step();
            switch (step)
            {
                case DownloadStep.Working:
                    _urlRequests = 0;
                    Progress(context);
                    return StepResult.Running;
                case DownloadStep.Waiting:
                    return StepResult.Running;
                case DownloadStep.NeedUrl:
                    return RequestUrl(context);
                case DownloadStep.Downloaded:
                    return Activate(context);
                default:
                    return Failed(context, _download.Reason, _download.Detail);
            }
        }

        /// <inheritdoc/>
        public void Cancel(JobContext context)
        {
            if (_phase == PhaseDownload)
            {
                _download.Stop(true);
            }

            _phase = 0;
        }

        // 403 from S3: the presigned URL expired or was re-signed; a describe brings a fresh one.
        private StepResult RequestUrl(JobContext context)
        {
            if (_urlRequests >= MaxUrlRequests)
            {
                return Failed(context, UpdateReason.Url, "no working presigned URL after " + MaxUrlRequests.ToString() + " fresh documents");
            }

            _urlRequests++;
            _waitingForUrl = true;
            _urlRequestedAt = context.Clock.MonotonicMilliseconds;
            context.RequestDocument();
            return StepResult.Running;
        }

        private StepResult Activate(JobContext context)
        {
            UpdateReason reason = _download.VerifyAndComplete(_verifier);
            if (reason != UpdateReason.None)
            {
                return Failed(context, reason, _download.Detail);
            }

            // Persist before acting: a reboot from here on lands in the self-test.
            _phase = PhaseAwaitingSelfTest;
            SavePhase(context, null);
            context.Details.Remove("bytes");
            context.Details.SetSanitized("step", "awaiting-self-test");
            context.Details.SetSanitized("updatedBy", context.Device.FirmwareVersion);
            context.ReportProgressNow();
            _announcing = true;
            return StepResult.Running;
        }

        private StepResult SelfTest(JobContext context)
        {
            string problem = null;
            SlotStatus status = _slot.GetStatus(_document.Target);
            if (status != SlotStatus.Testing)
            {
                problem = "new image is not running (slot status " + ((int)status).ToString() + ")";
            }
            else if (_document.Version != null && _document.Version != RunningVersion(context))
            {
                problem = "running version " + RunningVersion(context) + " is not " + _document.Version;
            }
            else if (_health != null)
            {
                problem = _health.Check();
            }

            if (problem == null && _slot.Confirm())
            {
                context.Details.SetSanitized("step", "confirmed");
                context.Details.SetSanitized("version", context.Device.FirmwareVersion);
                return StepResult.Succeeded;
            }

            if (problem == null)
            {
                problem = "confirm refused";
            }

            _slot.RequestRevert();
            _phase = PhaseReverting;
            SavePhase(context, problem);
            context.Details.SetSanitized("step", "reverting");
            context.Details.SetSanitized("selftest", problem);
            return StepResult.WaitingForReboot;
        }

        private StepResult Failed(JobContext context, UpdateReason reason, string detail)
        {
            if (_phase == PhaseDownload)
            {
                _download.Stop(true); // nothing half-written stays in the slot
            }

            _phase = 0;
            if (detail != null)
            {
                context.Details.SetSanitized("detail", detail);
            }

            return context.Fail(UpdateReasons.Name(reason == UpdateReason.None ? UpdateReason.Download : reason));
        }

        private void Progress(JobContext context)
        {
            long total = _download.Total;
            if (total <= 0)
            {
                return;
            }

            long done = _download.BytesDone;
            int tenth = (int)((done * 10) / total);
            long now = context.Clock.MonotonicMilliseconds;
            if (tenth > _lastProgressTenth || now - _lastProgressAt >= ProgressSeconds * 1000L)
            {
                _lastProgressTenth = tenth;
                _lastProgressAt = now;
                context.Details.SetSanitized("step", "downloading");
                context.Details.SetSanitized("bytes", done.ToString() + "/" + total.ToString());
                context.ReportProgress();
            }
        }

        // Record: 'F', phase, then an optional UTF-8 note (why a self-test failed) that must survive the revert reboot.
        private void SavePhase(JobContext context, string note)
        {
            byte[] text = note == null ? null : System.Text.Encoding.UTF8.GetBytes(note);
            int length = text == null ? 0 : (text.Length > MaxNoteBytes ? MaxNoteBytes : text.Length);
            byte[] phaseRecord = new byte[2 + length];
            phaseRecord[0] = 0x46;
            phaseRecord[1] = _phase;
            if (length > 0)
            {
                System.Array.Copy(text, 0, phaseRecord, 2, length);
            }

            context.SaveCheckpoint(phaseRecord);
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

        private static byte PhaseOf(JobContext context)
        {
            byte[] checkpoint = context.Checkpoint;
            return checkpoint != null && checkpoint.Length >= 2 && checkpoint[0] == 0x46 ? checkpoint[1] : (byte)0;
        }

        private static string NoteOf(JobContext context)
        {
            byte[] checkpoint = context.Checkpoint;
            if (PhaseOf(context) == 0 || checkpoint.Length <= 2)
            {
                return null;
            }

            // A note cut inside a multi-byte character loses that character only.
            int end = checkpoint.Length;
            while (end > 2 && (checkpoint[end - 1] & 0xC0) == 0x80)
            {
                end--;
            }

            if (end > 2 && checkpoint[end - 1] >= 0xC0)
            {
                end--;
            }

            return end > 2 ? System.Text.Encoding.UTF8.GetString(checkpoint, 2, end - 2) : null;
        }
    }
}
