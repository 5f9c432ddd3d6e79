using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Jobs.Tests.Net.Guard
{
    /// <summary>
    /// The nanoFramework-subset guard: the compiled portable core (NfDevice.Jobs.dll, net10.0) may reference
    /// only the nanoFramework 1.x API listed in src/NfDevice.Jobs.Net/nanoframework-allowlist.txt, and may not
    /// define or instantiate generics or compile async methods.
    /// </summary>
    [TestClass]
    public sealed class NanoSubsetGuardTests
    {
        private static string CoreAssemblyPath => Path.Combine(AppContext.BaseDirectory, "NfDevice.Jobs.dll");

        private static string TestAssemblyPath => typeof(NanoSubsetGuardTests).Assembly.Location;

        [TestMethod]
        public void CoreAssembly_ReferencesOnlyNanoFrameworkApi()
        {
            Assert.IsTrue(File.Exists(CoreAssemblyPath), "core assembly not found: " + CoreAssemblyPath);
            var offenders = NanoSubsetChecker.CheckAssembly(NanoApiAllowlist.Load(), CoreAssemblyPath);
            Assert.AreEqual(0, offenders.Count,
                "The portable core uses API that nanoFramework 1.x lacks (change the code, or extend the allowlist only " +
                "with API that exists in nanoFramework 1.x):" + Environment.NewLine + string.Join(Environment.NewLine, offenders));
        }

        [TestMethod]
        public void Checker_ReportsGenericListLinqAsyncAndMissingOverloads_InKnownBadCode()
        {
            var offenders = NanoSubsetChecker.CheckTypes(NanoApiAllowlist.Load(), TestAssemblyPath, typeof(GuardKnownBad).FullName);
            string all = string.Join(Environment.NewLine, offenders);
            StringAssert.Contains(all, "generic instantiation System.Collections.Generic.List`1<int>");
            StringAssert.Contains(all, "type System.Linq.Enumerable");
            StringAssert.Contains(all, "async method NfDevice.Jobs.Tests.Net.Guard.GuardKnownBad::Async");
            StringAssert.Contains(all, "async state machine");
            StringAssert.Contains(all, "generic method definition NfDevice.Jobs.Tests.Net.Guard.GuardKnownBad::Generic");
            StringAssert.Contains(all, "member System.String::Join(string,string[]) : string");
            StringAssert.Contains(all, "member System.Threading.WaitHandle::WaitOne(int) : bool");
            StringAssert.Contains(all, "type System.Threading.EventWaitHandle");
            StringAssert.Contains(all, "member System.Runtime.CompilerServices.CompilerGeneratedAttribute::.ctor() : void");
        }

        [TestMethod]
        public void Checker_AcceptsHonestNanoFrameworkCode()
        {
            var offenders = NanoSubsetChecker.CheckTypes(NanoApiAllowlist.Load(), TestAssemblyPath, typeof(GuardKnownGood).FullName);
            Assert.AreEqual(0, offenders.Count, string.Join(Environment.NewLine, offenders));
        }

        [TestMethod]
        public void Checker_ReportsEveryMemberOfAnEmptyAllowlist_SoAcceptanceComesFromTheFile()
        {
            var empty = NanoApiAllowlist.Parse(Array.Empty<string>());
            var offenders = NanoSubsetChecker.CheckTypes(empty, TestAssemblyPath, typeof(GuardKnownGood).FullName);
            string all = string.Join(Environment.NewLine, offenders);
            StringAssert.Contains(all, "member System.Collections.ArrayList::Add(object) : int");
            StringAssert.Contains(all, "member System.Threading.Monitor::Enter(object,ref bool) : void");
            StringAssert.Contains(all, "member System.Threading.EventWaitHandle::Set() : bool");
            StringAssert.Contains(all, "type System.Collections.Hashtable");
        }

        [TestMethod]
        public void Allowlist_HoldsCoreNanoFrameworkApi_AndNotTheApiItLacks()
        {
            var list = NanoApiAllowlist.Load();
            Assert.IsTrue(list.Members.Contains("System.String::Substring(int,int) : string"));
            Assert.IsTrue(list.Members.Contains("System.Text.Encoding::GetString(byte[],int,int) : string"));
            Assert.IsTrue(list.Members.Contains("System.Threading.WaitHandle::WaitOne(int,bool) : bool"));
            Assert.IsTrue(list.Types.Contains("System.Collections.Hashtable"));
            Assert.IsFalse(list.Members.Contains("System.Text.Encoding::GetString(byte[]) : string"));
            Assert.IsFalse(list.Members.Contains("System.Threading.WaitHandle::WaitOne(int) : bool"));
            Assert.IsFalse(list.Members.Any(m => m.StartsWith("System.String::Join(", StringComparison.Ordinal)));
            Assert.IsFalse(list.Members.Any(m => m.StartsWith("System.String::Replace(", StringComparison.Ordinal)));
            Assert.IsFalse(list.Types.Contains("System.Collections.Generic.List`1"));
        }

        [TestMethod]
        public void Allowlist_EveryEquivalentMapsToAListedMember()
        {
            var list = NanoApiAllowlist.Load();
            foreach (var pair in list.Equivalents)
            {
                Assert.IsTrue(list.Members.Contains(pair.Value), pair.Key + " maps to unlisted " + pair.Value);
                Assert.IsFalse(list.Members.Contains(pair.Key), pair.Key + " is listed and mapped at once");
            }

            foreach (string attribute in list.CompilerOptionalAttributes)
            {
                Assert.IsFalse(list.Types.Contains(attribute), attribute + " exists on nanoFramework; list it as T instead");
            }
        }
    }
}
