using System;
using NfDevice.Jobs.Crypto;
using NfDevice.Jobs.Json;

namespace NfDevice.Benchmarks.NanoClr
{
    /// <summary>
    /// Runs on the real nanoFramework interpreter (nanoCLR, ../shared/tools/nanoclr), not on .NET: times the
    /// device's costly operations with the core compiled for nanoFramework, and prints the median of repeated
    /// runs in milliseconds. nanoCLR on a PC runs the same IL engine as an ESP32, so the figures transfer as
    /// ratios (between operations, or between two versions of the core), not as absolute times.
    /// Run: bash tests/NfDevice.Benchmarks/NanoClr/interpreter-timings.sh [git revision to compare]
    /// </summary>
    public static class InterpreterTimings
    {
        private const int Repeats = 7;

        /// <summary>Entry point for nanoCLR.</summary>
        public static void Main()
        {
            // RFC 6979 §A.2.5 (P-256, SHA-256, message "sample"), raw r || s.
            byte[] key = Hex("0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
            byte[] signature = Hex("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
            byte[] sample = new byte[] { (byte)'s', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e' };
            byte[] digest = new byte[32];
            Sha256 sha = new Sha256();
            sha.ComputeHash(sample, 0, sample.Length, digest, 0);

            byte[] data = new byte[64 * 1024];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)i;
            }

            byte[] document = JobDocument(105);
            EcdsaP256Verifier verifier = new EcdsaP256Verifier();
            verifier.SetPublicKey(key, 0, key.Length);

            long[] t = new long[Repeats];
            for (int r = 0; r < Repeats; r++)
            {
                DateTime start = DateTime.UtcNow;
                if (verifier.SetPublicKey(key, 0, key.Length) != VerifyResult.Valid)
                {
                    Console.WriteLine("FAILED: key load");
                    return;
                }

                t[r] = Elapsed(start);
            }

            Print("ECDSA P-256 key load (Q's comb table)", t);
            for (int r = 0; r < Repeats; r++)
            {
                DateTime start = DateTime.UtcNow;
                if (verifier.Verify(digest, 0, 32, signature, 0, signature.Length, SignatureFormat.Raw) != VerifyResult.Valid)
                {
                    Console.WriteLine("FAILED: verify");
                    return;
                }

                t[r] = Elapsed(start);
            }

            Print("ECDSA P-256 verify", t);
            for (int r = 0; r < Repeats; r++)
            {
                DateTime start = DateTime.UtcNow;
                sha.ComputeHash(data, 0, data.Length, digest, 0);
                t[r] = Elapsed(start);
            }

            Print("SHA-256 over 64 KB", t);
            for (int r = 0; r < Repeats; r++)
            {
                DateTime start = DateTime.UtcNow;
                int off, len;
                JsonValueType type;
                if (JsonScanner.Find(document, 0, document.Length, "execution.jobDocument.files[104].size", out off, out len, out type) != JsonResult.Success)
                {
                    Console.WriteLine("FAILED: JSON lookup");
                    return;
                }

                t[r] = Elapsed(start);
            }

            Print("JSON path lookup in a " + document.Length.ToString() + "-byte document", t);
            Console.WriteLine("DONE");
        }

        private static long Elapsed(DateTime start)
        {
            return (DateTime.UtcNow - start).Ticks / (TimeSpan.TicksPerMillisecond / 10);
        }

        // Median and range of the repeats, in milliseconds with one decimal.
        private static void Print(string what, long[] tenths)
        {
            long[] s = new long[tenths.Length];
            Array.Copy(tenths, s, s.Length);
            for (int i = 1; i < s.Length; i++)
            {
                for (int j = i; j > 0 && s[j - 1] > s[j]; j--)
                {
                    long x = s[j];
                    s[j] = s[j - 1];
                    s[j - 1] = x;
                }
            }

            Console.WriteLine(what + ": median " + Ms(s[s.Length / 2]) + " ms (" + Ms(s[0]) + " - " + Ms(s[s.Length - 1]) + ", " + s.Length.ToString() + " runs)");
        }

        private static string Ms(long tenths)
        {
            return (tenths / 10).ToString() + "." + (tenths % 10).ToString();
        }

        // The same shape as JsonBenchmarks' document: files[] of objects with strings, a number, an array.
        private static byte[] JobDocument(int files)
        {
            System.Text.StringBuilder sb = new System.Text.StringBuilder();
            sb.Append("{\"timestamp\":1717395845,\"execution\":{\"jobId\":\"fleet-update-42\",\"status\":\"QUEUED\",\"queuedAt\":1717395800,");
            sb.Append("\"lastUpdatedAt\":1717395800,\"versionNumber\":1,\"executionNumber\":1,\"jobDocument\":{\"operation\":\"update\",\"files\":[");
            for (int i = 0; i < files; i++)
            {
                if (i > 0)
                {
                    sb.Append(",");
                }

                sb.Append("{\"name\":\"part-" + i.ToString() + ".bin\",\"size\":" + (100000 + (i * 977)).ToString());
                sb.Append(",\"sha256\":\"" + new string((char)('a' + (i % 6)), 64) + "\"");
                sb.Append(",\"url\":\"https://bucket.s3.amazonaws.com/fw/part-" + i.ToString() + ".bin?X-Amz-Expires=1800&X-Amz-Signature=");
                sb.Append(new string('0', 64) + "\",\"tags\":[\"a\",\"b\\u00e9\",1,true,null]}");
            }

            sb.Append("]}}}");
            return System.Text.Encoding.UTF8.GetBytes(sb.ToString());
        }

        private static byte[] Hex(string s)
        {
            byte[] b = new byte[s.Length / 2];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (byte)((Nibble(s[2 * i]) << 4) | Nibble(s[(2 * i) + 1]));
            }

            return b;
        }

        private static int Nibble(char c)
        {
            return c <= '9' ? c - '0' : c - 'a' + 10;
        }
    }
}
