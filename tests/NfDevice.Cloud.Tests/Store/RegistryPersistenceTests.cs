using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Store;

namespace NfDevice.Cloud.Tests.Store
{
    [TestClass]
    public sealed class RegistryPersistenceTests
    {
        [TestMethod]
        public void CertificateDeactivation_IsDurableWhenItReturns_WithNoShutdown()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                var live = new Registry(StateDatabase.Open(dir));  // left open, as a killed process leaves it
                live.TryCreateThing("dev-1", null, out _);
                live.AddCertificate("c1", "PEM", true);
                live.Attach("dev-1", "c1");
                Assert.IsTrue(live.SetCertificateStatus("c1", "INACTIVE"));

                using var db = StateDatabase.Open(dir);
                var restarted = new Registry(db);
                Assert.AreEqual("INACTIVE", restarted.FindCertificate("c1").Status);
                CollectionAssert.AreEqual(new[] { "dev-1" }, restarted.ThingsOfCertificate("c1").ToArray());
            }
            finally { StoreTestSupport.Delete(dir); }
        }

        // Issue 14: Registry.Flush wrote registry.json.tmp outside its lock, and the 1 s ticker and ProvisionBundle raced
        // (FileNotFoundException). Many writers at once must neither throw nor lose a write.
        [TestMethod]
        public void ConcurrentWriters_NeitherThrowNorLoseAWrite()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                using (var db = StateDatabase.Open(dir))
                {
                    var registry = new Registry(db);
                    registry.TryCreateGroup("fleet", 1, out _);
                    Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
                    {
                        string thing = "t-" + i;
                        registry.TryCreateThing(thing, null, out _);
                        registry.AddCertificate("c-" + i, "PEM", true);
                        registry.Attach(thing, "c-" + i);
                        registry.AddToGroup(thing, "fleet");
                        if (i % 3 == 0) registry.SetCertificateStatus("c-" + i, "INACTIVE");
                    });
                }
                using var reopened = StateDatabase.Open(dir);
                var restarted = new Registry(reopened);
                Assert.AreEqual(400, restarted.ListThings().Count);
                Assert.AreEqual(400, restarted.GroupMembers("fleet").Count);
                for (int i = 0; i < 400; i++)
                {
                    CollectionAssert.AreEqual(new[] { "t-" + i }, restarted.ThingsOfCertificate("c-" + i).ToArray());
                    Assert.AreEqual(i % 3 == 0 ? "INACTIVE" : "ACTIVE", restarted.FindCertificate("c-" + i).Status);
                }
            }
            finally { StoreTestSupport.Delete(dir); }
        }

        // The shape of the crash in issue 14: provisioning from several threads while the emulator runs (the old code
        // flushed registry.json through one shared .tmp file from each of them and from the 1 s ticker).
        [TestMethod]
        public async Task ConcurrentProvisioning_OnARunningEmulator_KeepsEveryThing()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                await using (var emulator = new Emulator(new EmulatorOptions { MqttPort = 0, HttpPort = 0, DataDirectory = dir }))
                {
                    await emulator.StartAsync();
                    Parallel.For(0, 60, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i => emulator.Provision("p-" + i));
                }
                await using var restarted = new Emulator(new EmulatorOptions { MqttPort = 0, HttpPort = 0, DataDirectory = dir });
                Assert.AreEqual(60, restarted.Registry.ListThings().Count);
                foreach (ThingRecord t in restarted.Registry.ListThings())
                    CollectionAssert.AreEqual(new[] { t.Name }, restarted.Registry.ThingsOfCertificate(t.Certificates.Single()).ToArray());
            }
            finally { StoreTestSupport.Delete(dir); }
        }

        [TestMethod]
        public void ProvisioningAThing_WritesItsOwnRowsOnly_NotTheWholeRegistry()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                using var db = StateDatabase.Open(dir);
                var registry = new Registry(db);
                for (int i = 0; i < 50; i++)
                {
                    registry.TryCreateThing("t-" + i, null, out _);
                    registry.AddCertificate("c-" + i, "PEM", true);
                    registry.Attach("t-" + i, "c-" + i);
                }
                long before = db.Count("iot-thing") + db.Count("iot-certificate");
                long changesBefore = TotalChanges(db);
                registry.TryCreateThing("t-new", null, out _);
                registry.AddCertificate("c-new", "PEM", true);
                registry.Attach("t-new", "c-new");

                Assert.AreEqual(before + 2, db.Count("iot-thing") + db.Count("iot-certificate"));
                // thing created, certificate added, thing rewritten with its attachment: 3 row writes, whatever the registry's size.
                Assert.AreEqual(3, TotalChanges(db) - changesBefore);
            }
            finally { StoreTestSupport.Delete(dir); }
        }

        private static long TotalChanges(StateDatabase db)
        {
            return db.TotalChanges();
        }

        [TestMethod]
        public void DeletingAThing_DropsItFromTheCertificateIndexAndItsGroups()
        {
            var registry = new Registry();
            registry.TryCreateThing("a", null, out _);
            registry.TryCreateGroup("g", 1, out _);
            registry.AddToGroup("a", "g");
            registry.AddCertificate("c", "PEM", true);
            registry.Attach("a", "c");

            Assert.IsTrue(registry.DeleteThing("a"));

            Assert.AreEqual(0, registry.ThingsOfCertificate("c").Count);
            Assert.AreEqual(0, registry.GroupMembers("g").Count);
        }

        [TestMethod]
        public void LegacyRegistryJson_IsImportedOnce()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                File.WriteAllText(Path.Combine(dir, "registry.json"),
                    "{\"Things\":[{\"Name\":\"old\",\"Id\":\"1\",\"Version\":1,\"Attributes\":{},\"Groups\":[\"g\"],\"Certificates\":[\"c\"]}]," +
                    "\"Groups\":[{\"Name\":\"g\",\"Id\":\"2\",\"CreatedAt\":5,\"Things\":[\"old\"]}]," +
                    "\"Certificates\":[{\"Id\":\"c\",\"Pem\":\"PEM\",\"Status\":\"ACTIVE\"}]}");
                using (var db = StateDatabase.Open(dir)) new Registry(db, dir);
                Assert.IsFalse(File.Exists(Path.Combine(dir, "registry.json")));

                using var again = StateDatabase.Open(dir);
                var registry = new Registry(again, dir);
                Assert.IsNotNull(registry.FindThing("old"));
                CollectionAssert.AreEqual(new[] { "old" }, registry.GroupMembers("g").ToArray());
                CollectionAssert.AreEqual(new[] { "old" }, registry.ThingsOfCertificate("c").ToArray());
            }
            finally { StoreTestSupport.Delete(dir); }
        }
    }
}
