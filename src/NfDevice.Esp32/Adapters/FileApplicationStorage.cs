using System;
using System.IO;
using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>
    /// The two application bundle slots as files on a drive: <c>a.nfb</c> and <c>b.nfb</c> in a folder of <c>I:\</c>
    /// (LittleFS, the config partition) or of an SD card (<c>D:\</c>). LittleFS commits a file only when it is closed
    /// (Flush does not write to flash), so <see cref="Commit"/> closes the open file and the next Append opens it again.
    /// There is no free-space API on ESP32 (DriveInfo.TotalSize reads -1): the core checks a configured budget instead.
    /// </summary>
    public sealed class FileApplicationStorage : IApplicationStorage
    {
        private readonly string _folder;
        private readonly ILog _log;
        private FileStream _writer;
        private int _writerSlot = -1;

        /// <summary>Keeps the slots in <paramref name="folder"/> (for example "I:\\app"), created when missing.</summary>
        public FileApplicationStorage(string folder, ILog log)
        {
            _folder = folder;
            _log = log;
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        /// <inheritdoc />
        public long Length(int slot)
        {
            if (_writer != null && _writerSlot == slot)
            {
                return _writer.Length;
            }

            string path = PathOf(slot);
            if (!File.Exists(path))
            {
                return -1;
            }

            try
            {
                using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    return stream.Length;
                }
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "app storage: cannot open " + path + ": " + ex.Message);
                return -1;
            }
        }

        /// <inheritdoc />
        public bool Erase(int slot)
        {
            try
            {
                if (_writerSlot == slot)
                {
                    Close();
                }

                string path = PathOf(slot);
                if (File.Exists(path))
                {
                    File.Delete(path);
                }

                return true;
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "app storage: cannot erase slot " + slot.ToString() + ": " + ex.Message);
                return false;
            }
        }

        /// <inheritdoc />
        public bool Append(int slot, byte[] data, int offset, int count)
        {
            try
            {
                if (_writer == null || _writerSlot != slot)
                {
                    Close();
                    // Append requires Write access and never seeks before the old end (FileStream.cs).
                    _writer = new FileStream(PathOf(slot), FileMode.Append, FileAccess.Write);
                    _writerSlot = slot;
                }

                _writer.Write(data, offset, count);
                return true;
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "app storage: write failed: " + ex.Message);
                Close();
                return false;
            }
        }

        /// <inheritdoc />
        public bool Commit(int slot)
        {
            try
            {
                if (_writerSlot == slot)
                {
                    Close(); // the only act LittleFS makes durable
                }

                return true;
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "app storage: commit failed: " + ex.Message);
                return false;
            }
        }

        /// <inheritdoc />
        public bool Truncate(int slot, long length)
        {
            try
            {
                if (_writerSlot == slot)
                {
                    Close();
                }

                // FileStream.SetLength (System.IO.FileSystem); closing commits it on LittleFS.
                using (FileStream stream = new FileStream(PathOf(slot), FileMode.Open, FileAccess.Write))
                {
                    stream.SetLength(length);
                }

                return true;
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "app storage: cannot cut slot " + slot.ToString() + ": " + ex.Message);
                return false;
            }
        }

        /// <inheritdoc />
        public int Read(int slot, long position, byte[] buffer, int offset, int count)
        {
            try
            {
                if (_writerSlot == slot)
                {
                    Close();
                }

                using (FileStream stream = new FileStream(PathOf(slot), FileMode.Open, FileAccess.Read))
                {
                    stream.Seek(position, SeekOrigin.Begin);
                    int total = 0;
                    while (total < count)
                    {
                        int read = stream.Read(buffer, offset + total, count - total);
                        if (read <= 0)
                        {
                            break;
                        }

                        total += read;
                    }

                    return total;
                }
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "app storage: read failed: " + ex.Message);
                return -1;
            }
        }

        private string PathOf(int slot)
        {
            return _folder + (slot == 0 ? "\\a.nfb" : "\\b.nfb");
        }

        private void Close()
        {
            if (_writer != null)
            {
                _writer.Dispose();
                _writer = null;
            }

            _writerSlot = -1;
        }
    }
}
