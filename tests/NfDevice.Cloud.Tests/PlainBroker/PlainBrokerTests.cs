using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using MQTTnet;
using MQTTnet.Protocol;
using NfDevice.Cloud.Tests.Support;

namespace NfDevice.Cloud.Tests.PlainBroker
{
    /// <summary>The stand-in itself: a standard broker's delivery (subscribers only), per-thing ACLs, and the Jobs replies of the specification.</summary>
    [TestClass]
    public sealed class PlainBrokerTests
    {
        private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

        private static JsonObject Parse(string text) => JsonNode.Parse(text).AsObject();

        [TestMethod]
        public async Task Reply_ReachesTheRequester_OnlyWhenItSubscribed()
        {
            await using var rig = await PlainBrokerRig.StartAsync();
            var (client, received) = await rig.ClientAsync("dev-2");
            const string request = "$aws/things/dev-2/jobs/$next/get";

            await PlainBrokerRig.PublishAsync(client, request, "{\"clientToken\":\"t1\"}");
            rig.WaitFor(() => rig.Jobs.Published.Any(p => p.Topic == request + "/accepted"), "the responder answers");
            Assert.IsFalse(PlainBrokerRig.Within(Quiet, () => !received.IsEmpty), "an unsubscribed client received " + string.Join(",", received.Select(r => r.Topic)));

            await client.SubscribeAsync(request + "/accepted", MqttQualityOfServiceLevel.AtLeastOnce);
            await PlainBrokerRig.PublishAsync(client, request, "{\"clientToken\":\"t2\"}");
            rig.WaitFor(() => received.Any(r => r.Topic == request + "/accepted"), "the subscribed client gets the reply");
            var reply = Parse(received.Single().Payload);
            Assert.AreEqual("t2", (string)reply["clientToken"]);
            Assert.IsNull(reply["execution"], "nothing is pending: no execution member (reference §2.3)");
        }

        [TestMethod]
        public async Task Acl_RefusesAnotherThingsTopics_AndAClientIdThatIsNotTheCertificatesThing()
        {
            await using var rig = await PlainBrokerRig.StartAsync();
            var (client, received) = await rig.ClientAsync("dev-2");

            var sub = await client.SubscribeAsync("$aws/things/dev-1/jobs/notify-next", MqttQualityOfServiceLevel.AtLeastOnce);
            Assert.AreEqual(MqttClientSubscribeResultCode.NotAuthorized, sub.Items.Single().ResultCode);
            var wildcard = await client.SubscribeAsync("$aws/things/+/jobs/notify-next", MqttQualityOfServiceLevel.AtLeastOnce);
            Assert.AreEqual(MqttClientSubscribeResultCode.NotAuthorized, wildcard.Items.Single().ResultCode);

            await PlainBrokerRig.PublishAsync(client, "$aws/things/dev-1/jobs/$next/get", "{}");
            rig.WaitFor(() => rig.Broker.Refusals.Any(r => r.StartsWith("publish dev-2 $aws/things/dev-1/", StringComparison.Ordinal)), "the publish refused");
            Assert.AreEqual(0, rig.Jobs.Requests.Count, "the refused request reached the Jobs service");

            bool connected;
            try
            {
                var (impostor, _) = await rig.ClientAsync("dev-1", certificateThing: "dev-2");
                connected = impostor.IsConnected;
            }
            catch (MQTTnet.Adapter.MqttConnectingFailedException)
            {
                connected = false;
            }
            Assert.IsFalse(connected, "a client id other than the certificate's thing was let in; refusals: " + string.Join("; ", rig.Broker.Refusals));
            Assert.IsTrue(rig.Broker.Refusals.Any(r => r.StartsWith("connect dev-1", StringComparison.Ordinal)), string.Join("; ", rig.Broker.Refusals));
        }

        [TestMethod]
        public async Task Responder_FollowsTheSpecification_ForUpdatesVersionsAndEnds()
        {
            await using var rig = await PlainBrokerRig.StartAsync();
            var (client, received) = await rig.ClientAsync("dev-3");
            await client.SubscribeAsync("$aws/things/dev-3/jobs/#", MqttQualityOfServiceLevel.AtLeastOnce);
            rig.Jobs.CreateJob("job-1", "{\"operation\":\"diagnostics\"}", "dev-3");
            rig.WaitFor(() => received.Any(r => r.Topic.EndsWith("/notify-next")), "notify-next on the new head of the queue");
            var next = Parse(received.First(r => r.Topic.EndsWith("/notify-next")).Payload);
            Assert.AreEqual("job-1", (string)next["execution"]["jobId"]);
            Assert.AreEqual("diagnostics", (string)next["execution"]["jobDocument"]["operation"]);

            string update = "$aws/things/dev-3/jobs/job-1/update";
            await PlainBrokerRig.PublishAsync(client, update, "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":\"1\",\"includeJobExecutionState\":true,\"clientToken\":\"u1\"}");
            rig.WaitFor(() => received.Any(r => r.Topic == update + "/accepted"), "update accepted");
            var accepted = Parse(received.First(r => r.Topic == update + "/accepted").Payload);
            Assert.AreEqual(2, (long)accepted["executionState"]["versionNumber"]);
            Assert.AreEqual("u1", (string)accepted["clientToken"]);

            await PlainBrokerRig.PublishAsync(client, update, "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":1,\"clientToken\":\"u2\"}");
            rig.WaitFor(() => received.Any(r => r.Topic == update + "/rejected"), "stale version rejected");
            var mismatch = Parse(received.First(r => r.Topic == update + "/rejected").Payload);
            Assert.AreEqual("VersionMismatch", (string)mismatch["code"]);
            Assert.AreEqual(2, (long)mismatch["executionState"]["versionNumber"]);

            rig.Jobs.Cancel("dev-3", "job-1");
            await PlainBrokerRig.PublishAsync(client, update, "{\"status\":\"SUCCEEDED\",\"clientToken\":\"u3\"}");
            rig.WaitFor(() => received.Count(r => r.Topic == update + "/rejected") == 2, "update after the cancel rejected");
            var ended = Parse(received.Last(r => r.Topic == update + "/rejected").Payload);
            Assert.AreEqual("InvalidStateTransition", (string)ended["code"]);
            Assert.AreEqual("CANCELED", (string)ended["executionState"]["status"]);

            await PlainBrokerRig.PublishAsync(client, "$aws/things/dev-3/jobs/job-1/get", "not json");
            rig.WaitFor(() => received.Any(r => r.Topic == "$aws/things/dev-3/jobs/job-1/get/rejected"), "InvalidJson");
            var invalid = Parse(received.First(r => r.Topic == "$aws/things/dev-3/jobs/job-1/get/rejected").Payload);
            Assert.AreEqual("InvalidJson", (string)invalid["code"]);
            Assert.IsNull(invalid["clientToken"]);

            await PlainBrokerRig.PublishAsync(client, "$aws/things/dev-3/jobs/get", "{\"clientToken\":\"g1\"}");
            rig.WaitFor(() => received.Any(r => r.Topic == "$aws/things/dev-3/jobs/get/accepted"), "GetPendingJobExecutions");
            var pending = Parse(received.First(r => r.Topic == "$aws/things/dev-3/jobs/get/accepted").Payload);
            Assert.AreEqual(0, pending["inProgressJobs"].AsArray().Count);
            Assert.AreEqual(0, pending["queuedJobs"].AsArray().Count);
        }
    }
}
