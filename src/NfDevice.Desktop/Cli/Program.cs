using System.CommandLine;
using System.Threading.Tasks;

namespace NfDevice.Desktop.Cli
{
    /// <summary>The `nfdevice` command line: `run` one device, `simulate` many, `image` builds a desktop firmware image.</summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        public static Task<int> Main(string[] args) => BuildRoot().Parse(args).InvokeAsync();

        /// <summary>The command tree (also used by tests to parse arguments).</summary>
        public static RootCommand BuildRoot()
        {
            var root = new RootCommand("nf-device desktop agent: runs the AWS IoT Jobs agent on .NET, one device or many simulated ones.");
            root.Add(RunCommand.Build());
            root.Add(SimulateCommand.Build());
            root.Add(ImageCommand.Build());
            root.Add(BundleCommand.Build());
            return root;
        }
    }
}
