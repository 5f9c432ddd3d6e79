using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Demo;
using NfDevice.Desktop.Hosting;

namespace NfDevice.Cloud.Tests.Desktop
{
    /// <summary>The per-process capacity plan: how many devices one `nfdevice simulate` may take under given limits.</summary>
    [TestClass]
    public sealed class FleetCapacityTests
    {
        private static ProcessLimits Limits(long maps, long files, int cap = 0) => new ProcessLimits { MaxMapCount = maps, OpenFiles = files, DevicesPerProcessCap = cap };

        [TestMethod]
        public void Plan_TenThousandApplicationDevices_OnADefaultKernel_NeedThreeProcesses_BoundByMaps()
        {
            FleetPlan plan = FleetCapacity.Plan(10_000, FleetJobKind.Application, Limits(65_530, 20_000));

            // 80 % of 65,530 maps, less 2,000 for the runtime, at 11 per running application context.
            Assert.AreEqual((int)((65_530 * 0.8 - 2_000) / 11), plan.ByMaps);
            Assert.AreEqual(4_584, plan.PerProcess);
            Assert.AreEqual((20_000 - 512) / 2, plan.ByOpenFiles);
            Assert.AreEqual(3, plan.Processes);
            // Measured: the single process died at ~6,000 running applications; the plan stays well below.
            Assert.IsTrue(plan.PerProcess < 6_000);
        }

        [TestMethod]
        public void Plan_WithARaisedMapCount_MapsAllowTheFleet_AndTheOpenFilesDecide()
        {
            FleetPlan plan = FleetCapacity.Plan(10_000, FleetJobKind.Application, Limits(262_144, 20_000));
            Assert.IsTrue(plan.ByMaps >= 10_000, "262,144 maps hold 10,000 applications: " + plan.ByMaps);
            Assert.AreEqual(2, plan.Processes, "a 20,000 open-file limit at two per device still needs a second process");

            FleetPlan wide = FleetCapacity.Plan(10_000, FleetJobKind.Application, Limits(262_144, 65_536));
            Assert.AreEqual(1, wide.Processes);
        }

        [TestMethod]
        public void Plan_FirmwareDevices_CostFewMaps_SoOpenFilesBoundThem()
        {
            FleetPlan plan = FleetCapacity.Plan(10_000, FleetJobKind.Firmware, Limits(65_530, 20_000));

            Assert.AreEqual(9_744, plan.PerProcess);
            Assert.IsTrue(plan.ByMaps > plan.ByOpenFiles);
            Assert.AreEqual(2, plan.Processes);
            Assert.AreEqual(1, FleetCapacity.Plan(5_000, FleetJobKind.Diagnostics, Limits(65_530, 20_000)).Processes);
        }

        [TestMethod]
        public void Plan_UnknownLimits_BoundNothing_ButACapDoes()
        {
            Assert.AreEqual(1, FleetCapacity.Plan(50_000, FleetJobKind.Application, Limits(0, 0)).Processes);

            FleetPlan capped = FleetCapacity.Plan(30, FleetJobKind.Application, Limits(65_530, 20_000, cap: 10));
            Assert.AreEqual(10, capped.PerProcess);
            Assert.AreEqual(3, capped.Processes);
        }

        [TestMethod]
        public void Plan_LimitsTooLowForOneDevice_ThrowWithTheNumbersAndTheRemedy()
        {
            var e = Assert.ThrowsExactly<FleetCapacityException>(() => FleetCapacity.Plan(1, FleetJobKind.Application, Limits(2_500, 20_000)));
            StringAssert.Contains(e.Message, "vm.max_map_count 2,500");
            StringAssert.Contains(e.Message, "sudo sysctl -w vm.max_map_count=262144");

            e = Assert.ThrowsExactly<FleetCapacityException>(() => FleetCapacity.Plan(1, FleetJobKind.Firmware, Limits(65_530, 512)));
            StringAssert.Contains(e.Message, "open files 512");
            StringAssert.Contains(e.Message, "ulimit -n");
        }

        [TestMethod]
        public void CheckOneProcess_IsNull_WhenTheFleetFits_AndNamesBothRemediesWhenNot()
        {
            Assert.IsNull(FleetCapacity.CheckOneProcess(4_584, FleetJobKind.Application, Limits(65_530, 20_000)));

            string problem = FleetCapacity.CheckOneProcess(10_000, FleetJobKind.Application, Limits(65_530, 20_000));

            StringAssert.Contains(problem, "10,000 application devices do not fit in one process");
            StringAssert.Contains(problem, "vm.max_map_count = 65,530");
            StringAssert.Contains(problem, "at most 4,584 per process");
            StringAssert.Contains(problem, "needs 3 processes");
            StringAssert.Contains(problem, "--skip K --count N");
            StringAssert.Contains(problem, "sudo sysctl -w vm.max_map_count=262144");

            StringAssert.Contains(problem, "--job-kind firmware", "an application fleet is told that a firmware-only fleet costs fewer maps");

            string files = FleetCapacity.CheckOneProcess(10_000, FleetJobKind.Firmware, Limits(65_530, 20_000));
            StringAssert.Contains(files, "open-file limit of 20,000");
            Assert.IsFalse(files.Contains("--job-kind firmware"), files);
        }

        [TestMethod]
        public void Slices_CoverEveryDeviceOnce_InEvenParts_OfAtMostThePerProcessNumber()
        {
            var slices = AgentFleet.Slices(10_000, 4_584);
            Assert.AreEqual(3, slices.Count);
            CollectionAssert.AreEqual(new[] { 0, 3_334, 6_667 }, slices.Select(s => s.Skip).ToArray());
            CollectionAssert.AreEqual(new[] { 3_334, 3_333, 3_333 }, slices.Select(s => s.Count).ToArray());

            FleetPlan plan = FleetCapacity.Plan(10_000, FleetJobKind.Application, Limits(65_530, 20_000));
            for (int i = 0; i < plan.Processes; i++)
            {
                Assert.AreEqual(slices[i].Skip, plan.SliceStart(i));
                Assert.AreEqual(slices[i].Count, plan.SliceSize(i));
            }

            Assert.AreEqual(1, AgentFleet.Slices(7, 7).Count);
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => AgentFleet.Slices(7, 0));
        }

        [TestMethod]
        public void AgentFigures_ReadTheLineProcessPeaksWrites_AndAddThemUp()
        {
            string line;
            using (var peaks = new ProcessPeaks(TimeSpan.FromHours(1))) line = peaks.Summary(10);
            AgentFigures mine = AgentFigures.Parse(line);
            Assert.IsNotNull(mine, line);
            Assert.IsTrue(mine.Threads > 0 && mine.WorkingSetMb > 0, line);

            var a = AgentFigures.Parse("process: peak 1,234 threads, 14,501 file descriptors, 2,534 MB working set; CPU 480.5 s in 500.0 s (48.1 ms per device)");
            var b = AgentFigures.Parse("process: peak 10 threads, 500 file descriptors, 100 MB working set; CPU 19.5 s in 20.0 s (1.0 ms per device)");
            Assert.AreEqual(1_234, a.Threads);
            Assert.AreEqual(14_501, a.Descriptors);
            Assert.AreEqual(480.5, a.CpuSeconds, 1e-9);
            Assert.IsNull(AgentFigures.Parse(null));
            Assert.AreEqual("peaks summed over 2 processes: 1,244 threads, 15,001 file descriptors, 2,634 MB working set; CPU 500.0 s (50.0 ms per device)",
                AgentFigures.Total(new[] { a, b }, 10_000));
        }
    }
}
