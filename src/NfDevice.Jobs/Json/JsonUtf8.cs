namespace NfDevice.Jobs.Json
{
    /// <summary>UTF-8 encoding of one code point (RFC 3629 §3).</summary>
    internal static class JsonUtf8
    {
        /// <summary>Writes the UTF-8 bytes of <paramref name="cp"/> at <paramref name="index"/>; returns the index after them. The caller checks room.</summary>
        internal static int Encode(int cp, byte[] destination, int index)
        {
            if (cp < 0x80)
            {
                destination[index] = (byte)cp;
                return index + 1;
            }

            if (cp < 0x800)
            {
                destination[index] = (byte)(0xC0 | (cp >> 6));
                destination[index + 1] = (byte)(0x80 | (cp & 0x3F));
                return index + 2;
            }

            if (cp < 0x10000)
            {
                destination[index] = (byte)(0xE0 | (cp >> 12));
                destination[index + 1] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                destination[index + 2] = (byte)(0x80 | (cp & 0x3F));
                return index + 3;
            }

            destination[index] = (byte)(0xF0 | (cp >> 18));
            destination[index + 1] = (byte)(0x80 | ((cp >> 12) & 0x3F));
            destination[index + 2] = (byte)(0x80 | ((cp >> 6) & 0x3F));
            destination[index + 3] = (byte)(0x80 | (cp & 0x3F));
            return index + 4;
        }
    }
}
