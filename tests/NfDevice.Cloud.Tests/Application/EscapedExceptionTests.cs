using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Application;
using NfDevice.Desktop.Platform;

namespace NfDevice.Cloud.Tests.Application
{
    /// <summary>
    /// An exception that escapes an application's own thread or timer ends that thread only, as on nanoFramework (where a
    /// timer whose callback throws keeps firing): the process that runs the agents, and here the test host itself, goes
    /// on. Without the handler the first test ends the test run.
    /// </summary>
    [TestClass]
    public sealed class EscapedExceptionTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

        private static void WaitUntil(Func<bool> condition, Func<string> what)
        {
            var until = DateTime.UtcNow + Wait;
            while (!condition())
            {
                if (DateTime.UtcNow > until) Assert.Fail(what());
                Thread.Sleep(20);
            }
        }

        private static int Beats(string data)
        {
            try
            {
                return int.TryParse(File.ReadAllText(Path.Combine(data, "beats.txt")), out int n) ? n : 0;
            }
            catch (IOException)
            {
                return 0;
            }
        }

        [TestMethod]
        public void ExceptionsFromTheApplicationsThreadAndTimer_EndOnlyThatThread_AreLogged_AndTheTimerKeepsBeating()
        {
            string dir = Path.Combine(Path.GetTempPath(), "nfdevice-escaped-" + Guid.NewGuid().ToString("N"));
            string app = TestApps.TwoAssemblies("1.0.0", TestApps.Fault.ThrowInBackground);
            var log = new RecentLog(50);
            using var host = new AssemblyLoadContextHost("escaping", dir, log);
            try
            {
                Assert.IsNull(host.Load("TestApp.Words", File.ReadAllBytes(Path.Combine(app, "TestApp.Words.dll"))));
                Assert.IsNull(host.Load("TestApp.Main", File.ReadAllBytes(Path.Combine(app, "TestApp.Main.dll"))));
                Assert.IsNull(host.Start("TestApp.Main.Entry", 10_000));

                Func<string> state = () => "escaped " + host.EscapedExceptions + ", beats " + Beats(dir) + "\n" + string.Join("\n", log.Lines());
                WaitUntil(() => host.EscapedExceptions == 2 && Beats(dir) >= 6, state);
                string[] lines = log.Lines();
                Assert.IsTrue(lines.Any(l => l.Contains("InvalidOperationException escaped the application's code on thread 'app worker': thrown on the app's thread", StringComparison.Ordinal)), state());
                Assert.IsTrue(lines.Any(l => l.Contains("on a timer or thread-pool callback: thrown in the app's timer", StringComparison.Ordinal)), state());
                Assert.AreEqual("running 1.0.0", File.ReadAllText(Path.Combine(dir, "running.txt")), "Start itself completed");
                Assert.IsNull(host.Stop("TestApp.Main.Entry", 10_000));
                Assert.AreEqual(2, host.EscapedExceptions, "nothing else escaped");
            }
            finally
            {
                host.Dispose();
                Thread.Sleep(100); // a beat in flight finishes before the folder goes
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
            }
        }

        [TestMethod]
        public void AnExceptionWithoutApplicationCodeOnItsStack_IsNotTheApplications_AndIsLeftUnhandled()
        {
            Exception ours;
            try
            {
                throw new InvalidOperationException("the agent's own bug");
            }
            catch (InvalidOperationException e)
            {
                ours = e;
            }

            Assert.IsNull(ApplicationFaults.OwnerOf(ours));
            Assert.IsFalse(ApplicationFaults.Handle(ours), "an exception of the agent (or of the test) must still end the process");
        }
    }
}
