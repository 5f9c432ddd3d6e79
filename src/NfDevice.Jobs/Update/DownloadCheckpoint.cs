using NfDevice.Jobs.Crypto;

namespace NfDevice.Jobs.Update
{
    /// <summary>
    /// The record that lets a download resume after a reboot or a killed process: which execution and
    /// which image (never the URL: every delivery re-signs it), how many bytes are in the slot and
    /// hashed, the SHA-256 midstate at that offset, and the image's first bytes (InFieldUpdate's
    /// ResumeUpdateSession compares them with the slot). Fixed-size binary layout, little-endian,
    /// written atomically through the state store.
    /// </summary>
    public sealed class DownloadCheckpoint
    {
        /// <summary>State store record name.</summary>
        public const string RecordName = "fw-checkpoint";

        /// <summary>Bytes of the image start kept for the slot's resume check (ESP32 MCUboot header size).</summary>
        public const int HeaderSize = 32;

        /// <summary>Longest jobId (reference §1.3: 64).</summary>
        public const int MaxJobIdLength = 64;

        private const uint Magic = 0x4B43464E; // "NFCK"
        private const int FixedSize = 4 + 1 + MaxJobIdLength + 8 + 32 + 8 + 8 + Sha256.MidstateSize + HeaderSize;

        /// <summary>Size of an encoded record.</summary>
        public const int EncodedSize = FixedSize;

        /// <summary>Job of the execution.</summary>
        public string JobId;

        /// <summary>executionNumber of the execution.</summary>
        public long ExecutionNumber;

        /// <summary>SHA-256 of the image identity (signature text and size): a new image means a new download.</summary>
        public readonly byte[] ImageId = new byte[32];

        /// <summary>Image size in bytes.</summary>
        public long ImageSize;

        /// <summary>Bytes stored and hashed; a multiple of 64 (checkpoints are taken at erase-block boundaries).</summary>
        public long Offset;

        /// <summary>SHA-256 midstate at <see cref="Offset"/>.</summary>
        public readonly byte[] Midstate = new byte[Sha256.MidstateSize];

        /// <summary>First <see cref="HeaderSize"/> bytes of the image (zeros until stored).</summary>
        public readonly byte[] Header = new byte[HeaderSize];

        /// <summary>Computes the identity of an image from its signature text and size into <paramref name="output"/> (32 bytes).</summary>
        public static void ComputeImageId(ISha256 sha, string signature, long size, byte[] output)
        {
            sha.Reset();
            byte[] text = System.Text.Encoding.UTF8.GetBytes(signature);
            sha.Update(text, 0, text.Length);
            byte[] length = new byte[8];
            WriteInt64(length, 0, size);
            sha.Update(length, 0, 8);
            sha.Final(output, 0);
        }

        /// <summary>True if this checkpoint belongs to the execution and image given.</summary>
        public bool Matches(string jobId, long executionNumber, byte[] imageId, long imageSize)
        {
            if (JobId != jobId || ExecutionNumber != executionNumber || ImageSize != imageSize)
            {
                return false;
            }

            for (int i = 0; i < 32; i++)
            {
                if (ImageId[i] != imageId[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Writes the record into <paramref name="buffer"/> (at least <see cref="EncodedSize"/> bytes). Returns false if it cannot.</summary>
        public bool Encode(byte[] buffer)
        {
            if (buffer == null || buffer.Length < EncodedSize || JobId == null || JobId.Length == 0 || JobId.Length > MaxJobIdLength)
            {
                return false;
            }

            System.Array.Clear(buffer, 0, EncodedSize);
            int i = 0;
            WriteInt32(buffer, i, (int)Magic);
            i += 4;
            buffer[i++] = (byte)JobId.Length;
            for (int c = 0; c < JobId.Length; c++)
            {
                buffer[i + c] = (byte)JobId[c]; // jobId is ASCII [a-zA-Z0-9_-]
            }

            i += MaxJobIdLength;
            WriteInt64(buffer, i, ExecutionNumber);
            i += 8;
            System.Array.Copy(ImageId, 0, buffer, i, 32);
            i += 32;
            WriteInt64(buffer, i, ImageSize);
            i += 8;
            WriteInt64(buffer, i, Offset);
            i += 8;
            System.Array.Copy(Midstate, 0, buffer, i, Sha256.MidstateSize);
            i += Sha256.MidstateSize;
            System.Array.Copy(Header, 0, buffer, i, HeaderSize);
            return true;
        }

        /// <summary>Reads a record; false if <paramref name="data"/> is not a well-formed checkpoint.</summary>
        public bool Decode(byte[] data)
        {
            if (data == null || data.Length != EncodedSize || (uint)ReadInt32(data, 0) != Magic)
            {
                return false;
            }

            int i = 4;
            int length = data[i++];
            if (length == 0 || length > MaxJobIdLength)
            {
                return false;
            }

            char[] chars = new char[length];
            for (int c = 0; c < length; c++)
            {
                byte b = data[i + c];
                bool ok = (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'0' && b <= (byte)'9') || b == (byte)'_' || b == (byte)'-';
                if (!ok)
                {
                    return false;
                }

                chars[c] = (char)b;
            }

            i += MaxJobIdLength;
            long executionNumber = ReadInt64(data, i);
            i += 8;
            int imageIdAt = i;
            i += 32;
            long imageSize = ReadInt64(data, i);
            i += 8;
            long offset = ReadInt64(data, i);
            i += 8;
            if (imageSize <= 0 || offset < 0 || offset > imageSize || (offset % Sha256.BlockSize) != 0)
            {
                return false;
            }

            JobId = new string(chars);
            ExecutionNumber = executionNumber;
            System.Array.Copy(data, imageIdAt, ImageId, 0, 32);
            ImageSize = imageSize;
            Offset = offset;
            System.Array.Copy(data, i, Midstate, 0, Sha256.MidstateSize);
            i += Sha256.MidstateSize;
            System.Array.Copy(data, i, Header, 0, HeaderSize);
            return true;
        }

        private static void WriteInt32(byte[] b, int at, int v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)(v >> 16);
            b[at + 3] = (byte)(v >> 24);
        }

        private static int ReadInt32(byte[] b, int at)
        {
            return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
        }

        private static void WriteInt64(byte[] b, int at, long v)
        {
            WriteInt32(b, at, (int)v);
            WriteInt32(b, at + 4, (int)(v >> 32));
        }

        private static long ReadInt64(byte[] b, int at)
        {
            return (uint)ReadInt32(b, at) | ((long)ReadInt32(b, at + 4) << 32);
        }
    }
}
