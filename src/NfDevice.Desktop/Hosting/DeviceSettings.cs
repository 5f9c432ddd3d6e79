using System;
using System.IO;
using System.Text.Json;
using NfDevice.Jobs.Platform;

namespace NfDevice.Desktop.Hosting
{
    /// <summary>A settings file that cannot be used; the message says which file and what is wrong.</summary>
    public sealed class SettingsException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public SettingsException(string message, Exception inner = null) : base(message, inner) { }
    }

    /// <summary>
    /// The device settings file (nfdevice.json), the same shape the ESP32 application reads:
    /// thingName, endpoint, port, rootCa, certificate, privateKey, codeSigningCertificate, chunkSize,
    /// logLevel, wifiSsid, wifiPassword. Paths are relative to the settings file. Desktop-only extras:
    /// stateDirectory (default "state" next to the file), slotDirectory (the file-backed update slot, default
    /// "slot" inside the state directory) and firmwareVersion (the factory image's version, default "1.0.0").
    /// </summary>
    public sealed class DeviceSettings
    {
        /// <summary>AWS IoT thing name; also the MQTT client id.</summary>
        public string ThingName { get; set; }
        /// <summary>Broker host name or address.</summary>
        public string Endpoint { get; set; }
        /// <summary>Broker TLS port (AWS IoT: 8883).</summary>
        public int Port { get; set; } = 8883;
        /// <summary>Full path of the root CA the broker certificate must chain to.</summary>
        public string RootCaPath { get; set; }
        /// <summary>Full path of the device certificate (PEM).</summary>
        public string CertificatePath { get; set; }
        /// <summary>Full path of the device private key (PEM).</summary>
        public string PrivateKeyPath { get; set; }
        /// <summary>Full path of the code-signing certificate (PEM); may not exist yet.</summary>
        public string CodeSigningCertificatePath { get; set; }
        /// <summary>Download chunk size in bytes.</summary>
        public int ChunkSize { get; set; } = 4096;
        /// <summary>Minimum log level.</summary>
        public LogLevel LogLevel { get; set; } = LogLevel.Info;
        /// <summary>Wi-Fi network (ESP32 only; ignored on the desktop).</summary>
        public string WifiSsid { get; set; } = "";
        /// <summary>Wi-Fi password (ESP32 only; ignored on the desktop).</summary>
        public string WifiPassword { get; set; } = "";
        /// <summary>Full path of the directory holding the agent's state records.</summary>
        public string StateDirectory { get; set; }
        /// <summary>Full path of the file-backed update slot, or null for "slot" inside <see cref="StateDirectory"/>.</summary>
        public string SlotDirectory { get; set; }
        /// <summary>
        /// Version of the factory image flashed into an empty slot. The device reports the version of the image
        /// in its primary slot, so after an update this is no longer the running version.
        /// </summary>
        public string FirmwareVersion { get; set; } = "1.0.0";
        /// <summary>Bytes one application slot may hold (the 4 MB ESP32 layout's default: two bundles in 256 KB with the configuration).</summary>
        public long ApplicationSlotBudget { get; set; } = 96 * 1024;
        /// <summary>Bytes of assemblies a loaded application may keep in RAM.</summary>
        public long ApplicationRamBudget { get; set; } = 48 * 1024;
        /// <summary>Full path of the settings file, or null when built in code.</summary>
        public string SettingsPath { get; set; }

        /// <summary>Loads and validates <paramref name="path"/>; throws <see cref="SettingsException"/> with a clear message.</summary>
        public static DeviceSettings Load(string path)
        {
            if (string.IsNullOrWhiteSpace(path)) throw new SettingsException("No settings file given.");
            string full = Path.GetFullPath(path);
            if (!File.Exists(full)) throw new SettingsException("Settings file not found: " + full);
            byte[] bytes;
            try { bytes = File.ReadAllBytes(full); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new SettingsException("Cannot read settings file " + full + ": " + e.Message, e);
            }
            return Parse(bytes, full);
        }

        /// <summary>Parses settings JSON; relative paths are resolved against <paramref name="settingsPath"/>'s directory.</summary>
        public static DeviceSettings Parse(byte[] json, string settingsPath)
        {
            string where = settingsPath ?? "settings";
            string baseDir = settingsPath == null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(settingsPath));
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException e)
            {
                long line = (e.LineNumber ?? 0) + 1, col = (e.BytePositionInLine ?? 0) + 1;
                throw new SettingsException(where + ": invalid JSON at line " + line + ", column " + col + ": " + FirstSentence(e.Message), e);
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new SettingsException(where + ": the settings must be a JSON object.");
                var s = new DeviceSettings { SettingsPath = settingsPath };
                var r = new Reader(root, where);
                s.ThingName = r.String("thingName", required: true);
                if (!IsValidThingName(s.ThingName))
                {
                    throw new SettingsException(where + ": \"thingName\" must be 1-128 characters of a-z, A-Z, 0-9, ':', '_' or '-' (AWS IoT thing name rules); got \"" + s.ThingName + "\".");
                }
                s.Endpoint = r.String("endpoint", required: true);
                s.Port = r.Int("port", 8883, 1, 65535);
                s.RootCaPath = Resolve(baseDir, r.String("rootCa", required: true));
                s.CertificatePath = Resolve(baseDir, r.String("certificate", required: true));
                s.PrivateKeyPath = Resolve(baseDir, r.String("privateKey", required: true));
                s.CodeSigningCertificatePath = Resolve(baseDir, r.String("codeSigningCertificate", required: false) ?? "code-signing.cert.pem");
                s.ChunkSize = r.Int("chunkSize", 4096, 256, 1 << 20);
                string level = r.String("logLevel", required: false);
                if (level != null)
                {
                    if (!Enum.TryParse(level, ignoreCase: true, out LogLevel parsed) || !Enum.IsDefined(parsed) || int.TryParse(level, out _))
                    {
                        throw new SettingsException(where + ": \"logLevel\" must be Debug, Info, Warning or Error; got \"" + level + "\".");
                    }
                    s.LogLevel = parsed;
                }
                s.WifiSsid = r.String("wifiSsid", required: false) ?? "";
                s.WifiPassword = r.String("wifiPassword", required: false) ?? "";
                s.StateDirectory = Resolve(baseDir, r.String("stateDirectory", required: false) ?? "state");
                string slot = r.String("slotDirectory", required: false);
                s.SlotDirectory = slot == null ? null : Resolve(baseDir, slot);
                s.FirmwareVersion = r.String("firmwareVersion", required: false) ?? "1.0.0";
                s.ApplicationSlotBudget = r.Int("appSlotBudget", (int)s.ApplicationSlotBudget, 1024, int.MaxValue);
                s.ApplicationRamBudget = r.Int("appRamBudget", (int)s.ApplicationRamBudget, 1024, int.MaxValue);
                return s;
            }
        }

        /// <summary>The slot directory in use: <see cref="SlotDirectory"/>, else "slot" inside <see cref="StateDirectory"/>.</summary>
        public string ResolvedSlotDirectory => SlotDirectory ?? (StateDirectory == null ? null : Path.Combine(StateDirectory, "slot"));

        /// <summary>True for a name AWS IoT accepts as a thing name: [a-zA-Z0-9:_-]{1,128}.</summary>
        public static bool IsValidThingName(string name)
        {
            if (string.IsNullOrEmpty(name) || name.Length > 128) return false;
            foreach (char c in name)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '_' || c == '-')) return false;
            }
            return true;
        }

        private static string Resolve(string baseDir, string path) => Path.GetFullPath(Path.Combine(baseDir, path));

        private static string FirstSentence(string message)
        {
            int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            return cut > 0 ? message.Substring(0, cut) : message;
        }

        private readonly struct Reader
        {
            private readonly JsonElement _root;
            private readonly string _where;

            public Reader(JsonElement root, string where)
            {
                _root = root;
                _where = where;
            }

            public string String(string name, bool required)
            {
                if (!_root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
                {
                    if (required) throw new SettingsException(_where + ": \"" + name + "\" is missing.");
                    return null;
                }
                if (v.ValueKind != JsonValueKind.String) throw new SettingsException(_where + ": \"" + name + "\" must be a string.");
                string s = v.GetString();
                if (required && string.IsNullOrWhiteSpace(s)) throw new SettingsException(_where + ": \"" + name + "\" is empty.");
                return s;
            }

            public int Int(string name, int fallback, int min, int max)
            {
                if (!_root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
                if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int n) || n < min || n > max)
                {
                    throw new SettingsException(_where + ": \"" + name + "\" must be an integer from " + min + " to " + max + "; got " + v.GetRawText() + ".");
                }
                return n;
            }
        }
    }
}
