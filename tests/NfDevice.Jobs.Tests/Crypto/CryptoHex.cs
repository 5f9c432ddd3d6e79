namespace NfDevice.Jobs.Tests.Crypto
{
    /// <summary>Hex helpers for the crypto tests, in the API nanoFramework shares.</summary>
    public static class CryptoHex
    {
        /// <summary>Decodes lowercase or uppercase hex (no separators).</summary>
        public static byte[] Decode(string hex)
        {
            byte[] result = new byte[hex.Length / 2];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[(2 * i) + 1]));
            }

            return result;
        }

        /// <summary>Lowercase hex of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        public static string Encode(byte[] data, int offset, int count)
        {
            const string Digits = "0123456789abcdef";
            char[] chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                chars[2 * i] = Digits[data[offset + i] >> 4];
                chars[(2 * i) + 1] = Digits[data[offset + i] & 15];
            }

            return new string(chars);
        }

        /// <summary>ASCII bytes of a string.</summary>
        public static byte[] Ascii(string text)
        {
            byte[] result = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                result[i] = (byte)text[i];
            }

            return result;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return c - 'A' + 10;
        }
    }
}
