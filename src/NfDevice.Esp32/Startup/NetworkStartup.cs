using System;
using System.Device.Wifi;
using System.Threading;
using nanoFramework.Networking;
using NfDevice.Esp32.Adapters;
using NfDevice.Jobs.Platform;

namespace NfDevice.Esp32.Startup
{
    /// <summary>
    /// Joins Wi-Fi and waits for a valid clock before anything opens TLS: certificate validity
    /// dates are checked against the RTC, which reads 1970 until SNTP answers. The ESP32 firmware
    /// starts SNTP by itself once it has an IP address, so this only waits.
    /// </summary>
    public static class NetworkStartup
    {
        /// <summary>How long one Wi-Fi attempt may take (scan, join, DHCP and the first time sync).</summary>
        public const int ConnectTimeoutMs = 60000;

        /// <summary>How long to wait for SNTP after WifiNetworkHelper reports a date.</summary>
        public const int ClockTimeoutMs = 60000;

        /// <summary>
        /// Connects with the settings' SSID, or with the network stored on the device when the SSID
        /// is empty, then waits for the clock. Returns false (after logging why) on failure.
        /// </summary>
        public static bool Connect(DeviceSettings settings, DeviceClock clock, ILog log)
        {
            bool connected;
            try
            {
                CancellationTokenSource timeout = new CancellationTokenSource(ConnectTimeoutMs);
                if (settings.WifiSsid.Length > 0)
                {
                    log.Write(LogLevel.Info, "wifi: joining " + settings.WifiSsid);

                    // Also stores the credentials, and keeps reconnecting on its own after a drop.
                    connected = WifiNetworkHelper.ConnectDhcp(settings.WifiSsid, settings.WifiPassword,
                        WifiReconnectionKind.Automatic, true, 0, timeout.Token);
                }
                else
                {
                    log.Write(LogLevel.Info, "wifi: wifiSsid is empty; using the network stored on the device");
                    connected = WifiNetworkHelper.Reconnect(true, 0, timeout.Token);
                }

                timeout.Dispose();
            }
            catch (Exception ex)
            {
                log.Write(LogLevel.Error, "wifi: " + ex.Message);
                return false;
            }

            if (!connected)
            {
                Exception cause = WifiNetworkHelper.HelperException;
                log.Write(LogLevel.Error, "wifi: not connected, status " + ((int)WifiNetworkHelper.Status).ToString()
                    + (cause == null ? "" : ": " + cause.Message));
                return false;
            }

            log.Write(LogLevel.Info, "wifi: connected");
            return WaitForClock(clock, log);
        }

        /// <summary>Waits until the RTC is past <see cref="DeviceClock.SaneUnixSeconds"/>; false on timeout.</summary>
        public static bool WaitForClock(DeviceClock clock, ILog log)
        {
            long deadline = Environment.TickCount64 + ClockTimeoutMs;
            while (!clock.IsSet)
            {
                if (Environment.TickCount64 >= deadline)
                {
                    log.Write(LogLevel.Error, "clock: not set after " + (ClockTimeoutMs / 1000).ToString()
                        + " s (SNTP blocked?); TLS would fail certificate date checks");
                    return false;
                }

                Thread.Sleep(500);
            }

            log.Write(LogLevel.Info, "clock: " + DateTime.UtcNow.ToString("o"));
            return true;
        }
    }
}
