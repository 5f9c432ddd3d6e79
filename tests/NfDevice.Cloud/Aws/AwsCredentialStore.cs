using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace NfDevice.Cloud.Aws
{
    /// <summary>One access key: its secret, and for temporary (STS) credentials a session token and an expiry.</summary>
    public sealed class AwsCredential
    {
        /// <summary>Creates a credential.</summary>
        public AwsCredential(string accessKeyId, string secretAccessKey, string sessionToken = null, DateTimeOffset? expiration = null)
        {
            AccessKeyId = accessKeyId ?? throw new ArgumentNullException(nameof(accessKeyId));
            SecretAccessKey = secretAccessKey ?? throw new ArgumentNullException(nameof(secretAccessKey));
            SessionToken = sessionToken;
            Expiration = expiration;
        }

        /// <summary>AKIA... for long-term keys, ASIA... for temporary ones (as AWS names them).</summary>
        public string AccessKeyId { get; }

        /// <summary>The secret the signing key is derived from.</summary>
        public string SecretAccessKey { get; }

        /// <summary>Session token that must accompany requests (X-Amz-Security-Token), or null for long-term keys.</summary>
        public string SessionToken { get; }

        /// <summary>When temporary credentials stop working, or null.</summary>
        public DateTimeOffset? Expiration { get; }
    }

    /// <summary>Access key id -> credential. Thread-safe; shared by every emulated service.</summary>
    public sealed class AwsCredentialStore
    {
        private readonly ConcurrentDictionary<string, AwsCredential> _keys = new ConcurrentDictionary<string, AwsCredential>(StringComparer.Ordinal);

        /// <summary>Adds or replaces a credential.</summary>
        public AwsCredential Add(AwsCredential credential)
        {
            _keys[credential.AccessKeyId] = credential;
            return credential;
        }

        /// <summary>Adds or replaces a credential.</summary>
        public AwsCredential Add(string accessKeyId, string secretAccessKey, string sessionToken = null, DateTimeOffset? expiration = null) =>
            Add(new AwsCredential(accessKeyId, secretAccessKey, sessionToken, expiration));

        /// <summary>Finds a credential by access key id.</summary>
        public bool TryGet(string accessKeyId, out AwsCredential credential)
        {
            credential = null;
            return accessKeyId != null && _keys.TryGetValue(accessKeyId, out credential);
        }

        /// <summary>Removes a credential (e.g. to show what an unknown key gets).</summary>
        public bool Remove(string accessKeyId) => _keys.TryRemove(accessKeyId, out _);

        /// <summary>Creates and stores a random long-term key (AKIA + 16 chars, 40-char secret), as the emulator prints at start.</summary>
        public AwsCredential CreateLongTerm() => Add(NewKeyId("AKIA"), NewSecret());

        /// <summary>Creates and stores temporary credentials (ASIA..., session token) valid until <paramref name="expiration"/>, like STS AssumeRole.</summary>
        public AwsCredential CreateTemporary(DateTimeOffset expiration) =>
            Add(NewKeyId("ASIA"), NewSecret(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)), expiration);

        private static string NewKeyId(string prefix)
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            char[] c = new char[16];
            for (int i = 0; i < c.Length; i++) c[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            return prefix + new string(c);
        }

        private static string NewSecret()
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            char[] c = new char[40];
            for (int i = 0; i < c.Length; i++) c[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            return new string(c);
        }
    }
}
