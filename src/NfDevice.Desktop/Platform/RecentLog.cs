using System.Collections.Generic;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Platform
{
    /// <summary>
    /// Keeps the last lines in memory (for the simulator's display and for tests) and forwards every line
    /// to an optional inner log.
    /// </summary>
    public sealed class RecentLog : ILog
    {
        private readonly Queue<string> _lines = new Queue<string>();
        private readonly int _capacity;
        private readonly ILog _inner;

        /// <summary>Keeps up to <paramref name="capacity"/> lines; forwards to <paramref name="inner"/> if not null.</summary>
        public RecentLog(int capacity, ILog inner = null)
        {
            _capacity = capacity < 1 ? 1 : capacity;
            _inner = inner;
        }

        /// <summary>The last warning or error written, or null.</summary>
        public string LastProblem { get; private set; }

        /// <inheritdoc />
        public void Write(LogLevel level, string message)
        {
            lock (_lines)
            {
                if (_lines.Count == _capacity) _lines.Dequeue();
                _lines.Enqueue(TextLog.LevelName(level) + " " + message);
                if (level >= LogLevel.Warning) LastProblem = message;
            }
            _inner?.Write(level, message);
        }

        /// <summary>A copy of the kept lines, oldest first.</summary>
        public string[] Lines()
        {
            lock (_lines) return _lines.ToArray();
        }
    }
}
