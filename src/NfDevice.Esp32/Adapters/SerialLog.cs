using System;
using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>
    /// The device log: one line per entry on the debug channel (the serial port / Visual Studio
    /// output). Console.WriteLine is used rather than Debug.WriteLine, which Release builds strip.
    /// </summary>
    public sealed class SerialLog : ILog
    {
        private static readonly string[] LevelNames = { "DBG", "INF", "WRN", "ERR" };

        private readonly object _gate = new object();

        /// <summary>Lowest level written; lower levels are dropped.</summary>
        public LogLevel MinimumLevel = LogLevel.Info;

        /// <inheritdoc />
        public void Write(LogLevel level, string message)
        {
            if (level < MinimumLevel)
            {
                return;
            }

            int index = (int)level;
            string name = index >= 0 && index < LevelNames.Length ? LevelNames[index] : "???";

            // Uptime rather than wall time: the clock is not valid until SNTP has run.
            string line = (Environment.TickCount64 / 1000).ToString() + "s " + name + " " + message;
            lock (_gate)
            {
                Console.WriteLine(line);
            }
        }
    }
}
