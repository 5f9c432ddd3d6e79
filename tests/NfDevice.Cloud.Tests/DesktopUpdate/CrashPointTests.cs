using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.Support;
using NfDevice.Desktop.Platform;
using NfDevice.Desktop.Update;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Tests.Fakes;
using NfDevice.Jobs.Tests.Update;
using NfDevice.Jobs.Update;

namespace NfDevice.Cloud.Tests.DesktopUpdate
{
    /// <summary>
    /// Issue 8 §2: the device is stopped at every durable write of a firmware update in turn (each slot.json save,
    /// file cut, move and delete of the desktop slot, each state-store write and delete: checkpoints, phase records,
    /// the execution record, and the cloud accepting the terminal report), restarted, and the invariants are checked:
    /// the running image is the signed one or the old one, never a failed or untested one left confirmed; the cloud's
    /// final status matches the device; nothing is left in the slot or the state.
    /// </summary>
    /// <remarks>
    /// In process and deterministic (fake clock, fake cloud): the kill is an exception thrown just before write N+1,
    /// after which every write and publish of that agent is refused and the agent is abandoned. A real SIGKILL ends the
    /// process at an arbitrary instruction; between two durable writes nothing survives it but what the last write
    /// left, so "after write N" covers every kill point of a process (the randomized soak script does real kills).
    /// </remarks>
    [TestClass]
    public sealed class CrashPointTests
    {
        private const int ImageSize = 40_000;
        private const int CheckpointInterval = 8192;

        /// <summary>Serves the image; the first response of the run flips one byte past the first checkpoint (corruption in transit).</summary>
        private sealed class Server : IRangedHttpClient
        {
            private readonly byte[] _image;
            private byte[] _body;
            private long _position, _end;
            public int CorruptAt = -1;
            /// <summary>Once: the connection drops when the body reaches this byte of the image (-1: never).</summary>
            public long DropAt = -1;
            /// <summary>
            /// Once, the status a request that does not start at 0 gets instead of 206: 200 with the whole image (a server
            /// ignoring Range) or 416 (Range Not Satisfiable) with the image's length; 0 when that has happened or never will.
            /// </summary>
            public int ResumeAnswerOnce;

            public Server(byte[] image) => _image = image;

            public bool Open(string url, long from, long to, HttpRangeResponse response)
            {
                response.Reset();
                if (ResumeAnswerOnce != 0 && from > 0)
                {
                    bool whole = ResumeAnswerOnce == 200;
                    response.StatusCode = ResumeAnswerOnce;
                    ResumeAnswerOnce = 0;
                    if (whole) response.ContentLength = _image.Length;
                    else response.RangeTotal = _image.Length;
                    _body = whole ? (byte[])_image.Clone() : Array.Empty<byte>();
                    _position = 0;
                    _end = _body.Length;
                    return true;
                }

                long last = Math.Min(to, _image.Length - 1);
                response.StatusCode = 206;
                response.RangeStart = from;
                response.RangeEnd = last;
                response.RangeTotal = _image.Length;
                response.ContentLength = last - from + 1;
                _body = (byte[])_image.Clone();
                if (CorruptAt >= from && CorruptAt <= last)
                {
                    _body[CorruptAt] ^= 0x20;
                    CorruptAt = -1; // only once: the next request is served right
                }

                _position = from;
                _end = last + 1;
                return true;
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                if (_body == null) return -1;
                if (DropAt >= 0 && _position >= DropAt)
                {
                    DropAt = -1;
                    _body = null;
                    return -1;
                }

                long until = DropAt > _position ? Math.Min(_end, DropAt) : _end;
                int n = (int)Math.Min(count, until - _position);
                Array.Copy(_body, _position, buffer, offset, n);
                _position += n;
                return n;
            }

            public void Close() => _body = null;
        }

        private sealed class Run : IDisposable
        {
            private readonly string _dir = Path.Combine(Path.GetTempPath(), "nfd-crash-" + Guid.NewGuid().ToString("N"));
            private readonly byte[] _certificate;
            public readonly DurableWriteCounter Counter = new DurableWriteCounter();
            public readonly FakeMqtt Mqtt = new FakeMqtt("dev-1");
            public readonly FakeCloud Cloud;
            public readonly FakeClock Clock = new FakeClock();
            public readonly FileSlot Slot;
            public readonly Server Http;
            /// <summary>The image the device ran before the update, or null for a device that had none (nothing to go back to).</summary>
            public readonly byte[] Factory;
            public readonly byte[] Image;
            public CloudJob Job;
            public int Boots;
            private FakePower _power;
            private JobAgent _agent;

            public Run(bool selfTestPasses, bool corrupt, ECDsa key, byte[] certificate, bool previousImage = true, int resumeAnswer = 0)
            {
                _certificate = certificate;
                Directory.CreateDirectory(_dir);
                Slot = new FileSlot(Path.Combine(_dir, "slot")) { SyncInterval = CheckpointInterval };
                if (previousImage)
                {
                    Factory = DesktopImage.Build("1.0.0", 4096, seed: 3);
                    Slot.Flash(Factory);
                }

                Slot.DurableWrite = what => Counter.Hit("slot " + what);
                Image = DesktopImage.Build("2.0.0", ImageSize, selfTestPasses, seed: 5);
                Http = new Server(Image) { CorruptAt = corrupt ? CheckpointInterval + 1000 : -1 };
                if (resumeAnswer != 0)
                {
                    // A drop past two checkpoints, and the resumed request answered 200 or 416: the slot and the
                    // checkpoint record start again from 0 (their writes are crash points like any other).
                    Http.DropAt = 2 * CheckpointInterval + 1500;
                    Http.ResumeAnswerOnce = resumeAnswer;
                }
                Cloud = new FakeCloud(Mqtt);
                string signature = Convert.ToBase64String(key.SignData(Image, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
                Job = Cloud.Add("fw-1", "{\"operation\":\"firmware-update\",\"version\":\"2.0.0\",\"image\":{\"url\":\"https://b.s3.us-east-1.amazonaws.com/app.bin?sig=1\",\"size\":"
                    + ImageSize + "},\"codesign\":{\"rawPayloadSize\":" + ImageSize + ",\"signature\":\"" + signature + "\",\"signatureAlgorithm\":\"SHA256withECDSA\"}}");
            }

            public string StateDirectory => Path.Combine(_dir, "state");

            /// <summary>Power-on: the bootloader step, a fresh agent over the same files, connected.</summary>
            public void Boot()
            {
                Boots++;
                Counter.Dead = false;
                Mqtt.FailPublish = false;
                Slot.Boot();
                _power = new FakePower();
                // A device with no image yet reports 0.0.0, so the update is newer than what it runs.
                var device = new FakeDeviceInfo { FirmwareVersion = Slot.RunningVersion ?? "0.0.0", PlatformName = "test" };
                var store = new CountingStateStore(new FileStateStore(StateDirectory), Counter);
                var options = new AgentOptions { ThingName = "dev-1", StepIntervalMs = 0, ReplyTimeoutMs = 5000, ProgressThrottleMs = 1000, MaxBootsInPhase = 3 };
                _agent = new JobAgent(options, Mqtt, Clock, store, new FakeLog(), new FakeRandom(), _power, device);
                var download = new FirmwareDownload(Http, Slot, store, Clock, new FakeRandom(), null, 4096, CheckpointInterval);
                download.RetryBaseMilliseconds = 10;
                var handler = new FirmwareUpdateHandler(download, Slot, new CodeSigningVerifier(_certificate, 0, _certificate.Length), new SlotHealthCheck(Slot));
                _agent.Register(handler);
                _agent.RegisterFormat(handler);
                Mqtt.Events = _agent;
                Mqtt.IsConnected = true;
                _agent.ConnectionChanged(true);
            }

            /// <summary>Runs the device until the job is terminal and the agent idle; reboots when asked; returns false when killed.</summary>
            public bool Live()
            {
                try
                {
                    for (int i = 0; i < 200_000; i++)
                    {
                        bool was = Job.IsTerminal;
                        Cloud.Process();
                        if (!was && Job.IsTerminal) Counter.Hit("cloud accepts " + Job.Status);
                        while (_agent.RunOnce()) { }
                        if (_power.Reboots > 0)
                        {
                            Boot();
                            continue;
                        }

                        if (Job.IsTerminal && _agent.CurrentJobId == null) return true;
                        Clock.Advance(5);
                    }
                }
                catch (KilledAtWrite)
                {
                    Mqtt.FailPublish = true;
                    return false;
                }
                catch (Exception) when (Counter.Dead)
                {
                    Mqtt.FailPublish = true;
                    return false;
                }

                throw new TimeoutException("the job did not end: " + Job.Status);
            }

            public bool Published(string text)
            {
                for (int i = 0; i < Mqtt.Count; i++)
                {
                    if (Encoding.UTF8.GetString(Mqtt.At(i).Bytes).Contains(text)) return true;
                }

                return false;
            }

            public string[] Leftovers()
            {
                var left = new List<string>();
                string slot = Path.Combine(_dir, "slot");
                foreach (string f in new[] { "secondary.bin", "previous.bin" }) if (File.Exists(Path.Combine(slot, f))) left.Add(f);
                if (Directory.Exists(StateDirectory)) left.AddRange(Directory.GetFiles(StateDirectory).Select(Path.GetFileName));
                return left.ToArray();
            }

            public void Dispose()
            {
                Slot.Dispose();
                try { Directory.Delete(_dir, true); } catch (IOException) { }
            }
        }

        private static (ECDsa, byte[]) Key()
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=code signing", key, HashAlgorithmName.SHA256);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            return (key, Encoding.ASCII.GetBytes(cert.ExportCertificatePem()));
        }

        // Runs once without a kill to count the writes, then once per write with the kill just after it.
        private static int EveryCrashPoint(bool selfTestPasses, bool corrupt, Action<Run, string> check, bool previousImage = true, int resumeAnswer = 0)
        {
            var (key, certificate) = Key();
            using (key)
            {
                int total;
                using (var clean = new Run(selfTestPasses, corrupt, key, certificate, previousImage, resumeAnswer))
                {
                    clean.Boot();
                    Assert.IsTrue(clean.Live());
                    check(clean, "no kill");
                    total = clean.Counter.Count;
                }

                Assert.IsTrue(total > 10, "durable writes counted: " + total);
                for (int n = 0; n < total; n++)
                {
                    using var run = new Run(selfTestPasses, corrupt, key, certificate, previousImage, resumeAnswer);
                    run.Counter.KillAfter = n;
                    run.Boot();
                    bool ended = run.Live();
                    string at = "kill after write " + n + " (before \"" + run.Counter.KilledAt + "\"), writes: " + string.Join(" | ", run.Counter.Written());
                    run.Counter.KillAfter = int.MaxValue;
                    if (!ended)
                    {
                        run.Boot();
                        Assert.IsTrue(run.Live(), at);
                    }

                    check(run, at);
                }

                return total;
            }
        }

        private static void Invariants(Run run, string at, string expectedStatus)
        {
            // One more power-on: whatever the bootloader would still do (an unconfirmed trial is reverted) happens now.
            run.Slot.Boot();
            byte[] running = File.ReadAllBytes(run.Slot.PrimaryPath);
            bool isNew = running.AsSpan().SequenceEqual(run.Image);
            bool isOld = running.AsSpan().SequenceEqual(run.Factory);
            Assert.IsTrue(isNew || isOld, "the running image is neither the signed one nor the old one; " + at);
            Assert.AreEqual(SlotStatus.Confirmed, run.Slot.GetStatus(ImageKind.Deployment), at);
            Assert.AreEqual(run.Job.Status == "SUCCEEDED", isNew, "the cloud says " + run.Job.Status + " but the device runs the " + (isNew ? "new" : "old") + " image; " + at);
            if (expectedStatus != null) Assert.AreEqual(expectedStatus, run.Job.Status, at);
            CollectionAssert.AreEqual(Array.Empty<string>(), run.Leftovers(), "left behind; " + at);
        }

        // A device that ran no image before the update: a restart in the trial has nothing to go back to, so the trial
        // image keeps running; it must stay unconfirmed and the job must not say SUCCEEDED.
        private static void InvariantsWithoutAPreviousImage(Run run, string at)
        {
            run.Slot.Boot();
            bool exists = File.Exists(run.Slot.PrimaryPath);
            bool isNew = exists && File.ReadAllBytes(run.Slot.PrimaryPath).AsSpan().SequenceEqual(run.Image);
            Assert.IsTrue(!exists || isNew, "the running image is not the signed one; " + at);
            bool confirmed = exists && run.Slot.GetStatus(ImageKind.Deployment) == SlotStatus.Confirmed;
            Assert.AreEqual(run.Job.Status == "SUCCEEDED", isNew && confirmed, "the cloud says " + run.Job.Status + ", the slot " + run.Slot.GetStatus(ImageKind.Deployment) + "; " + at);
            if (run.Job.Status != "SUCCEEDED" && exists)
            {
                Assert.AreEqual(SlotStatus.Testing, run.Slot.GetStatus(ImageKind.Deployment), "an image never confirmed became permanent; " + at);
            }

            CollectionAssert.AreEqual(Array.Empty<string>(), run.Leftovers(), "left behind; " + at);
        }

        [TestMethod]
        public void EveryCrashPoint_OfAPassingUpdate_EndsSucceeded_OnTheSignedImage()
        {
            // A kill inside the trial window (after the swap, before the confirm) is a restart of an unconfirmed
            // image: the bootloader brings the old one back and the job says FAILED, truthfully. Anywhere else: SUCCEEDED.
            int writes = EveryCrashPoint(true, false, (run, at) =>
                Invariants(run, at, run.Counter.KilledAt != null && run.Counter.Written().Contains("slot swap: secondary.bin -> primary.bin") ? null : "SUCCEEDED"));
            Console.WriteLine("crash points: " + writes);
        }

        [TestMethod]
        [DataRow(200)]
        [DataRow(416)]
        public void EveryCrashPoint_WhenTheResumedRangeIsAnswered200Or416_EndsSucceeded_OnTheSignedImage(int answer)
        {
            // Both answers start the slot's session and the checkpoint record again from 0: a kill at each of those
            // writes must still end on the signed image or the old one, never on a mix.
            int writes = EveryCrashPoint(true, false, (run, at) =>
            {
                Assert.AreEqual(0, run.Http.ResumeAnswerOnce, "no resumed request was answered " + answer + "; " + at);
                Invariants(run, at, run.Counter.KilledAt != null && run.Counter.Written().Contains("slot swap: secondary.bin -> primary.bin") ? null : "SUCCEEDED");
            }, resumeAnswer: answer);
            Console.WriteLine("crash points: " + writes);
        }

        [TestMethod]
        public void EveryCrashPoint_OfAFailingSelfTest_EndsFailed_OnTheOldImage()
        {
            int writes = EveryCrashPoint(false, false, (run, at) => Invariants(run, at, "FAILED"));
            Console.WriteLine("crash points: " + writes);
        }

        [TestMethod]
        public void EveryCrashPoint_WithACorruptionInTransit_NeverActivatesTheCorruptedBytes()
        {
            // Without a kill the signature refuses the corrupted image (FAILED, old image); with a kill after the bad
            // byte was stored and before a checkpoint covered it, the resume writes it again (SUCCEEDED, signed image).
            int writes = EveryCrashPoint(true, true, (run, at) => Invariants(run, at, null));
            Console.WriteLine("crash points: " + writes);
        }

        [TestMethod]
        public void EveryCrashPoint_OnADeviceWithNoPreviousImage_NeverConfirmsOrSucceedsAnUntestedTrial()
        {
            const string Swap = "slot swap: secondary.bin -> primary.bin", ConfirmDone = "slot confirm: previous.bin deleted";
            int inTrial = 0;
            int writes = EveryCrashPoint(true, false, (run, at) =>
            {
                InvariantsWithoutAPreviousImage(run, at);
                // A kill after the trial began (the swap saved) and before the confirm was saved is a restart in the trial.
                var names = run.Counter.Written();
                bool trialBegan = names.Contains(Swap) && names[names.Length - 1] != Swap;
                bool confirmed = names.Contains(ConfirmDone) || run.Counter.KilledAt == ConfirmDone;
                if (run.Counter.KilledAt != null && trialBegan && !confirmed)
                {
                    inTrial++;
                    Assert.AreEqual("FAILED", run.Job.Status, "a restart in the trial with nothing to go back to; " + at);
                    Assert.IsTrue(run.Published("no previous image to go back to"), "the FAILED report does not say why; " + at);
                }
                else
                {
                    Assert.AreEqual("SUCCEEDED", run.Job.Status, at);
                }
            }, previousImage: false);
            Assert.IsTrue(inTrial > 0, "no crash point fell inside the trial");
            Console.WriteLine("crash points: " + writes + ", of which in the trial: " + inTrial);
        }
    }
}
