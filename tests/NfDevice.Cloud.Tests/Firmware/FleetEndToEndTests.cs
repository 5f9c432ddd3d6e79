using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Update;

namespace NfDevice.Cloud.Tests.Firmware
{
    /// <summary>
    /// A fleet as `nfdevice simulate` runs it: fifty desktop devices with the default agent on one
    /// <see cref="EngineScheduler"/> of two workers, sharing one HTTP connection pool, each taking a signed firmware
    /// update from the emulator (download, verify, reboot into it, confirm). Every execution must end SUCCEEDED, and
    /// the process must not have grown by a thread per device.
    /// </summary>
    [TestClass]
    public sealed class FleetEndToEndTests
    {
        private const int Devices = 50;

        [TestMethod]
        public async Task FiftyDevicesOnTwoWorkers_AllTakeASignedUpdate_WithoutAThreadPerDevice()
        {
            await using var rig = await FirmwareEndToEndRig.StartAsync();
            using var scheduler = new EngineScheduler(workers: 2);
            using var connectGate = new SemaphoreSlim(4);
            byte[] image = DesktopImage.Build("1.1.0", 16 * 1024, seed: 141);
            string version = rig.UploadAndSign(image);
            FirmwareDevice[] devices = Enumerable.Range(1, Devices).Select(i => rig.Device("fleet-" + i.ToString("D2"), configure: o =>
            {
                o.Scheduler = scheduler;
                o.RecentLogLines = 50;
                o.Firmware.RangedClientFactory = null;
                o.Firmware.ShareHttpConnections = true;
                var rigMqtt = o.ConfigureMqtt;
                o.ConfigureMqtt = m =>
                {
                    rigMqtt?.Invoke(m);
                    m.ConnectGate = connectGate;
                };
            })).ToArray();
            rig.Job("fw-fleet", version, "1.1.0", image.Length, things: devices.Select(d => d.Thing).ToArray());
            int threadsBefore = ThreadCount();
            int peakThreads = threadsBefore;
            using var sampling = new CancellationTokenSource();
            Task sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peakThreads = Math.Max(peakThreads, ThreadCount());
                    await Task.Delay(20);
                }
            });

            foreach (FirmwareDevice d in devices) d.Device.Start();
            string[] statuses;
            try
            {
                statuses = devices.Select(d => rig.WaitTerminal(d.Thing, "fw-fleet")).ToArray();
            }
            finally
            {
                sampling.Cancel();
                await sampler;
            }

            string failures = string.Join("; ", devices.Where(d => rig.Inner.StatusOf(d.Thing, "fw-fleet") != "SUCCEEDED").Select(d => d.Thing + ": " + rig.Describe(d.Thing, "fw-fleet")));
            Assert.IsTrue(statuses.All(s => s == "SUCCEEDED"), failures);
            Assert.IsTrue(devices.All(d => d.Device.Snapshot().Boots == 2 && d.Device.FirmwareVersion == "1.1.0"), "every device rebooted once into 1.1.0");
            Assert.IsTrue(devices.All(d => d.Device.Snapshot().Fault == null));
            // One thread per device (the host without a scheduler) would add at least fifty.
            Assert.IsTrue(peakThreads - threadsBefore < Devices, "threads grew from " + threadsBefore + " to " + peakThreads + " for " + Devices + " devices");
            Assert.IsTrue(scheduler.PeakWorkerThreads <= scheduler.MaxWorkers);
        }

        private static int ThreadCount()
        {
            using var process = Process.GetCurrentProcess();
            return process.Threads.Count;
        }
    }
}
