using BenchmarkDotNet.Running;

namespace NfDevice.Benchmarks
{
    /// <summary>
    /// Entry point: BenchmarkDotNet's switcher, so `-- --filter '*Json*'` picks benchmarks; `-- --opcounts` prints
    /// the IL-instruction and call counts per operation instead (OpCounts/OpCountReport.cs).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 1 && args[0] == "--opcounts")
            {
                return OpCounts.OpCountReport.Run(System.Console.Out);
            }

            if (args.Length == 3 && args[0] == "--opcounts-profile")
            {
                // e.g. --opcounts-profile NfDevice.Benchmarks.CryptoBenchmarks EcdsaManaged
                foreach ((string method, long instructions) in OpCounts.OpCounter.Profile(args[1], args[2]))
                {
                    System.Console.WriteLine(instructions.ToString("N0").PadLeft(12) + "  " + method);
                }

                return 0;
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
