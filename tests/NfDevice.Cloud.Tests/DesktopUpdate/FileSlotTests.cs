using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Platform;

namespace NfDevice.Cloud.Tests.DesktopUpdate
{
    /// <summary>The desktop slot keeps InFieldUpdate's semantics: stage, test swap at boot, confirm or revert.</summary>
    [TestClass]
    public class FileSlotTests
    {
        private string _dir;

        [TestInitialize]
        public void Init()
        {
            _dir = Path.Combine(Path.GetTempPath(), "nfslot-" + Guid.NewGuid().ToString("N"));
        }

        [TestCleanup]
        public void Cleanup()
        {
            if (Directory.Exists(_dir))
            {
                Directory.Delete(_dir, true);
            }
        }

        private static void Stage(FileSlot slot, byte[] image)
        {
            Assert.AreEqual(SlotResult.Success, slot.StartSession(ImageKind.Deployment, image.Length));
            Assert.AreEqual(SlotResult.Success, slot.StoreChunk(image, 0, image.Length / 2));
            Assert.AreEqual(SlotResult.Success, slot.StoreChunk(image, image.Length / 2, image.Length - (image.Length / 2)));
            Assert.AreEqual(SlotResult.Success, slot.Complete());
        }

        [TestMethod]
        public void Boot_SwapsStagedImageIn_InTestMode_AndConfirmKeepsIt()
        {
            var slot = new FileSlot(_dir);
            slot.Flash(DesktopImage.Build("1.0.0", 1000));
            Stage(slot, DesktopImage.Build("1.1.0", 3000));
            Assert.AreEqual(SlotStatus.TestPending, slot.GetStatus(ImageKind.Deployment));
            Assert.AreEqual("1.0.0", slot.RunningVersion);

            slot = new FileSlot(_dir); // a new process
            slot.Boot();
            Assert.AreEqual("1.1.0", slot.RunningVersion);
            Assert.AreEqual(SlotStatus.Testing, slot.GetStatus(ImageKind.Deployment));
            Assert.IsTrue(slot.Confirm());

            slot = new FileSlot(_dir);
            slot.Boot();
            Assert.AreEqual("1.1.0", slot.RunningVersion);
            Assert.AreEqual(SlotStatus.Confirmed, slot.GetStatus(ImageKind.Deployment));
        }

        [TestMethod]
        public void Boot_RevertsUnconfirmedTestImage()
        {
            var slot = new FileSlot(_dir);
            slot.Flash(DesktopImage.Build("1.0.0", 1000));
            Stage(slot, DesktopImage.Build("1.1.0", 2000, selfTestPasses: false));
            slot.Boot();
            Assert.AreEqual("1.1.0", slot.RunningVersion);
            Assert.IsFalse(slot.RunningImageHealthy);
            slot.Boot(); // crashed or rebooted without confirming
            Assert.AreEqual("1.0.0", slot.RunningVersion);
            Assert.AreEqual(SlotStatus.Confirmed, slot.GetStatus(ImageKind.Deployment));
        }

        [TestMethod]
        public void RequestRevert_RestoresPreviousImageAtNextBoot()
        {
            var slot = new FileSlot(_dir);
            slot.Flash(DesktopImage.Build("1.0.0", 1000));
            Stage(slot, DesktopImage.Build("1.1.0", 2000));
            slot.Boot();
            Assert.IsTrue(slot.RequestRevert());
            Assert.AreEqual(SlotStatus.RollbackPending, slot.GetStatus(ImageKind.Deployment));
            slot.Boot();
            Assert.AreEqual("1.0.0", slot.RunningVersion);
        }

        [TestMethod]
        public void ResumeSession_ContinuesAtStoredLength_AndRejectsAnotherImage()
        {
            var slot = new FileSlot(_dir);
            slot.Flash(DesktopImage.Build("1.0.0", 1000));
            byte[] image = DesktopImage.Build("1.1.0", 5000);
            slot.StartSession(ImageKind.Deployment, image.Length);
            slot.StoreChunk(image, 0, 2048);

            slot = new FileSlot(_dir); // killed and restarted
            byte[] header = new byte[32];
            Array.Copy(image, header, 32);
            Assert.AreEqual(SlotResult.Success, slot.ResumeSession(ImageKind.Deployment, image.Length, header, 2048));
            Assert.AreEqual(2048, slot.NextOffset);
            Assert.AreEqual(SlotResult.HeaderMismatch, slot.ResumeSession(ImageKind.Deployment, image.Length + 1, header, 2048));
            header[0] ^= 0xFF;
            Assert.AreEqual(SlotResult.HeaderMismatch, slot.ResumeSession(ImageKind.Deployment, image.Length, header, 2048));
        }

        [TestMethod]
        public void Complete_RefusesIncompleteImage_AndAbortEraseClearsSlot()
        {
            var slot = new FileSlot(_dir);
            slot.Flash(DesktopImage.Build("1.0.0", 1000));
            byte[] image = DesktopImage.Build("1.1.0", 5000);
            slot.StartSession(ImageKind.Deployment, image.Length);
            slot.StoreChunk(image, 0, 100);
            Assert.AreEqual(SlotResult.Incomplete, slot.Complete());
            Assert.AreEqual(SlotResult.TooLarge, slot.StoreChunk(new byte[6000], 0, 6000));
            slot.Abort(true);
            Assert.AreEqual(0, slot.NextOffset);
            Assert.AreEqual(SlotResult.NoImage, slot.ResumeSession(ImageKind.Deployment, image.Length, null, 0));
            slot.Boot();
            Assert.AreEqual("1.0.0", slot.RunningVersion);
        }
    
        [TestMethod]
        [DataRow("journaled")]
        [DataRow("copied")]
        [DataRow("moved")]
        public void Boot_FinishesASwapCutByAPowerLoss_AtAnyStep(string cutAfter)
        {
            var slot = new FileSlot(_dir);
            slot.Flash(DesktopImage.Build("1.0.0", 1000));
            Stage(slot, DesktopImage.Build("1.1.0", 3000));
            slot.SwapStep = step => { if (step == cutAfter) throw new IOException("power cut after " + step); };
            Assert.ThrowsExactly<IOException>(() => slot.Boot());

            slot = new FileSlot(_dir); // power back on
            Assert.AreEqual("boot: new image swapped in, running in test mode", slot.Boot());
            Assert.AreEqual("1.1.0", slot.RunningVersion);
            Assert.AreEqual(SlotStatus.Testing, slot.GetStatus(ImageKind.Deployment));
            Assert.IsTrue(slot.RequestRevert());
            slot.Boot();
            Assert.AreEqual("1.0.0", slot.RunningVersion);
        }

        [TestMethod]
        public void Boot_DropsASwapWhoseStagedImageVanished_SoTheNextUpdateCanStart()
        {
            var slot = new FileSlot(_dir);
            slot.Flash(DesktopImage.Build("1.0.0", 1000));
            Stage(slot, DesktopImage.Build("1.1.0", 3000));
            File.Delete(Path.Combine(_dir, "secondary.bin"));

            StringAssert.Contains(slot.Boot(), "swap dropped");
            Assert.AreEqual(SlotStatus.Confirmed, slot.GetStatus(ImageKind.Deployment));
            Assert.AreEqual(SlotResult.Success, slot.StartSession(ImageKind.Deployment, 100));
        }

        [TestMethod]
        public void Boot_ReadsTheStateFromDisk_LikeABootloaderReadsFlash()
        {
            var running = new FileSlot(_dir);
            running.Flash(DesktopImage.Build("1.0.0", 1000));
            Stage(new FileSlot(_dir), DesktopImage.Build("1.1.0", 3000)); // staged by another instance (an earlier process)

            running.Boot();
            Assert.AreEqual("1.1.0", running.RunningVersion);
            Assert.AreEqual(SlotStatus.Testing, running.GetStatus(ImageKind.Deployment));
        }

        [TestMethod]
        public void Boot_ClosesTheSessionOfTheLastBoot_AndTheDownloadCanResume()
        {
            var slot = new FileSlot(_dir);
            slot.Flash(DesktopImage.Build("1.0.0", 1000));
            byte[] image = DesktopImage.Build("1.1.0", 5000);
            slot.StartSession(ImageKind.Deployment, image.Length);
            slot.StoreChunk(image, 0, 1000);

            Assert.AreEqual("boot: running confirmed image", slot.Boot());
            Assert.AreEqual(SlotResult.BadToken, slot.StoreChunk(image, 1000, 10));
            Assert.AreEqual(SlotResult.Success, slot.ResumeSession(ImageKind.Deployment, image.Length, null, 1000));
            Assert.AreEqual(1000, slot.NextOffset);
            Assert.AreEqual(SlotResult.Success, slot.StoreChunk(image, 1000, image.Length - 1000));
            Assert.AreEqual(SlotResult.Success, slot.Complete());
        }

        [TestMethod]
        public void ResumeSession_CutsOffWhatLiesAboveTheCheckpoint_SoItIsWrittenAgain()
        {
            var slot = new FileSlot(_dir);
            slot.Flash(DesktopImage.Build("1.0.0", 1000));
            byte[] image = DesktopImage.Build("1.1.0", 5000);
            slot.StartSession(ImageKind.Deployment, image.Length);
            slot.StoreChunk(image, 0, 3000);

            slot = new FileSlot(_dir); // killed with 3000 bytes stored, the checkpoint at 2048
            Assert.AreEqual(SlotResult.Success, slot.ResumeSession(ImageKind.Deployment, image.Length, null, 2048));
            Assert.AreEqual(2048, slot.NextOffset);
            Assert.AreEqual(SlotResult.BadOffset, new FileSlot(_dir).ResumeSession(ImageKind.Deployment, image.Length, null, 4096));
        }

        [TestMethod]
        public void NoSessionStarts_WhileAnImageIsOnTrial_SoThePreviousImageIsNeverOverwritten()
        {
            var slot = new FileSlot(_dir);
            slot.Flash(DesktopImage.Build("1.0.0", 1000));
            Stage(slot, DesktopImage.Build("1.1.0", 2000));
            slot.Boot(); // 1.1.0 on trial, 1.0.0 kept as the previous image
            Assert.AreEqual(SlotResult.Busy, slot.StartSession(ImageKind.Deployment, 3000));
            Assert.AreEqual(SlotResult.Busy, slot.ResumeSession(ImageKind.Deployment, 3000, null, 0));
            slot.Boot(); // not confirmed: reverted
            Assert.AreEqual("1.0.0", slot.RunningVersion);
        }

        [TestMethod]
        public void Boot_WithNoPreviousImage_KeepsTheUnconfirmedTrialRunning_ButNeverConfirmsIt()
        {
            var slot = new FileSlot(_dir); // a device that ran no image before this one
            Stage(slot, DesktopImage.Build("1.1.0", 2000));
            slot.Boot();
            Assert.AreEqual(SlotStatus.Testing, slot.GetStatus(ImageKind.Deployment));
            Assert.IsFalse(slot.RequestRevert(), "nothing to go back to");

            // Restarted without a confirm: the revert is due but there is nothing to revert to.
            StringAssert.Contains(slot.Boot(), "no previous image to go back to");
            Assert.AreEqual("1.1.0", slot.RunningVersion);
            Assert.AreEqual(SlotStatus.Testing, slot.GetStatus(ImageKind.Deployment), "an image never confirmed must not become permanent");
            Assert.IsFalse(slot.Confirm(), "its trial was cut by a restart: it may not become permanent");
            StringAssert.Contains(new FileSlot(_dir).Boot(), "keeps running, unconfirmed");
            Assert.AreEqual(SlotStatus.Testing, slot.GetStatus(ImageKind.Deployment));
        }

        [TestMethod]
        public void AnUnconfirmedImageWithNothingBehindIt_CanBeUpdated_AndARevertBringsItBackUnconfirmed()
        {
            var slot = new FileSlot(_dir);
            Stage(slot, DesktopImage.Build("1.1.0", 2000));
            slot.Boot();
            slot.Boot(); // kept, unconfirmed

            // No previous image is at stake, so the next update may start; the unconfirmed image becomes the previous one.
            Stage(slot, DesktopImage.Build("1.2.0", 3000));
            slot.Boot();
            Assert.AreEqual("1.2.0", slot.RunningVersion);
            Assert.AreEqual(SlotResult.Busy, slot.StartSession(ImageKind.Deployment, 1000), "1.1.0 is now the previous image");
            StringAssert.Contains(slot.Boot(), "itself never confirmed");
            Assert.AreEqual("1.1.0", slot.RunningVersion);
            Assert.AreEqual(SlotStatus.Testing, slot.GetStatus(ImageKind.Deployment), "the image brought back was never confirmed either");

            Stage(slot, DesktopImage.Build("1.3.0", 3000));
            slot.Boot();
            Assert.IsTrue(slot.Confirm());
            slot.Boot();
            Assert.AreEqual("1.3.0", slot.RunningVersion);
            Assert.AreEqual(SlotStatus.Confirmed, slot.GetStatus(ImageKind.Deployment));
        }

        [TestMethod]
        public void RequestedRevert_IsLoggedAsRequested()
        {
            var slot = new FileSlot(_dir);
            slot.Flash(DesktopImage.Build("1.0.0", 1000));
            Stage(slot, DesktopImage.Build("1.1.0", 2000));
            slot.Boot();
            slot.RequestRevert();
            Assert.AreEqual("boot: revert requested, running the previous image", slot.Boot());
        }
    }
}
