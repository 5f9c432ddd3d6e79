using System;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Application;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Tests.Application;
using NfDevice.Jobs.Tests.Fakes;
using NfDevice.Jobs.Tests.Update;
using NfDevice.Jobs.Update;

namespace NfDevice.Jobs.Tests.Net.Update
{
    /// <summary>
    /// An application job through the real engine, the firmware handler and the application slots (A/B over memory
    /// storage), against the fake cloud, with real ECDSA signatures: what the job reports when the signed bundle's
    /// contents are refused at completion.
    /// </summary>
    [TestClass]
    public class ApplicationJobTests
    {
        [TestMethod]
        public void ApplicationJob_Fails_WithReasonManifest_NamingTheAssembly_WhenItsHashDoesNotMatchTheSignedManifest()
        {
            using var rig = new FirmwareJobRig();
            byte[] bundle = TestBundles.Simple("1.1.0");
            bundle[bundle.Length - 1] ^= 1; // signed like this: the signature holds, the manifest's hash of the assembly does not
            ApplicationSlots slots = UseApplicationSlots(rig, bundle);
            CloudJob job = rig.Cloud.Add("app-1", ApplicationDocument(rig, bundle, "1.1.0"));
            rig.H.Connect();
            rig.DriveUntil(() => job.IsTerminal, "terminal status");

            Assert.AreEqual("FAILED", job.Status);
            Assert.IsTrue(rig.Published("\"reason\":\"manifest\""), "reason");
            Assert.IsTrue(rig.Published("\"detail\":\"assembly Sample.App does not match its SHA-256 in the bundle's manifest\""), "detail");
            Assert.AreEqual(0, rig.H.Power.Reboots, "no trial restart");
            Assert.AreEqual(-1, slots.SelectedSlot, "nothing staged or active");
        }

        [TestMethod]
        public void ApplicationJob_Fails_WithReasonMemory_WhenTheSignedBundleNeedsMoreRamThanTheBudget()
        {
            using var rig = new FirmwareJobRig();
            byte[] bundle = TestBundles.Simple("1.1.0");
            ApplicationSlots slots = UseApplicationSlots(rig, bundle);
            CloudJob job = rig.Cloud.Add("app-1", ApplicationDocument(rig, bundle, "1.1.0"));
            rig.H.Connect();
            rig.DriveUntil(() => rig.Http.Requests.Count > 0, "download started");
            slots.RamBudget = 16; // lowered after the check before the download: completion reads the manifest's real figure
            rig.DriveUntil(() => job.IsTerminal, "terminal status");

            Assert.AreEqual("FAILED", job.Status);
            Assert.IsTrue(rig.Published("\"reason\":\"memory\""), "reason");
            Assert.AreEqual(-1, slots.SelectedSlot);
        }

        // Replaces the rig's firmware handler with one over UpdateSlots(no firmware slot, application slots).
        private static ApplicationSlots UseApplicationSlots(FirmwareJobRig rig, byte[] bundle)
        {
            rig.Image = bundle;
            rig.Http = new FakeRangedHttp(bundle);
            var storage = new MemoryApplicationStorage();
            var slots = new ApplicationSlots(storage, rig.H.Store, rig.H.Log, 64 * 1024, 48 * 1024, 512);
            var loader = new ApplicationLoader(slots, new RecordingApplicationHost(), rig.H.Log);
            loader.Boot();
            var targets = new UpdateSlots(null, slots, loader);
            var download = new FirmwareDownload(rig.Http, targets, rig.H.Store, rig.H.Clock, rig.H.Random, rig.H.Log, rig.WorkBuffer, 16384, null);
            var handler = new FirmwareUpdateHandler(download, targets, new CodeSigningVerifier(rig.CertificatePem, 0, rig.CertificatePem.Length), new ApplicationHealthCheck(loader, null));
            rig.H.Agent.Register(handler);
            rig.H.Agent.RegisterFormat(handler);
            return slots;
        }

        private static string ApplicationDocument(FirmwareJobRig rig, byte[] bundle, string version)
        {
            string signature = Convert.ToBase64String(rig.Key.SignData(bundle, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            return "{\"operation\":\"firmware-update\",\"target\":\"application\",\"version\":\"" + version + "\",\"image\":{\"url\":\"" + rig.Http.ValidUrl
                + "\",\"size\":" + bundle.Length + "},\"codesign\":{\"rawPayloadSize\":" + bundle.Length + ",\"signature\":\"" + signature
                + "\",\"signatureAlgorithm\":\"SHA256withECDSA\"}}";
        }
    }
}
