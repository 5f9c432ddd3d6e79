using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using Mono.Cecil;

namespace NfDevice.Benchmarks.OpCounts
{
    /// <summary>
    /// The `--opcounts` mode of the benchmarks program: a markdown table of IL instructions and calls per operation
    /// for the rows of issue 14 (core and BouncyCastle), counted on the instrumented copies. The counts do not depend
    /// on the machine or its load; only ECDSA's depend on the key and signature, so that row is the median (and range)
    /// over fresh random keys. Run: dotnet run -c Release --project tests/NfDevice.Benchmarks -- --opcounts
    /// </summary>
    public static class OpCountReport
    {
        private const string Crypto = "NfDevice.Benchmarks.CryptoBenchmarks";
        private const string Json = "NfDevice.Benchmarks.JsonBenchmarks";
        private const string Engine = "NfDevice.Benchmarks.EngineBenchmarks";
        private const int EcdsaKeys = 15;

        /// <summary>Prints the table; returns the process exit code (1 when the counter's self-check fails).</summary>
        public static int Run(TextWriter output)
        {
            output.WriteLine("# IL instructions and calls per operation");
            output.WriteLine();
            output.WriteLine("Date " + DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + ", " + RuntimeInformation.FrameworkDescription
                + ", Release build of the core, counted on a Mono.Cecil-instrumented copy (machine-independent).");
            output.WriteLine();
            if (!SelfCheck(output))
            {
                return 1;
            }

            var ecdsaCore = new List<OpCount>();
            var ecdsaBc = new List<OpCount>();
            for (int k = 0; k < EcdsaKeys; k++)
            {
                ecdsaCore.Add(OpCounter.MeasureFresh(Crypto, nameof(CryptoBenchmarks.EcdsaManaged), warmUp: true));
                ecdsaBc.Add(OpCounter.MeasureFresh(Crypto, nameof(CryptoBenchmarks.EcdsaBouncyCastle), warmUp: true));
            }

            int jsonBytes = new JsonBenchmarks().DocumentBytesAfterSetup();
            output.WriteLine("| operation | per | core IL | core calls | BouncyCastle IL | BouncyCastle calls | goal (issue 14) |");
            output.WriteLine("|---|---|---|---|---|---|---|");
            Row(output, "ECDSA P-256 verify (DER), median of " + EcdsaKeys + " random keys [range]", "verify",
                Median(ecdsaCore, out string coreRange), coreRange, Median(ecdsaBc, out string bcRange), bcRange, "≤ 3.0 M IL");
            Row(output, "ECDSA P-256 key load (on-curve check + Q's comb table; BouncyCastle: decode + validate, tables at first verify)", "key",
                Count(Crypto, nameof(CryptoBenchmarks.EcdsaKeyLoadManaged)), Count(Crypto, nameof(CryptoBenchmarks.EcdsaKeyLoadBouncyCastle)), string.Empty);
            Row(output, "code-signing key at boot (CodeSigningVerifier from the SubjectPublicKeyInfo: DER read, on-curve check, no table)", "boot",
                Count(Crypto, nameof(CryptoBenchmarks.CodeSigningBootLoad)), null, string.Empty);
            Row(output, "code-signing check of one update job (CodeSigningVerifier.Verify: G's comb table copied from constants, Q's built, one verify, all dropped)", "job",
                Count(Crypto, nameof(CryptoBenchmarks.CodeSigningJobVerify)), null, string.Empty);
            Row(output, "SHA-256 over 64 KB", "byte", Scale(Count(Crypto, nameof(CryptoBenchmarks.Sha256Managed)), 65536),
                Scale(Count(Crypto, nameof(CryptoBenchmarks.Sha256BouncyCastle)), 65536), "≤ 100 IL");
            Row(output, "SHA-256 over 64 KB", "KB", Scale(Count(Crypto, nameof(CryptoBenchmarks.Sha256Managed)), 64),
                Scale(Count(Crypto, nameof(CryptoBenchmarks.Sha256BouncyCastle)), 64), string.Empty);
            Row(output, "RSA-2048 PKCS#1 v1.5 verify (e = 65537)", "verify", Count(Crypto, nameof(CryptoBenchmarks.RsaManaged)),
                Count(Crypto, nameof(CryptoBenchmarks.RsaBouncyCastle)), string.Empty);
            Row(output, "JSON path lookup `" + "execution.jobDocument.files[104].size" + "` in a " + jsonBytes + "-byte document", "byte",
                Scale(Count(Json, nameof(JsonBenchmarks.ScannerLookup)), jsonBytes), null, "≤ 15 IL");
            Row(output, "JSON path lookup, same", "KB", Scale(Count(Json, nameof(JsonBenchmarks.ScannerLookup)), jsonBytes / 1024.0), null, string.Empty);
            Row(output, "JSON validate the whole document", "byte", Scale(Count(Json, nameof(JsonBenchmarks.ScannerValidate)), jsonBytes), null, string.Empty);
            Row(output, "engine: one message of a job cycle (notify-next → describe → IN_PROGRESS → SUCCEEDED → $next, ÷ 5)", "message",
                Scale(Count(Engine, nameof(EngineBenchmarks.JobCycleOfFiveMessages)), 5), null, string.Empty);
            output.WriteLine();
            output.WriteLine("Only code in the core (assembly NfDevice.Jobs) or in BouncyCastle.Cryptography 2.7.0 is counted; a call into the");
            output.WriteLine("base library (Array.Copy, ...) counts as one instruction and one call. Calls are call, callvirt and newobj.");
            return 0;
        }

        private static OpCount Count(string type, string method) => OpCounter.Measure(type, method);

        private static OpCount Scale(OpCount c, double per) => new OpCount(c.Instructions / per, c.Calls / per);

        private static OpCount Median(List<OpCount> counts, out string range)
        {
            List<OpCount> sorted = counts.OrderBy(c => c.Instructions).ToList();
            range = "[" + OpCountColumn.Format(sorted[0].Instructions) + " – " + OpCountColumn.Format(sorted[sorted.Count - 1].Instructions) + "]";
            return sorted[sorted.Count / 2];
        }

        private static void Row(TextWriter output, string what, string per, OpCount core, OpCount? bc, string goal)
        {
            Row(output, what, per, core, string.Empty, bc, string.Empty, goal);
        }

        private static void Row(TextWriter output, string what, string per, OpCount core, string coreNote, OpCount? bc, string bcNote, string goal)
        {
            output.WriteLine("| " + what + " | " + per + " | " + Number(core.Instructions) + (coreNote.Length > 0 ? " " + coreNote : string.Empty)
                + " | " + Number(core.Calls)
                + " | " + (bc.HasValue ? Number(bc.Value.Instructions) + (bcNote.Length > 0 ? " " + bcNote : string.Empty) : "–")
                + " | " + (bc.HasValue ? Number(bc.Value.Calls) : "–") + " | " + goal + " |");
        }

        private static string Number(double v) => v < 1000 ? v.ToString(v < 100 ? "F1" : "F0", CultureInfo.InvariantCulture) : OpCountColumn.Format(v);

        // The counter must report, for a method without branches, exactly its own instructions and no calls.
        private static bool SelfCheck(TextWriter output)
        {
            string corePath = Path.Combine(AppContext.BaseDirectory, "NfDevice.Jobs.dll");
            int expected;
            using (AssemblyDefinition a = AssemblyDefinition.ReadAssembly(corePath))
            {
                MethodDefinition isZero = a.MainModule.GetType("NfDevice.Jobs.Crypto.Nat256").Methods.First(m => m.Name == "IsZero");
                expected = isZero.Body.Instructions.Count;
            }

            OpCountContext context = OpCountContext.Instance;
            Type nat = context.LoadFromAssemblyName(new AssemblyName("NfDevice.Jobs")).GetType("NfDevice.Jobs.Crypto.Nat256", throwOnError: true);
            MethodInfo method = nat.GetMethod("IsZero");
            (long i0, long c0) = context.Read("NfDevice.Jobs");
            method.Invoke(null, new object[] { new uint[8] });
            (long i1, long c1) = context.Read("NfDevice.Jobs");
            if (i1 - i0 != expected || c1 - c0 != 0)
            {
                output.WriteLine("self-check FAILED: Nat256.IsZero has " + expected + " instructions, counted " + (i1 - i0) + " and " + (c1 - c0) + " calls");
                return false;
            }

            return true;
        }
    }
}
