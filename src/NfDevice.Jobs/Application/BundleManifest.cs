using NfDevice.Jobs.Update;

namespace NfDevice.Jobs.Application
{
    /// <summary>
    /// The manifest at the front of an application bundle (format in BUNDLE.md, next to this file): the
    /// application's name, version and entry type, then each assembly's name, size and SHA-256 in load
    /// (dependency) order. Read from the first <see cref="HeaderSize"/> + <see cref="ManifestLength"/>
    /// bytes, so a device learns what it will load before it holds any assembly.
    /// </summary>
    public sealed class BundleManifest
    {
        /// <summary>Bytes before the manifest: magic (8), format version (2), assembly count (2), manifest length (4).</summary>
        public const int HeaderSize = 16;

        /// <summary>The format version this reader writes and reads.</summary>
        public const int FormatVersion = 1;

        /// <summary>Largest manifest accepted (32 assemblies with 80-character names fit well inside).</summary>
        public const int MaxManifestSize = 4096;

        /// <summary>Most assemblies in a bundle: nanoCLR holds at most 64 in all, the agent's own deployment included.</summary>
        public const int MaxAssemblies = 32;

        /// <summary>Longest name, entry type or version, in bytes.</summary>
        public const int MaxTextLength = 128;

        /// <summary>Largest bundle accepted (as the firmware document's limit).</summary>
        public const long MaxBundleSize = FirmwareDocument.MaxImageSize;

        private static readonly byte[] Magic = { 0x4E, 0x46, 0x42, 0x55, 0x4E, 0x44, 0x4C, 0x45 }; // "NFBUNDLE"

        /// <summary>Application name (display only).</summary>
        public string AppName;

        /// <summary>Application version, dotted numbers; a job's <c>version</c> must equal it.</summary>
        public string Version;

        /// <summary>Full name of the entry type (<c>Namespace.Type</c>) with static Start, Stop and optional SelfTest.</summary>
        public string EntryType;

        /// <summary>Number of assemblies.</summary>
        public int AssemblyCount;

        /// <summary>Assembly names in load order.</summary>
        public string[] Names;

        /// <summary>Assembly sizes in bytes, in load order.</summary>
        public int[] Sizes;

        /// <summary>SHA-256 of each assembly, 32 bytes each, in load order.</summary>
        public byte[] Hashes;

        /// <summary>Bytes of the manifest after the header.</summary>
        public int ManifestLength;

        /// <summary>Sum of the assembly sizes: the RAM the loaded application keeps (nanoCLR does not copy a loaded array).</summary>
        public long AssemblyBytes;

        /// <summary>Length of the whole bundle: header, manifest, assemblies.</summary>
        public long TotalLength
        {
            get { return HeaderSize + ManifestLength + AssemblyBytes; }
        }

        /// <summary>Offset in the bundle of assembly <paramref name="index"/>.</summary>
        public long AssemblyOffset(int index)
        {
            long offset = HeaderSize + ManifestLength;
            for (int i = 0; i < index; i++)
            {
                offset += Sizes[i];
            }

            return offset;
        }

        /// <summary>
        /// Reads the header's manifest length from the first <see cref="HeaderSize"/> bytes. Partial when fewer are
        /// given; BadMagic, BadFormatVersion or BadManifest when the header is not one this reader accepts.
        /// </summary>
        public static BundleResult ReadHeader(byte[] data, int offset, int count, out int manifestLength)
        {
            manifestLength = 0;
            int check = count < Magic.Length ? count : Magic.Length;
            for (int i = 0; i < check; i++)
            {
                if (data[offset + i] != Magic[i])
                {
                    return BundleResult.BadMagic;
                }
            }

            if (count < HeaderSize)
            {
                return BundleResult.Partial;
            }

            if (ReadU16(data, offset + 8) != FormatVersion)
            {
                return BundleResult.BadFormatVersion;
            }

            long length = ReadU32(data, offset + 12);
            if (length < 8 || length > MaxManifestSize)
            {
                return BundleResult.BadManifest;
            }

            manifestLength = (int)length;
            return BundleResult.Ok;
        }

        /// <summary>
        /// Parses header and manifest from <paramref name="count"/> bytes at <paramref name="offset"/> (the bundle's
        /// start; bytes beyond the manifest are ignored). Every field is validated; on any result but Ok the fields are
        /// not to be used.
        /// </summary>
        public BundleResult Parse(byte[] data, int offset, int count)
        {
            AssemblyCount = 0;
            AssemblyBytes = 0;
            int length;
            BundleResult header = ReadHeader(data, offset, count, out length);
            if (header != BundleResult.Ok)
            {
                return header;
            }

            if (count < HeaderSize + length)
            {
                return BundleResult.Partial;
            }

            ManifestLength = length;
            int declared = ReadU16(data, offset + 10);
            if (declared < 1 || declared > MaxAssemblies)
            {
                return BundleResult.BadAssemblyCount;
            }

            int at = offset + HeaderSize;
            int end = at + length;
            BundleResult r = ReadText(data, ref at, end, false, out AppName);
            if (r != BundleResult.Ok)
            {
                return r;
            }

            r = ReadText(data, ref at, end, false, out Version);
            if (r != BundleResult.Ok)
            {
                return r;
            }

            if (!FirmwareVersion.IsValid(Version))
            {
                return BundleResult.BadVersion;
            }

            r = ReadText(data, ref at, end, true, out EntryType);
            if (r != BundleResult.Ok)
            {
                return r;
            }

            Names = new string[declared];
            Sizes = new int[declared];
            Hashes = new byte[declared * 32];
            for (int i = 0; i < declared; i++)
            {
                r = ReadText(data, ref at, end, true, out Names[i]);
                if (r != BundleResult.Ok)
                {
                    return r;
                }

                if (end - at < 4 + 32)
                {
                    return BundleResult.BadManifest;
                }

                long size = ReadU32(data, at);
                at += 4;
                if (size == 0 || size > MaxBundleSize || AssemblyBytes + size > MaxBundleSize)
                {
                    return BundleResult.BadSize;
                }

                for (int j = 0; j < i; j++)
                {
                    if (Names[j] == Names[i])
                    {
                        return BundleResult.DuplicateAssembly;
                    }
                }

                Sizes[i] = (int)size;
                AssemblyBytes += size;
                System.Array.Copy(data, at, Hashes, i * 32, 32);
                at += 32;
            }

            if (at != end)
            {
                return BundleResult.BadManifest; // bytes left over: a writer this reader does not understand
            }

            AssemblyCount = declared;
            return BundleResult.Ok;
        }

        /// <summary>Bytes <see cref="Write"/> produces for the fields as set (header and manifest).</summary>
        public int EncodedLength()
        {
            int length = HeaderSize + 3 + Ascii(AppName) + Ascii(Version) + Ascii(EntryType);
            for (int i = 0; i < AssemblyCount; i++)
            {
                length += 1 + Ascii(Names[i]) + 4 + 32;
            }

            return length;
        }

        /// <summary>
        /// Writes header and manifest for the fields as set (<see cref="AssemblyCount"/>, names, sizes, hashes) into
        /// <paramref name="output"/> at <paramref name="offset"/>, sets <see cref="ManifestLength"/> and returns the bytes
        /// written. The caller appends the assemblies in the same order. Nothing is validated here: read the result
        /// back with <see cref="Parse"/> to check it.
        /// </summary>
        public int Write(byte[] output, int offset)
        {
            int at = offset;
            for (int i = 0; i < Magic.Length; i++)
            {
                output[at++] = Magic[i];
            }

            int total = EncodedLength();
            ManifestLength = total - HeaderSize;
            WriteU16(output, at, FormatVersion);
            WriteU16(output, at + 2, AssemblyCount);
            WriteU16(output, at + 4, ManifestLength & 0xFFFF);
            WriteU16(output, at + 6, (ManifestLength >> 16) & 0xFFFF);
            at += 8;
            at = WriteText(output, at, AppName);
            at = WriteText(output, at, Version);
            at = WriteText(output, at, EntryType);
            AssemblyBytes = 0;
            for (int i = 0; i < AssemblyCount; i++)
            {
                at = WriteText(output, at, Names[i]);
                int size = Sizes[i];
                WriteU16(output, at, size & 0xFFFF);
                WriteU16(output, at + 2, (size >> 16) & 0xFFFF);
                at += 4;
                System.Array.Copy(Hashes, i * 32, output, at, 32);
                at += 32;
                AssemblyBytes += size;
            }

            return at - offset;
        }

        private static int Ascii(string text)
        {
            return text == null ? 0 : text.Length;
        }

        private static int WriteText(byte[] output, int at, string text)
        {
            char[] chars = text == null ? new char[0] : text.ToCharArray(); // one pass: the indexer is O(n) on nanoCLR
            output[at++] = (byte)chars.Length;
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                output[at++] = c < 128 ? (byte)c : (byte)0x3F;
            }

            return at;
        }

        private static void WriteU16(byte[] output, int at, int value)
        {
            output[at] = (byte)(value & 0xFF);
            output[at + 1] = (byte)((value >> 8) & 0xFF);
        }

        // Text: one length byte, then that many bytes of printable ASCII (no NUL: nanoCLR strings end at U+0000).
        // Identifiers (names, entry type) also exclude the space.
        private static BundleResult ReadText(byte[] data, ref int at, int end, bool identifier, out string text)
        {
            text = null;
            if (at >= end)
            {
                return BundleResult.BadManifest;
            }

            int length = data[at];
            if (length == 0 || length > MaxTextLength)
            {
                return BundleResult.BadText;
            }

            if (end - at - 1 < length)
            {
                return BundleResult.BadManifest;
            }

            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                byte b = data[at + 1 + i];
                if (b > 0x7E || b < (identifier ? 0x21 : 0x20))
                {
                    return BundleResult.BadText;
                }

                chars[i] = (char)b;
            }

            text = new string(chars);
            at += 1 + length;
            return BundleResult.Ok;
        }

        private static int ReadU16(byte[] data, int at)
        {
            return data[at] | (data[at + 1] << 8);
        }

        private static long ReadU32(byte[] data, int at)
        {
            return (long)(data[at] | (data[at + 1] << 8) | (data[at + 2] << 16)) | ((long)data[at + 3] << 24);
        }
    }
}
