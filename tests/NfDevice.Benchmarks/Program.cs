using BenchmarkDotNet.Running;

namespace NfDevice.Benchmarks
{
    /// <summary>Entry point: BenchmarkDotNet's switcher, so `-- --filter '*Json*'` picks benchmarks.</summary>
    public static class Program
    {
        public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
