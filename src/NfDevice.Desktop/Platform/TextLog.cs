using System;
using System.IO;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Platform
{
    /// <summary>
    /// Writes log lines ("2026-01-01T12:00:00.000Z INFO  [thing] message") at or above a level to a
    /// <see cref="TextWriter"/> (the console, or a file). Several logs may share one writer: lines never interleave.
    /// </summary>
    public sealed class TextLog : ILog, IDisposable
    {
        private static readonly object ConsoleGate = new object();
        private readonly TextWriter _writer;
        private readonly object _gate;
        private readonly bool _ownsWriter;
        private readonly string _prefix;

        /// <summary>Logs to <paramref name="writer"/>; <paramref name="ownsWriter"/> disposes it with this log.</summary>
        public TextLog(TextWriter writer, LogLevel minimum, string source = null, bool ownsWriter = false)
        {
            _writer = writer ?? throw new ArgumentNullException(nameof(writer));
            _gate = writer == System.Console.Out || writer == System.Console.Error ? ConsoleGate : writer;
            _ownsWriter = ownsWriter;
            _prefix = string.IsNullOrEmpty(source) ? " " : " [" + source + "] ";
            Minimum = minimum;
        }

        /// <summary>A log on standard output.</summary>
        public static TextLog Console(LogLevel minimum, string source = null) => new TextLog(System.Console.Out, minimum, source);

        /// <summary>A log appended to <paramref name="path"/> (directory created, lines flushed as written).</summary>
        public static TextLog File(string path, LogLevel minimum, string source = null)
        {
            string dir = Path.GetDirectoryName(Path.GetFullPath(path));
            Directory.CreateDirectory(dir);
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            return new TextLog(new StreamWriter(stream) { AutoFlush = true }, minimum, source, ownsWriter: true);
        }

        /// <summary>Lines below this level are dropped.</summary>
        public LogLevel Minimum { get; set; }

        /// <inheritdoc />
        public void Write(LogLevel level, string message)
        {
            if (level < Minimum) return;
            string line = Line(level, _prefix, message);
            lock (_gate)
            {
                try { _writer.WriteLine(line); }
                catch (ObjectDisposedException) { }
                catch (IOException) { }
            }
        }

        /// <summary>One line as every log of the desktop host writes it: UTC time, level, <paramref name="prefix"/>, message.</summary>
        public static string Line(LogLevel level, string prefix, string message) =>
            DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z' ") + LevelName(level) + prefix + message;

        /// <summary>The fixed-width name written for <paramref name="level"/>.</summary>
        public static string LevelName(LogLevel level) => level switch
        {
            LogLevel.Debug => "DEBUG",
            LogLevel.Info => "INFO ",
            LogLevel.Warning => "WARN ",
            _ => "ERROR",
        };

        /// <inheritdoc />
        public void Dispose()
        {
            if (!_ownsWriter) return;
            lock (_gate) _writer.Dispose();
        }
    }
}
