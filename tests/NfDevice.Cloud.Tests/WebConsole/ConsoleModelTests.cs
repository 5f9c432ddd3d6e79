using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Iam;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.WebConsole;

namespace NfDevice.Cloud.Tests.WebConsole
{
    /// <summary>The console's pieces without a browser: the CreateJob body it sends, progress, placeholders, role checks.</summary>
    [TestClass]
    public sealed class ConsoleModelTests
    {
        [TestMethod]
        public void CustomJobForm_MaintenanceWindow_ReachesTheSpec_AndAnInvalidOneIsShownBesideTheSchedule()
        {
            var form = new CustomJobForm
            {
                JobId = "fw-w", TargetThings = new List<string> { "a" }, Document = "{\"operation\":\"diagnostics\"}",
                WindowStart = "cron(0 22 ? * MON-FRI *)", WindowMinutes = 120,
            };

            JobSpec spec = JobsApi.ParseSpec("fw-w", form.ToRequestBody());

            var window = spec.Scheduling.MaintenanceWindows.Single();
            Assert.AreEqual(("cron(0 22 ? * MON-FRI *)", 120), (window.StartTime, window.DurationInMinutes));
            Assert.AreEqual("Schedule", CustomJobForm.FieldOf("InvalidRequestException", "maintenanceWindows.durationInMinutes must be between 1 and 1430."));
        }

        [TestMethod]
        public void CustomJobForm_Body_ParsesThroughTheCliRoute_IntoTheSameSpec()
        {
            var form = new CustomJobForm
            {
                JobId = "fw-2", Description = " rollout ", TargetThings = new List<string> { "a" }, TargetGroups = new List<string> { "fleet" },
                Document = "{\"operation\":\"diagnostics\"}", TargetSelection = "CONTINUOUS", Presign = true,
                RoleArn = "arn:aws:iam::123456789012:role/r", ExpiresInSec = 900, TimeoutMinutes = 15,
                RolloutMode = "exponential", MaximumPerMinute = 50, BaseRatePerMinute = 5, IncrementFactor = 2, NumberOfSucceededThings = 3,
                AbortFailureType = "FAILED", AbortThresholdPercentage = 20, AbortMinExecutedThings = 4,
                RetryFailureType = "TIMED_OUT", NumberOfRetries = 2,
            };

            JobSpec spec = JobsApi.ParseSpec("fw-2", form.ToRequestBody());

            CollectionAssert.AreEqual(new[] { Iot.Arns.Thing("a"), Iot.Arns.ThingGroup("fleet") }, spec.Targets);
            Assert.AreEqual(("rollout", "{\"operation\":\"diagnostics\"}", "CONTINUOUS"), (spec.Description, spec.Document, spec.TargetSelection));
            Assert.AreEqual(("arn:aws:iam::123456789012:role/r", (long?)900, (int?)15), (spec.PresignedUrlRoleArn, spec.PresignedUrlExpiresInSec, spec.InProgressTimeoutInMinutes));
            Assert.AreEqual(((int?)50, (int?)5, 2.0, (int?)null, (int?)3), (spec.Rollout.MaximumPerMinute, spec.Rollout.BaseRatePerMinute, spec.Rollout.IncrementFactor, spec.Rollout.NumberOfNotifiedThings, spec.Rollout.NumberOfSucceededThings));
            var abort = spec.AbortCriteria.Single();
            Assert.AreEqual(("FAILED", "CANCEL", 20.0, 4), (abort.FailureType, abort.Action, abort.ThresholdPercentage, abort.MinNumberOfExecutedThings));
            var retry = spec.RetryCriteria.Single();
            Assert.AreEqual(("TIMED_OUT", 2), (retry.FailureType, retry.NumberOfRetries));
        }

        [TestMethod]
        public void CustomJobForm_WithoutDocumentText_SendsTheChosenS3FileAsDocumentSource_AndNoOptionalConfig()
        {
            var form = new CustomJobForm { JobId = "j", TargetThings = new List<string> { "a" }, DocumentSource = "s3://b/jobs/j.json?versionId=v1" };

            JsonElement body = form.ToRequestBody();

            Assert.AreEqual("s3://b/jobs/j.json?versionId=v1", body.GetProperty("documentSource").GetString());
            string[] members = body.EnumerateObject().Select(p => p.Name).ToArray();
            CollectionAssert.AreEquivalent(new[] { "targets", "documentSource", "targetSelection" }, members);
        }

        [TestMethod]
        [DataRow("ResourceAlreadyExistsException", "Job with id x already exists.", "JobId")]
        [DataRow("InvalidRequestException", "1 validation error detected: Value 'a b' at 'jobId' failed to satisfy constraint", "JobId")]
        [DataRow("InvalidRequestException", "1 validation error detected: Value null at 'targets' failed to satisfy constraint", "Targets")]
        [DataRow("ResourceNotFoundException", "Thing group fleet cannot be found.", "Targets")]
        [DataRow("InvalidRequestException", "The job document is not valid JSON.", "Document")]
        [DataRow("InvalidRequestException", "expiresInSec must be between 60 and 3600.", "Presign")]
        [DataRow("InvalidRequestException", "Cannot resolve ${aws:iot:code-sign-signature:...}: no successful signing job", "Sign")]
        [DataRow("InvalidRequestException", "inProgressTimeoutInMinutes must be between 1 and 10080.", "Timeout")]
        [DataRow("InvalidRequestException", "incrementFactor must be between 1.1 and 5.", "Rollout")]
        [DataRow("InvalidRequestException", "numberOfRetries must be between 0 and 10.", "Retry")]
        [DataRow("InternalFailureException", "boom", null)]
        public void CreateJobErrors_GoBesideTheFieldTheyName(string type, string message, string field) =>
            Assert.AreEqual(field, CustomJobForm.FieldOf(type, message));

        [TestMethod]
        [DataRow("0/4096", 0)]
        [DataRow("1024/4096", 25)]
        [DataRow("4096/4096", 100)]
        public void Progress_ComesFromTheBytesTheDeviceReports(string bytes, int percent)
        {
            var view = ExecutionView.From(Snapshot(ExecStatus.InProgress, ("step", "downloading"), ("bytes", bytes)));
            Assert.AreEqual(percent, view.Percent);
            StringAssert.EndsWith(view.Progress, "downloading");
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("12")]
        [DataRow("5/4")]
        [DataRow("-1/4")]
        [DataRow("a/b")]
        public void Progress_IgnoresByteCountsItCannotRead(string bytes)
        {
            Assert.IsFalse(ExecutionView.TryParseBytes(bytes, out _, out _));
            Assert.IsNull(ExecutionView.From(Snapshot(ExecStatus.InProgress, ("bytes", bytes))).Percent);
        }

        [TestMethod]
        public void FailedExecution_ShowsReasonAndDetail_SucceededShowsFullBar()
        {
            var failed = ExecutionView.From(Snapshot(ExecStatus.Failed, ("reason", "signature"), ("detail", "digest mismatch"), ("bytes", "10/20")));
            var succeeded = ExecutionView.From(Snapshot(ExecStatus.Succeeded, ("step", "confirmed")));
            Assert.AreEqual("signature: digest mismatch", failed.Reason);
            Assert.AreEqual(50, failed.Percent);
            Assert.AreEqual(100, succeeded.Percent);
            Assert.IsNull(succeeded.Reason);
        }

        [TestMethod]
        public void CodeSignInsert_AddsCodesign_OrRepointsAnExistingPlaceholder_AndRefusesNonObjects()
        {
            string added = CodeSignInsert.Write("{\"operation\":\"firmware-update\"}", "${aws:iot:code-sign-signature:s3://us-east-1.b/k@v2}");
            using (var doc = JsonDocument.Parse(added))
                Assert.AreEqual("${aws:iot:code-sign-signature:s3://us-east-1.b/k@v2}", doc.RootElement.GetProperty("codesign").GetString());
            string repointed = CodeSignInsert.Write("{\"sig\":\"${aws:iot:code-sign-signature:s3://us-east-1.b/old@v1}\"}", "${aws:iot:code-sign-signature:s3://us-east-1.b/k@v2}");
            Assert.AreEqual("{\"sig\":\"${aws:iot:code-sign-signature:s3://us-east-1.b/k@v2}\"}", repointed);
            Assert.ThrowsExactly<System.FormatException>(() => CodeSignInsert.Write("[1]", "${x}"));
            Assert.ThrowsExactly<System.FormatException>(() => CodeSignInsert.Write("{oops", "${x}"));
        }

        [TestMethod]
        public void PresignedObjects_AreReadFromV1V2AndNestedCodeSignPlaceholders()
        {
            string document = "{\"a\":\"${aws:iot:s3-presigned-url-v2:https://s3.us-east-1.amazonaws.com/b1/dir/fw%20one.bin%3FversionId%3Dv9}\","
                + "\"b\":\"${aws:iot:s3-presigned-url:${aws:iot:code-sign-signature:s3://us-east-1.b2/img.bin@v3}}\","
                + "\"c\":\"${aws:iot:code-sign-signature:s3://us-east-1.b3/ignored@v1}\"}";

            var found = RoleChoice.PresignedObjects(document);

            CollectionAssert.AreEqual(new[] { new S3Choice("b1", "dir/fw one.bin", "v9"), new S3Choice("b2", "img.bin", "v3") }, found);
            Assert.AreEqual(3, DocumentView.Placeholders(document).Count, "outer placeholders only; the nested one stays inside its outer");
        }

        [TestMethod]
        public void RolePicker_OffersOnlyRolesIotMayAssume_AndFlagsThoseWithoutGetObject()
        {
            var iam = new IamStore();
            iam.CreateRole("reader", Emulator.PresignTrustPolicy);
            iam.PutRolePolicy("reader", "p", Emulator.PresignPermissionPolicy("fw"));
            iam.CreateRole("lister", Emulator.PresignTrustPolicy);
            iam.PutRolePolicy("lister", "p", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::fw\"}]}");
            iam.CreateRole("lambda-only", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
            iam.PutRolePolicy("lambda-only", "p", Emulator.PresignPermissionPolicy("fw"));

            var choices = RoleChoice.For(iam, new[] { new S3Choice("fw", "app.bin", "v1") });

            CollectionAssert.AreEqual(new[] { "lister", "reader" }, choices.Select(c => c.RoleName).ToArray());
            StringAssert.Contains(choices[0].Problem, "s3:GetObject");
            Assert.IsNull(choices[1].Problem);
        }

        [TestMethod]
        public void S3Choice_RoundTrips_AndRejectsWhatIsNotAnObject()
        {
            var choice = new S3Choice("b", "a/key with space.json", "v+1");
            Assert.AreEqual(choice, S3Choice.Parse(choice.ToString()));
            Assert.AreEqual("s3://b/k", new S3Choice("b", "k", "null").ToString(), "an unversioned object has no versionId");
            Assert.IsNull(S3Choice.Parse("s3://bucket-only/"));
            Assert.IsNull(S3Choice.Parse("https://b/k"));
        }

        [TestMethod]
        public void SignIn_TokenWorksOnce_AndKeysMustBothMatch()
        {
            var signIn = new ConsoleSignIn("AKID", "secret");
            string token = signIn.OneTimeToken;
            Assert.IsFalse(signIn.RedeemToken("wrong"));
            Assert.IsTrue(signIn.RedeemToken(token));
            Assert.IsFalse(signIn.RedeemToken(token));
            Assert.IsNull(signIn.OneTimeToken);
            Assert.IsTrue(signIn.CheckKeys("AKID", "secret"));
            Assert.IsFalse(signIn.CheckKeys("AKID", "secreT"));
            Assert.IsFalse(signIn.CheckKeys("OTHER", "secret"));
            Assert.IsFalse(signIn.CheckKeys(null, null));
        }

        private static ExecutionSnapshot Snapshot(string status, params (string Key, string Value)[] details) =>
            new ExecutionSnapshot("job", "thing", 1, status, 2, details.ToDictionary(d => d.Key, d => d.Value), 0, null, 0, 0);
    }
}
