using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Cli;

namespace NfDevice.Cloud.Tests.Desktop
{
    /// <summary>The rate and time left in `nfdevice run`'s plain progress lines.</summary>
    [TestClass]
    public sealed class DownloadMeterTests
    {
        [TestMethod]
        public void Line_AfterAWindow_GivesTheRateOverThatWindow_AndTheTimeLeft()
        {
            var meter = new DownloadMeter(TimeSpan.FromSeconds(5));
            Assert.IsFalse(meter.Sample(TimeSpan.FromSeconds(0), 0));
            Assert.IsFalse(meter.Sample(TimeSpan.FromSeconds(4), 4 * 1048576));
            Assert.IsTrue(meter.Sample(TimeSpan.FromSeconds(5), 5 * 1048576));

            Assert.AreEqual(1048576.0, meter.BytesPerSecond, 0.001);
            Assert.AreEqual("download job-1 50% 5.0 of 10.0 MB at 1.0 MB/s, 5 s left", meter.Line("job-1", 5 * 1048576, 10 * 1048576));
        }

        [TestMethod]
        public void Line_WhenNothingMovedForAWindow_SaysStalled()
        {
            var meter = new DownloadMeter(TimeSpan.FromSeconds(5));
            meter.Sample(TimeSpan.Zero, 1000);
            Assert.IsTrue(meter.Sample(TimeSpan.FromSeconds(6), 1000));

            StringAssert.EndsWith(meter.Line("j", 1000, 2000), "(stalled)");
        }

        [TestMethod]
        public void Sample_WhenTheDownloadRestartsFromZero_StartsANewWindow()
        {
            var meter = new DownloadMeter(TimeSpan.FromSeconds(5));
            meter.Sample(TimeSpan.Zero, 0);
            meter.Sample(TimeSpan.FromSeconds(5), 500_000);
            Assert.IsFalse(meter.Sample(TimeSpan.FromSeconds(6), 1000), "a fall in bytes done is a restart, not a negative rate");
            Assert.IsTrue(meter.Sample(TimeSpan.FromSeconds(11), 1000 + 5 * 2000));

            Assert.AreEqual(2000.0, meter.BytesPerSecond, 0.001);
        }
    }
}
