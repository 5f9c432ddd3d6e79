using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Hosting;

namespace NfDevice.Cloud.Tests.Docs
{
    /// <summary>
    /// The settings file a firmware developer copies from the docs must be the one the agents read: the README's
    /// example, hardware/nfdevice.sample.json and the AWS policy documents of hardware/aws parse, and carry
    /// exactly the documented keys.
    /// </summary>
    [TestClass]
    public class DocumentedSettingsTests
    {
        private static readonly string[] DocumentedKeys =
        {
            "thingName", "endpoint", "port", "rootCa", "certificate", "privateKey", "codeSigningCertificate",
            "chunkSize", "logLevel", "wifiSsid", "wifiPassword",
        };

        private static string RepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "nf-device.sln"))) return dir.FullName;
            }

            throw new InvalidOperationException("nf-device.sln not found above " + AppContext.BaseDirectory);
        }

        private static void AssertDocumentedKeys(string json, string where)
        {
            using var doc = JsonDocument.Parse(json);
            var keys = doc.RootElement.EnumerateObject().Select(p => p.Name).OrderBy(k => k, StringComparer.Ordinal).ToArray();
            CollectionAssert.AreEqual(DocumentedKeys.OrderBy(k => k, StringComparer.Ordinal).ToArray(), keys, where);
        }

        [TestMethod]
        public void HardwareSample_ParsesWithTheAgentsLoader_AndHasTheDocumentedKeys()
        {
            string path = Path.Combine(RepoRoot(), "hardware", "nfdevice.sample.json");
            byte[] json = File.ReadAllBytes(path);
            AssertDocumentedKeys(Encoding.UTF8.GetString(json), path);
            DeviceSettings settings = DeviceSettings.Parse(json, path);
            Assert.AreEqual("my-esp32-01", settings.ThingName);
            Assert.AreEqual(8883, settings.Port);
            Assert.AreEqual(4096, settings.ChunkSize);
        }

        [TestMethod]
        public void ReadmeSettingsExample_ParsesWithTheAgentsLoader_AndHasTheDocumentedKeys()
        {
            string readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
            Match block = Regex.Match(readme, "### Settings[^\\n]*\\n(?:.*\\n)*?```json\\n(?<json>(?:.*\\n)*?)```");
            Assert.IsTrue(block.Success, "README has no settings example");
            string json = block.Groups["json"].Value;
            AssertDocumentedKeys(json, "README settings example");
            DeviceSettings settings = DeviceSettings.Parse(Encoding.UTF8.GetBytes(json), Path.Combine(RepoRoot(), "nfdevice.json"));
            Assert.AreEqual("dev-1", settings.ThingName);
        }

        [TestMethod]
        public void HardwareAwsPolicyDocuments_AreJson()
        {
            string[] files = Directory.GetFiles(Path.Combine(RepoRoot(), "hardware"), "*.json", SearchOption.AllDirectories);
            Assert.IsTrue(files.Length >= 4, "expected the sample settings and the AWS policy documents");
            foreach (string file in files)
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                Assert.AreEqual(JsonValueKind.Object, doc.RootElement.ValueKind, file);
            }
        }
    }
}
