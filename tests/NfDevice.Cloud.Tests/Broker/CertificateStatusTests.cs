using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.Broker
{
    /// <summary>
    /// The broker remembers which certificates chain to its CA (issue 14: a chain build per connect was ~15 % of its CPU),
    /// but a certificate's status is read at every connect: a change takes effect at the next connect.
    /// </summary>
    [TestClass]
    public sealed class CertificateStatusTests
    {
        private static async Task<bool> ConnectFails(Emulator emulator, DeviceIdentity id)
        {
            try
            {
                await using TestDevice d = await TestDevice.ConnectAsync(emulator, id);
                return false;
            }
            catch (Exception) { return true; }
        }

        [TestMethod]
        [DataRow("INACTIVE")]
        [DataRow("REVOKED")]
        public async Task Certificate_ChangedAfterASuccessfulConnect_IsRefusedAtTheNextConnect(string status)
        {
            await using var emu = await TestEmulator.StartAsync();
            DeviceIdentity id = emu.Emulator.Provision("thing-a");
            bool firstFailed = await ConnectFails(emu.Emulator, id);

            emu.Emulator.Registry.SetCertificateStatus(id.CertificateId, status);
            bool secondFailed = await ConnectFails(emu.Emulator, id);

            Assert.IsFalse(firstFailed);
            Assert.IsTrue(secondFailed);
            Assert.IsTrue(emu.Emulator.LogLines.Any(l => l.Contains("certificate " + id.CertificateId + " is " + status)), string.Join("\n", emu.Emulator.LogLines));
        }

        [TestMethod]
        public async Task Certificate_ReactivatedAfterARefusal_IsAcceptedAtTheNextConnect()
        {
            await using var emu = await TestEmulator.StartAsync();
            DeviceIdentity id = emu.Emulator.Provision("thing-a");
            emu.Emulator.Registry.SetCertificateStatus(id.CertificateId, "INACTIVE");
            bool refused = await ConnectFails(emu.Emulator, id);

            emu.Emulator.Registry.SetCertificateStatus(id.CertificateId, "ACTIVE");
            bool accepted = !await ConnectFails(emu.Emulator, id);

            Assert.IsTrue(refused);
            Assert.IsTrue(accepted);
        }

        [TestMethod]
        public async Task Certificate_OfADeletedThing_IsRefusedAtTheNextConnect()
        {
            await using var emu = await TestEmulator.StartAsync();
            DeviceIdentity id = emu.Emulator.Provision("thing-a");
            bool firstFailed = await ConnectFails(emu.Emulator, id);

            emu.Emulator.Registry.DeleteThing("thing-a");
            bool secondFailed = await ConnectFails(emu.Emulator, id);

            Assert.IsFalse(firstFailed);
            Assert.IsTrue(secondFailed);
            Assert.IsTrue(emu.Emulator.LogLines.Any(l => l.Contains("certificate " + id.CertificateId + " is attached to no thing")), string.Join("\n", emu.Emulator.LogLines));
        }
    }
}
