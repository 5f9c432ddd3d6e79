using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Iot;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Tests.Firmware;
using NfDevice.Desktop.Update;
using static Microsoft.Playwright.Assertions;

namespace NfDevice.Cloud.Tests.WebConsole
{
    /// <summary>
    /// Issue 12, the whole flow in Chromium: a signed firmware job for a thing group, created in the console with a
    /// job file uploaded from the page, "Sign image for me", a presigned-URL role and expiry, then desktop devices
    /// (the real agent over MQTT/TLS) take it to SUCCEEDED while the detail page updates live.
    /// </summary>
    [TestClass]
    [DoNotParallelize]
    public sealed class ConsoleFirmwareFlowTests
    {
        private const string Group = "console-fleet";
        private const string JobId = "console-fw-1";

        public TestContext TestContext { get; set; }

        [TestMethod]
        [Timeout(600_000, CooperativeCancellation = true)]
        public async Task SignedFirmwareJob_CreatedInTheConsole_ForAGroup_RunsLiveToSucceeded()
        {
            await using var rig = await FirmwareEndToEndRig.StartAsync();
            Emulator em = rig.Emulator;
            byte[] image = DesktopImage.Build("1.1.0", 128 * 1024, seed: 1201);
            string imageVersion = em.UploadImage(FirmwareEndToEndRig.Bucket, FirmwareEndToEndRig.Key, image);
            string readRole = rig.Role(allowGetObject: true);
            rig.Role(allowGetObject: false);
            var devices = Enumerable.Range(1, 3).Select(i => rig.Device("console-dev-" + i)).ToArray();
            em.AddThingsToGroup(Group, devices.Select(d => d.Thing).ToArray());
            // The job file: the firmware document with the presigned-URL placeholder; the console adds the signature's.
            string jobFile = "{\"operation\":\"firmware-update\",\"version\":\"1.1.0\",\"target\":\"deployment\",\"allowDowngrade\":false,"
                + "\"image\":{\"url\":\"" + Emulator.PresignedUrlPlaceholder(FirmwareEndToEndRig.Bucket, FirmwareEndToEndRig.Key, imageVersion) + "\",\"size\":" + image.Length + "}}";

            await using var browser = await ConsoleBrowser.LaunchAsync(TestContext);
            IPage page = await browser.NewPageAsync();
            await ConsoleBrowser.SignInAsync(page, em);
            await Expect(page.Locator(".empty")).ToContainTextAsync("No jobs");
            await browser.ShotAsync(page, "jobs-empty");

            await page.ClickAsync("a:has-text('Create job')");
            await page.FillAsync("#JobId", JobId);
            await page.FillAsync("#Description", "Firmware 1.1.0 for the console fleet");
            await page.FillAsync("input[type=search]", "fleet");
            await Expect(page.Locator("#target-list li:has-text('console-dev-1')")).ToBeHiddenAsync();
            await page.CheckAsync("input[name='Form.TargetGroups'][value='" + Group + "']");

            await page.ClickAsync("summary:has-text('Or upload a job file')");
            await page.SelectOptionAsync("#UploadBucket", FirmwareEndToEndRig.Bucket);
            await page.FillAsync("#UploadKey", "jobs/firmware-1.1.0.json");
            await page.SetInputFilesAsync("#UploadFile", new FilePayload { Name = "firmware-1.1.0.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(jobFile) });
            await page.ClickAsync("button:has-text('Upload and use')");
            await Expect(page.Locator(".flash.success")).ToContainTextAsync("Uploaded s3://" + FirmwareEndToEndRig.Bucket + "/jobs/firmware-1.1.0.json");
            await Expect(page.Locator("#document-preview mark.ph")).ToContainTextAsync("${aws:iot:s3-presigned-url-v2:");
            Assert.IsNotNull(em.S3Store.GetObject(FirmwareEndToEndRig.Bucket, "jobs/firmware-1.1.0.json"), "the job file was uploaded into the bucket");
            Assert.AreEqual(JobId, await page.InputValueAsync("#JobId"), "what was typed survives the upload step");
            Assert.IsTrue(await page.IsCheckedAsync("input[name='Form.TargetGroups'][value='" + Group + "']"));
            await browser.ShotAsync(page, "job-file-uploaded");

            await page.ClickAsync("summary:has-text('Sign image for me')");
            await page.SelectOptionAsync("#SignImage", "s3://" + FirmwareEndToEndRig.Bucket + "/" + FirmwareEndToEndRig.Key + "?versionId=" + Uri.EscapeDataString(imageVersion));
            await page.SelectOptionAsync("#SigningProfile", Emulator.DefaultSigningProfile);
            await page.ClickAsync("button:has-text('Sign image')");
            await Expect(page.Locator("#signing-status")).ToContainTextAsync("Succeeded");
            string placeholder = Emulator.CodeSignSignaturePlaceholder(FirmwareEndToEndRig.Bucket, FirmwareEndToEndRig.Key, imageVersion);
            StringAssert.Contains(await page.InputValueAsync("#Document"), "\"codesign\": \"" + placeholder + "\"");
            Assert.AreEqual(1, em.SignerService.ListSigningJobs().Count(j => j.SourceVersion == imageVersion && j.Status == "Succeeded"), "the console started the signing job");
            await browser.ShotAsync(page, "image-signed");

            // Only roles iot.amazonaws.com may assume are offered; the one without s3:GetObject is flagged before Create.
            await page.CheckAsync("input[name='Form.Presign']");
            string[] roleOptions = (await page.Locator("#RoleArn option").AllTextContentsAsync()).ToArray();
            Assert.IsTrue(roleOptions.Any(o => o.StartsWith("fw-no-get", StringComparison.Ordinal) && o.Contains("no s3:GetObject")), string.Join(" | ", roleOptions));
            Assert.IsTrue(roleOptions.Any(o => o == "fw-read"), string.Join(" | ", roleOptions));
            await Expect(page.Locator("[data-role-warning='fw-no-get']")).ToContainTextAsync("s3:GetObject");
            await page.SelectOptionAsync("#RoleArn", readRole);
            await page.FillAsync("#ExpiresInSec", "600");
            await page.ClickAsync("summary:has-text('Timeout')");
            await page.FillAsync("#TimeoutMinutes", "30");
            await browser.ShotAsync(page, "create-form-complete");

            await page.ClickAsync("#create-job");
            await page.WaitForURLAsync("**/console/jobs/" + JobId + "?created=1");
            await Expect(page.Locator(".flash.success")).ToContainTextAsync("was created");
            JobRecord job = em.Jobs.GetJob(JobId);
            CollectionAssert.AreEqual(new[] { Arns.ThingGroup(Group) }, job.Spec.Targets);
            Assert.AreEqual(readRole, job.Spec.PresignedUrlRoleArn);
            Assert.AreEqual(600L, job.Spec.PresignedUrlExpiresInSec);
            Assert.AreEqual(30, job.Spec.InProgressTimeoutInMinutes);
            Assert.AreEqual("SNAPSHOT", job.Spec.TargetSelection);
            StringAssert.Contains(job.Spec.Document, "\"signatureAlgorithm\"", "CreateJob replaced the code-sign placeholder with Signer's signature");
            await Expect(page.Locator("pre.doc")).ToContainTextAsync("signatureAlgorithm");
            await Expect(page.Locator("[data-count='QUEUED']")).ToHaveTextAsync("3");
            await Expect(page.Locator("[data-live-indicator]")).ToHaveTextAsync("Live");
            await browser.ShotAsync(page, "job-queued");

            // Live: the page is not reloaded (the marker survives) while devices download, verify and confirm.
            await page.EvaluateAsync("() => { window.noReloadMarker = 'still here'; }");
            foreach (var d in devices) d.Device.Start();
            try
            {
                // A picture of the bars mid-download when the machine is slow enough to catch one (not asserted: timing).
                await page.Locator("#executions tr:has(.barlabel:text-matches('^[1-9][0-9]? %'))").First.WaitForAsync(new() { Timeout = 20_000 });
                await browser.ShotAsync(page, "job-in-progress-live");
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException) { }
            try
            {
                await Expect(page.Locator("[data-count='SUCCEEDED']")).ToHaveTextAsync("3", new() { Timeout = 240_000 });
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                Assert.Fail("the page did not show 3 SUCCEEDED: " + string.Join("; ", devices.Select(d => rig.Describe(d.Thing, JobId))) + FirmwareEndToEndTests.Logs(devices[0]));
            }
            Assert.AreEqual("still here", await page.EvaluateAsync<string>("() => window.noReloadMarker"), "updates arrived without a reload");
            await Expect(page.Locator("[data-job-status]")).ToHaveTextAsync("Completed");
            await Expect(page.Locator("[data-job-completed]")).Not.ToHaveTextAsync("—");
            await Expect(page.Locator("#executions tr")).ToHaveCountAsync(3);
            foreach (var d in devices)
            {
                Assert.AreEqual("SUCCEEDED", rig.WaitTerminal(d.Thing, JobId));
                Assert.AreEqual("1.1.0", d.Device.FirmwareVersion, d.Thing + " runs the image signed in the console");
                var row = page.Locator("#executions tr", new() { HasText = d.Thing });
                await Expect(row.Locator("[data-status]")).ToHaveTextAsync("Succeeded");
                Assert.AreEqual(100, await row.Locator("progress").EvaluateAsync<int>("p => p.value"), d.Thing + " progress bar");
            }
            await browser.ShotAsync(page, "job-succeeded-live");

            await page.ClickAsync("nav a:has-text('Jobs')");
            var listed = page.Locator("tr[data-job='" + JobId + "']");
            await Expect(listed.Locator(".badge")).ToHaveTextAsync("Completed");
            await Expect(listed).ToContainTextAsync("3 of 3 succeeded");
            await page.ClickAsync("nav a:has-text('Things')");
            await page.ClickAsync("a:has-text('console-dev-2')");
            await Expect(page.Locator("main")).ToContainTextAsync(Group);
            await Expect(page.Locator("main tr", new() { HasText = JobId }).Locator(".badge")).ToHaveTextAsync("Succeeded");
            await browser.ShotAsync(page, "thing-detail");
        }
    }
}
