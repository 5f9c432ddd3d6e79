using System;
using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NfDevice.Desktop.Platform
{
    /// <summary>
    /// Server certificate check that trusts one root only: the chain is rebuilt against the pinned root CA
    /// (the machine's trust store is ignored) and the certificate must match the host name.
    /// <para>
    /// A chain build costs about a millisecond of CPU, and ten thousand simulated devices in one process check the same
    /// broker certificate against the same root twenty thousand times; so a (certificate, root) pair that chained once
    /// is remembered, by the SHA-256 of both, and later checks only repeat what can change: the validity period
    /// (revocation is not checked at all) and the host name, which the TLS layer reports per connection.
    /// </para>
    /// </summary>
    public static class CaPinning
    {
        private static readonly ConcurrentDictionary<string, (DateTime NotBefore, DateTime NotAfter)> Chained =
            new ConcurrentDictionary<string, (DateTime, DateTime)>();
        /// <summary>True if <paramref name="certificate"/> chains to <paramref name="root"/> and no name error was reported.</summary>
        public static bool Validate(X509Certificate certificate, X509Chain presented, SslPolicyErrors errors, X509Certificate2 root, out string reason)
        {
            reason = null;
            if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            {
                reason = "the broker sent no certificate";
                return false;
            }
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                reason = "the broker certificate does not match the host name";
                return false;
            }
            if (root == null)
            {
                reason = "no root CA configured";
                return false;
            }
            byte[] raw = certificate.GetRawCertData();
            string key = Convert.ToHexString(SHA256.HashData(raw)) + Convert.ToHexString(SHA256.HashData(root.RawData));
            DateTime now = DateTime.UtcNow;
            if (Chained.TryGetValue(key, out var validity) && now >= validity.NotBefore && now <= validity.NotAfter) return true;
            using var leaf = X509CertificateLoader.LoadCertificate(raw);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
            if (presented != null)
            {
                // Intermediates the server sent may help build the path; they are not trusted by themselves.
                foreach (X509ChainElement element in presented.ChainElements)
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
            if (!chain.Build(leaf))
            {
                reason = "the broker certificate does not chain to the pinned root CA (" + StatusText(chain) + ")";
                return false;
            }
            X509ChainElementCollection elements = chain.ChainElements;
            bool pinned = elements[elements.Count - 1].Certificate.RawData.AsSpan().SequenceEqual(root.RawData);
            // The elements' certificates are copies: released now rather than by the finalizer.
            foreach (X509ChainElement element in elements) element.Certificate.Dispose();
            if (!pinned)
            {
                reason = "the broker certificate chains to another root";
                return false;
            }
            Chained[key] = (leaf.NotBefore.ToUniversalTime(), leaf.NotAfter.ToUniversalTime());
            return true;
        }

        private static string StatusText(X509Chain chain)
        {
            foreach (var s in chain.ChainStatus)
            {
                if (s.Status != X509ChainStatusFlags.NoError) return s.Status.ToString();
            }
            return "unknown";
        }
    }
}
