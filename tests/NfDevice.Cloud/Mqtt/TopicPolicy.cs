using System;

namespace NfDevice.Cloud.Mqtt
{
    /// <summary>
    /// The emulator's IoT policy: a thing may use its own $aws/things/{thing}/... topics and, when allowed,
    /// non-reserved topics (not starting with '$'). Everything else is refused.
    /// </summary>
    public static class TopicPolicy
    {
        /// <summary>True when <paramref name="thing"/> may publish to <paramref name="topic"/>.</summary>
        public static bool CanPublish(string thing, string topic, bool allowNonReserved)
        {
            if (string.IsNullOrEmpty(topic) || topic.IndexOfAny(new[] { '+', '#' }) >= 0) return false;
            if (topic.StartsWith("$aws/things/" + thing + "/", StringComparison.Ordinal)) return true;
            return !topic.StartsWith("$", StringComparison.Ordinal) && allowNonReserved;
        }

        /// <summary>True when <paramref name="thing"/> may subscribe to <paramref name="filter"/>.</summary>
        public static bool CanSubscribe(string thing, string filter, bool allowNonReserved)
        {
            if (string.IsNullOrEmpty(filter)) return false;
            // The thing segment is literal here: thing names cannot contain '+' or '#'.
            if (filter.StartsWith("$aws/things/" + thing + "/", StringComparison.Ordinal)) return true;
            // Filters starting with a wildcard never match '$' topics (MQTT 3.1.1 §4.7.2); CanReceive enforces it too.
            return !filter.StartsWith("$", StringComparison.Ordinal) && allowNonReserved;
        }

        /// <summary>True when a message on <paramref name="topic"/> may be delivered to <paramref name="thing"/> (guards wildcard subscriptions).</summary>
        public static bool CanReceive(string thing, string topic)
        {
            if (!topic.StartsWith("$", StringComparison.Ordinal)) return true;
            return topic.StartsWith("$aws/things/" + thing + "/", StringComparison.Ordinal);
        }
    }
}
