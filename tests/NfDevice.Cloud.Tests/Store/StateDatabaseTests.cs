using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Store;

namespace NfDevice.Cloud.Tests.Store
{
    [TestClass]
    public sealed class StateDatabaseTests
    {
        [TestMethod]
        public void Write_ThatThrowsHalfway_LeavesNothingOfItInTheDatabase()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                using (var db = StateDatabase.Open(dir))
                {
                    db.Put("k", "kept", new { v = 1 });
                    Assert.ThrowsExactly<InvalidOperationException>(() => db.Write(b =>
                    {
                        b.Put("k", "half", new { v = 2 });
                        b.Delete("k", "kept");
                        throw new InvalidOperationException("fault injected between two writes");
                    }));
                    db.Put("k", "after", new { v = 3 });  // the connection is usable after the failed transaction
                }
                using var reopened = StateDatabase.Open(dir);
                var rows = reopened.Load("k");
                CollectionAssert.AreEqual(new[] { "after", "kept" }, new[] { rows[0].Key, rows[1].Key });
                Assert.AreEqual(2, rows.Count);
            }
            finally { StoreTestSupport.Delete(dir); }
        }

        [TestMethod]
        public void Rows_WithBytes_ComeBackAfterReopening_WithoutDispose()
        {
            string dir = StoreTestSupport.TempDir();
            try
            {
                var first = StateDatabase.Open(dir);  // never disposed: as after kill -9, only what was committed counts
                first.Put("blob", "a/b", new { name = "x" }, new byte[] { 1, 2, 3 });
                using var second = StateDatabase.Open(dir);
                var row = second.Load("blob")[0];
                Assert.AreEqual("{\"name\":\"x\"}", row.Body);
                CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, row.Data);
                first.Dispose();
            }
            finally { StoreTestSupport.Delete(dir); }
        }

        [TestMethod]
        public void Open_WithoutDirectory_IsNoDatabase()
        {
            Assert.IsNull(StateDatabase.Open(null));
        }
    }
}
