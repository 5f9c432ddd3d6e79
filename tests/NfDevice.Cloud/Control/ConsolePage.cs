using System.Linq;
using System.Net;
using System.Text;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.Control
{
    /// <summary>GET /: a minimal read-only web console listing things, jobs and executions.</summary>
    internal static class ConsolePage
    {
        public static string Render(Emulator em)
        {
            var sb = new StringBuilder();
            sb.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"5\"><title>nf-device cloud emulator</title>")
              .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style></head><body>")
              .Append("<h1>nf-device cloud emulator</h1><p>MQTT (TLS) 127.0.0.1:").Append(em.MqttPort).Append(" &middot; control plane ").Append(H(em.HttpEndpoint)).Append("</p>");
            sb.Append("<h2>Things</h2><table><tr><th>Name</th><th>Groups</th><th>Certificates</th></tr>");
            foreach (var t in em.Registry.ListThings())
                sb.Append("<tr><td>").Append(H(t.Name)).Append("</td><td>").Append(H(string.Join(", ", t.Groups))).Append("</td><td>").Append(t.Certificates.Count).Append("</td></tr>");
            sb.Append("</table><h2>Jobs</h2><table><tr><th>Job</th><th>Status</th><th>Selection</th><th>Targets</th></tr>");
            foreach (var j in em.Jobs.ListJobs())
                sb.Append("<tr><td>").Append(H(j.JobId)).Append("</td><td>").Append(H(j.Status)).Append("</td><td>").Append(H(j.Spec.TargetSelection)).Append("</td><td>").Append(H(string.Join(", ", j.Spec.Targets))).Append("</td></tr>");
            sb.Append("</table><h2>Executions</h2><table><tr><th>Job</th><th>Thing</th><th>#</th><th>Status</th><th>Version</th><th>Status details</th></tr>");
            foreach (ExecutionSnapshot e in em.Jobs.Snapshot())
                sb.Append("<tr><td>").Append(H(e.JobId)).Append("</td><td>").Append(H(e.ThingName)).Append("</td><td>").Append(e.ExecutionNumber).Append("</td><td>")
                  .Append(H(e.Status)).Append("</td><td>").Append(e.VersionNumber).Append("</td><td>")
                  .Append(H(string.Join(", ", e.StatusDetails.Select(kv => kv.Key + "=" + kv.Value)))).Append("</td></tr>");
            sb.Append("</table></body></html>");
            return sb.ToString();
        }

        private static string H(string s) => WebUtility.HtmlEncode(s ?? string.Empty);
    }
}
