using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Html;
using NfDevice.Cloud.Jobs;

namespace NfDevice.Cloud.WebConsole
{
    /// <summary>How the console shows job documents: indented, with the ${aws:iot:...} placeholders marked.</summary>
    public static class DocumentView
    {
        private const string PlaceholderStart = "${aws:iot:";

        /// <summary>Indented JSON (the text as given when it is not JSON).</summary>
        public static string Pretty(string document)
        {
            if (string.IsNullOrWhiteSpace(document)) return document ?? "";
            try
            {
                using var doc = JsonDocument.Parse(document);
                return JsonSerializer.Serialize(doc.RootElement, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            }
            catch (JsonException) { return document; }
        }

        /// <summary>The text HTML-encoded, each placeholder (nested ones included) wrapped in &lt;mark class="ph"&gt;.</summary>
        public static IHtmlContent Highlight(string text)
        {
            var sb = new StringBuilder();
            int i = 0;
            foreach ((int start, int end) in Placeholders(text))
            {
                sb.Append(WebUtility.HtmlEncode(text.Substring(i, start - i)))
                  .Append("<mark class=\"ph\">").Append(WebUtility.HtmlEncode(text.Substring(start, end - start))).Append("</mark>");
                i = end;
            }
            sb.Append(WebUtility.HtmlEncode(text.Substring(i)));
            return new HtmlString(sb.ToString());
        }

        /// <summary>Outermost placeholders as [start, end) ranges; braces are balanced so a nested placeholder stays inside its outer one.</summary>
        public static List<(int Start, int End)> Placeholders(string text)
        {
            var found = new List<(int, int)>();
            int i = 0;
            while (text != null && (i = text.IndexOf(PlaceholderStart, i, StringComparison.Ordinal)) >= 0)
            {
                int depth = 0, j = i + 1;
                for (; j < text.Length; j++)
                {
                    if (text[j] == '{') depth++;
                    else if (text[j] == '}' && --depth == 0) break;
                }
                if (j >= text.Length) break;
                found.Add((i, j + 1));
                i = j + 1;
            }
            return found;
        }

        /// <summary>The rollout configuration in words.</summary>
        public static string Rollout(RolloutConfig r)
        {
            if (r == null) return "None";
            if (r.BaseRatePerMinute.HasValue)
                return "Exponential: " + r.BaseRatePerMinute + "/min × " + r.IncrementFactor + " after " +
                    (r.NumberOfNotifiedThings.HasValue ? r.NumberOfNotifiedThings + " notified" : r.NumberOfSucceededThings + " succeeded") +
                    (r.MaximumPerMinute.HasValue ? ", at most " + r.MaximumPerMinute + "/min" : "");
            return "Constant: " + r.MaximumPerMinute + " per minute";
        }
    }
}
