using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Signer;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Hosting
{
    /// <summary>`nfcloud provision`: the device bundle (issue 4 §4) and the broker certificate for physical boards.</summary>
    [TestClass]
    public sealed class ProvisionBundleTests
    {
        private const string SettingsKeys = "certificate,chunkSize,codeSigningCertificate,endpoint,logLevel,port,privateKey,rootCa,thingName,wifiPassword,wifiSsid";

        private static string TempDir() => Path.Combine(Path.GetTempPath(), "nfcloud-bundle-" + Guid.NewGuid().ToString("N"));

        private static void AssertCodeSigningCertVerifies(Emulator em, string certPath, string profile)
        {
            em.CreateFirmwareBucket("fw-images");
            byte[] image = new byte[3000];
            new Random(5).NextBytes(image);
            string version = em.UploadImage("fw-images", "app.bin", image);
            SigningJob job = em.SignImage(profile, "fw-images", "app.bin", version);
            using X509Certificate2 cert = X509Certificate2.CreateFromPem(File.ReadAllText(certPath));
            using ECDsa key = cert.GetECDsaPublicKey();
            Assert.IsTrue(key.VerifyData(image, job.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            image[0] ^= 1;
            Assert.IsFalse(key.VerifyData(image, job.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        [TestMethod]
        public async Task ProvisionBundle_WritesEveryFile_AndTheDocumentedSettings_AndACodeSigningCertOfTheDefaultProfile()
        {
            await using var emu = await TestEmulator.StartAsync();
            string dir = TempDir();
            try
            {
                string settingsPath = emu.Emulator.ProvisionBundle("dev-1", dir);

                foreach (string f in new[] { "nfdevice.json", "root-ca.pem", "device.cert.pem", "device.private.key", "code-signing.cert.pem" })
                    Assert.IsTrue(File.Exists(Path.Combine(dir, f)), f);
                JsonElement settings = Json.Parse(File.ReadAllText(settingsPath));
                Assert.AreEqual(SettingsKeys, Json.Keys(settings));
                Assert.AreEqual("dev-1", settings.GetProperty("thingName").GetString());
                Assert.AreEqual(emu.Emulator.MqttPort, settings.GetProperty("port").GetInt32());
                foreach (string k in new[] { "rootCa", "certificate", "privateKey", "codeSigningCertificate" })
                    Assert.IsTrue(File.Exists(Path.Combine(dir, settings.GetProperty(k).GetString())), k);
                Assert.AreEqual("AWSIoTDeviceManagement-SHA256-ECDSA", emu.Emulator.SignerService.GetSigningProfile(Emulator.DefaultSigningProfile).Platform.PlatformId);
                AssertCodeSigningCertVerifies(emu.Emulator, Path.Combine(dir, "code-signing.cert.pem"), Emulator.DefaultSigningProfile);
                using X509Certificate2 device = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(dir, "device.cert.pem")), File.ReadAllText(Path.Combine(dir, "device.private.key")));
                Assert.IsTrue(emu.Emulator.Ca.IsIssuedByThisCa(device));
            }
            finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
        }

        [TestMethod]
        public async Task ProvisionCommand_AgainstARunningEmulator_UsesTheNamedSigningProfile()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.CreateSigningProfile("fleet_a");
            string dir = TempDir();
            try
            {
                int rc = await Program.BuildRoot().Parse(new[] { "provision", "--thing", "dev-2", "--out", dir, "--endpoint-url", emu.Emulator.HttpEndpoint, "--signing-profile", "fleet_a" }).InvokeAsync();

                Assert.AreEqual(0, rc);
                Assert.AreEqual(emu.Emulator.CodeSigningCertificatePem("fleet_a"), File.ReadAllText(Path.Combine(dir, "code-signing.cert.pem")));
                AssertCodeSigningCertVerifies(emu.Emulator, Path.Combine(dir, "code-signing.cert.pem"), "fleet_a");
                Assert.AreEqual(SettingsKeys, Json.Keys(Json.Parse(File.ReadAllText(Path.Combine(dir, "nfdevice.json")))));
            }
            finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
        }

        [TestMethod]
        public async Task ProvisionCommand_Aws_WritesSettingsWithPlaceholders_AndNoEmulatorCredentials()
        {
            string dir = TempDir();
            try
            {
                int rc = await Program.BuildRoot().Parse(new[] { "provision", "--thing", "dev-3", "--out", dir, "--aws" }).InvokeAsync();

                Assert.AreEqual(0, rc);
                JsonElement settings = Json.Parse(File.ReadAllText(Path.Combine(dir, "nfdevice.json")));
                Assert.AreEqual(SettingsKeys, Json.Keys(settings));
                Assert.AreEqual(AwsProvisioningGuide.EndpointPlaceholder, settings.GetProperty("endpoint").GetString());
                Assert.AreEqual(8883, settings.GetProperty("port").GetInt32());
                Assert.IsFalse(File.Exists(Path.Combine(dir, "device.private.key")));
                string steps = AwsProvisioningGuide.Steps("dev-3", dir, "prof");
                StringAssert.Contains(steps, "create-keys-and-certificate --set-as-active");
                StringAssert.Contains(steps, "attach-thing-principal --thing-name dev-3");
                StringAssert.Contains(steps, "topic/\\$aws/things/dev-3/jobs/*");
            }
            finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
        }

        [TestMethod]
        public void BrokerCertificate_NamesTheConfiguredEndpoint_AndIsReissuedWhenAStoredOneLacksIt()
        {
            string dir = TempDir();
            try
            {
                CertificateAuthority plain = CertificateAuthority.LoadOrCreate(dir);
                Assert.IsFalse(CertificateAuthority.Names(plain.ServerCertificate, new[] { "192.168.1.50" }));

                CertificateAuthority lan = CertificateAuthority.LoadOrCreate(dir, new[] { "192.168.1.50", "esp-lab.local" });

                Assert.IsTrue(CertificateAuthority.Names(lan.ServerCertificate, new[] { "192.168.1.50", "esp-lab.local", "127.0.0.1", "localhost" }));
                Assert.AreEqual(plain.RootPem, lan.RootPem);
                Assert.IsTrue(CertificateAuthority.Names(CertificateAuthority.LoadOrCreate(dir).ServerCertificate, new[] { "192.168.1.50" }));
            }
            finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
        }

        [TestMethod]
        public async Task EndpointHost_GoesIntoBundlesAndPresignedUrls()
        {
            await using var emu = await TestEmulator.StartAsync(o => o.EndpointHost = "localhost");
            string dir = TempDir();
            try
            {
                emu.Emulator.ProvisionBundle("dev-4", dir);

                Assert.AreEqual("localhost", Json.Parse(File.ReadAllText(Path.Combine(dir, "nfdevice.json"))).GetProperty("endpoint").GetString());
                Assert.AreEqual("localhost", emu.Emulator.S3BaseUri.Host);
                Assert.IsTrue(IPAddress.IsLoopback(emu.Emulator.Options.ListenAddress));
            }
            finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
        }
    }
}
