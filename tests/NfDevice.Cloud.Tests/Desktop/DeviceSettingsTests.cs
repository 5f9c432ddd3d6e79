using System;
using System.IO;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Hosting;
using NfDevice.Jobs.Platform;

namespace NfDevice.Cloud.Tests.Desktop
{
    [TestClass]
    public sealed class DeviceSettingsTests
    {
        private const string Valid = "{\"thingName\":\"dev-1\",\"endpoint\":\"127.0.0.1\",\"port\":8883,\"rootCa\":\"root-ca.pem\"," +
            "\"certificate\":\"device.cert.pem\",\"privateKey\":\"device.private.key\",\"codeSigningCertificate\":\"code-signing.cert.pem\"," +
            "\"chunkSize\":4096,\"logLevel\":\"Info\",\"wifiSsid\":\"\",\"wifiPassword\":\"\"}";

        private static DeviceSettings Parse(string json, string path = "/devices/a/nfdevice.json") => DeviceSettings.Parse(Encoding.UTF8.GetBytes(json), path);

        private static string ErrorOf(string json)
        {
            var e = Assert.ThrowsExactly<SettingsException>(() => Parse(json));
            return e.Message;
        }

        [TestMethod]
        public void Parse_ReadsTheSharedShape_AndResolvesPathsAgainstTheSettingsFolder()
        {
            var s = Parse(Valid);
            Assert.AreEqual("dev-1", s.ThingName);
            Assert.AreEqual("127.0.0.1", s.Endpoint);
            Assert.AreEqual(8883, s.Port);
            Assert.AreEqual(Path.GetFullPath("/devices/a/root-ca.pem"), s.RootCaPath);
            Assert.AreEqual(Path.GetFullPath("/devices/a/device.cert.pem"), s.CertificatePath);
            Assert.AreEqual(Path.GetFullPath("/devices/a/device.private.key"), s.PrivateKeyPath);
            Assert.AreEqual(Path.GetFullPath("/devices/a/code-signing.cert.pem"), s.CodeSigningCertificatePath);
            Assert.AreEqual(4096, s.ChunkSize);
            Assert.AreEqual(LogLevel.Info, s.LogLevel);
            Assert.AreEqual(Path.GetFullPath("/devices/a/state"), s.StateDirectory);
            Assert.AreEqual("1.0.0", s.FirmwareVersion);
        }

        [TestMethod]
        public void Parse_TakesDesktopExtras()
        {
            var s = Parse(Valid.Replace("}", ",\"stateDirectory\":\"/var/nf\",\"firmwareVersion\":\"2.1.0\",\"logLevel\":\"debug\"}").Replace("\"logLevel\":\"Info\",", ""));
            Assert.AreEqual(Path.GetFullPath("/var/nf"), s.StateDirectory);
            Assert.AreEqual("2.1.0", s.FirmwareVersion);
            Assert.AreEqual(LogLevel.Debug, s.LogLevel);
        }

        [TestMethod]
        public void Load_ReportsAMissingFile()
        {
            var e = Assert.ThrowsExactly<SettingsException>(() => DeviceSettings.Load("/nonexistent/nfdevice.json"));
            StringAssert.Contains(e.Message, "not found");
            StringAssert.Contains(e.Message, "/nonexistent/nfdevice.json");
        }

        [TestMethod]
        public void Parse_ReportsBadJson_WithLineAndColumn()
        {
            string msg = ErrorOf("{\n  \"thingName\": \"a\",\n  \"endpoint\" \"x\"\n}");
            StringAssert.Contains(msg, "line 3");
            StringAssert.Contains(msg, "column");
        }

        [TestMethod]
        public void Parse_ReportsMissingThingName() => StringAssert.Contains(ErrorOf(Valid.Replace("\"thingName\":\"dev-1\",", "")), "\"thingName\" is missing");

        [TestMethod]
        public void Parse_ReportsAnInvalidThingName() => StringAssert.Contains(ErrorOf(Valid.Replace("dev-1", "dev 1/x")), "thingName");

        [TestMethod]
        public void Parse_ReportsAPortOutOfRange() => StringAssert.Contains(ErrorOf(Valid.Replace("8883", "70000")), "\"port\" must be an integer from 1 to 65535");

        [TestMethod]
        public void Parse_ReportsAPortOfTheWrongType() => StringAssert.Contains(ErrorOf(Valid.Replace("8883", "\"8883\"")), "\"port\"");

        [TestMethod]
        public void Parse_ReportsAnUnknownLogLevel() => StringAssert.Contains(ErrorOf(Valid.Replace("\"Info\"", "\"Verbose\"")), "logLevel");

        [TestMethod]
        public void Parse_ReportsAMissingCertificateSetting() => StringAssert.Contains(ErrorOf(Valid.Replace("\"certificate\":\"device.cert.pem\",", "")), "\"certificate\" is missing");

        [TestMethod]
        public void Parse_ReportsANonObjectDocument() => StringAssert.Contains(ErrorOf("[1,2]"), "JSON object");

        [TestMethod]
        public void Credentials_ReportAMissingCertificateFile()
        {
            using var dir = new TempDir();
            using var pki = new TestPki();
            string path = pki.WriteBundle(dir.Path, "dev-1", 8883);
            File.Delete(Path.Combine(dir.Path, "device.cert.pem"));
            var e = Assert.ThrowsExactly<SettingsException>(() => DeviceCredentials.Load(DeviceSettings.Load(path)));
            StringAssert.Contains(e.Message, "\"certificate\" file not found");
        }

        [TestMethod]
        public void Credentials_ReportAnUnreadableCertificate()
        {
            using var dir = new TempDir();
            using var pki = new TestPki();
            string path = pki.WriteBundle(dir.Path, "dev-1", 8883);
            File.WriteAllText(Path.Combine(dir.Path, "device.cert.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
            var e = Assert.ThrowsExactly<SettingsException>(() => DeviceCredentials.Load(DeviceSettings.Load(path)));
            StringAssert.Contains(e.Message, "device.cert.pem");
        }

        [TestMethod]
        public void Credentials_ReportAKeyThatDoesNotMatchTheCertificate()
        {
            using var dir = new TempDir();
            using var pki = new TestPki();
            string path = pki.WriteBundle(dir.Path, "dev-1", 8883);
            using (var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
            {
                File.WriteAllText(Path.Combine(dir.Path, "device.private.key"), other.ExportECPrivateKeyPem());
            }
            var e = Assert.ThrowsExactly<SettingsException>(() => DeviceCredentials.Load(DeviceSettings.Load(path)));
            StringAssert.Contains(e.Message, "private key");
        }

        [TestMethod]
        public void Credentials_LoadAValidBundle()
        {
            using var dir = new TempDir();
            using var pki = new TestPki();
            string path = pki.WriteBundle(dir.Path, "dev-1", 8883);
            using var creds = DeviceCredentials.Load(DeviceSettings.Load(path));
            Assert.IsTrue(creds.ClientCertificate.HasPrivateKey);
            Assert.AreEqual(pki.Root.Thumbprint, creds.RootCa.Thumbprint);
        }
    }
}
