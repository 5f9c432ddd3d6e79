#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Engine;
using NfDevice.Jobs.Tests.Fakes;

namespace NfDevice.Jobs.Tests.Engine
{
    /// <summary>
    /// On a plain MQTT broker a reply reaches only subscribers (AWS IoT delivers Jobs replies to the requester
    /// without one, reference §1.2). Every request the engine sends must therefore have its accepted and
    /// rejected topics covered by a subscription made on connect, as the AWS device SDKs do.
    /// </summary>
    [TestClass]
    public class ReplySubscriptionTests
    {
        [TestMethod]
        public void EveryRequestSent_HasItsAcceptedAndRejectedTopicsSubscribed()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();

            // The documentNotDelivered path: $next/get, then jobs/get (GetPendingJobExecutions), then an update.
            h.Mqtt.Reject("InvalidRequest", null);
            h.Pump();
            h.Mqtt.Accept("\"inProgressJobs\":[],\"queuedJobs\":[{\"jobId\":\"fw-1\",\"queuedAt\":1,\"lastUpdatedAt\":1,\"versionNumber\":1,\"executionNumber\":1}]");
            h.Pump();
            h.AcceptUpdate(2, "FAILED");

            // A normal job: describe, updates.
            h.OfferJob("job-2", 1, EngineHarness.Doc("work"));
            h.AcceptUpdate(2, "IN_PROGRESS");
            h.Pump();

            Assert.IsTrue(h.CountPublishes("/jobs/get") > 0, "the GetPendingJobExecutions request was not sent");
            for (int i = 0; i < h.Mqtt.Count; i++)
            {
                string request = h.Mqtt.At(i).Topic;
                Assert.IsTrue(IsSubscribed(h.Mqtt, request + "/accepted"), "no subscription covers " + request + "/accepted");
                Assert.IsTrue(IsSubscribed(h.Mqtt, request + "/rejected"), "no subscription covers " + request + "/rejected");
            }
        }

        [TestMethod]
        public void Subscriptions_AreMadeOnEveryConnect_AndMatchTheAgentsList()
        {
            EngineHarness h = new EngineHarness();
            h.Connect();
            string[] expected = h.Agent.SubscriptionTopics;
            Assert.AreEqual(expected.Length, h.Mqtt.Subscriptions.Count);
            h.Disconnect();
            h.Connect();
            Assert.AreEqual(2 * expected.Length, h.Mqtt.Subscriptions.Count);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], (string)h.Mqtt.Subscriptions[expected.Length + i]);
            }
        }

        [TestMethod]
        public void TopicFilterMatch_FollowsMqttWildcards()
        {
            Assert.IsTrue(FilterMatches("a/+/c", "a/b/c"));
            Assert.IsFalse(FilterMatches("a/+/c", "a/b/d/c"));
            Assert.IsFalse(FilterMatches("a/+/c", "a/c"));
            Assert.IsTrue(FilterMatches("a/b", "a/b"));
            Assert.IsFalse(FilterMatches("a/b", "a/b/accepted"));
        }

        private static bool IsSubscribed(FakeMqtt mqtt, string topic)
        {
            for (int i = 0; i < mqtt.Subscriptions.Count; i++)
            {
                if (FilterMatches((string)mqtt.Subscriptions[i], topic))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>MQTT 3.1.1 §4.7 topic filter matching, for the '+' single-level wildcard the engine uses.</summary>
        private static bool FilterMatches(string filter, string topic)
        {
            int f = 0;
            int t = 0;
            while (f < filter.Length && t < topic.Length)
            {
                if (filter[f] == '+')
                {
                    while (t < topic.Length && topic[t] != '/')
                    {
                        t++;
                    }

                    f++;
                    continue;
                }

                if (filter[f] != topic[t])
                {
                    return false;
                }

                f++;
                t++;
            }

            return f == filter.Length && t == topic.Length;
        }
    }
}
