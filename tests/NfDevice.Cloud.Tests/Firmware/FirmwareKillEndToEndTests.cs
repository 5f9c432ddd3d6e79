using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Platform;

namespace NfDevice.Cloud.Tests.Firmware
{
    /// <summary>
    /// Issue 3 §5: the agent killed (DesktopDevice.Kill, then Start) at 20 seeded points of download, install and
    /// self-test, ten devices at a time on one emulator. Every run must end with the right image and a matching final
    /// status, a download resuming from its last checkpoint.
    /// </summary>
    [TestClass]
    public sealed class FirmwareKillEndToEndTests
    {
        private enum Phase { Download, Install, SelfTest }

        private sealed record KillPoint(int Run, Phase Phase, long Offset, int DelayMs);

        private const int ImageSize = 128 * 1024;

        private static KillPoint Point(int run)
        {
            var random = new Random(7000 + run);
            Phase phase = (run % 4) switch { 0 or 1 => Phase.Download, 2 => Phase.Install, _ => Phase.SelfTest };
            long offset = phase == Phase.Download ? 1 + random.Next(ImageSize - 1) : ImageSize;
            int delay = phase == Phase.Download ? 0 : random.Next(phase == Phase.Install ? 60 : 40);
            return new KillPoint(run, phase, offset, delay);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(10)]
        public async Task AgentKilledAtSeededPoints_EveryRunEndsWithTheRightImageAndStatus_ResumingFromItsCheckpoint(int firstRun)
        {
            await using var rig = await FirmwareEndToEndRig.StartAsync();
            byte[] image = DesktopImage.Build("1.1.0", ImageSize, seed: 301);
            string version = rig.UploadAndSign(image);
            KillPoint[] points = Enumerable.Range(firstRun, 10).Select(Point).ToArray();
            FirmwareDevice[] devices = points.Select(p => rig.Device("fw-kill-" + p.Run)).ToArray();
            for (int i = 0; i < points.Length; i++)
            {
                if (points[i].Phase != Phase.SelfTest) devices[i].Http.FreezeAt = points[i].Offset;
            }

            rig.Job("fw-kill", version, "1.1.0", image.Length, things: devices.Select(d => d.Thing).ToArray());
            long[] killedAt = new long[points.Length];
            bool[] onTrial = new bool[points.Length];
            await Task.WhenAll(points.Select((p, i) => Task.Run(() => killedAt[i] = KillAndRestart(devices[i], p, out onTrial[i]))));

            for (int i = 0; i < points.Length; i++)
            {
                KillPoint p = points[i];
                FirmwareDevice d = devices[i];
                string status = rig.WaitTerminal(d.Thing, "fw-kill");
                string why = "run " + p.Run + " " + p.Phase + "@" + p.Offset + "+" + p.DelayMs + "ms: " + rig.Describe(d.Thing, "fw-kill")
                    + " opens " + string.Join(" ", d.Http.Opens.Select(o => "[b" + o.Boot + " " + o.From + ":" + o.Status + "]")) + FirmwareEndToEndTests.Logs(d);
                bool runsNew = d.Primary().AsSpan().SequenceEqual(image);
                Console.WriteLine("run " + p.Run + " " + p.Phase + (onTrial[i] ? " (on trial)" : "") + " kill@" + (p.Phase == Phase.SelfTest ? "boot2+" + p.DelayMs + "ms" : killedAt[i] + "+" + p.DelayMs + "ms")
                    + " -> " + status + " " + d.Device.FirmwareVersion + " boots=" + d.Device.Snapshot().Boots + " bytes=" + d.Http.Bytes
                    + " resumedFrom=" + (d.Http.Opens.FirstOrDefault(o => o.Boot > 1)?.From.ToString() ?? "-"));
                if (status == "SUCCEEDED")
                {
                    Assert.IsTrue(runsNew, why);
                    Assert.AreEqual("1.1.0", d.Device.FirmwareVersion, why);
                    Assert.AreEqual(SlotStatus.Confirmed, d.Device.Slot.GetStatus(ImageKind.Deployment), why);
                }
                else
                {
                    // Only a kill while the new image ran on trial, unconfirmed, may end this way: the next boot reverts it (as MCUboot does).
                    Assert.IsTrue(onTrial[i], "killed outside the trial: " + why);
                    Assert.AreEqual("FAILED", status, why);
                    StringAssert.Matches(rig.Details(d.Thing, "fw-kill")["reason"], new System.Text.RegularExpressions.Regex("^(selftest|rebootloop)$"), why);
                    Assert.IsFalse(runsNew, why);
                    Assert.AreEqual("1.0.0", d.Device.FirmwareVersion, why);
                }

                if (p.Phase == Phase.Download)
                {
                    // The first request after the kill starts at the last checkpoint at or below where the download was.
                    long expected = killedAt[i] / FirmwareEndToEndRig.CheckpointInterval * FirmwareEndToEndRig.CheckpointInterval;
                    RangeOpen after = d.Http.Opens.FirstOrDefault(o => o.Boot > 1);
                    Assert.IsNotNull(after, why);
                    Assert.AreEqual(expected, after.From, why);
                    Assert.IsTrue(d.Http.Bytes <= image.Length + FirmwareEndToEndRig.CheckpointInterval + FirmwareEndToEndRig.ChunkSize, "refetched at most the bytes since the checkpoint; " + d.Http.Bytes + " " + why);
                }
            }
        }

        /// <summary>
        /// Waits for the kill point, kills the device, starts it again; returns the download offset at the kill (or -1)
        /// and whether the new image was running unconfirmed when the process died.
        /// </summary>
        private static long KillAndRestart(FirmwareDevice d, KillPoint p, out bool onTrial)
        {
            using var booted = new ManualResetEventSlim(false);
            d.Device.Booted += (_, _) => { if (d.Device.Snapshot().Boots >= 2) booted.Set(); };
            d.Device.Start();
            bool reached = p.Phase == Phase.SelfTest
                ? booted.Wait(TimeSpan.FromSeconds(30))
                : d.Http.Frozen.Wait(TimeSpan.FromSeconds(30));
            if (!reached) throw new AssertFailedException("run " + p.Run + ": kill point " + p.Phase + " never reached" + FirmwareEndToEndTests.Logs(d));
            if (p.DelayMs > 0) Thread.Sleep(p.DelayMs);
            d.Device.Kill();
            onTrial = d.Device.Slot.GetStatus(ImageKind.Deployment) == SlotStatus.Testing;
            d.Device.Start();
            return d.Http.FrozenAt;
        }
    }
}
