using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Store;

namespace NfDevice.Cloud.Tests.Store
{
    [TestClass]
    public sealed class JobsPersistenceTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

        private static void Device(JobsService jobs, string thing, string request, string payload) =>
            jobs.HandleDeviceRequest(thing, thing, "$aws/things/" + thing + "/jobs/" + request, Encoding.UTF8.GetBytes(payload));

        private static (Registry Registry, JobsService Jobs, StateDatabase Db) Open(string dir, IClock clock, IJobsOutbox outbox = null)
        {
            var db = StateDatabase.Open(dir);
            var registry = new Registry(db);
            return (registry, new JobsService(clock, registry, outbox ?? new StoreTestSupport.RecordingOutbox(), db: db), db);
        }

        // After every step of a job's life, a second service opened on the same file (the first never shut down, as after
        // kill -9) holds exactly the same jobs and executions: statuses, versions, timers, retry counters, rollout state.
        [TestMethod]
        public void EveryAcknowledgedStep_IsInTheDatabase_FieldForField()
        {
            string dir = StoreTestSupport.TempDir();
            var opened = new List<StateDatabase>();
            try
            {
                var clock = new FakeClock(T0);
                var (registry, jobs, db) = Open(dir, clock);
                opened.Add(db);
                foreach (string t in new[] { "a", "b", "c" }) registry.TryCreateThing(t, null, out _);
                registry.TryCreateGroup("fleet", 1, out _);
                var steps = new List<(string Name, Action Act)>
                {
                    ("create job with timeout and retry", () => jobs.CreateJob(new JobSpec
                    {
                        JobId = "fw", Document = "{\"operation\":\"x\"}", Targets = new List<string> { Arns.Thing("a"), Arns.Thing("b"), Arns.Thing("c") },
                        InProgressTimeoutInMinutes = 10, RetryCriteria = new List<RetryCriterion> { new RetryCriterion { FailureType = "FAILED", NumberOfRetries = 1 } },
                    })),
                    ("create rollout job", () => jobs.CreateJob(new JobSpec
                    {
                        JobId = "slow", Document = "{}", Targets = new List<string> { Arns.Thing("a"), Arns.Thing("b"), Arns.Thing("c") },
                        Rollout = new RolloutConfig { MaximumPerMinute = 1 },
                    })),
                    ("create continuous group job", () => jobs.CreateJob(new JobSpec
                    {
                        JobId = "cont", Document = "{}", TargetSelection = "CONTINUOUS", Targets = new List<string> { Arns.ThingGroup("fleet") },
                    })),
                    ("a starts next with a step timer", () => Device(jobs, "a", "start-next", "{\"clientToken\":\"1\",\"stepTimeoutInMinutes\":5}")),
                    ("a reports progress", () => Device(jobs, "a", "fw/update", "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":2,\"statusDetails\":{\"step\":\"download\"}}")),
                    ("b starts and fails (retry queued)", () => { Device(jobs, "b", "start-next", "{}"); Device(jobs, "b", "fw/update", "{\"status\":\"FAILED\"}"); }),
                    ("a minute passes: rollout releases one", () => clock.Advance(TimeSpan.FromSeconds(61))),
                    ("a's step timer expires", () => clock.Advance(TimeSpan.FromMinutes(5))),
                    ("thing joins the group", () => { registry.AddToGroup("c", "fleet"); jobs.OnThingAddedToGroup("c", "fleet"); }),
                    ("c succeeds", () => { Device(jobs, "c", "start-next", "{}"); Device(jobs, "c", "fw/update", "{\"status\":\"SUCCEEDED\"}"); }),
                    ("cancel an execution", () => jobs.CancelExecution("c", "slow", false, null, null)),
                    ("cancel the rollout job", () => jobs.CancelJob("slow", false, "NO_LONGER", "test")),
                    ("delete an execution", () => jobs.DeleteExecution("c", "fw", 1, false)),
                    ("delete the continuous job", () => jobs.DeleteJob("cont", true)),
                };
                foreach (var (name, act) in steps)
                {
                    act();
                    string expected = StoreTestSupport.Dump(jobs);
                    var (_, restarted, db2) = Open(dir, new FakeClock(clock.UtcNow));
                    opened.Add(db2);
                    Assert.AreEqual(expected, StoreTestSupport.Dump(restarted), "after: " + name);
                }
                Assert.AreEqual("TIMED_OUT", jobs.DescribeExecution("a", "fw", null).Status, "the scenario reached the step timeout");
            }
            finally
            {
                foreach (var d in opened) d.Dispose();
                StoreTestSupport.Delete(dir);
            }
        }

        [TestMethod]
        public void InProgressTimeout_ThatFellDueWhileDown_FiresAtTheFirstTick_AndRetries()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                var clock = new FakeClock(T0);
                var (registry, jobs, db) = Open(dir, clock);
                registry.TryCreateThing("a", null, out _);
                jobs.CreateJob(new JobSpec
                {
                    JobId = "fw", Document = "{}", Targets = new List<string> { Arns.Thing("a") }, InProgressTimeoutInMinutes = 10,
                    RetryCriteria = new List<RetryCriterion> { new RetryCriterion { FailureType = "TIMED_OUT", NumberOfRetries = 1 } },
                });
                Device(jobs, "a", "start-next", "{}");
                db.Dispose();

                var later = new FakeClock(T0.AddMinutes(30));  // the emulator was down across the deadline
                var (_, restarted, db2) = Open(dir, later);
                using (db2)
                {
                    Assert.AreEqual("IN_PROGRESS", restarted.DescribeExecution("a", "fw", 1).Status);
                    restarted.Tick();
                    Assert.AreEqual("TIMED_OUT", restarted.DescribeExecution("a", "fw", 1).Status);
                    Assert.AreEqual("QUEUED", restarted.DescribeExecution("a", "fw", 2).Status);
                }
            }
            finally { StoreTestSupport.Delete(dir); }
        }

        [TestMethod]
        public void ScheduledJob_WhoseStartTimePassedWhileDown_StartsAtTheFirstTickAfterARestart()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                var (registry, jobs, db) = Open(dir, new FakeClock(T0));
                registry.TryCreateThing("a", null, out _);
                jobs.CreateJob(new JobSpec
                {
                    JobId = "later", Document = "{}", Targets = new List<string> { Arns.Thing("a") },
                    Scheduling = new SchedulingConfig { StartTime = "2026-03-01T13:00" },
                });
                Assert.AreEqual("SCHEDULED", jobs.GetJob("later").Status);
                db.Dispose();

                var (_, restarted, db2) = Open(dir, new FakeClock(T0.AddHours(2)));
                using (db2)
                {
                    Assert.AreEqual(0, restarted.ExecutionsForThing("a", null, "later").Count, "nothing queued before the tick");
                    restarted.Tick();
                    Assert.AreEqual("IN_PROGRESS", restarted.GetJob("later").Status);
                    Assert.AreEqual("QUEUED", restarted.DescribeExecution("a", "later", null).Status);
                }
            }
            finally { StoreTestSupport.Delete(dir); }
        }

        // A fleet job's spec lists every target: a device's update must not write it again (O(targets) per update).
        [TestMethod]
        public void DeviceUpdate_WritesItsExecutionAndTheJobHeader_NotTheSpecWithEveryTarget()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                var (registry, jobs, db) = Open(dir, new FakeClock(T0));
                using (db)
                {
                    var targets = new List<string>();
                    for (int i = 0; i < 2000; i++)
                    {
                        registry.TryCreateThing("t" + i, null, out _);
                        targets.Add(Arns.Thing("t" + i));
                    }
                    jobs.CreateJob(new JobSpec { JobId = "fleet", Document = "{}", Targets = targets });
                    Device(jobs, "t7", "start-next", "{}");
                    long before = db.TotalChanges();

                    Device(jobs, "t7", "fleet/update", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"progress\":\"50\"}}");

                    Assert.AreEqual(2, db.TotalChanges() - before, "the execution's row and the job's header row");
                }
            }
            finally { StoreTestSupport.Delete(dir); }
        }

        // A reply or notify is what acknowledges a device's request: when it leaves, the change must already be stored.
        [TestMethod]
        public void EveryMessage_LeavesOnlyAfterTheChangeBehindItIsStored()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                var outbox = new StoreTestSupport.RecordingOutbox();
                var clock = new FakeClock(T0);
                var (registry, jobs, db) = Open(dir, clock, outbox);
                using (db)
                {
                    registry.TryCreateThing("a", null, out _);
                    var seen = new List<string>();
                    outbox.OnMessage = (topic, payload) =>
                    {
                        using var reader = StateDatabase.Open(dir);
                        var view = new JobsService(new FakeClock(clock.UtcNow), new Registry(reader), new StoreTestSupport.RecordingOutbox(), db: reader);
                        var stored = view.ExecutionsForThing("a", null, "fw");
                        seen.Add(topic + " -> " + (stored.Count == 0 ? "none" : stored[0].Status + "/" + stored[0].VersionNumber));
                    };
                    jobs.CreateJob(new JobSpec { JobId = "fw", Document = "{}", Targets = new List<string> { Arns.Thing("a") } });
                    Device(jobs, "a", "start-next", "{}");
                    Device(jobs, "a", "fw/update", "{\"status\":\"SUCCEEDED\",\"expectedVersion\":2}");

                    CollectionAssert.Contains(seen, "$aws/things/a/jobs/notify-next -> QUEUED/1");
                    CollectionAssert.Contains(seen, "$aws/things/a/jobs/start-next/accepted -> IN_PROGRESS/2");
                    CollectionAssert.Contains(seen, "$aws/things/a/jobs/fw/update/accepted -> SUCCEEDED/3");
                }
            }
            finally { StoreTestSupport.Delete(dir); }
        }
    }
}
