using System;
using System.CommandLine;
using System.IO;
using NfDevice.Desktop.Update;

namespace NfDevice.Desktop.Cli
{
    /// <summary>
    /// `nfdevice image create --version 1.2.0 --out app.bin`: writes the "firmware" a desktop device runs (see
    /// <see cref="DesktopImage"/>), the file to upload to S3 and sign for a `firmware-update` job aimed at desktop devices.
    /// </summary>
    internal static class ImageCommand
    {
        public static Command Build()
        {
            var version = new Option<string>("--version") { Description = "Version the image reports once running (dotted numbers, e.g. 1.2.0).", Required = true };
            var output = new Option<string>("--out", "-o") { Description = "File to write.", Required = true };
            var size = new Option<int>("--size") { Description = "Image size in bytes (header + deterministic payload).", DefaultValueFactory = _ => 256 * 1024 };
            var failSelfTest = new Option<bool>("--fail-self-test") { Description = "Make the image fail its self-test after the trial reboot (to see a revert)." };
            var create = new Command("create", "Write a desktop firmware image: the version header a desktop device reads, then payload bytes.");
            foreach (var o in new Option[] { version, output, size, failSelfTest }) create.Add(o);
            create.SetAction(parse => Create(parse.GetValue(version), parse.GetValue(output), parse.GetValue(size), parse.GetValue(failSelfTest)));

            var image = new Command("image", "Desktop firmware images (what a desktop device's slot runs).");
            image.Add(create);
            return image;
        }

        private static int Create(string version, string output, int size, bool failSelfTest)
        {
            if (!IsDottedVersion(version))
            {
                Console.Error.WriteLine("nfdevice: --version must be dotted numbers (up to four), e.g. 1.2.0: " + version);
                return 2;
            }
            if (size < 0)
            {
                Console.Error.WriteLine("nfdevice: --size must not be negative");
                return 2;
            }
            byte[] bytes = DesktopImage.Build(version, size, !failSelfTest);
            string full = Path.GetFullPath(output);
            Directory.CreateDirectory(Path.GetDirectoryName(full));
            File.WriteAllBytes(full, bytes);
            Console.WriteLine("wrote " + full + " (" + bytes.Length + " bytes, version " + version + (failSelfTest ? ", fails its self-test" : "") + ")");
            Console.WriteLine("for the job document: \"version\": \"" + version + "\", \"image\": { \"size\": " + bytes.Length + " }");
            return 0;
        }

        private static bool IsDottedVersion(string text)
        {
            if (string.IsNullOrEmpty(text)) return false;
            string[] parts = text.Split('.');
            if (parts.Length > 4) return false;
            foreach (string p in parts)
            {
                if (p.Length == 0 || p.Length > 9) return false;
                foreach (char c in p) if (c < '0' || c > '9') return false;
            }
            return true;
        }
    }
}
