using System;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace NfDevice.Desktop.Platform
{
    /// <summary>
    /// Server certificate check that trusts one root only: the chain is rebuilt against the pinned root CA
    /// (the machine's trust store is ignored) and the certificate must match the host name.
    /// </summary>
    public static class CaPinning
    {
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
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
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
            X509Certificate2 top = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
            if (!top.RawData.AsSpan().SequenceEqual(root.RawData))
            {
                reason = "the broker certificate chains to another root";
                return false;
            }
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
