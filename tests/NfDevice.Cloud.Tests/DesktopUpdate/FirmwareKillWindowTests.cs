using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.EndToEnd;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Platform;

namespace NfDevice.Cloud.Tests.DesktopUpdate
{
    /// <summary>Issue 3 §5: a kill at any point ends with the right image and a correct final status.</summary>
    [TestClass]
    public sealed class FirmwareKillWindowTests
    {
        [TestMethod]
        public async Task KilledAfterTheConfirm_BeforeSucceededReachedTheCloud_EndsSucceeded_OnTheNewImage()
        {
            await using var rig = await EndToEndRig.StartAsync();
            using var keys = new FirmwareRig();
            byte[] image = DesktopImage.Build("1.1.0", 20_000, seed: 31);
            var (device, _) = FirmwareJobTests.Device(rig, keys, "fw-conf", image);
            using (device)
            {
                // Once the new image is confirmed, the cloud does not hear the SUCCEEDED update: as if the process died right then.
                int blocked = 0;
                var inner = rig.Emulator.Jobs.RejectWith;
                rig.Emulator.Jobs.RejectWith = (thing, topic) =>
                {
                    if (thing == "fw-conf" && topic.EndsWith("/jobs/fw-c/update") && Volatile.Read(ref blocked) >= 0
                        && device.FirmwareVersion == "1.1.0" && device.Slot.GetStatus(ImageKind.Deployment) == SlotStatus.Confirmed)
                    {
                        Interlocked.Increment(ref blocked);
                        return "InternalError";
                    }
                    return inner(thing, topic);
                };
                rig.Emulator.CreateJob("fw-c", FirmwareJobTests.Document(keys, image, "1.1.0"), "fw-conf");
                device.Start();
                rig.WaitFor(() => Volatile.Read(ref blocked) > 0, "the SUCCEEDED update held back");
                device.Kill();
                Volatile.Write(ref blocked, int.MinValue);

                device.Start();
                rig.WaitFor(() => rig.StatusOf("fw-conf", "fw-c") is "SUCCEEDED" or "FAILED", "fw-c final");
                Assert.AreEqual("1.1.0", device.FirmwareVersion);
                Assert.AreEqual("SUCCEEDED", rig.StatusOf("fw-conf", "fw-c"), "the new image runs confirmed, so the job succeeded; details: " +
                    string.Join(", ", System.Linq.Enumerable.Select(rig.Execution("fw-conf", "fw-c").StatusDetails, kv => kv.Key + "=" + kv.Value)));
            }
        }
    }
}
