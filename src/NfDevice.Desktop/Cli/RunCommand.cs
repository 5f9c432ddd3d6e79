using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Platform;
using Spectre.Console;

namespace NfDevice.Desktop.Cli
{
    /// <summary>`nfdevice run --settings nfdevice.json`: one device until Ctrl+C, logging to the console.</summary>
    internal static class RunCommand
    {
        public static Command Build()
        {
            var settings = new Option<string>("--settings", "-s")
            {
                Description = "Device settings file (thingName, endpoint, port, rootCa, certificate, privateKey, ...).",
                DefaultValueFactory = _ => "nfdevice.json",
            };
            var command = new Command("run", "Run one device until Ctrl+C; a reboot asked by a job restarts the agent.");
            command.Add(settings);
            command.SetAction((parse, cancel) => Task.Run(() =>
            {
                using var interrupt = new Interrupt(cancel);
                return Execute(parse.GetValue(settings), interrupt.Token);
            }));
            return command;
        }

        private static int Execute(string settingsPath, CancellationToken cancel)
        {
            // On a terminal a download shows as a bar (bytes, rate, time left) and log lines go through Spectre.Console
            // so they scroll above it; redirected, the log stays plain and a progress line with the rate comes every 5 s.
            bool terminal = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
            DesktopDevice device;
            try
            {
                var settings = DeviceSettings.Load(settingsPath);
                device = new DesktopDevice(settings, new DesktopDeviceOptions
                {
                    LogFactory = s => terminal ? new TextLog(new AnsiLineWriter(), s.LogLevel) : TextLog.Console(s.LogLevel),
                    RecentLogLines = 50,
                });
            }
            catch (SettingsException e)
            {
                Console.Error.WriteLine("nfdevice: " + e.Message);
                return 2;
            }
            using (device)
            {
                device.Start();
                // Ends on Ctrl+C, or when the agent crashed (the fault is in the log).
                if (terminal) ShowBars(device, cancel);
                else ShowLines(device, cancel);
                device.Stop();
                return device.Snapshot().Fault == null ? 0 : 1;
            }
        }

        private static bool Waiting(DesktopDevice device, CancellationToken cancel, int milliseconds) =>
            !cancel.WaitHandle.WaitOne(milliseconds) && device.IsRunning;

        private static void ShowLines(DesktopDevice device, CancellationToken cancel)
        {
            var meter = new DownloadMeter(TimeSpan.FromSeconds(5));
            var clock = Stopwatch.StartNew();
            while (Waiting(device, cancel, 500))
            {
                AgentStatus agent = device.Snapshot().Agent;
                if (agent.DownloadTotal <= 0) continue;
                if (meter.Sample(clock.Elapsed, agent.DownloadDone)) Console.WriteLine(meter.Line(agent.CurrentJobId, agent.DownloadDone, agent.DownloadTotal));
            }
        }

        private static void ShowBars(DesktopDevice device, CancellationToken cancel)
        {
            while (Waiting(device, cancel, 250))
            {
                AgentStatus agent = device.Snapshot().Agent;
                if (agent.DownloadTotal <= 0) continue;
                AnsiConsole.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(),
                        new TransferSpeedColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        ProgressTask bar = ctx.AddTask(Markup.Escape(agent.CurrentJobId ?? "download"), maxValue: agent.DownloadTotal);
                        while (Waiting(device, cancel, 250))
                        {
                            AgentStatus now = device.Snapshot().Agent;
                            if (now.DownloadTotal <= 0) break;
                            bar.Value = now.DownloadDone;
                        }
                        bar.StopTask();
                    });
            }
        }

        // Log lines through Spectre.Console, which redraws a live progress bar below them.
        private sealed class AnsiLineWriter : TextWriter
        {
            public override Encoding Encoding => Encoding.UTF8;

            public override void WriteLine(string value) => AnsiConsole.WriteLine(value ?? "");

            public override void Write(char value) => AnsiConsole.Write(value.ToString());
        }
    }
}
