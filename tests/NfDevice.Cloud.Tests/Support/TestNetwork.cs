using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace NfDevice.Cloud.Tests.Support
{
    /// <summary>What the test brokers and the serve process share: a free loopback port and the client-certificate check.</summary>
    internal static class TestNetwork
    {
        /// <summary>A loopback port free at the moment of asking.</summary>
        public static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>True when <paramref name="certificate"/> chains to <paramref name="root"/> alone (no system store, no revocation).</summary>
        public static bool ChainsTo(X509Certificate certificate, X509Certificate2 root)
        {
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(leaf);
        }
    }
}
