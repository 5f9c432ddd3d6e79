using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Demo;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Tests.EndToEnd
{
    /// <summary>The demo's live download column, from the bytes each agent reports in statusDetails.</summary>
    [TestClass]
    public sealed class DemoViewTests
    {
        private static ExecutionSnapshot At(string status, string bytes) => new ExecutionSnapshot("job", "dev-1", 1, status, 2,
            bytes == null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["bytes"] = bytes }, 0, 0, 0, 0);

        [TestMethod]
        public void DownloadCell_ShowsABarThePercentage_AndTheRateBetweenReports()
        {
            var view = new DemoView(new DiagnosticsDemoJob(), new[] { "dev-1" });

            Assert.AreEqual("#####........... 31%", view.DownloadCell("dev-1", At("IN_PROGRESS", "10240/32768"), TimeSpan.FromSeconds(1)));
            Assert.AreEqual("##########...... 62% 5.0 KB/s", view.DownloadCell("dev-1", At("IN_PROGRESS", "20480/32768"), TimeSpan.FromSeconds(3)));
            Assert.AreEqual("##########...... 62% 5.0 KB/s", view.DownloadCell("dev-1", At("IN_PROGRESS", "20480/32768"), TimeSpan.FromSeconds(4)), "no new report: the last rate stays");
        }

        [TestMethod]
        public void DownloadCell_IsEmpty_WithoutBytes_OrOnceTheExecutionEnded()
        {
            var view = new DemoView(new DiagnosticsDemoJob(), new[] { "dev-1" });

            Assert.AreEqual("", view.DownloadCell("dev-1", At("IN_PROGRESS", null), TimeSpan.Zero));
            Assert.AreEqual("", view.DownloadCell("dev-1", At("SUCCEEDED", "32768/32768"), TimeSpan.Zero));
            Assert.AreEqual("", view.DownloadCell("dev-1", At("IN_PROGRESS", "garbage"), TimeSpan.Zero));
        }
    }
}
