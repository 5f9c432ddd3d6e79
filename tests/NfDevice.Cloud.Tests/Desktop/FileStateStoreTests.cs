using System;
using System.IO;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Desktop.Platform;

namespace NfDevice.Cloud.Tests.Desktop
{
    [TestClass]
    public sealed class FileStateStoreTests
    {
        private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

        private static string Text(byte[] b) => b == null ? null : Encoding.UTF8.GetString(b);

        [TestMethod]
        public void Read_ReturnsNull_WhenRecordWasNeverWritten()
        {
            using var dir = new TempDir();
            Assert.IsNull(new FileStateStore(dir.Path).Read("job"));
        }

        [TestMethod]
        public void Write_StoresOnlyCountBytes_AndSurvivesReopening()
        {
            using var dir = new TempDir();
            Assert.IsTrue(new FileStateStore(dir.Path).Write("job", Bytes("abcdefgh"), 5));
            Assert.AreEqual("abcde", Text(new FileStateStore(dir.Path).Read("job")));
        }

        [TestMethod]
        public void Write_ReplacesTheOldRecord()
        {
            using var dir = new TempDir();
            var store = new FileStateStore(dir.Path);
            store.Write("job", Bytes("old record, longer"), 18);
            store.Write("job", Bytes("new"), 3);
            Assert.AreEqual("new", Text(store.Read("job")));
            Assert.AreEqual(0, Directory.GetFiles(dir.Path, "*.tmp").Length);
        }

        [TestMethod]
        public void CrashBetweenTempWriteAndMove_KeepsTheOldRecord()
        {
            using var dir = new TempDir();
            var store = new FileStateStore(dir.Path);
            Assert.IsTrue(store.Write("job", Bytes("old"), 3));
            string tempSeen = null;
            store.BeforeReplace = temp =>
            {
                tempSeen = temp;
                throw new IOException("simulated power cut");
            };
            Assert.IsFalse(store.Write("job", Bytes("new-record"), 10));
            Assert.IsNotNull(tempSeen);
            Assert.AreEqual("old", Text(store.Read("job")));
            Assert.AreEqual("old", Text(new FileStateStore(dir.Path).Read("job")));
        }

        [TestMethod]
        public void TornTempFile_IsIgnoredAndRemovedOnOpen()
        {
            using var dir = new TempDir();
            new FileStateStore(dir.Path).Write("job", Bytes("{\"jobId\":\"a\"}"), 13);
            // What a crash in the middle of the temporary write leaves behind.
            File.WriteAllBytes(Path.Combine(dir.Path, "job.tmp"), Bytes("{\"jobId\":\"b"));
            var reopened = new FileStateStore(dir.Path);
            Assert.AreEqual("{\"jobId\":\"a\"}", Text(reopened.Read("job")));
            Assert.IsFalse(File.Exists(Path.Combine(dir.Path, "job.tmp")));
        }

        [TestMethod]
        public void TornTempFile_WithoutRecord_ReadsAsNoRecord()
        {
            using var dir = new TempDir();
            File.WriteAllBytes(Path.Combine(dir.Path, "checkpoint.tmp"), Bytes("partial"));
            Assert.IsNull(new FileStateStore(dir.Path).Read("checkpoint"));
        }

        [TestMethod]
        public void Delete_RemovesRecord_AndIsTrueWhenAbsent()
        {
            using var dir = new TempDir();
            var store = new FileStateStore(dir.Path);
            store.Write("job", Bytes("x"), 1);
            Assert.IsTrue(store.Delete("job"));
            Assert.IsNull(store.Read("job"));
            Assert.IsTrue(store.Delete("job"));
        }

        [TestMethod]
        [DataRow("../escape")]
        [DataRow("a/b")]
        [DataRow("")]
        [DataRow(".hidden")]
        [DataRow("job.tmp")]
        public void Names_ThatCouldLeaveTheDirectoryOrHitTempFiles_AreRefused(string name)
        {
            using var dir = new TempDir();
            var store = new FileStateStore(dir.Path);
            Assert.IsFalse(store.Write(name, Bytes("x"), 1));
            Assert.IsNull(store.Read(name));
            Assert.IsFalse(store.Delete(name));
        }

        [TestMethod]
        public void Write_RefusesCountOutsideTheBuffer()
        {
            using var dir = new TempDir();
            var store = new FileStateStore(dir.Path);
            Assert.IsFalse(store.Write("job", Bytes("abc"), 4));
            Assert.IsFalse(store.Write("job", Bytes("abc"), -1));
            Assert.IsFalse(store.Write("job", null, 0));
            Assert.IsNull(store.Read("job"));
        }
    }
}
