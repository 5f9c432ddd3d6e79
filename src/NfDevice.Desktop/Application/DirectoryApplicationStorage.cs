using System;
using System.IO;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Application
{
    /// <summary>
    /// The two application slots of a desktop device: <c>slot-a.nfb</c> and <c>slot-b.nfb</c> in one folder
    /// (the ESP32 keeps the same two files on <c>I:\</c> or an SD card). Appended bytes reach the OS at once
    /// (a killed process loses nothing) and the disk at <see cref="Commit"/>.
    /// </summary>
    public sealed class DirectoryApplicationStorage : IApplicationStorage, IDisposable
    {
        private readonly string _folder;
        private readonly FileStream[] _writers = new FileStream[2];

        /// <summary>Keeps the slots in <paramref name="folder"/> (created when missing).</summary>
        public DirectoryApplicationStorage(string folder)
        {
            _folder = folder;
            Directory.CreateDirectory(folder);
        }

        /// <summary>Path of slot <paramref name="slot"/>'s file (0 = A, 1 = B).</summary>
        public string PathOf(int slot) => Path.Combine(_folder, slot == 0 ? "slot-a.nfb" : "slot-b.nfb");

        /// <inheritdoc />
        public long Length(int slot)
        {
            if (_writers[slot] != null) return _writers[slot].Length;
            var info = new FileInfo(PathOf(slot));
            return info.Exists ? info.Length : -1;
        }

        /// <inheritdoc />
        public bool Erase(int slot)
        {
            try
            {
                Close(slot);
                File.Delete(PathOf(slot));
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public bool Append(int slot, byte[] data, int offset, int count)
        {
            try
            {
                _writers[slot] ??= new FileStream(PathOf(slot), FileMode.Append, FileAccess.Write, FileShare.Read);
                _writers[slot].Write(data, offset, count);
                _writers[slot].Flush(false);
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public bool Commit(int slot)
        {
            try
            {
                using (NfDevice.Desktop.Hosting.EngineScheduler.Blocking()) _writers[slot]?.Flush(true);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public bool Truncate(int slot, long length)
        {
            try
            {
                Close(slot);
                using var stream = new FileStream(PathOf(slot), FileMode.Open, FileAccess.Write, FileShare.Read);
                stream.SetLength(length);
                stream.Flush(true);
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public int Read(int slot, long position, byte[] buffer, int offset, int count)
        {
            try
            {
                using var stream = new FileStream(PathOf(slot), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.Position = position;
                return stream.Read(buffer, offset, count);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return -1;
            }
        }

        /// <summary>Closes the open writers (end of a boot).</summary>
        public void Dispose()
        {
            Close(0);
            Close(1);
        }

        private void Close(int slot)
        {
            _writers[slot]?.Dispose();
            _writers[slot] = null;
        }
    }
}
