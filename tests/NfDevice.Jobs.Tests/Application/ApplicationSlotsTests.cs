#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Application;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Tests.Fakes;

namespace NfDevice.Jobs.Tests.Application
{
    [TestClass]
    public class ApplicationSlotsTests
    {
        private sealed class Rig
        {
            public readonly MemoryApplicationStorage Storage = new MemoryApplicationStorage();
            public readonly FakeStateStore Store = new FakeStateStore();
            public readonly FakeLog Log = new FakeLog();
            public readonly RecordingApplicationHost Host = new RecordingApplicationHost();
            public ApplicationSlots Slots;
            public ApplicationLoader Loader;

            public Rig()
            {
                PowerOn();
            }

            // A fresh boot: every object is made again from what storage and state store hold.
            public bool PowerOn()
            {
                Slots = new ApplicationSlots(Storage, Store, Log, 64 * 1024, 48 * 1024, 512);
                Slots.SyncInterval = 1024;
                Loader = new ApplicationLoader(Slots, Host, Log);
                return Loader.Boot();
            }

            public SlotResult Write(byte[] bundle)
            {
                SlotResult r = Slots.StartSession(ImageKind.Application, bundle.Length);
                if (r != SlotResult.Success)
                {
                    return r;
                }

                for (int at = 0; at < bundle.Length; at += 700)
                {
                    int n = bundle.Length - at < 700 ? bundle.Length - at : 700;
                    r = Slots.StoreChunk(bundle, at, n);
                    if (r != SlotResult.Success)
                    {
                        return r;
                    }
                }

                return Slots.Complete();
            }

            // Install and confirm a bundle as the update handler would.
            public void Install(byte[] bundle)
            {
                Assert.IsTrue(Write(bundle) == SlotResult.Success);
                Assert.IsTrue(PowerOn(), "trial start");
                Assert.IsTrue(Slots.Confirm());
            }
        }

        [TestMethod]
        public void Flush_CommitsTheBytesSinceTheLastSyncBoundary_SoAPowerCutKeepsThem()
        {
            byte[] data = new byte[700];
            for (int flush = 0; flush < 2; flush++)
            {
                Rig rig = new Rig();
                Assert.IsTrue(rig.Slots.Flush() == SlotResult.BadToken, "no session");
                Assert.IsTrue(rig.Slots.StartSession(ImageKind.Application, 3000) == SlotResult.Success);
                Assert.IsTrue(rig.Slots.StoreChunk(data, 0, 700) == SlotResult.Success);
                if (flush == 1)
                {
                    Assert.IsTrue(rig.Slots.Flush() == SlotResult.Success);
                }

                rig.Storage.PowerCut();
                long kept = rig.Storage.Length(0) > rig.Storage.Length(1) ? rig.Storage.Length(0) : rig.Storage.Length(1);
                Assert.AreEqual(flush == 1 ? 700L : 0L, kept, flush == 1 ? "flushed" : "below the 1024-byte sync interval, not flushed");
            }
        }

        [TestMethod]
        public void FreshDevice_RunsNoApplication_AndStillBoots()
        {
            Rig rig = new Rig();
            Assert.IsNull(rig.Loader.RunningVersion);
            Assert.AreEqual(-1, rig.Slots.SelectedSlot);
            Assert.AreEqual(0, rig.Host.Calls.Count);
        }

        [TestMethod]
        public void CompletedBundle_RunsOnTrialAtNextBoot_AndStaysAfterConfirm()
        {
            Rig rig = new Rig();
            Assert.IsTrue(rig.Write(TestBundles.Simple("1.0.0")) == SlotResult.Success);
            Assert.IsTrue(rig.Slots.GetStatus(ImageKind.Application) == SlotStatus.TestPending);
            Assert.IsTrue(rig.PowerOn());
            Assert.IsTrue(rig.Slots.GetStatus(ImageKind.Application) == SlotStatus.Testing);
            Assert.AreEqual("1.0.0", rig.Loader.RunningVersion);
            Assert.AreEqual("load Sample.Lib 3000", rig.Host.Calls[0]);
            Assert.AreEqual("load Sample.App 5000", rig.Host.Calls[1]);
            Assert.AreEqual("start Sample.App.Entry", rig.Host.Calls[2]);
            Assert.IsTrue(rig.Slots.Confirm());
            Assert.IsTrue(rig.PowerOn());
            Assert.IsTrue(rig.Slots.GetStatus(ImageKind.Application) == SlotStatus.Confirmed);
            Assert.AreEqual("1.0.0", rig.Loader.RunningVersion);
        }

        [TestMethod]
        public void EachAssembly_IsLoadedFromItsOwnArray_OfTheManifestSize()
        {
            Rig rig = new Rig();
            rig.Install(TestBundles.Simple("1.0.0"));
            byte[] first = (byte[])rig.Host.Loaded[0];
            byte[] second = (byte[])rig.Host.Loaded[1];
            Assert.IsFalse(object.ReferenceEquals(first, second));
            Assert.AreEqual(3000, first.Length);
            TestSupport.AreEqualBytes(TestBundles.Assembly(3000, 1), first, 0, first.Length);
        }

        [TestMethod]
        public void UpdateWritesTheOtherSlot_AndThePreviousBundleStaysUntilConfirmed()
        {
            Rig rig = new Rig();
            rig.Install(TestBundles.Simple("1.0.0"));
            int first = rig.Slots.SelectedSlot;
            long firstLength = rig.Storage.Length(first);
            Assert.IsTrue(rig.Write(TestBundles.Simple("2.0.0")) == SlotResult.Success);
            Assert.AreEqual(firstLength, rig.Storage.Length(first), "active slot untouched");
            Assert.IsTrue(rig.PowerOn());
            Assert.AreNotEqual(first, rig.Slots.SelectedSlot);
            Assert.AreEqual("2.0.0", rig.Loader.RunningVersion);
            Assert.AreEqual(firstLength, rig.Storage.Length(first), "previous kept during the trial");
        }

        [TestMethod]
        public void CrashDuringTrial_RevertsAtNextBoot_AndThePreviousAppRuns()
        {
            Rig rig = new Rig();
            rig.Install(TestBundles.Simple("1.0.0"));
            rig.Write(TestBundles.Simple("2.0.0"));
            Assert.IsTrue(rig.PowerOn());
            Assert.AreEqual("2.0.0", rig.Loader.RunningVersion);
            // No confirm: the board restarts during the trial (a crash, a watchdog).
            Assert.IsTrue(rig.PowerOn());
            Assert.AreEqual("1.0.0", rig.Loader.RunningVersion);
            Assert.IsTrue(rig.Slots.GetStatus(ImageKind.Application) == SlotStatus.Confirmed);
            Assert.IsTrue(rig.Log.Contains("not confirmed"));
        }

        [TestMethod]
        public void RequestedRevert_BringsThePreviousAppBack_AtNextBoot()
        {
            Rig rig = new Rig();
            rig.Install(TestBundles.Simple("1.0.0"));
            rig.Write(TestBundles.Simple("2.0.0"));
            rig.PowerOn();
            Assert.IsTrue(rig.Slots.RequestRevert());
            Assert.IsTrue(rig.Slots.GetStatus(ImageKind.Application) == SlotStatus.RollbackPending);
            Assert.IsFalse(rig.Slots.Confirm(), "a revert once requested is not confirmed away");
            Assert.IsTrue(rig.PowerOn());
            Assert.AreEqual("1.0.0", rig.Loader.RunningVersion);
        }

        [TestMethod]
        public void TrialThatThrowsInStart_IsNotRunning_AndItsSelfTestSaysWhy()
        {
            Rig rig = new Rig();
            rig.Install(TestBundles.Simple("1.0.0"));
            rig.Write(TestBundles.Simple("2.0.0"));
            rig.Host.StartProblem = "InvalidOperationException: boom";
            Assert.IsFalse(rig.PowerOn());
            Assert.IsNull(rig.Loader.RunningVersion);
            string verdict = new ApplicationHealthCheck(rig.Loader, null).Check();
            Assert.IsNotNull(verdict);
            Assert.IsTrue(verdict.IndexOf("boom") >= 0, verdict);
            rig.Host.StartProblem = null;
            Assert.IsTrue(rig.Slots.RequestRevert());
            Assert.IsTrue(rig.PowerOn());
            Assert.AreEqual("1.0.0", rig.Loader.RunningVersion);
        }

        [TestMethod]
        public void TrialSelfTest_IsTheAppsOwnVerdict()
        {
            Rig rig = new Rig();
            rig.Write(TestBundles.Simple("1.0.0"));
            rig.PowerOn();
            rig.Host.SelfTestProblem = "self-test did not return within 10000 ms";
            Assert.AreEqual("self-test did not return within 10000 ms", new ApplicationHealthCheck(rig.Loader, null).Check());
            rig.Host.SelfTestProblem = null;
            Assert.IsNull(new ApplicationHealthCheck(rig.Loader, null).Check());
        }

        [TestMethod]
        public void Complete_RefusesABundleWhoseSlotBytesDoNotMatchItsManifest()
        {
            Rig rig = new Rig();
            byte[] bundle = TestBundles.Simple("1.0.0");
            bundle[bundle.Length - 1] ^= 1; // a manifest hash that does not match (signed as such, or changed in the slot)
            Assert.IsTrue(rig.Write(bundle) == SlotResult.HashMismatch);
            Assert.IsTrue(rig.Slots.Problem.IndexOf("Sample.App") >= 0, rig.Slots.Problem);
            UpdateSlots slots = new UpdateSlots(null, rig.Slots, rig.Loader);
            Assert.AreEqual("assembly Sample.App does not match its SHA-256 in the bundle's manifest", slots.CompleteProblem(ImageKind.Application));
            Assert.IsNull(slots.CompleteProblem(ImageKind.Deployment), "a firmware slot's refusal is not the bundle's");
            Assert.IsTrue(rig.Slots.GetStatus(ImageKind.Application) == SlotStatus.Confirmed, "nothing staged");
            rig.PowerOn();
            Assert.AreEqual(0, rig.Host.Calls.Count);
        }

        [TestMethod]
        public void Complete_RefusesABundleBeyondTheRamBudget_AndStartRefusesBeyondTheSlotBudget()
        {
            Rig rig = new Rig();
            byte[] big = TestBundles.Build("1.0.0", "A.B", new string[] { "Big" }, new byte[][] { TestBundles.Assembly(50 * 1024, 3) });
            Assert.IsTrue(rig.Write(big) == SlotResult.TooLarge);
            Assert.IsTrue(rig.Slots.Problem.IndexOf("RAM") >= 0, rig.Slots.Problem);
            Assert.IsTrue(rig.Slots.StartSession(ImageKind.Application, 65 * 1024) == SlotResult.TooLarge);
        }

        [TestMethod]
        public void ConfirmedBundleAlteredInItsSlot_IsSkipped_AndTheDeviceRunsWithoutApplication()
        {
            Rig rig = new Rig();
            rig.Install(TestBundles.Simple("1.0.0"));
            int slot = rig.Slots.SelectedSlot;
            rig.Storage.Corrupt(slot, 30); // inside the manifest (the version text is no longer a dotted number): every hash still matches its own bytes
            rig.Host.Calls.Clear();
            Assert.IsFalse(rig.PowerOn());
            Assert.AreEqual(0, rig.Host.Calls.Count, "nothing loaded");
            Assert.IsNotNull(rig.Loader.Problem);
            Assert.IsTrue(rig.Log.Contains("application:"));
            UpdateSlots slots = new UpdateSlots(null, rig.Slots, rig.Loader);
            string notice = slots.TakeNotice();
            Assert.IsNotNull(notice, "reported on the next job");
            Assert.AreEqual("application not started at boot: slot A: bad-version", notice); // the slot named, then the reader's word
            Assert.IsNull(slots.TakeNotice(), "once");
            Assert.IsTrue(slots.Check(ImageKind.Application, 1000) == TargetCheck.Ok, "the device still takes application jobs");
        }

        [TestMethod]
        public void BundleReplacedWholesale_ByAValidButUnverifiedBundle_IsNeverLoaded()
        {
            Rig rig = new Rig();
            rig.Install(TestBundles.Simple("1.0.0"));
            // A well-formed bundle whose hashes all match, put in the slot behind the agent's back.
            rig.Storage.Put(rig.Slots.SelectedSlot, TestBundles.Simple("9.0.0"));
            rig.Host.Calls.Clear();
            Assert.IsFalse(rig.PowerOn());
            Assert.AreEqual(0, rig.Host.Calls.Count);
            Assert.IsTrue(rig.Loader.Problem.IndexOf("changed since it was verified") >= 0, rig.Loader.Problem);
        }

        [TestMethod]
        public void SessionIsRefused_WhileABundleIsOnTrial()
        {
            Rig rig = new Rig();
            rig.Write(TestBundles.Simple("1.0.0"));
            rig.PowerOn();
            Assert.IsTrue(rig.Slots.StartSession(ImageKind.Application, 1000) == SlotResult.SwapInFlight);
        }

        [TestMethod]
        public void InterruptedDownload_ResumesAtTheCommittedLength()
        {
            Rig rig = new Rig();
            byte[] bundle = TestBundles.Simple("1.0.0");
            Assert.IsTrue(rig.Slots.StartSession(ImageKind.Application, bundle.Length) == SlotResult.Success);
            for (int at = 0; at < 2800; at += 700)
            {
                rig.Slots.StoreChunk(bundle, at, 700); // committed when a chunk crosses 1024 and 2048: at 1400 and 2100
            }

            rig.Storage.PowerCut(); // the last 700 bytes were never committed
            rig.PowerOn();
            Assert.IsTrue(rig.Slots.ResumeSession(ImageKind.Application, bundle.Length, null, 2800) == SlotResult.BadOffset, "the checkpoint counts bytes the slot lost");
            Assert.IsTrue(rig.Slots.ResumeSession(ImageKind.Application, bundle.Length, null, 1400) == SlotResult.Success);
            Assert.AreEqual(1400, rig.Slots.NextOffset, "bytes above the checkpoint are cut off, never trusted");
            Assert.AreEqual(1400L, rig.Storage.Length(rig.Slots.SelectedSlot < 0 ? 0 : 1 - rig.Slots.SelectedSlot));
            rig.Slots.StoreChunk(bundle, 1400, bundle.Length - 1400);
            Assert.IsTrue(rig.Slots.Complete() == SlotResult.Success);
        }

        [TestMethod]
        public void SlotsRouteByKind_AndRefuseTargetsTheBuildCannotServe()
        {
            Rig rig = new Rig();
            UpdateSlots slots = new UpdateSlots(null, rig.Slots, rig.Loader);
            Assert.IsTrue(slots.Check(ImageKind.Deployment, 1000) == TargetCheck.NoTarget);
            Assert.IsTrue(slots.Check(ImageKind.Application, 1000) == TargetCheck.Ok);
            Assert.IsTrue(slots.Check(ImageKind.Application, 65 * 1024) == TargetCheck.Space);
            rig.Slots.RamBudget = 10 * 1024;
            Assert.IsTrue(slots.Check(ImageKind.Application, 60 * 1024) == TargetCheck.Memory);
            Assert.AreEqual("0", slots.RunningVersion(ImageKind.Application));
            Assert.IsTrue(slots.StartSession(ImageKind.Deployment, 100) == SlotResult.NoSlot);
        }
    }
}
