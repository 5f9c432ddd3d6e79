using System;
using System.Collections;
using System.IO;
using nanoFramework.Json;
using NfDevice.Jobs.Platform;
using NfDevice.Jobs.Protocol;

namespace NfDevice.Esp32.Startup
{
    /// <summary>
    /// Reads I:\nfdevice.json into <see cref="DeviceSettings"/>. The file is parsed with
    /// nanoFramework.Json into a Hashtable first, not straight into the typed class, so that a
    /// missing key can be told apart from a wrong one and each gets its own log line; every value
    /// that is missing or invalid falls back to its default.
    /// </summary>
    public static class SettingsReader
    {
        /// <summary>Reads and validates the settings file; never throws.</summary>
        public static DeviceSettings Load(string path, ILog log)
        {
            DeviceSettings settings = new DeviceSettings();
            string json;
            try
            {
                if (!File.Exists(path))
                {
                    log.Write(LogLevel.Error, "settings: " + path + " not found; upload nfdevice.json to I:\\ (see hardware/README.md)");
                    return settings;
                }

                json = File.ReadAllText(path);
            }
            catch (Exception ex)
            {
                log.Write(LogLevel.Error, "settings: cannot read " + path + ": " + ex.Message);
                return settings;
            }

            Hashtable values;
            try
            {
                values = JsonConvert.DeserializeObject(json, typeof(Hashtable)) as Hashtable;
            }
            catch (Exception ex)
            {
                log.Write(LogLevel.Error, "settings: " + path + " is not valid JSON: " + ex.Message);
                return settings;
            }

            if (values == null)
            {
                log.Write(LogLevel.Error, "settings: " + path + " is not a JSON object");
                return settings;
            }

            Apply(values, settings, log);
            return settings;
        }

        /// <summary>Copies every recognised key of <paramref name="values"/> into <paramref name="settings"/>, logging each problem.</summary>
        public static void Apply(Hashtable values, DeviceSettings settings, ILog log)
        {
            settings.ThingName = RequiredString(values, "thingName", log);
            if (settings.ThingName.Length > 0 && !JobsValidation.IsValidThingName(settings.ThingName))
            {
                // The thing name is also the MQTT client id and part of every Jobs topic.
                log.Write(LogLevel.Error, "settings: \"thingName\" must be 1-128 characters of a-z, A-Z, 0-9, ':', '_' or '-'");
                settings.ThingName = "";
            }

            settings.Endpoint = RequiredString(values, "endpoint", log);
            settings.Port = Int(values, "port", 1, 65535, DeviceSettings.DefaultPort, log);
            settings.RootCa = FileName(values, "rootCa", settings.RootCa, log);
            settings.Certificate = FileName(values, "certificate", settings.Certificate, log);
            settings.PrivateKey = FileName(values, "privateKey", settings.PrivateKey, log);
            settings.CodeSigningCertificate = FileName(values, "codeSigningCertificate", settings.CodeSigningCertificate, log);
            settings.ChunkSize = Int(values, "chunkSize", DeviceSettings.MinChunkSize, DeviceSettings.MaxChunkSize, DeviceSettings.DefaultChunkSize, log);
            settings.LogLevel = Level(values, "logLevel", log);
            settings.WifiSsid = OptionalString(values, "wifiSsid", log);
            settings.WifiPassword = OptionalString(values, "wifiPassword", log);
            settings.DownloadPolicy = Policy(values, "closeMqttDuringDownload", log);
            if (values["appFolder"] != null)
            {
                string folder = OptionalString(values, "appFolder", log);
                settings.AppFolder = folder.Length > 0 ? folder : settings.AppFolder;
            }

            if (values["appSlotBudget"] != null)
            {
                settings.AppSlotBudget = Int(values, "appSlotBudget", 4096, 16 * 1024 * 1024, settings.AppSlotBudget, log);
            }

            if (values["appRamBudget"] != null)
            {
                settings.AppRamBudget = Int(values, "appRamBudget", 1024, 16 * 1024 * 1024, settings.AppRamBudget, log);
            }
        }

        private static string RequiredString(Hashtable values, string key, ILog log)
        {
            object value = values[key];
            if (value == null)
            {
                log.Write(LogLevel.Error, "settings: \"" + key + "\" is missing; the agent cannot start without it");
                return "";
            }

            string text = value as string;
            if (text == null || text.Trim().Length == 0)
            {
                log.Write(LogLevel.Error, "settings: \"" + key + "\" must be a non-empty string");
                return "";
            }

            return text.Trim();
        }

        private static string OptionalString(Hashtable values, string key, ILog log)
        {
            object value = values[key];
            if (value == null)
            {
                return "";
            }

            string text = value as string;
            if (text == null)
            {
                // nanoFramework.Json turns long strings that look like dates into DateTime.
                log.Write(LogLevel.Warning, "settings: \"" + key + "\" is not a string; using \"\"");
                return "";
            }

            return text;
        }

        private static string FileName(Hashtable values, string key, string fallback, ILog log)
        {
            object value = values[key];
            if (value == null)
            {
                log.Write(LogLevel.Warning, "settings: \"" + key + "\" is missing; using \"" + fallback + "\"");
                return fallback;
            }

            string text = value as string;
            if (text == null || text.Trim().Length == 0 || text.IndexOfAny(new char[] { '\\', '/', ':' }) >= 0)
            {
                log.Write(LogLevel.Warning, "settings: \"" + key + "\" must be a file name on I:\\ without a folder; using \"" + fallback + "\"");
                return fallback;
            }

            return text.Trim();
        }

        private static int Int(Hashtable values, string key, int min, int max, int fallback, ILog log)
        {
            object value = values[key];
            if (value == null)
            {
                log.Write(LogLevel.Warning, "settings: \"" + key + "\" is missing; using " + fallback.ToString());
                return fallback;
            }

            long number;
            if (value is int)
            {
                number = (int)value;
            }
            else if (value is long)
            {
                number = (long)value;
            }
            else
            {
                log.Write(LogLevel.Warning, "settings: \"" + key + "\" must be a whole number; using " + fallback.ToString());
                return fallback;
            }

            if (number < min || number > max)
            {
                log.Write(LogLevel.Warning, "settings: \"" + key + "\" = " + number.ToString() + " is outside "
                    + min.ToString() + ".." + max.ToString() + "; using " + fallback.ToString());
                return fallback;
            }

            return (int)number;
        }

        private static LogLevel Level(Hashtable values, string key, ILog log)
        {
            object value = values[key];
            if (value == null)
            {
                log.Write(LogLevel.Warning, "settings: \"" + key + "\" is missing; using Info");
                return LogLevel.Info;
            }

            string text = value as string;
            string name = text == null ? "" : text.Trim().ToLower();
            if (name == "debug")
            {
                return LogLevel.Debug;
            }

            if (name == "info")
            {
                return LogLevel.Info;
            }

            if (name == "warning")
            {
                return LogLevel.Warning;
            }

            if (name == "error")
            {
                return LogLevel.Error;
            }

            log.Write(LogLevel.Warning, "settings: \"" + key + "\" must be Debug, Info, Warning or Error; using Info");
            return LogLevel.Info;
        }

        private static DownloadSessionPolicy Policy(Hashtable values, string key, ILog log)
        {
            object value = values[key];
            if (value == null)
            {
                return DownloadSessionPolicy.Auto;
            }

            if (value is bool)
            {
                return (bool)value ? DownloadSessionPolicy.CloseMqtt : DownloadSessionPolicy.KeepMqttOpen;
            }

            log.Write(LogLevel.Warning, "settings: \"" + key + "\" must be true or false; deciding from the board");
            return DownloadSessionPolicy.Auto;
        }
    }
}
