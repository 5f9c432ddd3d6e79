using System;
using System.Collections.Generic;

namespace NfDevice.Cloud.Iam
{
    /// <summary>Result of evaluating policies for one request.</summary>
    public enum PolicyDecision
    {
        /// <summary>No statement allowed it (IAM's default deny).</summary>
        ImplicitDeny,
        /// <summary>An Allow matched and no Deny did.</summary>
        Allow,
        /// <summary>A Deny matched (wins over any Allow).</summary>
        ExplicitDeny,
    }

    /// <summary>
    /// IAM policy evaluation logic (IAM User Guide, "Policy evaluation logic"), the part that matters here:
    /// default deny, explicit Deny wins, Action/NotAction (case-insensitive) and Resource/NotResource
    /// (case-sensitive) with * and ? wildcards, Principal for trust policies. Conditions are not supported:
    /// a statement with a Condition never matches (so an Allow with a condition grants nothing, and the
    /// evaluator errs toward denying).
    /// </summary>
    public static class PolicyEvaluator
    {
        /// <summary>
        /// Evaluates <paramref name="action"/> on <paramref name="resource"/> against identity policies.
        /// For trust policies pass <paramref name="principal"/> (e.g. "Service:iot.amazonaws.com") and resource null.
        /// </summary>
        public static PolicyDecision Evaluate(IEnumerable<PolicyDocument> policies, string action, string resource, string principal = null)
        {
            bool allowed = false;
            foreach (PolicyDocument policy in policies)
                foreach (PolicyStatement s in policy.Statements)
                {
                    if (!Matches(s, action, resource, principal)) continue;
                    if (!s.Allow) return PolicyDecision.ExplicitDeny;
                    allowed = true;
                }
            return allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny;
        }

        private static bool Matches(PolicyStatement s, string action, string resource, string principal)
        {
            if (s.HasCondition) return false;
            bool actionOk = s.Actions.Count > 0 ? Any(s.Actions, action, ignoreCase: true) : s.NotActions.Count > 0 && !Any(s.NotActions, action, true);
            if (!actionOk) return false;
            if (resource != null)
            {
                bool resourceOk = s.Resources.Count > 0 ? Any(s.Resources, resource, false) : s.NotResources.Count > 0 && !Any(s.NotResources, resource, false);
                if (!resourceOk) return false;
            }
            if (principal != null)
            {
                bool principalOk = false;
                foreach (string p in s.Principals)
                    if (p == "*" || p == "AWS:*" || string.Equals(p, principal, StringComparison.Ordinal)) principalOk = true;
                if (!principalOk) return false;
            }
            return true;
        }

        private static bool Any(IReadOnlyList<string> patterns, string value, bool ignoreCase)
        {
            foreach (string p in patterns) if (WildcardMatch(p, value, ignoreCase)) return true;
            return false;
        }

        /// <summary>Glob match: '*' any run of characters (including '/'), '?' exactly one character.</summary>
        public static bool WildcardMatch(string pattern, string value, bool ignoreCase)
        {
            int p = 0, v = 0, star = -1, mark = 0;
            while (v < value.Length)
            {
                if (p < pattern.Length && pattern[p] != '*' && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase)))
                {
                    p++;
                    v++;
                }
                else if (p < pattern.Length && pattern[p] == '*')
                {
                    star = p++;
                    mark = v;
                }
                else if (star >= 0)
                {
                    p = star + 1;
                    v = ++mark;
                }
                else return false;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }

        private static bool Same(char a, char b, bool ignoreCase) =>
            a == b || (ignoreCase && char.ToLowerInvariant(a) == char.ToLowerInvariant(b));
    }
}
