using System;
using System.Collections.Generic;
using System.Text;

namespace NfDevice.Desktop.Bundles
{
    /// <summary>
    /// What a bundle writer needs from a nanoFramework 1.x <c>.pe</c> file (layout in
    /// ../shared/reference/nanoclr-assembly-load.md §3): its assembly name, the names it references, and the
    /// strings of its own string table (for the entry type check). Refuses anything without the NFMRK1 marker.
    /// </summary>
    public sealed class PeImage
    {
        private const int HeaderSize = 124;
        // Indices at or above this are the firmware's built-in string table (platform names, never bundle assemblies).
        private const int BuiltInStrings = 0xFFFF - 860;

        private PeImage(string name, IReadOnlyList<string> references, HashSet<string> strings)
        {
            Name = name;
            References = references;
            Strings = strings;
        }

        /// <summary>The assembly's name (null when it is a built-in string).</summary>
        public string Name { get; }

        /// <summary>Names of the assemblies it references that are in its own string table.</summary>
        public IReadOnlyList<string> References { get; }

        /// <summary>Every string of its string table.</summary>
        public HashSet<string> Strings { get; }

        /// <summary>Reads <paramref name="bytes"/>; throws <see cref="FormatException"/> when it is not a 1.x .pe.</summary>
        public static PeImage Read(byte[] bytes)
        {
            if (bytes.Length < HeaderSize || Encoding.ASCII.GetString(bytes, 0, 6) != "NFMRK1")
            {
                throw new FormatException(bytes.Length >= 6 && Encoding.ASCII.GetString(bytes, 0, 6) == "NFMRK2"
                    ? "a nanoFramework 2.x .pe (NFMRK2): the stable 1.x firmware cannot load it"
                    : "not a nanoFramework .pe (no NFMRK1 marker)");
            }

            uint Table(int i) => BitConverter.ToUInt32(bytes, 40 + (4 * i));
            uint refsStart = Table(0), refsEnd = Table(1), stringsStart = Table(11), stringsEnd = Table(12);
            byte refsPadding = bytes[108];
            if (refsEnd > bytes.Length || stringsEnd > bytes.Length || refsStart > refsEnd || stringsStart > stringsEnd)
            {
                throw new FormatException("table offsets beyond the file");
            }

            string StringAt(int index)
            {
                if (index >= BuiltInStrings) return null;
                long at = stringsStart + index;
                if (at >= stringsEnd) throw new FormatException("string index beyond the string table");
                int end = (int)at;
                while (end < stringsEnd && bytes[end] != 0) end++;
                return Encoding.UTF8.GetString(bytes, (int)at, end - (int)at);
            }

            var strings = new HashSet<string>(StringComparer.Ordinal);
            for (int at = (int)stringsStart; at < stringsEnd;)
            {
                int end = at;
                while (end < stringsEnd && bytes[end] != 0) end++;
                strings.Add(Encoding.UTF8.GetString(bytes, at, end - at));
                at = end + 1;
            }

            var references = new List<string>();
            long count = (refsEnd - refsStart - refsPadding) / 12;
            for (int i = 0; i < count; i++)
            {
                string reference = StringAt(BitConverter.ToUInt16(bytes, (int)refsStart + (12 * i)));
                if (reference != null) references.Add(reference);
            }

            return new PeImage(StringAt(BitConverter.ToUInt16(bytes, 36)), references, strings);
        }
    }
}
