#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System.Threading;
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Json;
using NfDevice.Jobs.Protocol;
using NfDevice.Jobs.Tests.Fakes;

namespace NfDevice.Jobs.Tests.Engine
{
    [TestClass]
    public class EngineUnitTests
    {
        private sealed class CountingWaker : IAgentWaker
        {
            public int Wakes;

            public void Wake()
            {
                Interlocked.Increment(ref Wakes);
            }
        }

        [TestMethod]
        public void Waker_IsToldOfEveryQueuedEvent_AndOfAStop_AndEndRunClearsTheStop()
        {
            EngineHarness h = new EngineHarness();
            CountingWaker waker = new CountingWaker();
            h.Agent.Waker = waker;

            h.Agent.ConnectionChanged(true);
            h.Agent.MessageReceived("$aws/things/dev-1/jobs/notify-next", new byte[0]);
            Assert.AreEqual(2, waker.Wakes);
            Assert.IsFalse(h.Agent.StopRequested);

            h.Agent.Stop();
            Assert.AreEqual(3, waker.Wakes);
            Assert.IsTrue(h.Agent.StopRequested);
            h.Agent.EndRun();
            Assert.IsFalse(h.Agent.StopRequested);

            h.Agent.Halt();
            Assert.AreEqual(4, waker.Wakes);
            Assert.IsTrue(h.Agent.StopRequested);
        }

        [TestMethod]
        public void SteppedRun_EndedWithEndRun_TakesBackTheBootOfACleanStop_AsRunDoes()
        {
            EngineHarness h = new EngineHarness();
            h.Work.RunningSteps = -1;
            h.ConnectAndStartWork("job-1");
            h.Restart();
            h.Connect();
            h.Pump();
            ExecutionRecord counted = new ExecutionRecord();
            Assert.IsTrue(counted.Decode(h.Store.Read(h.Options.RecordName)));
            int boots = counted.Boots;
            Assert.IsTrue(boots > 0);

            h.Agent.Stop();
            Assert.IsTrue(h.Agent.StopRequested);
            h.Agent.EndRun();

            ExecutionRecord after = new ExecutionRecord();
            Assert.IsTrue(after.Decode(h.Store.Read(h.Options.RecordName)));
            Assert.AreEqual(boots - 1, after.Boots);
        }

        [TestMethod]
        public void BackoffCeiling_DoublesFromBase_AndStopsAtTheCap()
        {
            Assert.AreEqual(1000, Backoff.Ceiling(1, 1000, 60000));
            Assert.AreEqual(2000, Backoff.Ceiling(2, 1000, 60000));
            Assert.AreEqual(32000, Backoff.Ceiling(6, 1000, 60000));
            Assert.AreEqual(60000, Backoff.Ceiling(7, 1000, 60000));
            Assert.AreEqual(60000, Backoff.Ceiling(1000, 1000, 60000));
            Assert.AreEqual(0, Backoff.Ceiling(3, 0, 60000));
        }

        [TestMethod]
        public void BackoffDelay_StaysWithinHalfAndFullCeiling()
        {
            FakeRandom r = new FakeRandom();
            for (int retry = 1; retry < 12; retry++)
            {
                int d = Backoff.Ceiling(retry, 1000, 20000);
                r.Mode = 0;
                Assert.AreEqual(d / 2, Backoff.Delay(retry, 1000, 20000, r));
                r.Mode = 1;
                Assert.AreEqual(d, Backoff.Delay(retry, 1000, 20000, r));
                r.Mode = 2;
                r.Value = 123;
                int mid = Backoff.Delay(retry, 1000, 20000, r);
                Assert.IsTrue(mid >= d / 2 && mid <= d);
            }
        }

        [TestMethod]
        public void ExecutionRecord_RoundTrips()
        {
            ExecutionRecord a = new ExecutionRecord();
            a.JobId = "job-1_x";
            a.ExecutionNumber = 0x123456789AL;
            a.VersionNumber = 7;
            a.Phase = ExecutionPhase.Finishing;
            a.TerminalStatus = JobExecutionStatus.Failed;
            a.Reason = "download";
            a.Boots = 2;
            a.Checkpoint = new byte[] { 1, 2, 3 };
            ExecutionRecord b = new ExecutionRecord();
            Assert.IsTrue(b.Decode(a.Encode()));
            Assert.AreEqual("job-1_x", b.JobId);
            Assert.AreEqual(0x123456789AL, b.ExecutionNumber);
            Assert.AreEqual(7L, b.VersionNumber);
            Assert.IsTrue(b.Phase == ExecutionPhase.Finishing);
            Assert.IsTrue(b.TerminalStatus == JobExecutionStatus.Failed);
            Assert.AreEqual("download", b.Reason);
            Assert.AreEqual(2, b.Boots);
            Assert.AreEqual(3, b.Checkpoint.Length);
            Assert.AreEqual((byte)3, b.Checkpoint[2]);
        }

        [TestMethod]
        public void ExecutionRecord_RejectsEveryCutAndCorruption()
        {
            ExecutionRecord a = new ExecutionRecord();
            a.JobId = "job1";
            a.Phase = ExecutionPhase.Running;
            a.Checkpoint = new byte[] { 9 };
            byte[] good = a.Encode();
            ExecutionRecord b = new ExecutionRecord();
            for (int n = 0; n < good.Length; n++)
            {
                byte[] cut = new byte[n];
                System.Array.Copy(good, cut, n);
                Assert.IsFalse(b.Decode(cut), "cut at " + n.ToString());
            }

            Assert.IsFalse(b.Decode(null));
            byte[] bad = (byte[])good.Clone();
            bad[3] = 9;
            Assert.IsFalse(b.Decode(bad));
            bad = (byte[])good.Clone();
            bad[23] = (byte)' ';
            Assert.IsFalse(b.Decode(bad), "jobId outside [a-zA-Z0-9_-]");
            FakeRandom r = new FakeRandom();
            r.Mode = 2;
            for (int i = 0; i < 500; i++)
            {
                byte[] noise = (byte[])good.Clone();
                noise[(i * 7) % noise.Length] = (byte)(i * 31);
                b.Decode(noise);
            }
        }

        [TestMethod]
        public void Registry_FindsOperation_OrAsksFormats_OrSaysWhy()
        {
            HandlerRegistry reg = new HandlerRegistry();
            Assert.IsTrue(reg.Register(new DiagnosticsHandler()));
            Assert.IsFalse(reg.Register(null));
            string op;
            byte[] d = TestSupport.Utf8("{\"operation\":\"diagnostics\"}");
            Assert.IsTrue(reg.FindOperation(d, 0, d.Length, out op) == EngineReason.None);
            Assert.AreEqual("diagnostics", op);
            Assert.IsNotNull(reg.Get(op));

            byte[] ota = TestSupport.Utf8("{\"afr_ota\":{\"files\":[]}}");
            Assert.IsTrue(reg.FindOperation(ota, 0, ota.Length, out op) == EngineReason.UnknownOperation);
            reg.RegisterFormat(new AfrFormat());
            Assert.IsTrue(reg.FindOperation(ota, 0, ota.Length, out op) == EngineReason.None);
            Assert.AreEqual("firmware", op);

            byte[] wrongType = TestSupport.Utf8("{\"operation\":[1]}");
            Assert.IsTrue(reg.FindOperation(wrongType, 0, wrongType.Length, out op) == EngineReason.InvalidDocument);
            byte[] notObject = TestSupport.Utf8("\"reboot\"");
            Assert.IsTrue(reg.FindOperation(notObject, 0, notObject.Length, out op) == EngineReason.InvalidDocument);
            Assert.IsTrue(reg.FindOperation(null, 0, 0, out op) == EngineReason.InvalidDocument);
        }

        [TestMethod]
        public void Constructor_RefusesMissingPlatformOrBadThingName()
        {
            AgentOptions o = new AgentOptions();
            o.ThingName = "bad name";
            TestSupport.ExpectException(typeof(System.ArgumentException), delegate
            {
                new JobAgent(o, new FakeMqtt("x"), new FakeClock(), new FakeStateStore(), new FakeLog(), new FakeRandom(), new FakePower(), new FakeDeviceInfo());
            });
            o.ThingName = "ok";
            TestSupport.ExpectException(typeof(System.ArgumentNullException), delegate
            {
                new JobAgent(o, null, new FakeClock(), new FakeStateStore(), new FakeLog(), new FakeRandom(), new FakePower(), new FakeDeviceInfo());
            });
        }

        [TestMethod]
        public void ClientTokens_AreAtMost64Characters_AndUnique()
        {
            EngineHarness h = new EngineHarness();
            h.Options.ThingName = "a-very-long-thing-name-that-goes-on-and-on-and-on-and-on-and-on-and-on";
            h.Restart();
            h.Connect();
            h.Advance(h.Options.ReplyTimeoutMs);
            h.Advance(h.Agent.LastRetryDelayMs);
            string t1 = h.Mqtt.At(h.Mqtt.Count - 2).ClientToken;
            string t2 = h.Mqtt.Last.ClientToken;
            Assert.IsTrue(t1.Length <= 64 && t2.Length <= 64);
            Assert.IsFalse(t1 == t2);
        }

        [TestMethod]
        public void Run_ProcessesEventsFromAnotherThread_AndReturnsAfterStop()
        {
            EngineHarness h = new EngineHarness();
            Thread engine = new Thread(h.Agent.Run);
            engine.Start();
            h.Mqtt.IsConnected = true;
            h.Agent.ConnectionChanged(true);
            for (int i = 0; i < 500 && h.Agent.State != AgentState.Discovering; i++)
            {
                Thread.Sleep(10);
            }

            Assert.AreEqual(AgentState.Discovering, h.Agent.State);
            h.Agent.Stop();
            Assert.IsTrue(engine.Join(5000), "Run did not return after Stop");
        }

        [TestMethod]
        public void MillisecondsToNextTimer_IsTheReplyDeadline_CappedByMaxIdleWait()
        {
            EngineHarness h = new EngineHarness();
            Assert.AreEqual(h.Options.MaxIdleWaitMs, h.Agent.MillisecondsToNextTimer());
            h.Connect();
            h.Options.MaxIdleWaitMs = 100000;
            Assert.AreEqual(h.Options.ReplyTimeoutMs, h.Agent.MillisecondsToNextTimer());
            h.Clock.Advance(1200);
            Assert.AreEqual(h.Options.ReplyTimeoutMs - 1200, h.Agent.MillisecondsToNextTimer());
        }

        private sealed class AfrFormat : IJobFormat
        {
            public string Recognize(byte[] document, int offset, int count)
            {
                int o;
                int l;
                JsonValueType t;
                return JsonScanner.Find(document, offset, count, "afr_ota", out o, out l, out t) == JsonResult.Success ? "firmware" : null;
            }
        }
    }
}
