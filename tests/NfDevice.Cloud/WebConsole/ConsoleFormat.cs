using System;
using System.Globalization;

namespace NfDevice.Cloud.WebConsole
{
    /// <summary>How the console writes times and statuses (as the AWS console does: words, not epoch numbers).</summary>
    public static class ConsoleFormat
    {
        /// <summary>Epoch seconds -> "Jan 02, 2026, 03:04:05 (UTC)".</summary>
        public static string Time(long epochSeconds) =>
            DateTimeOffset.FromUnixTimeSeconds(epochSeconds).UtcDateTime.ToString("MMM dd, yyyy, HH:mm:ss '(UTC)'", CultureInfo.InvariantCulture);

        /// <summary>Nullable variant: "—" when absent.</summary>
        public static string Time(long? epochSeconds) => epochSeconds.HasValue ? Time(epochSeconds.Value) : "—";

        /// <summary>A DateTimeOffset in the same form.</summary>
        public static string Time(DateTimeOffset t) => Time(t.ToUnixTimeSeconds());

        /// <summary>IN_PROGRESS -> "In progress".</summary>
        public static string Status(string status)
        {
            if (string.IsNullOrEmpty(status)) return "—";
            string words = status.Replace('_', ' ').ToLowerInvariant();
            return char.ToUpperInvariant(words[0]) + words.Substring(1);
        }

        /// <summary>The CSS class of a status badge: success, progress, failure, neutral.</summary>
        public static string Tone(string status) => status?.ToUpperInvariant() switch
        {
            "SUCCEEDED" or "COMPLETED" or "ACTIVE" => "success",
            "IN_PROGRESS" or "QUEUED" or "SCHEDULED" or "INPROGRESS" => "progress",
            "FAILED" or "REJECTED" or "TIMED_OUT" or "REVOKED" => "failure",
            _ => "neutral",
        };
    }
}
