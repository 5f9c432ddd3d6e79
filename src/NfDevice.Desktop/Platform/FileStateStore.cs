using System;
using System.IO;
using NfDevice.Desktop.Hosting;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Platform
{
    /// <summary>
    /// Named records as files in one directory. A write goes to "name.tmp", is flushed to the disk, and
    /// replaces "name" with a rename (atomic on the same volume), so after a crash or power cut the record
    /// is the old one or the new one, never a mix. Temporary files are never read: a torn one is ignored
    /// and removed when the store opens.
    /// </summary>
    public sealed class FileStateStore : IStateStore
    {
        private const string TempSuffix = ".tmp";
        private readonly object _gate = new object();
        private readonly ILog _log;
        private readonly System.Collections.Generic.Dictionary<string, string> _paths = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Opens (and creates) the store in <paramref name="directory"/>, removing leftover temporary files.</summary>
        public FileStateStore(string directory, ILog log = null)
        {
            Directory = Path.GetFullPath(directory);
            _log = log;
            System.IO.Directory.CreateDirectory(Directory);
            foreach (string leftover in System.IO.Directory.GetFiles(Directory, "*" + TempSuffix))
            {
                TryDelete(leftover);
            }
        }

        /// <summary>The directory holding the records.</summary>
        public string Directory { get; }

        /// <summary>Test hook: runs after the temporary file is durable and before it replaces the record.</summary>
        internal Action<string> BeforeReplace { get; set; }

        /// <inheritdoc />
        public byte[] Read(string name)
        {
            if (!IsValidName(name)) return null;
            lock (_gate)
            {
                try
                {
                    string path = PathOf(name);
                    return File.Exists(path) ? File.ReadAllBytes(path) : null;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    _log?.Write(LogLevel.Warning, "state: cannot read " + name + ": " + e.Message);
                    return null;
                }
            }
        }

        /// <inheritdoc />
        public bool Write(string name, byte[] data, int count)
        {
            if (!IsValidName(name) || data == null || count < 0 || count > data.Length) return false;
            lock (_gate)
            {
                string path = PathOf(name);
                string temp = TempOf(name);
                try
                {
                    // Unbuffered: the record goes straight to the file, and no 4 KB buffer is allocated per checkpoint.
                    // One fsync, before the rename: the new record is whole on the disk before it can replace the old
                    // one. (WriteThrough as well would sync the same bytes twice.) The rename itself is not synced: a
                    // power cut may undo it, which leaves the old record, and "old or new" is the promise.
                    using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.None))
                    {
                        stream.Write(data, 0, count);
                        using (EngineScheduler.Blocking()) stream.Flush(flushToDisk: true);
                    }
                    BeforeReplace?.Invoke(temp);
                    File.Move(temp, path, overwrite: true);
                    return true;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    _log?.Write(LogLevel.Warning, "state: cannot write " + name + ": " + e.Message);
                    TryDelete(temp);
                    return false;
                }
            }
        }

        /// <inheritdoc />
        public bool Delete(string name)
        {
            if (!IsValidName(name)) return false;
            lock (_gate)
            {
                try
                {
                    File.Delete(PathOf(name));
                    return true;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    _log?.Write(LogLevel.Warning, "state: cannot delete " + name + ": " + e.Message);
                    return false;
                }
            }
        }

        // Record names are chosen by the core; anything that could leave the directory or collide with
        // a temporary file is refused.
        private static bool IsValidName(string name)
        {
            if (string.IsNullOrEmpty(name) || name.Length > 64 || name[0] == '.' || name.EndsWith(TempSuffix, StringComparison.Ordinal)) return false;
            foreach (char c in name)
            {
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                if (!ok) return false;
            }
            return true;
        }

        // Paths are cached per record name: the download checkpoints the same record many times per image.
        private string PathOf(string name)
        {
            if (!_paths.TryGetValue(name, out string path))
            {
                path = Path.Combine(Directory, name);
                _paths[name] = path;
                _paths[name + TempSuffix] = path + TempSuffix;
            }
            return path;
        }

        private string TempOf(string name)
        {
            PathOf(name);
            return _paths[name + TempSuffix];
        }

        private static void TryDelete(string path)
        {
            try { File.Delete(path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
