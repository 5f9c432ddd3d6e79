using System;
using System.Collections;
using System.Collections.Generic;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace NfDevice.Cloud.Mqtt
{
    /// <summary>
    /// A copy of one MQTT session's granted subscriptions, kept in the session's own items (so it lives and dies with
    /// the session, including a session taken over by a reconnect). Why: MQTTnet routes a published message by checking
    /// every subscriber session, so each Jobs notification cost O(sessions) and a fleet's rollout O(N²). A message on
    /// `$aws/things/{thing}/...` can only be received by that thing (<see cref="TopicPolicy.CanReceive"/>), so the
    /// outbox looks up the one session and matches its filters here instead.
    /// </summary>
    public sealed class SessionSubscriptions
    {
        private const string ItemKey = "nfcloud.subscriptions";
        private readonly Dictionary<string, MqttQualityOfServiceLevel> _filters = new Dictionary<string, MqttQualityOfServiceLevel>(StringComparer.Ordinal);
        private readonly bool _routable;

        private SessionSubscriptions(bool routable) { _routable = routable; }

        /// <summary>
        /// Called when a connection is validated, with the items its new session will get. MQTT 5 subscriptions may carry
        /// subscription identifiers that this copy does not record, so MQTT 5 sessions keep MQTTnet's own routing.
        /// </summary>
        public static void Start(IDictionary sessionItems, MqttProtocolVersion version)
        {
            // The items are fresh for each connection (MQTTnet's are a ConcurrentDictionary, read here from other threads).
            if (sessionItems != null) sessionItems[ItemKey] = new SessionSubscriptions(version != MqttProtocolVersion.V500);
        }

        /// <summary>Records a subscription MQTTnet has just granted (the same filter again replaces the old one, as in MQTTnet).</summary>
        public static void Granted(IDictionary sessionItems, MqttTopicFilter filter)
        {
            SessionSubscriptions s = Of(sessionItems);
            if (s == null || filter == null) return;
            lock (s._filters) s._filters[filter.Topic] = filter.QualityOfServiceLevel;
        }

        /// <summary>Forgets a filter the client unsubscribed from.</summary>
        public static void Removed(IDictionary sessionItems, string filter)
        {
            SessionSubscriptions s = Of(sessionItems);
            if (s == null || filter == null) return;
            lock (s._filters) s._filters.Remove(filter);
        }

        /// <summary>
        /// Whether the session's subscriptions can be matched here; false for sessions this class does not follow (then
        /// the message must go through MQTTnet's routing).
        /// </summary>
        public static bool TryMatch(IDictionary sessionItems, string topic, out bool subscribed, out MqttQualityOfServiceLevel qos)
        {
            subscribed = false;
            qos = MqttQualityOfServiceLevel.AtMostOnce;
            SessionSubscriptions s = Of(sessionItems);
            if (s == null || !s._routable) return false;
            lock (s._filters)
            {
                // As MQTTnet does: the highest QoS among the matching filters.
                foreach (var kv in s._filters)
                {
                    if (MqttTopicFilterComparer.Compare(topic, kv.Key) != MqttTopicFilterCompareResult.IsMatch) continue;
                    if (!subscribed || kv.Value > qos) qos = kv.Value;
                    subscribed = true;
                }
            }
            return true;
        }

        private static SessionSubscriptions Of(IDictionary sessionItems)
        {
            return sessionItems?[ItemKey] as SessionSubscriptions;
        }
    }
}
