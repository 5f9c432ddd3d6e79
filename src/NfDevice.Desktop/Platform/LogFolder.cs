using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Threading;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Platform
{
    /// <summary>
    /// One log file per device in a folder without a file descriptor per device: each log keeps its new lines in memory
    /// and one background writer appends them every <see cref="FlushInterval"/> (open, append, close). A process holds
    /// about 20,000 descriptors (`ulimit -n`), and ten thousand simulated devices already need one socket each;
    /// <see cref="TextLog.File"/> would add a second. Lines not yet written when the process is killed are lost;
    /// <see cref="Dispose"/> writes everything.
    /// </summary>
    public sealed class LogFolder : IDisposable
    {
        private readonly ConcurrentQueue<FolderLog> _dirty = new ConcurrentQueue<FolderLog>();
        private readonly Thread _writer;
        private readonly ManualResetEventSlim _stop = new ManualResetEventSlim(false);
        private readonly object _flushGate = new object();
        private int _disposed;

        /// <summary>Creates <paramref name="directory"/> if needed and starts the writer.</summary>
        public LogFolder(string directory, TimeSpan? flushInterval = null)
        {
            Directory = System.IO.Directory.CreateDirectory(directory).FullName;
            FlushInterval = flushInterval ?? TimeSpan.FromMilliseconds(500);
            _writer = new Thread(WriteLoop) { IsBackground = true, Name = "log folder" };
            _writer.Start();
        }

        /// <summary>The folder.</summary>
        public string Directory { get; }

        /// <summary>How often new lines reach the files.</summary>
        public TimeSpan FlushInterval { get; }

        /// <summary>A log appended to <c>NAME.log</c> in the folder (lines below <paramref name="minimum"/> dropped).</summary>
        public ILog Open(string name, LogLevel minimum) => new FolderLog(this, Path.Combine(Directory, name + ".log"), minimum);

        /// <summary>Writes every pending line now (on the calling thread).</summary>
        public void Flush()
        {
            lock (_flushGate)
            {
                while (_dirty.TryDequeue(out FolderLog log)) log.WritePending();
            }
        }

        /// <summary>Stops the writer and writes what is left.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _stop.Set();
            _writer.Join();
            Flush();
        }

        private void WriteLoop()
        {
            while (!_stop.Wait(FlushInterval)) Flush();
        }

        private sealed class FolderLog : ILog
        {
            private readonly LogFolder _folder;
            private readonly string _path;
            private readonly LogLevel _minimum;
            private StringBuilder _pending = new StringBuilder();
            private StringBuilder _spare = new StringBuilder();
            private bool _queued;

            public FolderLog(LogFolder folder, string path, LogLevel minimum)
            {
                _folder = folder;
                _path = path;
                _minimum = minimum;
            }

            public void Write(LogLevel level, string message)
            {
                if (level < _minimum) return;
                string line = TextLog.Line(level, " ", message);
                bool enqueue;
                lock (this)
                {
                    _pending.Append(line).Append('\n');
                    enqueue = !_queued;
                    _queued = true;
                }
                if (enqueue) _folder._dirty.Enqueue(this);
            }

            // One writer at a time (under the folder's flush lock).
            public void WritePending()
            {
                StringBuilder lines;
                lock (this)
                {
                    lines = _pending;
                    _pending = _spare;
                    _spare = lines;
                    _queued = false;
                }
                try
                {
                    using (var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
                    using (var writer = new StreamWriter(stream))
                    {
                        foreach (ReadOnlyMemory<char> chunk in lines.GetChunks()) writer.Write(chunk.Span);
                    }
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
                lines.Clear();
            }
        }
    }
}
