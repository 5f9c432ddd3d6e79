using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Tests.Crypto;
using NfDevice.Jobs.Tests.Fakes;
using NfDevice.Jobs.Tests.Update;
using NfDevice.Jobs.Update;

namespace NfDevice.Jobs.Tests.Net.NanoClr
{
    /// <summary>
    /// The core's resident heap after start-up, priced with nanoCLR's object layout (<see cref="NanoHeapModel"/>):
    /// the agent as the ESP32 application composes it for firmware updates (engine, handler, download pipeline with
    /// its chunk buffer, code-signing verifier with the P-256 key loaded) plus every static of the core. The download
    /// buffer is the one allocation the settings choose (chunkSize), so the budget is what the core holds beyond it.
    /// </summary>
    [TestClass]
    public sealed class ResidentHeapTests
    {
        private const int ChunkSize = 4096;

        /// <summary>
        /// Issue 10 §4's goal is 16 KB beyond the download buffer; not met yet (see the README's heap row for the
        /// items). The budget pins today's figure, rounded up, so it cannot grow unnoticed: lower it as items shrink.
        /// </summary>
        private const int BudgetBeyondDownloadBuffer = 33 * 1024;

        /// <summary>The goal of issue 10 §4, printed beside the figure.</summary>
        private const int Goal = 16 * 1024;

        public TestContext TestContext { get; set; }

        [TestMethod]
        public void CoreResidentHeap_AfterStartUp_StaysWithinBudget()
        {
            NanoHeapModel heap = Measure(out long downloadBuffer);
            long beyond = heap.Total - downloadBuffer;
            TestContext.WriteLine("core resident heap on nanoCLR's layout: " + heap.Total + " B, of which download buffer "
                + downloadBuffer + " B; beyond it " + beyond + " B (budget " + BudgetBeyondDownloadBuffer + " B, goal " + Goal + " B)");
            TestContext.WriteLine(heap.Report());
            Assert.IsTrue(beyond <= BudgetBeyondDownloadBuffer, "core resident heap " + beyond + " B beyond the download buffer exceeds the budget "
                + BudgetBeyondDownloadBuffer + " B:" + Environment.NewLine + heap.Report());
        }

        [TestMethod]
        public void HeapModel_PricesObjectsArraysAndStringsAsNanoClrLaysThemOut()
        {
            // Known shapes: an object with 2 fields = 3 blocks; byte[10] = 20 + 10 -> 36; object[3] = 20 + 36 = 56 -> 60;
            // a run-time string "abc" = 12 + 4 -> 24 (a literal costs nothing).
            var model = new NanoHeapModel();
            model.Add(new byte[10], "bytes");
            model.Add(new object[3], "refs");
            model.Add(new string('a', 3), "text");
            model.Add("literal", "literal");
            Assert.AreEqual(36 + 60 + 24, model.Total, model.Report());
        }

        private static NanoHeapModel Measure(out long downloadBuffer)
        {
            var mqtt = new FakeMqtt("dev-1");
            var clock = new FakeClock();
            var store = new FakeStateStore();
            var log = new FakeLog();
            var random = new FakeRandom();
            var power = new FakePower();
            var slot = new MemorySlot();
            var download = new FirmwareDownload(new FakeRangedHttp(new byte[16]), slot, store, clock, random, log, ChunkSize, 64 * 1024);
            byte[] pem = CryptoHex.Ascii(CodeSigningVerifierTests.PublicKeyPem);
            var verifier = new CodeSigningVerifier(pem, 0, pem.Length);
            Assert.AreEqual(CryptoStatus.Ok, verifier.Status);

            var options = new AgentOptions();
            options.ThingName = "dev-1";
            var agent = new JobAgent(options, mqtt, clock, store, log, random, power, new FakeDeviceInfo());
            var firmware = new FirmwareUpdateHandler(download, slot, verifier, null);
            agent.Register(firmware);
            agent.RegisterFormat(firmware);
            mqtt.Events = agent;
            for (int i = 0; i < 20 && agent.RunOnce(); i++)
            {
            }

            var model = new NanoHeapModel();
            model.Add(agent, "agent");
            model.AddCoreStatics();
            downloadBuffer = (ChunkSize + 20 + 11) / 12 * 12;
            return model;
        }
    }
}
