using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;

using NfDevice.Cloud.Store;

namespace NfDevice.Cloud.Iam
{
    /// <summary>An IAM role.</summary>
    public sealed class IamRole
    {
        /// <summary>Role name.</summary>
        public string RoleName { get; init; }
        /// <summary>Path ("/" by default).</summary>
        public string Path { get; init; } = "/";
        /// <summary>AROA... id.</summary>
        public string RoleId { get; init; }
        /// <summary>arn:aws:iam::{account}:role{path}{name}.</summary>
        public string Arn { get; init; }
        /// <summary>Creation time.</summary>
        public DateTimeOffset CreateDate { get; init; }
        /// <summary>Description, or null.</summary>
        public string Description { get; init; }
        /// <summary>The trust policy.</summary>
        public PolicyDocument AssumeRolePolicy { get; set; }
        /// <summary>Inline policies by name.</summary>
        public Dictionary<string, PolicyDocument> InlinePolicies { get; } = new Dictionary<string, PolicyDocument>(StringComparer.Ordinal);
        /// <summary>Attached managed policy ARNs.</summary>
        public List<string> AttachedPolicyArns { get; } = new List<string>();
    }

    /// <summary>A customer managed policy (one version).</summary>
    public sealed class IamManagedPolicy
    {
        /// <summary>Policy name.</summary>
        public string PolicyName { get; init; }
        /// <summary>ANPA... id.</summary>
        public string PolicyId { get; init; }
        /// <summary>arn:aws:iam::{account}:policy{path}{name}.</summary>
        public string Arn { get; init; }
        /// <summary>Path.</summary>
        public string Path { get; init; } = "/";
        /// <summary>Creation time.</summary>
        public DateTimeOffset CreateDate { get; init; }
        /// <summary>The document (default version v1).</summary>
        public PolicyDocument Document { get; init; }
        /// <summary>Number of roles it is attached to.</summary>
        public int AttachmentCount { get; set; }
    }

    /// <summary>Outcome of an IAM check: ok, or a reason a person can act on.</summary>
    public sealed class IamCheck
    {
        /// <summary>True when allowed.</summary>
        public bool Ok => Reason == null;
        /// <summary>Why not, or null.</summary>
        public string Reason { get; init; }
        /// <summary>The role checked (when found).</summary>
        public IamRole Role { get; init; }
    }

    /// <summary>In-memory IAM: roles (trust policy, inline and attached policies) and managed policies. Thread-safe.</summary>
    public sealed class IamStore
    {
        /// <summary>The service principal AWS IoT assumes roles as.</summary>
        public const string IotPrincipal = "Service:iot.amazonaws.com";

        private readonly object _gate = new object();
        private readonly Dictionary<string, IamRole> _roles = new Dictionary<string, IamRole>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, IamManagedPolicy> _policies = new Dictionary<string, IamManagedPolicy>(StringComparer.Ordinal);
        private readonly Func<DateTimeOffset> _utcNow;
        private const string RoleKind = "iam-role", PolicyKind = "iam-policy";
        private readonly StateDatabase _db;

        /// <summary>
        /// Creates a store for account <paramref name="accountId"/>, empty or loaded from <paramref name="db"/> (which
        /// then receives every change before the method returns).
        /// </summary>
        public IamStore(string accountId = "123456789012", Func<DateTimeOffset> utcNow = null, StateDatabase db = null)
        {
            AccountId = accountId;
            _utcNow = utcNow ?? (() => DateTimeOffset.UtcNow);
            _db = db;
            if (db == null) return;
            foreach (PolicyRow p in db.LoadAll<PolicyRow>(PolicyKind))
                _policies[p.Arn] = new IamManagedPolicy { PolicyName = p.PolicyName, PolicyId = p.PolicyId, Arn = p.Arn, Path = p.Path, CreateDate = p.CreateDate, Document = Parse(p.Document), AttachmentCount = p.AttachmentCount };
            foreach (RoleRow r in db.LoadAll<RoleRow>(RoleKind))
            {
                var role = new IamRole { RoleName = r.RoleName, Path = r.Path, RoleId = r.RoleId, Arn = r.Arn, CreateDate = r.CreateDate, Description = r.Description, AssumeRolePolicy = Parse(r.AssumeRolePolicy) };
                foreach (var kv in r.InlinePolicies) role.InlinePolicies[kv.Key] = Parse(kv.Value);
                role.AttachedPolicyArns.AddRange(r.AttachedPolicyArns);
                _roles[role.RoleName] = role;
            }
        }

        // Policies are stored as the text the caller sent (what GetRolePolicy returns) and parsed again at load.
        private sealed class RoleRow
        {
            public string RoleName { get; set; }
            public string Path { get; set; }
            public string RoleId { get; set; }
            public string Arn { get; set; }
            public DateTimeOffset CreateDate { get; set; }
            public string Description { get; set; }
            public string AssumeRolePolicy { get; set; }
            public Dictionary<string, string> InlinePolicies { get; set; } = new Dictionary<string, string>();
            public List<string> AttachedPolicyArns { get; set; } = new List<string>();
        }

        private sealed class PolicyRow
        {
            public string PolicyName { get; set; }
            public string PolicyId { get; set; }
            public string Arn { get; set; }
            public string Path { get; set; }
            public DateTimeOffset CreateDate { get; set; }
            public string Document { get; set; }
            public int AttachmentCount { get; set; }
        }

        private void SaveRole(IamRole r) => _db?.Put(RoleKind, r.RoleName, RowOf(r));

        private static RoleRow RowOf(IamRole r) => new RoleRow
        {
            RoleName = r.RoleName, Path = r.Path, RoleId = r.RoleId, Arn = r.Arn, CreateDate = r.CreateDate, Description = r.Description,
            AssumeRolePolicy = r.AssumeRolePolicy.Text, InlinePolicies = r.InlinePolicies.ToDictionary(kv => kv.Key, kv => kv.Value.Text),
            AttachedPolicyArns = r.AttachedPolicyArns.ToList(),
        };

        private void SavePolicy(IamManagedPolicy p) => _db?.Put(PolicyKind, p.Arn, RowOf(p));

        private static PolicyRow RowOf(IamManagedPolicy p) => new PolicyRow
        {
            PolicyName = p.PolicyName, PolicyId = p.PolicyId, Arn = p.Arn, Path = p.Path, CreateDate = p.CreateDate, Document = p.Document.Text, AttachmentCount = p.AttachmentCount,
        };

        /// <summary>The 12-digit account id used in ARNs.</summary>
        public string AccountId { get; }

        /// <summary>Creates a role; throws <see cref="IamException"/> (EntityAlreadyExists, MalformedPolicyDocument).</summary>
        public IamRole CreateRole(string roleName, string assumeRolePolicyDocument, string path = "/", string description = null)
        {
            PolicyDocument trust = Parse(assumeRolePolicyDocument);
            foreach (PolicyStatement s in trust.Statements)
                if (s.Principals.Count == 0) throw new IamException(400, "MalformedPolicyDocument", "AssumeRolepolicy contained an invalid principal: Statement must name a Principal.");
            lock (_gate)
            {
                if (_roles.ContainsKey(roleName)) throw new IamException(409, "EntityAlreadyExists", $"Role with name {roleName} already exists.");
                var role = new IamRole
                {
                    RoleName = roleName,
                    Path = path ?? "/",
                    RoleId = "AROA" + RandomId(17),
                    Arn = $"arn:aws:iam::{AccountId}:role{path ?? "/"}{roleName}",
                    CreateDate = _utcNow(),
                    Description = description,
                    AssumeRolePolicy = trust,
                };
                _roles[roleName] = role;
                SaveRole(role);
                return role;
            }
        }

        /// <summary>The role by name; throws NoSuchEntity.</summary>
        public IamRole GetRole(string roleName)
        {
            lock (_gate)
                return _roles.TryGetValue(roleName ?? "", out IamRole r) ? r : throw new IamException(404, "NoSuchEntity", $"The role with name {roleName} cannot be found.");
        }

        /// <summary>Every role, by name (the web console's role list and presigned-URL role picker).</summary>
        public IReadOnlyList<IamRole> ListRoles()
        {
            lock (_gate) return _roles.Values.OrderBy(r => r.RoleName, StringComparer.Ordinal).ToList();
        }

        /// <summary>The role with this ARN, or null.</summary>
        public IamRole FindRoleByArn(string roleArn)
        {
            lock (_gate) return _roles.Values.FirstOrDefault(r => r.Arn == roleArn);
        }

        /// <summary>Adds or replaces an inline policy.</summary>
        public void PutRolePolicy(string roleName, string policyName, string policyDocument)
        {
            PolicyDocument doc = Parse(policyDocument);
            lock (_gate)
            {
                IamRole role = GetRole(roleName);
                role.InlinePolicies[policyName] = doc;
                SaveRole(role);
            }
        }

        /// <summary>An inline policy; throws NoSuchEntity.</summary>
        public PolicyDocument GetRolePolicy(string roleName, string policyName)
        {
            lock (_gate)
                return GetRole(roleName).InlinePolicies.TryGetValue(policyName, out PolicyDocument d) ? d
                    : throw new IamException(404, "NoSuchEntity", $"The role policy with name {policyName} cannot be found.");
        }

        /// <summary>Creates a managed policy; throws EntityAlreadyExists / MalformedPolicyDocument.</summary>
        public IamManagedPolicy CreatePolicy(string policyName, string policyDocument, string path = "/")
        {
            PolicyDocument doc = Parse(policyDocument);
            string arn = $"arn:aws:iam::{AccountId}:policy{path ?? "/"}{policyName}";
            lock (_gate)
            {
                if (_policies.ContainsKey(arn)) throw new IamException(409, "EntityAlreadyExists", $"A policy called {policyName} already exists. Duplicate names are not allowed.");
                var p = new IamManagedPolicy { PolicyName = policyName, PolicyId = "ANPA" + RandomId(17), Arn = arn, Path = path ?? "/", CreateDate = _utcNow(), Document = doc };
                _policies[arn] = p;
                SavePolicy(p);
                return p;
            }
        }

        /// <summary>Attaches a managed policy to a role; throws NoSuchEntity.</summary>
        public void AttachRolePolicy(string roleName, string policyArn)
        {
            lock (_gate)
            {
                IamRole role = GetRole(roleName);
                if (!_policies.TryGetValue(policyArn ?? "", out IamManagedPolicy p))
                    throw new IamException(404, "NoSuchEntity", $"Policy {policyArn} does not exist or is not attachable.");
                if (!role.AttachedPolicyArns.Contains(policyArn))
                {
                    role.AttachedPolicyArns.Add(policyArn);
                    p.AttachmentCount++;
                    _db?.Write(b =>
                    {
                        b.Put(RoleKind, role.RoleName, RowOf(role));
                        b.Put(PolicyKind, p.Arn, RowOf(p));
                    });
                }
            }
        }

        /// <summary>Managed policies attached to a role.</summary>
        public IReadOnlyList<IamManagedPolicy> AttachedPolicies(string roleName)
        {
            lock (_gate) return GetRole(roleName).AttachedPolicyArns.Select(a => _policies[a]).ToList();
        }

        /// <summary>Identity policies of a role: inline, then attached.</summary>
        public IReadOnlyList<PolicyDocument> PermissionPolicies(IamRole role)
        {
            lock (_gate) return role.InlinePolicies.Values.Concat(role.AttachedPolicyArns.Select(a => _policies[a].Document)).ToList();
        }

        /// <summary>Whether <paramref name="principal"/> (e.g. "Service:iot.amazonaws.com") may sts:AssumeRole the role.</summary>
        public IamCheck CanAssume(string roleArn, string principal)
        {
            IamRole role = FindRoleByArn(roleArn);
            if (role == null) return new IamCheck { Reason = $"role {roleArn} does not exist" };
            PolicyDecision d = PolicyEvaluator.Evaluate(new[] { role.AssumeRolePolicy }, "sts:AssumeRole", null, principal);
            if (d != PolicyDecision.Allow)
                return new IamCheck { Role = role, Reason = $"the trust policy of role {roleArn} does not let {principal.Substring(principal.IndexOf(':') + 1)} sts:AssumeRole ({Describe(d)})" };
            return new IamCheck { Role = role };
        }

        /// <summary>Whether the role's permission policies allow <paramref name="action"/> on <paramref name="resourceArn"/>.</summary>
        public IamCheck IsAllowed(string roleArn, string action, string resourceArn)
        {
            IamRole role = FindRoleByArn(roleArn);
            if (role == null) return new IamCheck { Reason = $"role {roleArn} does not exist" };
            PolicyDecision d = PolicyEvaluator.Evaluate(PermissionPolicies(role), action, resourceArn);
            return d == PolicyDecision.Allow ? new IamCheck { Role = role }
                : new IamCheck { Role = role, Reason = $"role {roleArn} is not allowed {action} on {resourceArn} ({Describe(d)})" };
        }

        /// <summary>
        /// What AWS IoT needs to presign a GET for the job's presignedUrlConfig (AWS IoT developer guide): the role
        /// trusts iot.amazonaws.com for sts:AssumeRole and allows s3:GetObject on arn:aws:s3:::bucket/key.
        /// </summary>
        public IamCheck CanIotPresign(string roleArn, string bucket, string key)
        {
            IamCheck trust = CanAssume(roleArn, IotPrincipal);
            return !trust.Ok ? trust : IsAllowed(roleArn, "s3:GetObject", $"arn:aws:s3:::{bucket}/{key}");
        }

        private static string Describe(PolicyDecision d) => d == PolicyDecision.ExplicitDeny ? "explicit deny" : "no statement allows it";

        private static PolicyDocument Parse(string text) =>
            PolicyDocument.TryParse(text, out string error) ?? throw new IamException(400, "MalformedPolicyDocument", error);

        private static string RandomId(int n)
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            char[] c = new char[n];
            for (int i = 0; i < n; i++) c[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            return new string(c);
        }
    }

    /// <summary>An IAM error (query protocol code, message, HTTP status).</summary>
    public sealed class IamException : Exception
    {
        /// <summary>Creates the error.</summary>
        public IamException(int status, string code, string message) : base(message)
        {
            Status = status;
            Code = code;
        }
        /// <summary>HTTP status.</summary>
        public int Status { get; }
        /// <summary>IAM error code.</summary>
        public string Code { get; }
    }
}
