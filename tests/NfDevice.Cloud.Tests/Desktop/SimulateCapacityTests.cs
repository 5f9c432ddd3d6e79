using System.CommandLine;
using System.IO;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Cloud.Tests.Desktop
{
    /// <summary>`nfdevice simulate` checks its process's capacity before it loads a device (limits faked through the plan's inputs).</summary>
    [TestClass]
    public sealed class SimulateCapacityTests
    {
        private static async Task<(int Code, string Out, string Err)> Invoke(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            TextWriter oldOut = System.Console.Out, oldErr = System.Console.Error;
            System.Console.SetOut(output);
            System.Console.SetError(error);
            try
            {
                int code = await NfDevice.Desktop.Cli.Program.BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
                return (code, output.ToString(), error.ToString());
            }
            finally
            {
                System.Console.SetOut(oldOut);
                System.Console.SetError(oldErr);
            }
        }

        [TestMethod]
        public async Task Simulate_RefusesAtOnce_AFleetItsProcessCannotHold_NamingTheNumbersAndBothRemedies()
        {
            using var dir = new TempDir();
            await using var emulator = new Emulator(new EmulatorOptions { MqttPort = 0, HttpPort = 0, DataDirectory = null });
            await emulator.StartAsync();
            foreach (string t in new[] { "cap-1", "cap-2", "cap-3" }) emulator.ProvisionBundle(t, Path.Combine(dir.Path, t));

            // 80 % of 2,530 maps, less 2,000 for the runtime, leaves 24: two application devices at 11 each.
            var (code, output, err) = await Invoke("simulate", "--bundles", dir.Path, "--assume-max-map-count", "2530", "--assume-open-files", "20000",
                "--until-idle", "1", "--duration", "30", "--plain");

            Assert.AreEqual(2, code, output + err);
            StringAssert.Contains(err, "3 application devices do not fit in one process");
            StringAssert.Contains(err, "vm.max_map_count = 2,530");
            StringAssert.Contains(err, "at most 2 per process");
            StringAssert.Contains(err, "--skip K --count N");
            StringAssert.Contains(err, "sudo sysctl -w vm.max_map_count=262144");
            Assert.AreEqual("", output, "nothing started: no device, no summary");

            // The same folder in slices of two and one fits.
            (code, output, err) = await Invoke("simulate", "--bundles", dir.Path, "--assume-max-map-count", "2530", "--skip", "1", "--count", "2", "--plan");
            Assert.AreEqual(0, code, output + err);
            StringAssert.Contains(output, "plan: processes=1 per-process=2");
        }

        [TestMethod]
        public async Task SimulatePlan_ForTenThousandApplicationDevices_OnADefaultKernel_SaysThreeProcesses()
        {
            var (code, output, err) = await Invoke("simulate", "--count", "10000", "--plan", "--assume-max-map-count", "65530", "--assume-open-files", "20000");

            Assert.AreEqual(0, code, err);
            StringAssert.Contains(output, "plan: 10,000 application devices need 3 processes of at most 4,584 devices");
            StringAssert.Contains(output, "plan: processes=3 per-process=4584 by-maps=4584 by-open-files=9744");
        }

        [TestMethod]
        public async Task Simulate_RefusesWhenNotEvenOneDeviceFits()
        {
            var (code, _, err) = await Invoke("simulate", "--count", "1", "--plan", "--job-kind", "firmware", "--assume-open-files", "513", "--assume-max-map-count", "65530");

            Assert.AreEqual(2, code);
            StringAssert.Contains(err, "no room for even one simulated device");
            StringAssert.Contains(err, "open files 513");
        }

        [TestMethod]
        public async Task Simulate_Skip_TakesTheNamedSliceOfTheBundles()
        {
            using var dir = new TempDir();
            await using var emulator = new Emulator(new EmulatorOptions { MqttPort = 0, HttpPort = 0, DataDirectory = null });
            await emulator.StartAsync();
            string[] things = { "slice-1", "slice-2", "slice-3" };
            foreach (string t in things) emulator.ProvisionBundle(t, Path.Combine(dir.Path, t));

            var slice = NfDevice.Desktop.Hosting.Simulator.LoadBundles(dir.Path, count: 1, skip: 1);
            Assert.AreEqual(1, slice.Count);
            Assert.AreEqual("slice-2", slice[0].ThingName);
            Assert.AreEqual("slice-3", NfDevice.Desktop.Hosting.Simulator.LoadBundles(dir.Path, skip: 2)[0].ThingName);
            var e = Assert.ThrowsExactly<NfDevice.Desktop.Hosting.SettingsException>(() => NfDevice.Desktop.Hosting.Simulator.LoadBundles(dir.Path, count: 2, skip: 2));
            StringAssert.Contains(e.Message, "after skipping 2");
        }
    }
}
