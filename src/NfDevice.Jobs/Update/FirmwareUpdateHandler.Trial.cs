using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Update
{
    /// <summary>The activation phases: each begins with "already done?" (the slot's status, the running version).</summary>
    public sealed partial class FirmwareUpdateHandler
    {
        private StepResult Install(JobContext context)
        {
            SlotStatus status = _slot.GetStatus(_document.Target);
            if (status == SlotStatus.TestPending)
            {
                return EnterReboot(context); // completed before a restart
            }

            if (status == SlotStatus.Testing)
            {
                // Completed, and a restart already swapped it in: the trial runs now.
                Enter(context, UpdatePhase.VerifyReboot);
                return VerifyReboot(context);
            }

            if (_resumedFromBoot)
            {
                // The restart came before Complete: the digest was lost with RAM, so hash again from the checkpoint.
                _resumedFromBoot = false;
                Enter(context, UpdatePhase.Download);
                BeginDownload(context);
                return StepResult.Running;
            }

            SlotResult completed = _slot.Complete();
            if (completed != SlotResult.Success)
            {
                // A bundle refused for its contents is the publisher's to fix, not the device's: say which check failed.
                IUpdateTargets targets = _slot as IUpdateTargets;
                string problem = targets == null ? null : targets.CompleteProblem(_document.Target);
                if (problem != null)
                {
                    return Fail(context, completed == SlotResult.TooLarge ? UpdateReason.Memory : UpdateReason.Manifest, problem);
                }

                return Fail(context, UpdateReason.Slot, "complete: " + UpdateNames.Slot(completed));
            }

            Log(context, LogLevel.Info, "firmware: slot completed, the new image is staged for a trial boot");
            return EnterReboot(context);
        }

        private StepResult EnterReboot(JobContext context)
        {
            Enter(context, UpdatePhase.Reboot);
            _download.DeleteCheckpoint(); // the staged image no longer needs it
            context.Details.Remove("bytes");
            context.Details.SetSanitized("step", "awaiting-self-test");
            context.Details.SetSanitized("updatedBy", _record.UpdatedBy == null ? RunningVersion(context) : _record.UpdatedBy);
            context.ReportProgressNow();
            _announcing = true;
            return StepResult.Running;
        }

        private StepResult Reboot(JobContext context)
        {
            // The IN_PROGRESS update with step "awaiting-self-test" goes out before the reboot.
            if (_announcing && context.ProgressPending)
            {
                return StepResult.Waiting;
            }

            _announcing = false;
            Log(context, LogLevel.Info, "firmware: restarting into the new version " + VersionText());
            return StepResult.WaitingForReboot;
        }

        private StepResult VerifyReboot(JobContext context)
        {
            if (_phase != UpdatePhase.VerifyReboot || _resumedFromBoot)
            {
                Enter(context, UpdatePhase.VerifyReboot);
                _resumedFromBoot = false;
            }

            SlotStatus status = _slot.GetStatus(_document.Target);
            if (status == SlotStatus.TestPending)
            {
                return EnterReboot(context); // the restart did not swap: restart again (the engine caps loops)
            }

            if (!NewImageRunning(context) && status == SlotStatus.Testing)
            {
                return EnterRollback(context, "running version " + RunningVersion(context) + " is not " + VersionText());
            }

            if (!NewImageRunning(context))
            {
                string why = _restartedInTrial
                    ? "the device restarted during the trial, before the new image was confirmed; the previous image " + RunningVersion(context) + " runs again"
                    : "the new image did not start (slot " + UpdateNames.Status(status) + "); the previous image " + RunningVersion(context) + " runs";
                return Fail(context, UpdateReason.SelfTest, why);
            }

            if (_restartedInTrial && status == SlotStatus.Testing)
            {
                return Fail(context, UpdateReason.SelfTest, NothingToGoBackTo(context));
            }

            string problem = SelfTestProblem(context, status);
            if (problem != null)
            {
                return EnterRollback(context, problem);
            }

            Enter(context, UpdatePhase.Commit);
            return Commit(context);
        }

        private StepResult Commit(JobContext context)
        {
            SlotStatus status = _slot.GetStatus(_document.Target);
            if (!NewImageRunning(context) && status == SlotStatus.Testing)
            {
                return EnterRollback(context, "running version " + RunningVersion(context) + " is not " + VersionText());
            }

            if (!NewImageRunning(context))
            {
                return Fail(context, UpdateReason.SelfTest, "the device restarted before the confirm; the previous image " + RunningVersion(context) + " runs again");
            }

            if (_restartedInTrial && status == SlotStatus.Testing)
            {
                return Fail(context, UpdateReason.SelfTest, NothingToGoBackTo(context));
            }

            if (status == SlotStatus.Testing && !_slot.Confirm())
            {
                return EnterRollback(context, "confirm refused");
            }

            if (status != SlotStatus.Testing && status != SlotStatus.Confirmed)
            {
                return EnterRollback(context, "slot " + UpdateNames.Status(status) + " at the confirm");
            }

            // Confirmed now, or already before a restart (the "already done?" answer).
            _download.DeleteCheckpoint();
            context.Details.Remove("bytes");
            context.Details.Remove("updatedBy");
            context.Details.SetSanitized("step", "confirmed");
            context.Details.SetSanitized("version", RunningVersion(context));
            Log(context, LogLevel.Info, "firmware: version " + RunningVersion(context) + " confirmed");
            _phase = UpdatePhase.None;
            return StepResult.Succeeded;
        }

        private StepResult EnterRollback(JobContext context, string problem)
        {
            Log(context, LogLevel.Warning, "firmware: self-test failed: " + problem + "; reverting to " + (_record.UpdatedBy == null ? "the previous image" : _record.UpdatedBy));
            _record.Note = problem;
            Enter(context, UpdatePhase.Rollback);
            return Rollback(context);
        }

        private StepResult Rollback(JobContext context)
        {
            SlotStatus status = _slot.GetStatus(_document.Target);
            if (status == SlotStatus.Testing && !_slot.RequestRevert())
            {
                return Fail(context, UpdateReason.SelfTest, _record.Note + "; the slot has no previous image to go back to: " + RunningVersion(context) + " keeps running, unconfirmed");
            }

            if (status == SlotStatus.Testing || status == SlotStatus.RollbackPending)
            {
                Enter(context, UpdatePhase.RollbackReboot);
                context.Details.Remove("bytes");
                context.Details.SetSanitized("step", "reverting");
                context.Details.SetSanitized("selftest", _record.Note);
                Log(context, LogLevel.Info, "firmware: restarting into the previous image");
                return StepResult.WaitingForReboot;
            }

            // Already back on the previous image (the bootloader reverted), or the slot cannot revert a confirmed one.
            string why = NewImageRunning(context) ? _record.Note + "; the image was already confirmed by the platform and stays" : _record.Note;
            return Fail(context, UpdateReason.SelfTest, why);
        }

        private StepResult RollbackReboot(JobContext context)
        {
            SlotStatus status = _slot.GetStatus(_document.Target);
            if (status == SlotStatus.RollbackPending)
            {
                return StepResult.WaitingForReboot; // the revert restart has not happened yet
            }

            if (status == SlotStatus.Testing)
            {
                _phase = UpdatePhase.Rollback;
                return Rollback(context);
            }

            Log(context, LogLevel.Info, "firmware: reverted, version " + RunningVersion(context) + " runs again");
            return Fail(context, UpdateReason.SelfTest, _record.Note);
        }

        // Enters Failure: persisted with its reason first, so a restart in the cleanup still ends FAILED with it.
        private StepResult Fail(JobContext context, UpdateReason reason, string detail)
        {
            EnterFailure(context, reason, detail);
            return Failure(context);
        }

        // Outside Step (Start): the next Step runs the Failure phase.
        private void EnterFailure(JobContext context, UpdateReason reason, string detail)
        {
            _record.Reason = reason == UpdateReason.None ? UpdateReason.Download : reason;
            _record.FailedIn = _phase == UpdatePhase.Failure ? _record.FailedIn : _phase;
            _record.Note = detail;
            Enter(context, UpdatePhase.Failure);
        }

        private StepResult Failure(JobContext context)
        {
            SlotStatus status = _slot.GetStatus(_document.Target);
            if (status != SlotStatus.Testing && status != SlotStatus.RollbackPending)
            {
                _download.Discard(); // idempotent: no session, no staged image, no checkpoint stays
            }
            else
            {
                _download.DeleteCheckpoint();
            }

            UpdateReason reason = _record.Reason == UpdateReason.None ? UpdateReason.Download : _record.Reason;
            if (_record.FailedIn == UpdatePhase.None)
            {
                context.Details.Remove("bytes");
                context.Details.Remove("step");
            }
            else
            {
                // The step it failed in, and where the download stood then (not the last progress report).
                context.Details.SetSanitized("step", _record.FailedIn == UpdatePhase.Download ? "downloading" : UpdatePhases.Name(_record.FailedIn));
                bool counting = _record.FailedIn == UpdatePhase.Download || _record.FailedIn == UpdatePhase.Verify;
                if (counting && _download.Total > 0)
                {
                    SetBytes(context);
                }
                else
                {
                    context.Details.Remove("bytes");
                }
            }

            if (reason == UpdateReason.SelfTest && _record.Note != null)
            {
                context.Details.SetSanitized("selftest", _record.Note);
            }

            if (_record.Note != null)
            {
                context.Details.SetSanitized("detail", _record.Note);
            }

            Log(context, LogLevel.Warning, "firmware: update ended: " + UpdateReasons.Name(reason) + (_record.Note == null ? string.Empty : ": " + _record.Note));
            _phase = UpdatePhase.None;
            return context.Fail(UpdateReasons.Name(reason));
        }

        // The running image is the update's: its version when the document names one, else "not the version before".
        private bool NewImageRunning(JobContext context)
        {
            string running = RunningVersion(context);
            if (_document.Version != null)
            {
                // Equal as versions, as the downgrade check compares them: "1.2.0" runs as "1.2.0.0" when the platform
                // reads a four-part version (an assembly's, MCUboot's), and that is the job's image, not a failed start.
                return FirmwareVersion.Compare(_document.Version, running) == 0;
            }

            return _record.UpdatedBy == null || _record.UpdatedBy != running;
        }

        // A restart during the trial ends it: the bootloader brings the previous image back. A slot still on trial after
        // that restart had no previous image, so the unconfirmed image runs on: never a success, and said so.
        private string NothingToGoBackTo(JobContext context)
        {
            return "the device restarted during the trial and the slot has no previous image to go back to: " + RunningVersion(context) + " keeps running, unconfirmed";
        }

        private string SelfTestProblem(JobContext context, SlotStatus status)
        {
            if (status != SlotStatus.Testing && status != SlotStatus.Confirmed)
            {
                return "new image is not on trial (slot " + UpdateNames.Status(status) + ")";
            }

            return _health == null ? null : _health.Check();
        }

        private string VersionText()
        {
            return _document.Version == null ? "(version not named by the document)" : _document.Version;
        }
    }
}
