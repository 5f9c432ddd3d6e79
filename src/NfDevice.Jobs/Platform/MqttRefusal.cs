namespace NfDevice.Jobs.Platform
{
    /// <summary>
    /// What a developer checks when the broker refuses a CONNECT after the TLS handshake passed. One text for every
    /// MQTT adapter (the ESP32's M2Mqtt, the desktop's MQTTnet), keyed by the CONNACK code as a number: MQTT 3.1.1's 4
    /// (bad user name or password) and 5 (not authorized), MQTT 5's 0x86 and 0x87.
    /// </summary>
    public static class MqttRefusal
    {
        /// <summary>" (not authorized: …)" to append to the refusal, or "" for any other code.</summary>
        public static string Hint(int connackCode, string clientId)
        {
            if (connackCode != 4 && connackCode != 5 && connackCode != 0x86 && connackCode != 0x87)
            {
                return "";
            }

            return " (not authorized: the certificate must be ACTIVE and attached to the thing, and its policy must allow"
                + " iot:Connect for client id '" + clientId + "')";
        }
    }
}
