using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Application
{
    /// <summary>
    /// The one slot the firmware update handler sees, serving each image kind from its own slot: firmware
    /// (deployment, nanoCLR) from the platform's firmware slot, application bundles from <see cref="ApplicationSlots"/>.
    /// Either may be null when the build cannot serve that kind; a job for it is then REJECTED with reason
    /// <c>target</c> before anything is downloaded. Only one kind has a session or a trial at a time.
    /// </summary>
    public sealed class UpdateSlots : IFirmwareSlot, IUpdateTargets
    {
        private readonly IFirmwareSlot _firmware;
        private readonly ApplicationSlots _application;
        private readonly ApplicationLoader _loader;
        private IFirmwareSlot _session;
        private bool _noticeTaken;

        /// <summary>
        /// Routes to <paramref name="firmware"/> and <paramref name="application"/> (either may be null);
        /// <paramref name="loader"/> (may be null) tells the running application version.
        /// </summary>
        public UpdateSlots(IFirmwareSlot firmware, ApplicationSlots application, ApplicationLoader loader)
        {
            _firmware = firmware;
            _application = application;
            _loader = loader;
        }

        /// <inheritdoc/>
        public TargetCheck Check(ImageKind image, long size)
        {
            if (image != ImageKind.Application)
            {
                return _firmware == null ? TargetCheck.NoTarget : TargetCheck.Ok;
            }

            if (_application == null)
            {
                return TargetCheck.NoTarget;
            }

            if (size > _application.SlotBudget)
            {
                return TargetCheck.Space;
            }

            // The assemblies are the bundle minus its header and manifest; only a bundle whose assemblies cannot
            // fit whatever the manifest's size is refused here, the exact sum is checked once the bundle is in.
            if (size - BundleManifest.HeaderSize - BundleManifest.MaxManifestSize > _application.RamBudget)
            {
                return TargetCheck.Memory;
            }

            return TargetCheck.Ok;
        }

        /// <inheritdoc/>
        public string RunningVersion(ImageKind image)
        {
            if (image != ImageKind.Application)
            {
                return null;
            }

            // Nothing running counts as version 0, so any bundle is newer than no application.
            string running = _loader == null ? null : _loader.RunningVersion;
            if (running == null && _application != null && _application.Testing)
            {
                running = _application.SelectedVersion; // a trial that did not start: its self-test will say why
            }

            return running == null ? "0" : running;
        }

        /// <inheritdoc/>
        public string TakeNotice()
        {
            // A trial's problem is reported by its own job (reason selftest); only a skipped confirmed bundle is news.
            if (_loader == null || _loader.OnTrial || _loader.Problem == null || _noticeTaken)
            {
                return null;
            }

            _noticeTaken = true;
            return "application not started at boot: " + _loader.Problem;
        }

        /// <inheritdoc/>
        public string CompleteProblem(ImageKind image)
        {
            return image == ImageKind.Application && _application != null ? _application.BundleProblem : null;
        }

        /// <inheritdoc/>
        public SlotResult StartSession(ImageKind image, int totalLength)
        {
            IFirmwareSlot slot = For(image);
            if (slot == null)
            {
                return SlotResult.NoSlot;
            }

            SlotResult result = slot.StartSession(image, totalLength);
            _session = result == SlotResult.Success ? slot : null;
            return result;
        }

        /// <inheritdoc/>
        public SlotResult ResumeSession(ImageKind image, int totalLength, byte[] expectedHeader, int resumeAt)
        {
            IFirmwareSlot slot = For(image);
            if (slot == null)
            {
                return SlotResult.NoSlot;
            }

            SlotResult result = slot.ResumeSession(image, totalLength, expectedHeader, resumeAt);
            _session = result == SlotResult.Success ? slot : null;
            return result;
        }

        /// <inheritdoc/>
        public int NextOffset
        {
            get { return _session == null ? 0 : _session.NextOffset; }
        }

        /// <inheritdoc/>
        public SlotResult StoreChunk(byte[] data, int offset, int count)
        {
            return _session == null ? SlotResult.BadToken : _session.StoreChunk(data, offset, count);
        }

        /// <inheritdoc/>
        public SlotResult Flush()
        {
            return _session == null ? SlotResult.BadToken : _session.Flush();
        }

        /// <inheritdoc/>
        public SlotResult Complete()
        {
            return _session == null ? SlotResult.BadToken : _session.Complete();
        }

        /// <inheritdoc/>
        public SlotResult Abort(bool erase)
        {
            if (_session != null)
            {
                return _session.Abort(erase);
            }

            // No session this boot (a job abandoned after a restart): clear a partial download of either kind.
            if (_application != null)
            {
                _application.Abort(erase);
            }

            return _firmware == null ? SlotResult.Success : _firmware.Abort(erase);
        }

        /// <inheritdoc/>
        public SlotStatus GetStatus(ImageKind image)
        {
            IFirmwareSlot slot = For(image);
            return slot == null ? SlotStatus.Unknown : slot.GetStatus(image);
        }

        /// <inheritdoc/>
        public bool Confirm()
        {
            if (_application != null && _application.Testing)
            {
                return _application.Confirm();
            }

            return _firmware != null && _firmware.Confirm();
        }

        /// <inheritdoc/>
        public bool RequestRevert()
        {
            if (_application != null && _application.Testing)
            {
                return _application.RequestRevert();
            }

            return _firmware != null && _firmware.RequestRevert();
        }

        private IFirmwareSlot For(ImageKind image)
        {
            return image == ImageKind.Application ? (IFirmwareSlot)_application : _firmware;
        }
    }

    /// <summary>
    /// The self-test of an update on a device with application slots: while a bundle is on trial its own verdict
    /// (started, SelfTest passed within the bound), else the platform's check for a firmware image.
    /// </summary>
    public sealed class ApplicationHealthCheck : IHealthCheck
    {
        private readonly ApplicationLoader _loader;
        private readonly IHealthCheck _firmware;

        /// <summary>Combines <paramref name="loader"/>'s trial verdict with <paramref name="firmware"/> (may be null).</summary>
        public ApplicationHealthCheck(ApplicationLoader loader, IHealthCheck firmware)
        {
            _loader = loader;
            _firmware = firmware;
        }

        /// <inheritdoc/>
        public string Check()
        {
            if (_loader != null && _loader.Slots.Testing)
            {
                return _loader.SelfTest();
            }

            return _firmware == null ? null : _firmware.Check();
        }
    }
}
