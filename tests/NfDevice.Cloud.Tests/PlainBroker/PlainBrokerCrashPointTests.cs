using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.Support;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Platform;

namespace NfDevice.Cloud.Tests.PlainBroker
{
    /// <summary>
    /// Issue 8 §2 against the strict broker stand-in: the desktop agent as it ships (DesktopDevice: MQTTnet over TLS,
    /// the file state store, the file slot, HttpClient ranged GETs) against <see cref="Support.PlainBroker"/> (replies
    /// to subscribers only) with its spec-following Jobs responder and an S3-like HTTP server, stopped at every durable
    /// write of a firmware update in turn (the slot's and the state store's writes, and the responder accepting the
    /// terminal status), restarted, and held to the invariants of <c>CrashPointTests</c>: the running image is the
    /// signed one or the old one and confirmed, the responder's final status says which, nothing is left behind.
    /// </summary>
    /// <remarks>
    /// A kill is an exception thrown just before write N+1 on the device's own thread (the agent's thread, or the boot's
    /// slot step), after which every write of that device throws and the broker drops everything it still publishes;
    /// the test then kills the device (its connection dropped without DISCONNECT) and boots it again over the same
    /// files. Real time and real sockets, so the waits are generous; each run is one thing on the one broker.
    /// </remarks>
    [TestClass]
    public sealed class PlainBrokerCrashPointTests
    {
        private const int ImageSize = 40_000;
        private const int CheckpointInterval = 8192;
        private const string JobId = "fw-1";
        private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

        /// <summary>The broker, the image server, the signing key and the image of one scenario.</summary>
        private sealed class Scenario : IAsyncDisposable
        {
            public PlainBrokerRig Rig;
            public RangedImageServer Http;
            public ECDsa Key;
            public string CertificatePem;
            public byte[] Factory = DesktopImage.Build("1.0.0", 4096, seed: 3);
            public byte[] Image;
            public string Document;
            public bool Corrupt;

            public static async Task<Scenario> StartAsync(bool selfTestPasses, bool corrupt)
            {
                var s = new Scenario { Corrupt = corrupt };
                s.Rig = await PlainBrokerRig.StartAsync();
                s.Image = DesktopImage.Build("2.0.0", ImageSize, selfTestPasses, seed: 5);
                s.Http = new RangedImageServer(s.Image);
                s.Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var request = new CertificateRequest("CN=code signing", s.Key, HashAlgorithmName.SHA256);
                using (var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1)))
                {
                    s.CertificatePem = cert.ExportCertificatePem();
                }

                string signature = Convert.ToBase64String(s.Key.SignData(s.Image, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
                s.Document = "{\"operation\":\"firmware-update\",\"version\":\"2.0.0\",\"image\":{\"url\":\"" + s.Http.Url + "\",\"size\":" + ImageSize
                    + "},\"codesign\":{\"rawPayloadSize\":" + ImageSize + ",\"signature\":\"" + signature + "\",\"signatureAlgorithm\":\"SHA256withECDSA\"}}";
                return s;
            }

            public async ValueTask DisposeAsync()
            {
                Rig.Jobs.ReplyFilter = null;
                Rig.Broker.Silenced = null;
                await Rig.DisposeAsync();
                Http.Dispose();
                Key.Dispose();
            }
        }

        /// <summary>One device (its own thing, files and job) from power-on to the job's end, killed once at most.</summary>
        private sealed class Run : IDisposable
        {
            private readonly Scenario _scenario;
            private bool _cloudCounted;
            public readonly string Thing;
            public readonly DurableWriteCounter Counter = new DurableWriteCounter();
            public readonly DesktopDevice Device;
            public readonly string StateDirectory;

            public Run(Scenario scenario, string thing, int killAfter)
            {
                _scenario = scenario;
                Thing = thing;
                Counter.KillAfter = killAfter;
                DeviceSettings settings = DeviceSettings.Load(scenario.Rig.Bundle(thing));
                File.WriteAllText(settings.CodeSigningCertificatePath, scenario.CertificatePem);
                StateDirectory = settings.StateDirectory;
                Device = new DesktopDevice(settings, new DesktopDeviceOptions
                {
                    AgentFactory = platform => DefaultAgent.Create(Counted(platform, Counter)),
                    ConfigureMqtt = m =>
                    {
                        m.ReconnectMinDelay = TimeSpan.FromMilliseconds(50);
                        m.ReconnectMaxDelay = TimeSpan.FromSeconds(1);
                    },
                    Applications = false,
                    Firmware = new FirmwareOptions
                    {
                        CheckpointInterval = CheckpointInterval,
                        ConfigureDownload = d =>
                        {
                            d.RetryBaseMilliseconds = 10;
                            d.RetryCapMilliseconds = 50;
                        },
                    },
                });
                Device.Slot.Flash(scenario.Factory);
                Device.Slot.DurableWrite = what => Counter.Hit("slot " + what);
                if (scenario.Corrupt) scenario.Http.CorruptOnce(CheckpointInterval + 1000);
                scenario.Rig.Broker.Silenced = client => client == Thing && Counter.Dead;
                scenario.Rig.Jobs.ReplyFilter = CountTheCloudsAcceptance;
                scenario.Rig.Jobs.CreateJob(JobId, scenario.Document, thing);
            }

            public string Status => _scenario.Rig.Jobs.StatusOf(Thing, JobId);

            private static AgentPlatform Counted(AgentPlatform p, DurableWriteCounter counter) => new AgentPlatform
            {
                Settings = p.Settings,
                Connection = p.Connection,
                Clock = p.Clock,
                StateStore = new CountingStateStore(p.StateStore, counter),
                Log = p.Log,
                Random = p.Random,
                Power = p.Power,
                DeviceInfo = p.DeviceInfo,
                Slot = p.Slot,
                Firmware = p.Firmware,
                Application = p.Application,
            };

            // The responder accepting the terminal status is the cloud's durable write: a kill "before" the next write
            // means the device never hears the acceptance.
            private System.Text.Json.Nodes.JsonObject CountTheCloudsAcceptance(string topic, System.Text.Json.Nodes.JsonObject body)
            {
                if (_cloudCounted || topic != "$aws/things/" + Thing + "/jobs/" + JobId + "/update/accepted") return body;
                var execution = _scenario.Rig.Jobs.Execution(Thing, JobId);
                if (execution == null || !execution.IsTerminal) return body;
                _cloudCounted = true;
                try
                {
                    Counter.Hit("cloud accepts " + execution.Status);
                    return body;
                }
                catch (KilledAtWrite)
                {
                    return null;
                }
            }

            /// <summary>Boots the device and waits until the job is terminal and the agent idle (true), or the device was killed (false).</summary>
            public bool Live()
            {
                Device.Start();
                var until = DateTime.UtcNow + RunTimeout;
                while (DateTime.UtcNow < until)
                {
                    if (Counter.Dead)
                    {
                        Device.Kill();
                        return false;
                    }

                    var snapshot = Device.Snapshot();
                    if (snapshot.Fault != null && !Counter.Dead) Assert.Fail("the device crashed: " + snapshot.Fault + "\n" + _scenario.Rig.Diagnostics());
                    if (IsTerminal(Status) && snapshot.Agent.Idle) return true;
                    Thread.Sleep(5);
                }

                Assert.Fail("the job did not end within " + RunTimeout + ": " + Status + "\n" + string.Join("\n", Device.Log.Lines().TakeLast(30)));
                return false;
            }

            /// <summary>Power back on after a kill: the next writes go through.</summary>
            public void Revive()
            {
                Counter.KillAfter = int.MaxValue;
                Counter.Dead = false;
            }

            public string[] Leftovers()
            {
                var left = new List<string>();
                string slot = Path.GetDirectoryName(Device.Slot.PrimaryPath);
                foreach (string f in new[] { "secondary.bin", "previous.bin" }) if (File.Exists(Path.Combine(slot, f))) left.Add(f);
                if (Directory.Exists(StateDirectory)) left.AddRange(Directory.GetFiles(StateDirectory).Select(Path.GetFileName));
                return left.ToArray();
            }

            public void Dispose() => Device.Dispose();
        }

        private static bool IsTerminal(string status) => status != null && status != "QUEUED" && status != "IN_PROGRESS";

        // Runs once without a kill to count the writes, then once per write with the kill just before the next one.
        private static async Task<int> EveryCrashPoint(bool selfTestPasses, bool corrupt, Action<Run, Scenario, string> check)
        {
            await using var scenario = await Scenario.StartAsync(selfTestPasses, corrupt);
            var clock = Stopwatch.StartNew();
            int total;
            string[] order;
            using (var clean = new Run(scenario, "clean", int.MaxValue))
            {
                Assert.IsTrue(clean.Live());
                clean.Device.Stop();
                check(clean, scenario, "no kill");
                total = clean.Counter.Count;
                order = clean.Counter.Written();
            }

            Assert.IsTrue(total > 10, "durable writes counted: " + total);
            int inOrder = 0;
            for (int n = 0; n < total; n++)
            {
                using var run = new Run(scenario, "kill" + n, n);
                bool ended = run.Live();
                string at = "kill after write " + n + " (before \"" + run.Counter.KilledAt + "\"), writes: " + string.Join(" | ", run.Counter.Written());
                Assert.IsFalse(ended, "never killed; " + at);
                // Real threads and sockets: the writes before the kill are normally those of the clean run, in its order.
                if (run.Counter.KilledAt == order[n] && run.Counter.Written().SequenceEqual(order.Take(n))) inOrder++;
                run.Revive();
                Assert.IsTrue(run.Live(), at);

                run.Device.Stop();
                check(run, scenario, at);
            }

            Console.WriteLine("crash points: " + total + " (" + inOrder + " killed exactly before the clean run's write of the same rank) in " + clock.Elapsed.TotalSeconds.ToString("F1") + " s");
            return total;
        }

        private static void Invariants(Run run, Scenario scenario, string at, string expectedStatus)
        {
            // One more power-on: whatever the bootloader would still do (an unconfirmed trial is reverted) happens now.
            run.Device.Slot.DurableWrite = null;
            run.Device.Slot.Boot();
            byte[] running = File.ReadAllBytes(run.Device.Slot.PrimaryPath);
            bool isNew = running.AsSpan().SequenceEqual(scenario.Image);
            bool isOld = running.AsSpan().SequenceEqual(scenario.Factory);
            Assert.IsTrue(isNew || isOld, "the running image is neither the signed one nor the old one; " + at);
            Assert.AreEqual(SlotStatus.Confirmed, run.Device.Slot.GetStatus(ImageKind.Deployment), at);
            Assert.AreEqual(run.Status == "SUCCEEDED", isNew, "the responder says " + run.Status + " but the device runs the " + (isNew ? "new" : "old") + " image; " + at);
            if (expectedStatus != null) Assert.AreEqual(expectedStatus, run.Status, at);
            CollectionAssert.AreEqual(Array.Empty<string>(), run.Leftovers(), "left behind; " + at);
        }

        [TestMethod]
        public async Task EveryCrashPoint_OfAPassingUpdate_OverThePlainBroker_EndsSucceeded_OnTheSignedImage()
        {
            // A kill inside the trial window (after the swap, before the confirm) is a restart of an unconfirmed image:
            // the old one comes back and the job says FAILED, truthfully. Anywhere else: SUCCEEDED.
            int writes = await EveryCrashPoint(true, false, (run, scenario, at) =>
                Invariants(run, scenario, at, run.Counter.KilledAt != null && run.Counter.Written().Contains("slot swap: secondary.bin -> primary.bin") ? null : "SUCCEEDED"));
            Assert.IsTrue(writes > 20, "writes: " + writes);
        }

        [TestMethod]
        public async Task EveryCrashPoint_OfAFailingSelfTest_OverThePlainBroker_EndsFailed_OnTheOldImage()
        {
            int writes = await EveryCrashPoint(false, false, (run, scenario, at) => Invariants(run, scenario, at, "FAILED"));
            Assert.IsTrue(writes > 20, "writes: " + writes);
        }

        [TestMethod]
        public async Task EveryCrashPoint_WithACorruptionInTransit_OverThePlainBroker_NeverActivatesTheCorruptedBytes()
        {
            // Without a kill the signature refuses the corrupted image (FAILED, old image); with a kill after the bad byte
            // was stored and before a checkpoint covered it, the resume fetches and writes it again (SUCCEEDED, signed image).
            int writes = await EveryCrashPoint(true, true, (run, scenario, at) =>
            {
                Invariants(run, scenario, at, null);
                if (at == "no kill") Assert.AreEqual("FAILED", run.Status, "the corrupted image was not refused");
            });
            Assert.IsTrue(writes > 10, "writes: " + writes);
        }
    }
}
