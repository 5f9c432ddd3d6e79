#if NANOFRAMEWORK_1_0
using System;
using nanoFramework.TestFramework;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Json;
using NfDevice.Jobs.Tests.Crypto;
using NfDevice.Jobs.Tests.Engine;

namespace NfDevice.Jobs.Tests.DeviceOnly
{
    /// <summary>
    /// The interpreter's figures for the README: each operation's median time over several runs, and the median of its
    /// ratios to a fixed reference loop timed just before it in the same process, so a board's figure is the board's
    /// reference-loop time times the ratio. Printed as "FIGURE|name|ms|ratio" lines (the host's NanoClrFiguresTests collects
    /// them); only results are asserted, never times.
    /// </summary>
    [TestClass]
    public class InterpreterFiguresTests
    {
        private const int Runs = 7;

        private delegate int Operation();

        [TestMethod]
        public void Figures_PrintMedianTimesAndRatiosToTheReferenceLoop()
        {
            Operation reference = ReferenceLoop;
            Print("reference loop (200,000 iterations of multiply-add-xor-shift)", reference, reference, 1);

            byte[] data = new byte[64 * 1024];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)i;
            }

            byte[] digest = new byte[Sha256.DigestSize];
            Sha256 sha = new Sha256();
            Print("SHA-256 over 64 KB", reference, delegate { sha.ComputeHash(data, 0, data.Length, digest, 0); return digest[0]; }, 1);

            byte[] key = CryptoHex.Decode("0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
                + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
            byte[] signature = CryptoHex.Decode("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
                + "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
            byte[] message = CryptoHex.Ascii("sample");
            byte[] sampleDigest = new byte[Sha256.DigestSize];
            sha.ComputeHash(message, 0, message.Length, sampleDigest, 0);
            EcdsaP256Verifier ecdsa = new EcdsaP256Verifier();
            Print("P-256 public key load (comb table build)", reference, delegate { return (int)ecdsa.SetPublicKey(key, 0, key.Length); }, 1);
            Assert.AreEqual((int)VerifyResult.Valid, (int)ecdsa.Verify(sampleDigest, 0, sampleDigest.Length, signature, 0, signature.Length, SignatureFormat.Raw));
            Print("P-256 ECDSA verify", reference, delegate { return (int)ecdsa.Verify(sampleDigest, 0, sampleDigest.Length, signature, 0, signature.Length, SignatureFormat.Raw); }, 1);

            // What an update job pays for its signature: the verifier holds only the key, each verify builds and drops the rest.
            // The same key as a DER SubjectPublicKeyInfo (id-ecPublicKey, prime256v1, the point); test classes are compiled
            // in separate parts on nanoCLR, so this one cannot borrow CodeSigningVerifierTests' PEM.
            byte[] spki = CryptoHex.Decode("3059301306072a8648ce3d020106082a8648ce3d030107034200"
                + "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
                + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
            CodeSigningVerifier codeSigning = new CodeSigningVerifier(spki, 0, spki.Length);
            Assert.AreEqual((int)VerifyResult.Valid, (int)codeSigning.Verify(sampleDigest, signature, 0, signature.Length, SignatureFormat.Raw));
            Print("code-signing check of one update job (tables built, verify, dropped)", reference, delegate { return (int)codeSigning.Verify(sampleDigest, signature, 0, signature.Length, SignatureFormat.Raw); }, 1);
            Print("code-signing key at boot (key read, checked on the curve)", reference, delegate { return (int)new CodeSigningVerifier(spki, 0, spki.Length).Status; }, 1);

            byte[] n = CryptoHex.Decode(RsaTestKey.Modulus);
            byte[] e = { 0x01, 0x00, 0x01 };
            byte[] rsaSignature = CryptoHex.Decode(RsaTestKey.Signature);
            byte[] rsaDigest = new byte[32];
            sha.ComputeHash(CryptoHex.Ascii("nf-device"), 0, 9, rsaDigest, 0);
            RsaVerifier rsa = new RsaVerifier();
            Assert.AreEqual((int)VerifyResult.Valid, (int)rsa.SetPublicKey(n, 0, n.Length, e, 0, e.Length));
            Assert.AreEqual((int)VerifyResult.Valid, (int)rsa.Verify(rsaDigest, 0, rsaSignature, 0, rsaSignature.Length));
            Print("RSA-2048 PKCS#1 v1.5 verify", reference, delegate { return (int)rsa.Verify(rsaDigest, 0, rsaSignature, 0, rsaSignature.Length); }, 1);

            // A 32 KB job document whose wanted member comes after a 32 KB string: the lookup skips all of it.
            const string Head = "{\"execution\":{\"jobId\":\"j\",\"jobDocument\":{\"notes\":\"";
            const string Tail = "\",\"operation\":\"firmware-update\",\"version\":\"1.2.0\"}}}";
            byte[] doc = TestSupport.Padded(Head, JsonLimits.MaxDocumentBytes - Head.Length - Tail.Length, Tail);
            int off, len;
            JsonValueType type;
            Assert.AreEqual((int)JsonResult.Success, (int)JsonScanner.Find(doc, 0, doc.Length, "execution.jobDocument.operation", out off, out len, out type));
            Print("JSON path lookup on a 32 KB document", reference, delegate { JsonScanner.Find(doc, 0, doc.Length, "execution.jobDocument.operation", out off, out len, out type); return len; }, 1);

            // One job through the engine: notify-next, describe, IN_PROGRESS, SUCCEEDED, $next = 5 messages handled.
            EngineHarness h = new EngineHarness();
            h.Connect();
            h.Mqtt.Accept(string.Empty);
            h.Pump();
            Print("engine: one message (a 5-message job cycle / 5)", reference, delegate { return JobCycle(h); }, 5);
            Assert.AreEqual(Runs + 1, h.Agent.JobsSucceeded);
        }

        private static int jobNumber;

        /// <summary>notify-next, then answers to describe, IN_PROGRESS and SUCCEEDED, then the empty $next: 5 messages.</summary>
        private static int JobCycle(EngineHarness h)
        {
            jobNumber++;
            string jobId = "job" + jobNumber.ToString();
            h.Work.Steps = 0;
            h.Agent.MessageReceived(h.Mqtt.JobsPrefix + "notify-next", TestSupport.Utf8("{\"timestamp\":1,\"execution\":{\"jobId\":\"" + jobId
                + "\",\"status\":\"QUEUED\",\"versionNumber\":1,\"executionNumber\":1,\"jobDocument\":" + EngineHarness.Doc("work") + "}}"));
            h.Pump();
            h.OfferJob(jobId, 1, EngineHarness.Doc("work"));
            h.AcceptUpdate(2, "IN_PROGRESS");
            h.AcceptUpdate(3, "SUCCEEDED");
            h.Mqtt.Accept(string.Empty);
            h.Pump();
            return h.Agent.JobsSucceeded;
        }

        private static int ReferenceLoop()
        {
            uint x = 1;
            uint acc = 0;
            for (int i = 0; i < 200000; i++)
            {
                x = (x * 1103515245) + 12345;
                acc ^= x >> 7;
            }

            return (int)acc;
        }

        /// <summary>
        /// Times <paramref name="operation"/> (divided by <paramref name="per"/>) right after the reference loop, <see cref="Runs"/>
        /// times, and prints the median time and the median of the per-run ratios: a ratio taken from two adjacent
        /// timings holds up better than two medians when other processes load the machine in bursts.
        /// </summary>
        private static void Print(string name, Operation reference, Operation operation, int per)
        {
            operation(); // warm: static constructors, first-call costs
            reference();
            double[] ms = new double[Runs];
            double[] ratio = new double[Runs];
            for (int r = 0; r < Runs; r++)
            {
                double referenceMs = Time(reference, 1);
                ms[r] = Time(operation, per);
                ratio[r] = ms[r] / referenceMs;
            }

            OutputHelper.WriteLine("FIGURE|" + name + "|" + Ms(MedianOf(ms)) + "|" + MedianOf(ratio).ToString("F4"));
        }

        private static double Time(Operation operation, int per)
        {
            DateTime start = DateTime.UtcNow;
            operation();
            return (DateTime.UtcNow - start).Ticks / (double)TimeSpan.TicksPerMillisecond / per;
        }

        private static double MedianOf(double[] values)
        {
            // mscorlib 1.x has no Array.Sort: insertion sort of a few values.
            for (int i = 1; i < values.Length; i++)
            {
                for (int k = i; k > 0 && values[k - 1] > values[k]; k--)
                {
                    double t = values[k];
                    values[k] = values[k - 1];
                    values[k - 1] = t;
                }
            }

            return values[values.Length / 2];
        }

        private static string Ms(double ms)
        {
            return ms.ToString("F2");
        }
    }
}
#endif
