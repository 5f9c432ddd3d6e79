namespace NfDevice.Jobs.Platform
{
    /// <summary>Whether a build can take an update of one kind and size, answered before anything is downloaded.</summary>
    public enum TargetCheck
    {
        /// <summary>The update can go ahead.</summary>
        Ok = 0,
        /// <summary>This build has no slot for the image kind (reason <c>target</c>).</summary>
        NoTarget = 1,
        /// <summary>The image is larger than the slot's storage budget (reason <c>space</c>).</summary>
        Space = 2,
        /// <summary>The image, once loaded, would not fit the RAM budget (reason <c>memory</c>).</summary>
        Memory = 3,
    }

    /// <summary>
    /// Implemented by a slot that serves several image kinds (firmware, application bundles): the firmware
    /// handler asks it before a download and reads the running version of the kind a job replaces.
    /// </summary>
    public interface IUpdateTargets
    {
        /// <summary>Can an image of <paramref name="image"/> kind and <paramref name="size"/> bytes be taken?</summary>
        TargetCheck Check(ImageKind image, long size);

        /// <summary>Version now running for <paramref name="image"/>, or null to use the device's firmware version.</summary>
        string RunningVersion(ImageKind image);

        /// <summary>
        /// A problem found at start-up that no job has reported yet (for example an application bundle skipped because
        /// its slot changed since it was verified), or null. Returned once per start; the handler puts it in the next
        /// update job's statusDetails.
        /// </summary>
        string TakeNotice();

        /// <summary>
        /// Why the last <see cref="IFirmwareSlot.Complete"/> of an <paramref name="image"/> refused the image itself (for an
        /// application bundle: an assembly that does not match the manifest, or assemblies that would not fit the RAM
        /// budget), in words for the job's statusDetails; null when the image was not at fault or the slot has nothing to add.
        /// </summary>
        string CompleteProblem(ImageKind image);
    }
}
