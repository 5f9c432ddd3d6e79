using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using NfDevice.Desktop.Hosting;
using NfDevice.Desktop.Platform;

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
            DesktopDevice device;
            try
            {
                var settings = DeviceSettings.Load(settingsPath);
                device = new DesktopDevice(settings, new DesktopDeviceOptions
                {
                    LogFactory = s => TextLog.Console(s.LogLevel),
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
                while (!cancel.WaitHandle.WaitOne(500) && device.IsRunning) { }
                device.Stop();
                return device.Snapshot().Fault == null ? 0 : 1;
            }
        }
    }
}
