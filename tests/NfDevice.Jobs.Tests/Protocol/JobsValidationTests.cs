#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using NfDevice.Jobs.Protocol;

namespace NfDevice.Jobs.Tests.Protocol
{
    /// <summary>Identifier and statusDetails rules of reference §1.3, and the StatusDetails builder.</summary>
    [TestClass]
    public class JobsValidationTests
    {
        [TestMethod]
        public void ThingName_Allows1To128OfAlnumColonUnderscoreDash()
        {
            Assert.IsTrue(JobsValidation.IsValidThingName("a"));
            Assert.IsTrue(JobsValidation.IsValidThingName("Thing:01_a-Z"));
            Assert.IsTrue(JobsValidation.IsValidThingName(new string('x', 128)));
            Assert.IsFalse(JobsValidation.IsValidThingName(new string('x', 129)));
            Assert.IsFalse(JobsValidation.IsValidThingName(""));
            Assert.IsFalse(JobsValidation.IsValidThingName(null));
            Assert.IsFalse(JobsValidation.IsValidThingName("a b"));
            Assert.IsFalse(JobsValidation.IsValidThingName("a/b"));
            Assert.IsFalse(JobsValidation.IsValidThingName("a+"));
            Assert.IsFalse(JobsValidation.IsValidThingName("caf\u00e9"));
        }

        [TestMethod]
        public void JobId_Allows1To64WithoutColon_AndNextOnlyForDescribe()
        {
            Assert.IsTrue(JobsValidation.IsValidJobId("job_1-A", false));
            Assert.IsTrue(JobsValidation.IsValidJobId(new string('j', 64), false));
            Assert.IsFalse(JobsValidation.IsValidJobId(new string('j', 65), false));
            Assert.IsFalse(JobsValidation.IsValidJobId("a:b", false));
            Assert.IsFalse(JobsValidation.IsValidJobId("", false));
            Assert.IsFalse(JobsValidation.IsValidJobId("$next", false));
            Assert.IsTrue(JobsValidation.IsValidJobId("$next", true));
            Assert.IsFalse(JobsValidation.IsValidJobId("$nex", true));
            byte[] b = TestSupport.Utf8("x$next job-1");
            Assert.IsTrue(JobsValidation.IsValidJobId(b, 1, 5, true));
            Assert.IsFalse(JobsValidation.IsValidJobId(b, 1, 5, false));
            Assert.IsTrue(JobsValidation.IsValidJobId(b, 7, 5, false));
            Assert.IsFalse(JobsValidation.IsValidJobId(b, 6, 6, false));
            Assert.IsFalse(JobsValidation.IsValidJobId(b, 10, 5, false));
        }

        [TestMethod]
        public void StatusDetailsKey_Allows1To128OfAlnumColonUnderscoreDash()
        {
            Assert.IsTrue(JobsValidation.IsValidStatusDetailsKey("reason:code_1-x"));
            Assert.IsTrue(JobsValidation.IsValidStatusDetailsKey(new string('k', 128)));
            Assert.IsFalse(JobsValidation.IsValidStatusDetailsKey(new string('k', 129)));
            Assert.IsFalse(JobsValidation.IsValidStatusDetailsKey("a.b"));
            Assert.IsFalse(JobsValidation.IsValidStatusDetailsKey(""));
        }

        [TestMethod]
        public void StatusDetailsValue_Allows1To1024CharactersWithoutControlCharacters()
        {
            Assert.IsTrue(JobsValidation.IsValidStatusDetailsValue("50% done, caf\u00e9 \u20ac"));
            Assert.IsTrue(JobsValidation.IsValidStatusDetailsValue(new string('v', 1024)));
            Assert.IsFalse(JobsValidation.IsValidStatusDetailsValue(new string('v', 1025)));
            Assert.IsFalse(JobsValidation.IsValidStatusDetailsValue(""));
            Assert.IsFalse(JobsValidation.IsValidStatusDetailsValue(null));
            Assert.IsFalse(JobsValidation.IsValidStatusDetailsValue("line\nbreak"));
            if (TestSupport.StringsHoldNul)
            {
                Assert.IsFalse(JobsValidation.IsValidStatusDetailsValue("nul\u0000"));
            }

            Assert.IsFalse(JobsValidation.IsValidStatusDetailsValue("soh\u0001"));
            Assert.IsFalse(JobsValidation.IsValidStatusDetailsValue("del\u007f"));
            Assert.IsFalse(JobsValidation.IsValidStatusDetailsValue("c1\u0085"));
            Assert.IsFalse(JobsValidation.IsValidStatusDetailsValue("zwsp\u200b"));
            Assert.IsFalse(JobsValidation.IsValidStatusDetailsValue("bom\ufeff"));
            Assert.IsFalse(JobsValidation.IsValidStatusDetailsValue("private\ue000"));
            // An unpaired surrogate is U+FFFD on both runtimes (nanoFramework strings cannot hold one).
            Assert.IsTrue(JobsValidation.IsValidStatusDetailsValue("lone\ud800"));
            Assert.IsTrue(JobsValidation.IsValidStatusDetailsValue("lone\udc00 low"));
        }

        [TestMethod]
        public void StatusDetailsValue_CountsSupplementaryCharactersOnce()
        {
            System.Text.StringBuilder sb = new System.Text.StringBuilder();
            for (int i = 0; i < 1024; i++)
            {
                sb.Append("\uD83D\uDE00");
            }

            Assert.IsTrue(JobsValidation.IsValidStatusDetailsValue(sb.ToString()));
            sb.Append('x');
            Assert.IsFalse(JobsValidation.IsValidStatusDetailsValue(sb.ToString()));
        }

        [TestMethod]
        public void StepTimeout_Allows1To10080_AndMinusOneOnlyForUpdate()
        {
            Assert.IsTrue(JobsValidation.IsValidStepTimeout(1, false));
            Assert.IsTrue(JobsValidation.IsValidStepTimeout(10080, false));
            Assert.IsFalse(JobsValidation.IsValidStepTimeout(0, true));
            Assert.IsFalse(JobsValidation.IsValidStepTimeout(10081, true));
            Assert.IsFalse(JobsValidation.IsValidStepTimeout(-1, false));
            Assert.IsTrue(JobsValidation.IsValidStepTimeout(-1, true));
        }

        [TestMethod]
        public void StatusDetails_Set_ValidatesReplacesAndCapsAtTenPairs()
        {
            StatusDetails sd = new StatusDetails();
            ProtocolAssert.Result(JobsResult.InvalidStatusDetails, sd.Set("bad key", "v"), "bad key");
            ProtocolAssert.Result(JobsResult.InvalidStatusDetails, sd.Set("k", "a\tb"), "bad value");
            Assert.AreEqual(0, sd.Count);
            for (int i = 0; i < 10; i++)
            {
                ProtocolAssert.Result(JobsResult.Success, sd.Set("k" + i.ToString(), "v"), i.ToString());
            }

            ProtocolAssert.Result(JobsResult.TooManyStatusDetails, sd.Set("k10", "v"), "eleventh");
            ProtocolAssert.Result(JobsResult.Success, sd.Set("k3", "replaced"), "replace when full");
            Assert.AreEqual(10, sd.Count);
            Assert.AreEqual("replaced", sd.Get("k3"));
            Assert.AreEqual("k3", sd.KeyAt(3));
            Assert.IsTrue(sd.Remove("k0"));
            Assert.IsFalse(sd.Remove("k0"));
            Assert.AreEqual("k1", sd.KeyAt(0));
            Assert.AreEqual(9, sd.Count);
            Assert.IsNull(sd.KeyAt(9));
            sd.Clear();
            Assert.AreEqual(0, sd.Count);
            Assert.IsNull(sd.Get("k1"));
        }

        [TestMethod]
        public void StatusDetails_SetSanitized_MakesFreeTextAcceptable()
        {
            StatusDetails sd = new StatusDetails();
            ProtocolAssert.Result(JobsResult.Success, sd.SetSanitized("reason", "line1\nline2\t\u0001"), "controls");
            Assert.AreEqual("line1?line2??", sd.Get("reason"));
            if (TestSupport.StringsHoldNul)
            {
                ProtocolAssert.Result(JobsResult.Success, sd.SetSanitized("nul", "a\u0000b"), "NUL");
                Assert.AreEqual("a?b", sd.Get("nul"));
            }

            // An unpaired surrogate is acceptable text (U+FFFD on the wire, see JsonWriterTests), kept as it is.
            ProtocolAssert.Result(JobsResult.Success, sd.SetSanitized("lone", "a\uD800b"), "lone surrogate");
            Assert.AreEqual(3, sd.Get("lone").Length);
            ProtocolAssert.Result(JobsResult.Success, sd.SetSanitized("empty", ""), "empty");
            Assert.AreEqual("-", sd.Get("empty"));
            ProtocolAssert.Result(JobsResult.Success, sd.SetSanitized("long", new string('x', 2000) + "\n"), "long");
            Assert.AreEqual(1024, sd.Get("long").Length);
            ProtocolAssert.Result(JobsResult.Success, sd.SetSanitized("ok", "fine"), "unchanged");
            Assert.AreEqual("fine", sd.Get("ok"));
        }

        [TestMethod]
        public void StatusDetails_CopyFrom_MergesPairs()
        {
            StatusDetails a = new StatusDetails();
            a.Set("x", "1");
            StatusDetails b = new StatusDetails();
            b.Set("x", "2");
            b.Set("y", "3");
            ProtocolAssert.Result(JobsResult.Success, a.CopyFrom(b), "copy");
            Assert.AreEqual(2, a.Count);
            Assert.AreEqual("2", a.Get("x"));
            Assert.AreEqual("3", a.Get("y"));
        }
    }
}
