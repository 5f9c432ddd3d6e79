using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.Firmware;
using NfDevice.Jobs.Platform;

namespace NfDevice.Cloud.Tests.Application
{
    /// <summary>
    /// Issue 10, end to end: application bundles of real assemblies (the Heartbeat sample and a two-assembly test app,
    /// compiled by the SDK's compiler) signed by the emulator's Signer, streamed from its S3 by desktop agents, loaded in
    /// a collectible AssemblyLoadContext, self-tested on trial, confirmed or reverted.
    /// </summary>
    [TestClass]
    public sealed class ApplicationEndToEndTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

        internal static string Logs(FirmwareDevice d) => "\n" + string.Join("\n", d.Device.Log.Lines().TakeLast(30));

        private static void WaitUntil(Func<bool> condition, string what, FirmwareDevice d)
        {
            var until = DateTime.UtcNow + Wait;
            while (!condition())
            {
                if (DateTime.UtcNow > until) Assert.Fail(what + Logs(d));
                System.Threading.Thread.Sleep(25);
            }
        }

        // Installs the two-assembly app 1.0.0 and waits until it runs.
        private static void InstallFirst(ApplicationEndToEndRig rig, FirmwareDevice d)
        {
            byte[] first = TestApps.Bundle(TestApps.TwoAssemblies("1.0.0"), "TestApp.Main.Entry", "1.0.0");
            rig.Release("app-first-" + d.Thing, first, "1.0.0", d);
            d.Device.Start();
            Assert.AreEqual("SUCCEEDED", rig.Fw.WaitTerminal(d.Thing, "app-first-" + d.Thing), rig.Fw.Describe(d.Thing, "app-first-" + d.Thing) + Logs(d));
            WaitUntil(() => ApplicationEndToEndRig.AppFile(d, "running.txt") == "running 1.0.0", "1.0.0 runs", d);
        }

        // After a failed update: the job FAILED with reason selftest, and 1.0.0 runs again (it wrote its file anew).
        private static void AssertRevertedToFirst(ApplicationEndToEndRig rig, FirmwareDevice d, string jobId, string detailContains)
        {
            Assert.AreEqual("FAILED", rig.Fw.WaitTerminal(d.Thing, jobId), rig.Fw.Describe(d.Thing, jobId) + Logs(d));
            var details = rig.Fw.Details(d.Thing, jobId);
            Assert.AreEqual("selftest", details["reason"], rig.Fw.Describe(d.Thing, jobId));
            if (detailContains != null)
            {
                string all = string.Join(" ", details.Values);
                StringAssert.Contains(all, detailContains, rig.Fw.Describe(d.Thing, jobId));
            }

            WaitUntil(() => d.Device.ApplicationVersion == "1.0.0" && ApplicationEndToEndRig.AppFile(d, "running.txt") == "running 1.0.0", "1.0.0 runs again", d);
            Assert.AreEqual(SlotStatus.Confirmed, d.Device.Snapshot().ApplicationVersion == "1.0.0" ? SlotStatus.Confirmed : SlotStatus.Unknown);
        }

        [TestMethod]
        public async Task HeartbeatBundle_OnThreeDevices_AllSucceed_AndEachRunsIt()
        {
            await using var rig = await ApplicationEndToEndRig.StartAsync();
            byte[] bundle = TestApps.Bundle(TestApps.Heartbeat("1.1.0"), "Sample.Heartbeat.App", "1.1.0");
            var devices = Enumerable.Range(1, 3).Select(i => rig.Device("app-ok-" + i)).ToArray();
            rig.Release("app-happy", bundle, "1.1.0", devices);
            foreach (var d in devices) d.Device.Start();
            foreach (var d in devices)
            {
                Assert.AreEqual("SUCCEEDED", rig.Fw.WaitTerminal(d.Thing, "app-happy"), rig.Fw.Describe(d.Thing, "app-happy") + Logs(d));
                var details = rig.Fw.Details(d.Thing, "app-happy");
                Assert.AreEqual("confirmed", details["step"]);
                Assert.AreEqual("1.1.0", details["version"]);
                Assert.AreEqual("1.1.0", d.Device.ApplicationVersion);
                Assert.AreEqual("1.0.0", d.Device.FirmwareVersion, "the firmware image is not touched by an application job");
                WaitUntil(() => (ApplicationEndToEndRig.AppFile(d, "heartbeat.txt") ?? "").StartsWith("Heartbeat 1.1.0 beat ", StringComparison.Ordinal), "heartbeat of 1.1.0", d);
                Assert.AreEqual(bundle.Length, d.Http.Bytes, "downloaded exactly once");
            }
        }

        [TestMethod]
        public async Task TwoAssemblyApp_LoadsInDependencyOrder_AndAnUpdateReplacesIt()
        {
            await using var rig = await ApplicationEndToEndRig.StartAsync();
            var d = rig.Device("app-two");
            InstallFirst(rig, d);
            byte[] second = TestApps.Bundle(TestApps.TwoAssemblies("2.0.0"), "TestApp.Main.Entry", "2.0.0");
            rig.Release("app-second", second, "2.0.0", d);
            Assert.AreEqual("SUCCEEDED", rig.Fw.WaitTerminal(d.Thing, "app-second"), rig.Fw.Describe(d.Thing, "app-second") + Logs(d));
            WaitUntil(() => ApplicationEndToEndRig.AppFile(d, "running.txt") == "running 2.0.0", "2.0.0 runs", d);
            Assert.AreEqual("2.0.0", d.Device.ApplicationVersion);
        }

        [TestMethod]
        public async Task BundleTamperedAfterSigning_Fails_WithReasonSignature_AndNothingIsLoaded()
        {
            await using var rig = await ApplicationEndToEndRig.StartAsync();
            var d = rig.Device("app-tampered");
            byte[] bundle = TestApps.Bundle(TestApps.Heartbeat("1.1.0"), "Sample.Heartbeat.App", "1.1.0");
            string key = "apps/tampered.nfb";
            string version = rig.UploadAndSign(bundle, key);
            // The bytes change under the signature (S3 objects are immutable on AWS; the emulator's store array is not).
            rig.Emulator.S3Store.GetObject(FirmwareEndToEndRig.Bucket, key, version).Data[bundle.Length - 10] ^= 0x5A;
            rig.Job("app-tampered", key, version, "1.1.0", bundle.Length, d.Thing);
            d.Device.Start();
            Assert.AreEqual("FAILED", rig.Fw.WaitTerminal(d.Thing, "app-tampered"), rig.Fw.Describe(d.Thing, "app-tampered") + Logs(d));
            Assert.AreEqual("signature", rig.Fw.Details(d.Thing, "app-tampered")["reason"]);
            Assert.IsNull(d.Device.ApplicationVersion);
            Assert.AreEqual(1, d.Device.Snapshot().Boots, "no restart");
            Assert.IsFalse(Directory.GetFiles(Path.Combine(d.Device.Settings.StateDirectory, "app")).Any(), "nothing left in the slots");
        }

        [TestMethod]
        public async Task DeviceWithAnotherCodeSigningCertificate_Fails_WithReasonSignature()
        {
            await using var rig = await ApplicationEndToEndRig.StartAsync();
            rig.Emulator.GetOrCreateSigningProfile("other_profile");
            var d = rig.Device("app-wrong-key", profile: "other_profile");
            byte[] bundle = TestApps.Bundle(TestApps.Heartbeat("1.1.0"), "Sample.Heartbeat.App", "1.1.0");
            rig.Release("app-wrong-key", bundle, "1.1.0", d);
            d.Device.Start();
            Assert.AreEqual("FAILED", rig.Fw.WaitTerminal(d.Thing, "app-wrong-key"), rig.Fw.Describe(d.Thing, "app-wrong-key") + Logs(d));
            Assert.AreEqual("signature", rig.Fw.Details(d.Thing, "app-wrong-key")["reason"]);
            Assert.IsNull(d.Device.ApplicationVersion);
        }

        [TestMethod]
        public async Task SignedBundleWhoseManifestHashDoesNotMatch_Fails_AndIsNeverStaged()
        {
            await using var rig = await ApplicationEndToEndRig.StartAsync();
            var d = rig.Device("app-bad-manifest");
            byte[] bundle = TestApps.Bundle(TestApps.Heartbeat("1.1.0"), "Sample.Heartbeat.App", "1.1.0");
            bundle[^1] ^= 0x01; // signed like this: the signature holds, the manifest's hash of the assembly does not
            rig.Release("app-bad-manifest", bundle, "1.1.0", d);
            d.Device.Start();
            Assert.AreEqual("FAILED", rig.Fw.WaitTerminal(d.Thing, "app-bad-manifest"), rig.Fw.Describe(d.Thing, "app-bad-manifest") + Logs(d));
            Assert.AreEqual("manifest", rig.Fw.Details(d.Thing, "app-bad-manifest")["reason"]);
            Assert.AreEqual("assembly Sample.Heartbeat does not match its SHA-256 in the bundle's manifest", rig.Fw.Details(d.Thing, "app-bad-manifest")["detail"]);
            Assert.IsTrue(d.Device.Log.Lines().Any(l => l.Contains("hash-mismatch (assembly Sample.Heartbeat)")), Logs(d));
            Assert.AreEqual(1, d.Device.Snapshot().Boots, "no trial restart");
            Assert.IsNull(d.Device.ApplicationVersion);
        }

        [TestMethod]
        public async Task BundleLargerThanTheSlotBudget_IsRejected_WithReasonSpace_BeforeAnyDownload()
        {
            await using var rig = await ApplicationEndToEndRig.StartAsync();
            var d = rig.Device("app-too-big", slotBudget: 2048);
            byte[] bundle = TestApps.Bundle(TestApps.Heartbeat("1.1.0"), "Sample.Heartbeat.App", "1.1.0");
            rig.Release("app-too-big", bundle, "1.1.0", d);
            d.Device.Start();
            Assert.AreEqual("REJECTED", rig.Fw.WaitTerminal(d.Thing, "app-too-big"), rig.Fw.Describe(d.Thing, "app-too-big") + Logs(d));
            Assert.AreEqual("space", rig.Fw.Details(d.Thing, "app-too-big")["reason"]);
            Assert.AreEqual(0, d.Http.Opens.Count(), "nothing downloaded");
        }

        [TestMethod]
        public async Task DeviceWithoutApplicationSlots_RejectsTheJob_WithReasonTarget()
        {
            await using var rig = await ApplicationEndToEndRig.StartAsync();
            var d = rig.Device("app-no-target", applications: false);
            byte[] bundle = TestApps.Bundle(TestApps.Heartbeat("1.1.0"), "Sample.Heartbeat.App", "1.1.0");
            rig.Release("app-no-target", bundle, "1.1.0", d);
            d.Device.Start();
            Assert.AreEqual("REJECTED", rig.Fw.WaitTerminal(d.Thing, "app-no-target"), rig.Fw.Describe(d.Thing, "app-no-target") + Logs(d));
            Assert.AreEqual("target", rig.Fw.Details(d.Thing, "app-no-target")["reason"]);
            Assert.AreEqual(0, d.Http.Opens.Count());
        }

        [TestMethod]
        public async Task AppThatThrowsInStart_IsReverted_AndThePreviousAppRuns()
        {
            await using var rig = await ApplicationEndToEndRig.StartAsync();
            var d = rig.Device("app-throws");
            InstallFirst(rig, d);
            byte[] broken = TestApps.Bundle(TestApps.TwoAssemblies("2.0.0", TestApps.Fault.ThrowInStart), "TestApp.Main.Entry", "2.0.0");
            rig.Release("app-throws", broken, "2.0.0", d);
            AssertRevertedToFirst(rig, d, "app-throws", "broken on purpose");
        }

        [TestMethod]
        public async Task AppWhoseSelfTestHangs_IsRevertedAfterTheBound_AndThePreviousAppRuns()
        {
            await using var rig = await ApplicationEndToEndRig.StartAsync();
            var d = rig.Device("app-hangs", selfTestMs: 1500);
            InstallFirst(rig, d);
            byte[] hanging = TestApps.Bundle(TestApps.TwoAssemblies("2.0.0", TestApps.Fault.HangInSelfTest), "TestApp.Main.Entry", "2.0.0");
            rig.Release("app-hangs", hanging, "2.0.0", d);
            AssertRevertedToFirst(rig, d, "app-hangs", "did not return within 1500 ms");
        }

        [TestMethod]
        public async Task AgentKilledDuringTheTrial_RevertsAtTheNextStart_AndThePreviousAppRuns()
        {
            await using var rig = await ApplicationEndToEndRig.StartAsync();
            var d = rig.Device("app-crash");
            InstallFirst(rig, d);
            byte[] slow = TestApps.Bundle(TestApps.TwoAssemblies("2.0.0", TestApps.Fault.SlowStart), "TestApp.Main.Entry", "2.0.0");
            rig.Release("app-crash", slow, "2.0.0", d);
            // The trial boot is starting 2.0.0 (its Start is running, nothing confirmed): the board dies here.
            WaitUntil(() => ApplicationEndToEndRig.AppFile(d, "starting.txt") == "starting 2.0.0", "2.0.0 starting on trial", d);
            d.Device.Kill();
            d.Device.Start();
            AssertRevertedToFirst(rig, d, "app-crash", null);
            Assert.IsTrue(d.Device.Log.Lines().Any(l => l.Contains("trial of 2.0.0 not confirmed")), Logs(d));
        }
    }
}
