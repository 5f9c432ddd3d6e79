using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Jobs.Application;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Tests.Application;
using NfDevice.Jobs.Tests.Crypto;
using NfDevice.Jobs.Tests.Fakes;
using NfDevice.Jobs.Tests.Update;
using NfDevice.Jobs.Update;

namespace NfDevice.Jobs.Tests.Net.NanoClr
{
    /// <summary>
    /// The core's resident heap after start-up, priced with nanoCLR's object layout (<see cref="NanoHeapModel"/>):
    /// the agent as the ESP32 application composes it (src/NfDevice.Esp32/Program.cs: engine, update handler, download
    /// pipeline whose chunk buffer the engine also encodes its requests into, application slots A/B and loader,
    /// code-signing verifier holding the P-256 key) plus every static of the core. The download buffer is the one
    /// allocation the settings choose (chunkSize), so the budget is what the core holds beyond it.
    /// </summary>
    [TestClass]
    public sealed class ResidentHeapTests
    {
        private const int ChunkSize = 4096;

        /// <summary>
        /// Issue 10 §4's goal is 16 KB beyond the download buffer. The budget pins today's figure (13,308 B on 2026-12-06 at 11:08 UTC),
        /// rounded up to the next 256 bytes, so it cannot grow unnoticed: lower it as items shrink.
        /// </summary>
        private const int BudgetBeyondDownloadBuffer = 13568;

        /// <summary>
        /// What the code-signing check may hold between jobs: the key (a 65-byte point in an array) and the verifier's
        /// own fields. Its tables and scratch are built per verify (see CodeSigningVerifier's remarks).
        /// </summary>
        private const int SignatureCheckBetweenJobs = 256;

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
        public void SignatureCheck_HoldsOnlyTheKeyBetweenJobs_AndPricesWhatAVerifyBuilds()
        {
            byte[] pem = CryptoHex.Ascii(CodeSigningVerifierTests.PublicKeyPem);
            var verifier = new CodeSigningVerifier(pem, 0, pem.Length);
            Assert.AreEqual(CryptoStatus.Ok, verifier.Status);
            Assert.AreEqual(VerifyResult.Invalid, verifier.Verify(new byte[32], Signature(), 0, 64, SignatureFormat.Raw), "a full verify ran");
            var between = new NanoHeapModel();
            between.Add(verifier, "verifier");

            // What one verify builds and drops: an EcdsaP256Verifier with G's and Q's comb tables and its scratch.
            var ecdsa = new EcdsaP256Verifier();
            Assert.AreEqual(VerifyResult.Valid, ecdsa.SetPublicKey(RfcPoint, 0, 65));
            var during = new NanoHeapModel();
            during.Add(ecdsa, "ecdsa");
            TestContext.WriteLine("code-signing check between jobs: " + between.Total + " B (limit " + SignatureCheckBetweenJobs + " B); built for a verify and dropped: "
                + during.Total + " B" + Environment.NewLine + during.Report());
            Assert.IsTrue(between.Total <= SignatureCheckBetweenJobs, between.Report());
            Assert.IsTrue(during.Total < 8 * 1024, "the packed comb tables keep a verify's transient heap under 8 KB: " + during.Report());
        }

        // The key of CodeSigningVerifierTests.PublicKeyPem (RFC 6979 §A.2.5), uncompressed.
        private static readonly byte[] RfcPoint = CryptoHex.Decode("04"
            + "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
            + "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");

        // r = s = 1: in range, so the whole double-scalar multiplication runs before the signature is refused.
        private static byte[] Signature()
        {
            byte[] rs = new byte[64];
            rs[31] = 1;
            rs[63] = 1;
            return rs;
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

            // As Program.cs on the stable line: application slots (1 KB read-back buffer, budgets of the 4 MB layout), no firmware slot.
            var application = new ApplicationSlots(new MemoryApplicationStorage(), store, log, 96 * 1024, 64 * 1024, 1024);
            var loader = new ApplicationLoader(application, new RecordingApplicationHost(), log);
            loader.Boot();
            var slots = new UpdateSlots(null, application, loader);
            var download = new FirmwareDownload(new FakeRangedHttp(new byte[16]), slots, store, clock, random, log, ChunkSize, 64 * 1024);
            byte[] pem = CryptoHex.Ascii(CodeSigningVerifierTests.PublicKeyPem);
            var verifier = new CodeSigningVerifier(pem, 0, pem.Length);
            Assert.AreEqual(CryptoStatus.Ok, verifier.Status);

            var options = new AgentOptions();
            options.ThingName = "dev-1";
            options.RequestBuffer = download.Buffer;
            var agent = new JobAgent(options, mqtt, clock, store, log, random, power, new FakeDeviceInfo());
            var firmware = new FirmwareUpdateHandler(download, slots, verifier, new ApplicationHealthCheck(loader, null));
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
