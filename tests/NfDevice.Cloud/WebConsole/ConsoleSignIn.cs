using System;
using System.Security.Cryptography;
using System.Text;

namespace NfDevice.Cloud.WebConsole
{
    /// <summary>
    /// Who may open the console: whoever knows the emulator's access key and secret (the ones `serve` prints for the
    /// AWS CLI), or holds the one-time token `serve` prints in the console's URL. The token works once.
    /// </summary>
    public sealed class ConsoleSignIn
    {
        private readonly object _gate = new object();
        private readonly string _accessKeyId;
        private readonly string _secret;
        private string _token;

        /// <summary>Creates the sign-in check with a fresh one-time token.</summary>
        public ConsoleSignIn(string accessKeyId, string secretAccessKey)
        {
            _accessKeyId = accessKeyId ?? throw new ArgumentNullException(nameof(accessKeyId));
            _secret = secretAccessKey ?? throw new ArgumentNullException(nameof(secretAccessKey));
            _token = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();
        }

        /// <summary>The current one-time token (null once used).</summary>
        public string OneTimeToken
        {
            get { lock (_gate) return _token; }
        }

        /// <summary>True when the key pair is the emulator's (compared in constant time).</summary>
        public bool CheckKeys(string accessKeyId, string secretAccessKey) =>
            Same(accessKeyId, _accessKeyId) & Same(secretAccessKey, _secret);

        /// <summary>True (once) when <paramref name="token"/> is the one-time token; it is spent either way on a match.</summary>
        public bool RedeemToken(string token)
        {
            lock (_gate)
            {
                if (_token == null || !Same(token, _token)) return false;
                _token = null;
                return true;
            }
        }

        private static bool Same(string given, string expected) =>
            given != null && CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
