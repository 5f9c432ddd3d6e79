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

            if (args.Length == 2 && args[0] == "--il")
            {
                // e.g. --il NfDevice.Jobs.Crypto.Sha256::ProcessBlock: the method's IL in the core, one instruction a line.
                string[] parts = args[1].Split("::");
                string core = System.IO.Path.Combine(System.AppContext.BaseDirectory, "NfDevice.Jobs.dll");
                using Mono.Cecil.AssemblyDefinition a = Mono.Cecil.AssemblyDefinition.ReadAssembly(core);
                foreach (Mono.Cecil.MethodDefinition m in a.MainModule.GetType(parts[0]).Methods)
                {
                    if (m.Name == parts[1] && m.HasBody)
                    {
                        System.Console.WriteLine("// " + m.FullName + ": " + m.Body.Instructions.Count + " instructions");
                        foreach (Mono.Cecil.Cil.Instruction i in m.Body.Instructions)
                        {
                            System.Console.WriteLine(i);
                        }
                    }
                }

                return 0;
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
