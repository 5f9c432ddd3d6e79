using System;
using System.IO;
using System.Text;

namespace NfDevice.Desktop.Update
{
    /// <summary>
    /// The "firmware" a desktop device runs: a short text header naming the version (and, for tests,
    /// whether the image's self-test passes) followed by any payload. The file slot reads the running
    /// version from it, as the ESP32 reads the version of its running deployment.
    /// <code>
    /// NFDEVICE-DESKTOP-IMAGE
    /// version=1.2.0
    /// selftest=pass
    ///
    /// (payload bytes)
    /// </code>
    /// </summary>
    public static class DesktopImage
    {
        /// <summary>First line of every desktop image.</summary>
        public const string Magic = "NFDEVICE-DESKTOP-IMAGE";

        /// <summary>Builds an image of about <paramref name="size"/> bytes (at least the header) with a deterministic payload.</summary>
        public static byte[] Build(string version, int size, bool selfTestPasses = true, int seed = 1)
        {
            byte[] header = Encoding.ASCII.GetBytes(Magic + "\nversion=" + version + "\nselftest=" + (selfTestPasses ? "pass" : "fail") + "\n\n");
            var image = new byte[Math.Max(size, header.Length)];
            new Random(seed).NextBytes(image);
            Buffer.BlockCopy(header, 0, image, 0, header.Length);
            return image;
        }

        /// <summary>Reads version and self-test flag from an image file; false if it is not a desktop image.</summary>
        public static bool TryRead(string path, out string version, out bool selfTestPasses)
        {
            version = null;
            selfTestPasses = false;
            if (!File.Exists(path))
            {
                return false;
            }

            var head = new byte[256];
            int read;
            using (var stream = File.OpenRead(path))
            {
                read = stream.Read(head, 0, head.Length);
            }

            string text = Encoding.ASCII.GetString(head, 0, read);
            if (!text.StartsWith(Magic + "\n", StringComparison.Ordinal))
            {
                return false;
            }

            foreach (string line in text.Split('\n'))
            {
                if (line.Length == 0 && version != null)
                {
                    break;
                }

                if (line.StartsWith("version=", StringComparison.Ordinal))
                {
                    version = line.Substring(8);
                }
                else if (line.StartsWith("selftest=", StringComparison.Ordinal))
                {
                    selfTestPasses = line.Substring(9) == "pass";
                }
            }

            return version != null;
        }
    }
}
