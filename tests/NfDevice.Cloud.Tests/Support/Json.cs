using System.Linq;
using System.Text.Json;

namespace NfDevice.Cloud.Tests.Support
{
    internal static class Json
    {
        /// <summary>The object's member names, sorted, comma-separated (to pin exact field sets).</summary>
        public static string Keys(JsonElement e) => string.Join(",", e.EnumerateObject().Select(p => p.Name).OrderBy(n => n, System.StringComparer.Ordinal));

        public static JsonElement Parse(string s) => JsonDocument.Parse(s).RootElement.Clone();
    }
}
