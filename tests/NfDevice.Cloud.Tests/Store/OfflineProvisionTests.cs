using System.IO;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Store
{
    [TestClass]
    public sealed class OfflineProvisionTests
    {
        // Signing profiles live in the data directory now: a bundle provisioned with no emulator running carries the
        // certificate of the profile the emulator signs with once it runs.
        [TestMethod]
        public async Task CliProvision_WithoutRunningEmulator_WritesTheProfilesCodeSigningCertificate()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                string data = Path.Combine(dir, "data"), bundle = Path.Combine(dir, "bundle");
                int rc = await Program.BuildRoot().Parse(new[] { "provision", "--thing", "offline-1", "--out", bundle, "--data-dir", data,
                    "--endpoint-url", "http://127.0.0.1:1", "--signing-profile", "my_profile" }).InvokeAsync();
                Assert.AreEqual(0, rc);

                await using var emu = await TestEmulator.StartAsync(o => o.DataDirectory = data);
                Assert.AreEqual(emu.Emulator.SignerService.ExportCertificatePem("my_profile").Trim(),
                    File.ReadAllText(Path.Combine(bundle, "code-signing.cert.pem")).Trim());
            }
            finally { StoreTestSupport.Delete(dir); }
        }
    }
}
