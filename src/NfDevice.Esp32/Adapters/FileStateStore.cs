using System;
using System.IO;
using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Adapters
{
    /// <summary>
    /// Records as files on I:\ (the ESP32 config partition, LittleFS or SPIFFS). File.Move on
    /// nanoFramework refuses to overwrite, so a write goes to "name.tmp", then the old "name.st" is
    /// deleted and the temporary file moved into place. Each file carries its length and an FNV-1a
    /// checksum, so a power cut at any step leaves either the old or the new record readable: a torn
    /// temporary file fails its check and is ignored, and a complete one left behind by a cut between
    /// delete and move is promoted on the next read.
    /// </summary>
    public sealed class FileStateStore : IStateStore
    {
        /// <summary>Longest record name; SPIFFS limits the whole path to 32 bytes.</summary>
        public const int MaxNameLength = 20;

        private const int HeaderLength = 8;
        private const int TrailerLength = 4;
        private const uint Magic = 0x3153464E; // "NFS1" little-endian

        private readonly string _folder;
        private readonly ILog _log;

        /// <summary>Stores records in <paramref name="folder"/> (for example "I:\\").</summary>
        public FileStateStore(string folder, ILog log)
        {
            _folder = folder;
            _log = log;
        }

        /// <inheritdoc />
        public byte[] Read(string name)
        {
            if (!IsValidName(name))
            {
                return null;
            }

            string path = RecordPath(name);
            string temp = TempPath(name);
            try
            {
                byte[] data = ReadFramed(path);
                if (data != null)
                {
                    return data;
                }

                data = ReadFramed(temp);
                if (data != null)
                {
                    // A cut between delete and move: the temporary file is the newest complete record.
                    File.Delete(path);
                    File.Move(temp, path);
                    _log.Write(LogLevel.Info, "state: recovered " + name + " from its temporary file");
                }

                return data;
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "state: cannot read " + name + ": " + ex.Message);
                return null;
            }
        }

        /// <inheritdoc />
        public bool Write(string name, byte[] data, int count)
        {
            if (!IsValidName(name) || data == null || count < 0 || count > data.Length)
            {
                return false;
            }

            string path = RecordPath(name);
            string temp = TempPath(name);
            try
            {
                File.Delete(temp);
                using (FileStream stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                {
                    byte[] word = new byte[4];
                    PutUInt32(word, Magic);
                    stream.Write(word, 0, 4);
                    PutUInt32(word, (uint)count);
                    stream.Write(word, 0, 4);
                    stream.Write(data, 0, count);
                    PutUInt32(word, Fnv1a(data, 0, count));
                    stream.Write(word, 0, 4);
                    stream.Flush();
                }

                File.Delete(path);
                File.Move(temp, path);
                return true;
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "state: cannot write " + name + ": " + ex.Message);
                return false;
            }
        }

        /// <inheritdoc />
        public bool Delete(string name)
        {
            if (!IsValidName(name))
            {
                return false;
            }

            try
            {
                // File.Delete is a no-op when the file does not exist.
                File.Delete(RecordPath(name));
                File.Delete(TempPath(name));
                return true;
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "state: cannot delete " + name + ": " + ex.Message);
                return false;
            }
        }

        /// <summary>True when <paramref name="name"/> is 1..20 letters, digits, '-' or '_'.</summary>
        public static bool IsValidName(string name)
        {
            if (name == null || name.Length == 0 || name.Length > MaxNameLength)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private string RecordPath(string name)
        {
            return _folder + name + ".st";
        }

        private string TempPath(string name)
        {
            return _folder + name + ".tmp";
        }

        private static byte[] ReadFramed(string path)
        {
            if (!File.Exists(path))
            {
                return null;
            }

            byte[] file = File.ReadAllBytes(path);
            if (file.Length < HeaderLength + TrailerLength || GetUInt32(file, 0) != Magic)
            {
                return null;
            }

            uint count = GetUInt32(file, 4);
            if (count != (uint)(file.Length - HeaderLength - TrailerLength))
            {
                return null;
            }

            if (GetUInt32(file, file.Length - TrailerLength) != Fnv1a(file, HeaderLength, (int)count))
            {
                return null;
            }

            byte[] data = new byte[count];
            Array.Copy(file, HeaderLength, data, 0, (int)count);
            return data;
        }

        // FNV-1a 32-bit: detects torn writes; not a security check.
        private static uint Fnv1a(byte[] data, int offset, int count)
        {
            uint hash = 2166136261;
            for (int i = offset; i < offset + count; i++)
            {
                hash ^= data[i];
                hash *= 16777619;
            }

            return hash;
        }

        private static void PutUInt32(byte[] buffer, uint value)
        {
            buffer[0] = (byte)value;
            buffer[1] = (byte)(value >> 8);
            buffer[2] = (byte)(value >> 16);
            buffer[3] = (byte)(value >> 24);
        }

        private static uint GetUInt32(byte[] buffer, int offset)
        {
            return (uint)(buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16) | (buffer[offset + 3] << 24));
        }
    }
}
