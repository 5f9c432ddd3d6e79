using System;
using System.Collections.Concurrent;
using NfDevice.Cloud.Aws;
using NfDevice.Cloud.Iam;

namespace NfDevice.Cloud.S3
{
    /// <summary>
    /// Temporary credentials for roles, the way AWS IoT gets them with sts:AssumeRole: ASIA keys with a session
    /// token, stored in the shared credential store so S3 accepts them, and remembered by role so S3 can
    /// evaluate the role's permission policies on each request (<see cref="AuthorizeS3"/>).
    /// </summary>
    public sealed class RoleSessions
    {
        /// <summary>Lifetime of a session (the AssumeRole default, one hour).</summary>
        public static readonly TimeSpan SessionDuration = TimeSpan.FromHours(1);

        private readonly AwsCredentialStore _credentials;
        private readonly IamStore _iam;
        private readonly ConcurrentDictionary<string, AwsCredential> _byRole = new ConcurrentDictionary<string, AwsCredential>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, string> _roleOfKey = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Creates the session source.</summary>
        public RoleSessions(AwsCredentialStore credentials, IamStore iam)
        {
            _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
            _iam = iam ?? throw new ArgumentNullException(nameof(iam));
        }

        /// <summary>
        /// Credentials for <paramref name="roleArn"/> valid at least <paramref name="minValidity"/> past <paramref name="now"/>:
        /// the current session when it lasts long enough, else a new one (expiring <see cref="SessionDuration"/>
        /// or minValidity after now, whichever is later).
        /// </summary>
        public AwsCredential ForRole(string roleArn, DateTimeOffset now, TimeSpan minValidity)
        {
            if (_byRole.TryGetValue(roleArn, out AwsCredential c) && c.Expiration >= now + minValidity) return c;
            TimeSpan life = minValidity > SessionDuration ? minValidity : SessionDuration;
            AwsCredential fresh = _credentials.CreateTemporary(now + life);
            _roleOfKey[fresh.AccessKeyId] = roleArn;
            _byRole[roleArn] = fresh;
            return fresh;
        }

        /// <summary>The role a session key belongs to, or null for keys not minted here.</summary>
        public string RoleOf(string accessKeyId) => accessKeyId != null && _roleOfKey.TryGetValue(accessKeyId, out string r) ? r : null;

        /// <summary>
        /// Use as <see cref="S3Endpoint.Authorize"/>: requests signed with a role session are allowed only what the
        /// role's policies allow (S3's 403 AccessDenied otherwise); other keys are the emulator's admin keys.
        /// </summary>
        public Aws.AwsError AuthorizeS3(AwsCredential credential, string action, string resourceArn)
        {
            string role = RoleOf(credential?.AccessKeyId);
            if (role == null) return null;
            return _iam.IsAllowed(role, action, resourceArn).Ok ? null : S3Errors.AccessDenied();
        }
    }
}
