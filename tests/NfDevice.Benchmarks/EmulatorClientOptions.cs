using System;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using NfDevice.Cloud;
using NfDevice.Cloud.Iot;

namespace NfDevice.Benchmarks
{
    /// <summary>
    /// MQTT 3.1.1 client options for a provisioned thing of the emulator, as the emulator benchmarks' devices connect:
    /// TLS 1.2 with the thing's client certificate, the server's certificate checked against the emulator's root only.
    /// </summary>
    internal static class EmulatorClientOptions
    {
        public static MqttClientOptions For(Emulator emulator, DeviceIdentity identity, TimeSpan timeout)
        {
            X509Certificate2 root = emulator.Ca.RootCertificate;
            return new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", emulator.MqttPort)
                .WithClientId(identity.ThingName)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
                .WithTimeout(timeout)
                .WithCleanSession(true)
                .WithTlsOptions(o =>
                {
                    o.UseTls(true);
                    o.WithSslProtocols(System.Security.Authentication.SslProtocols.Tls12);
                    o.WithClientCertificates(new[] { identity.ToX509() });
                    o.WithCertificateValidationHandler(args =>
                    {
                        using var chain = new X509Chain();
                        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                        chain.ChainPolicy.CustomTrustStore.Add(root);
                        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                        using var leaf = X509CertificateLoader.LoadCertificate(args.Certificate.GetRawCertData());
                        return chain.Build(leaf);
                    });
                })
                .Build();
        }
    }
}
