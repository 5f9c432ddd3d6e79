using nanoFramework.Runtime.InFieldUpdate;
using NfDevice.Esp32.Adapters;
using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Tests.Esp32
{
    /// <summary>
    /// The transaction contract of IFirmwareSlot (Platform/IFirmwareSlot.cs) checked on the ESP32 adapter over the
    /// InFieldUpdate stand-in (InFieldUpdateStandIn.cs). Each check returns null when the adapter keeps the rule, else
    /// what went wrong. Written in the nanoFramework 1.x subset: the same checks run under MSTest on .NET and, compiled
    /// against nanoFramework's mscorlib, on nanoCLR (InFieldUpdateSlotTests).
    /// </summary>
    public static class InFieldUpdateSlotContract
    {
        private const int Block = 4096;

        /// <summary>Names of the checks, in the order <see cref="Run"/> takes.</summary>
        public static readonly string[] Names =
        {
            "NoSessionStartsWhileAnImageIsOnTrial",
            "NoSessionStartsWhileARevertIsPending",
            "NoSessionStartsWhileASwapIsPending",
            "ResumeLandsExactlyOnTheCheckpoint_OrIsRefused",
            "CompleteConfirmAndRevert_FollowTheContract",
            "AbortWithErase_LeavesNothingToResume",
        };

        /// <summary>Runs check <paramref name="index"/> of <see cref="Names"/>.</summary>
        public static string Run(int index)
        {
            switch (index)
            {
                case 0: return NoSessionStartsWhileAnImageIsOnTrial();
                case 1: return NoSessionStartsWhileARevertIsPending();
                case 2: return NoSessionStartsWhileASwapIsPending();
                case 3: return ResumeLandsExactlyOnTheCheckpoint_OrIsRefused();
                case 4: return CompleteConfirmAndRevert_FollowTheContract();
                case 5: return AbortWithErase_LeavesNothingToResume();
                default: return "no check " + index.ToString();
            }
        }

        private sealed class NoLog : ILog
        {
            public void Write(LogLevel level, string message)
            {
            }
        }

        private static byte[] Image(int length, int seed)
        {
            var bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                bytes[i] = (byte)((i * 31) + seed);
            }

            return bytes;
        }

        private static bool Same(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static string Expect(string what, SlotResult expected, SlotResult actual)
        {
            return expected == actual ? null : what + ": expected " + ((int)expected).ToString() + ", got " + ((int)actual).ToString();
        }

        // Stages a whole image through the adapter and completes it.
        private static string Stage(InFieldUpdateSlot slot, byte[] image)
        {
            SlotResult r = slot.StartSession(ImageKind.Deployment, image.Length);
            if (r != SlotResult.Success)
            {
                return "start: " + ((int)r).ToString();
            }

            r = slot.StoreChunk(image, 0, image.Length);
            if (r != SlotResult.Success)
            {
                return "store: " + ((int)r).ToString();
            }

            r = slot.Complete();
            return r == SlotResult.Success ? null : "complete: " + ((int)r).ToString();
        }

        // A device running `old`, with `trial` swapped in and running on trial.
        private static string OnTrial(byte[] old, byte[] trial, out InFieldUpdateSlot slot)
        {
            McuBootModel.Flash(old, Block);
            slot = new InFieldUpdateSlot(new NoLog());
            string staged = Stage(slot, trial);
            if (staged != null)
            {
                return staged;
            }

            McuBootModel.Current.Reboot();
            slot = new InFieldUpdateSlot(new NoLog());
            return slot.GetStatus(ImageKind.Deployment) == SlotStatus.Testing ? null : "the staged image is not on trial after the reboot";
        }

        private static string NoSessionStartsWhileAnImageIsOnTrial()
        {
            byte[] old = Image(9000, 1), trial = Image(10000, 2);
            InFieldUpdateSlot slot;
            string setup = OnTrial(old, trial, out slot);
            if (setup != null)
            {
                return setup;
            }

            // After the swap the secondary slot holds the previous image: a session would erase or overwrite it.
            string problem = Expect("start during the trial", SlotResult.Busy, slot.StartSession(ImageKind.Deployment, 5000));
            if (problem == null)
            {
                problem = Expect("resume during the trial", SlotResult.Busy, slot.ResumeSession(ImageKind.Deployment, 9000, null, 0));
            }

            McuBootModel.Current.Reboot(); // not confirmed: MCUboot swaps back
            if (!Same(McuBootModel.Current.Primary, old))
            {
                return (problem == null ? string.Empty : problem + "; ") + "the previous image did not come back after the unconfirmed trial";
            }

            return problem;
        }

        private static string NoSessionStartsWhileARevertIsPending()
        {
            byte[] old = Image(9000, 3), trial = Image(10000, 4);
            InFieldUpdateSlot slot;
            string setup = OnTrial(old, trial, out slot);
            if (setup != null)
            {
                return setup;
            }

            if (!slot.RequestRevert())
            {
                return "RequestRevert refused on a trial image";
            }

            if (slot.GetStatus(ImageKind.Deployment) != SlotStatus.RollbackPending)
            {
                return "status after RequestRevert is not RollbackPending";
            }

            string problem = Expect("start with a revert pending", SlotResult.Busy, slot.StartSession(ImageKind.Deployment, 5000));
            McuBootModel.Current.Reboot();
            if (!Same(McuBootModel.Current.Primary, old))
            {
                return (problem == null ? string.Empty : problem + "; ") + "the previous image did not come back after the revert";
            }

            return problem;
        }

        private static string NoSessionStartsWhileASwapIsPending()
        {
            McuBootModel.Flash(Image(9000, 5), Block);
            var slot = new InFieldUpdateSlot(new NoLog());
            string staged = Stage(slot, Image(10000, 6));
            if (staged != null)
            {
                return staged;
            }

            if (slot.GetStatus(ImageKind.Deployment) != SlotStatus.TestPending)
            {
                return "status after Complete is not TestPending";
            }

            return Expect("start with a swap pending", SlotResult.SwapInFlight, slot.StartSession(ImageKind.Deployment, 5000));
        }

        // A device killed with 10000 bytes of `image` in the slot: the session died, the bytes stayed.
        private static InFieldUpdateSlot KilledMidDownload(byte[] image)
        {
            McuBootModel.Flash(Image(9000, 7), Block);
            var slot = new InFieldUpdateSlot(new NoLog());
            slot.StartSession(ImageKind.Deployment, image.Length);
            slot.StoreChunk(image, 0, 10000);
            McuBootModel.Current.Reboot(); // InFieldUpdate will rewind to 8192, the start of the block holding byte 9999
            return new InFieldUpdateSlot(new NoLog());
        }

        private static string ResumeLandsExactlyOnTheCheckpoint_OrIsRefused()
        {
            byte[] image = Image(20000, 8);
            var header = new byte[32];
            System.Array.Copy(image, 0, header, 0, 32);

            // The agent's checkpoint at 4096: the slot would continue at 8192, above bytes the agent never hashed.
            InFieldUpdateSlot slot = KilledMidDownload(image);
            string problem = Expect("resume below the slot's rewind point", SlotResult.BadOffset, slot.ResumeSession(ImageKind.Deployment, image.Length, header, 4096));
            if (problem != null)
            {
                return problem;
            }

            if (slot.StartSession(ImageKind.Deployment, image.Length) != SlotResult.Success)
            {
                return "a fresh session after the refused resume was refused";
            }

            slot = KilledMidDownload(image);
            problem = Expect("resume at the checkpoint", SlotResult.Success, slot.ResumeSession(ImageKind.Deployment, image.Length, header, 8192));
            if (problem != null)
            {
                return problem;
            }

            if (slot.NextOffset != 8192)
            {
                return "resumed at " + slot.NextOffset.ToString() + ", not at the checkpoint";
            }

            if (slot.StoreChunk(image, 8192, image.Length - 8192) != SlotResult.Success || slot.Complete() != SlotResult.Success)
            {
                return "the resumed session could not finish";
            }

            McuBootModel.Current.Reboot();
            return Same(McuBootModel.Current.Primary, image) ? null : "the image swapped in is not the one stored";
        }

        private static string CompleteConfirmAndRevert_FollowTheContract()
        {
            byte[] old = Image(9000, 9), first = Image(10000, 10), second = Image(11000, 11);
            InFieldUpdateSlot slot;
            string setup = OnTrial(old, first, out slot);
            if (setup != null)
            {
                return setup;
            }

            if (!slot.Confirm())
            {
                return "Confirm refused the trial image";
            }

            if (slot.GetStatus(ImageKind.Deployment) != SlotStatus.Confirmed || slot.Confirm())
            {
                return "after Confirm the image is not Confirmed, or a second Confirm did not answer false";
            }

            if (slot.RequestRevert())
            {
                return "RequestRevert accepted on a confirmed image";
            }

            McuBootModel.Current.Reboot();
            string staged = Stage(slot, second);
            if (staged != null)
            {
                return "the next update after a confirm: " + staged;
            }

            McuBootModel.Current.Reboot(); // second on trial
            McuBootModel.Current.Reboot(); // restarted without a confirm: reverted
            if (!Same(McuBootModel.Current.Primary, first))
            {
                return "an unconfirmed trial was not reverted to the confirmed image";
            }

            return slot.GetStatus(ImageKind.Deployment) == SlotStatus.Confirmed ? null : "after the revert the status is not Confirmed";
        }

        private static string AbortWithErase_LeavesNothingToResume()
        {
            McuBootModel.Flash(Image(9000, 12), Block);
            byte[] image = Image(20000, 13);
            var slot = new InFieldUpdateSlot(new NoLog());
            slot.StartSession(ImageKind.Deployment, image.Length);
            slot.StoreChunk(image, 0, 12288);
            string problem = Expect("abort and erase", SlotResult.Success, slot.Abort(true));
            if (problem != null)
            {
                return problem;
            }

            slot = new InFieldUpdateSlot(new NoLog());
            problem = Expect("resume after abort and erase", SlotResult.NoImage, slot.ResumeSession(ImageKind.Deployment, image.Length, null, 8192));
            if (problem != null)
            {
                return problem;
            }

            return Expect("abort without a session", SlotResult.Success, slot.Abort(false));
        }
    }
}
