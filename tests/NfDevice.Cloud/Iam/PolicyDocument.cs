using System;
using System.Collections.Generic;
using System.Text.Json;

namespace NfDevice.Cloud.Iam
{
    /// <summary>One statement of an IAM policy (IAM JSON policy elements reference).</summary>
    public sealed class PolicyStatement
    {
        /// <summary>Statement id, or null.</summary>
        public string Sid { get; init; }
        /// <summary>True for "Allow", false for "Deny".</summary>
        public bool Allow { get; init; }
        /// <summary>Action patterns (empty when NotAction is used).</summary>
        public IReadOnlyList<string> Actions { get; init; } = Array.Empty<string>();
        /// <summary>NotAction patterns.</summary>
        public IReadOnlyList<string> NotActions { get; init; } = Array.Empty<string>();
        /// <summary>Resource patterns (empty in trust policies, where Resource is absent).</summary>
        public IReadOnlyList<string> Resources { get; init; } = Array.Empty<string>();
        /// <summary>NotResource patterns.</summary>
        public IReadOnlyList<string> NotResources { get; init; } = Array.Empty<string>();
        /// <summary>Principal: "*" for anyone; otherwise "Service:iot.amazonaws.com", "AWS:arn:..." entries.</summary>
        public IReadOnlyList<string> Principals { get; init; } = Array.Empty<string>();
        /// <summary>True when the statement has a Condition block (conditions are not evaluated; such statements never match).</summary>
        public bool HasCondition { get; init; }
    }

    /// <summary>A parsed IAM policy document (identity or trust policy).</summary>
    public sealed class PolicyDocument
    {
        /// <summary>The policy text as given.</summary>
        public string Text { get; init; }
        /// <summary>"2012-10-17" or "2008-10-17".</summary>
        public string Version { get; init; }
        /// <summary>The statements.</summary>
        public IReadOnlyList<PolicyStatement> Statements { get; init; }

        /// <summary>Parses a policy; on failure returns null and the reason IAM would give (MalformedPolicyDocument).</summary>
        public static PolicyDocument TryParse(string text, out string error)
        {
            error = null;
            try
            {
                using JsonDocument doc = JsonDocument.Parse(text ?? "");
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) { error = "Syntax errors in policy."; return null; }
                string version = root.TryGetProperty("Version", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                if (version != null && version != "2012-10-17" && version != "2008-10-17") { error = "The policy failed legacy parsing"; return null; }
                if (!root.TryGetProperty("Statement", out JsonElement st)) { error = "Syntax errors in policy."; return null; }
                var statements = new List<PolicyStatement>();
                if (st.ValueKind == JsonValueKind.Object) statements.Add(ParseStatement(st));
                else if (st.ValueKind == JsonValueKind.Array) foreach (JsonElement s in st.EnumerateArray()) statements.Add(ParseStatement(s));
                else { error = "Syntax errors in policy."; return null; }
                foreach (PolicyStatement s in statements)
                    if (s == null) { error = "Syntax errors in policy."; return null; }
                return new PolicyDocument { Text = text, Version = version, Statements = statements };
            }
            catch (JsonException)
            {
                error = "Syntax errors in policy.";
                return null;
            }
        }

        private static PolicyStatement ParseStatement(JsonElement s)
        {
            if (s.ValueKind != JsonValueKind.Object || !s.TryGetProperty("Effect", out JsonElement effect)) return null;
            string e = effect.ValueKind == JsonValueKind.String ? effect.GetString() : null;
            if (e != "Allow" && e != "Deny") return null;
            var principals = new List<string>();
            if (s.TryGetProperty("Principal", out JsonElement p))
            {
                if (p.ValueKind == JsonValueKind.String && p.GetString() == "*") principals.Add("*");
                else if (p.ValueKind == JsonValueKind.Object)
                    foreach (JsonProperty kind in p.EnumerateObject())
                        foreach (string value in Strings(kind.Value)) principals.Add(kind.Name + ":" + value);
                else return null;
            }
            return new PolicyStatement
            {
                Sid = s.TryGetProperty("Sid", out JsonElement sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString() : null,
                Allow = e == "Allow",
                Actions = Property(s, "Action"),
                NotActions = Property(s, "NotAction"),
                Resources = Property(s, "Resource"),
                NotResources = Property(s, "NotResource"),
                Principals = principals,
                HasCondition = s.TryGetProperty("Condition", out _),
            };
        }

        private static List<string> Property(JsonElement s, string name) =>
            s.TryGetProperty(name, out JsonElement v) ? Strings(v) : new List<string>();

        private static List<string> Strings(JsonElement v)
        {
            var list = new List<string>();
            if (v.ValueKind == JsonValueKind.String) list.Add(v.GetString());
            else if (v.ValueKind == JsonValueKind.Array)
                foreach (JsonElement x in v.EnumerateArray()) if (x.ValueKind == JsonValueKind.String) list.Add(x.GetString());
            return list;
        }
    }
}
