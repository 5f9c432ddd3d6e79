using System.Linq;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Control;
using NfDevice.Cloud.Jobs;
using NfDevice.Cloud.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace NfDevice.Cloud.Tests.WebConsole
{
    /// <summary>Issue 12 in Chromium: validation on the create form, cancel and delete with confirmation, the phone layout.</summary>
    [TestClass]
    [DoNotParallelize]
    public sealed class ConsoleJobActionsTests
    {
        public TestContext TestContext { get; set; }

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public async Task CreateForm_ShowsCreateJobErrorsBesideTheirFields_AndKeepsEverythingTyped()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("valid-1");
            emu.Emulator.CreateJob("taken", "{\"operation\":\"diagnostics\"}", "valid-1");
            await using var browser = await ConsoleBrowser.LaunchAsync(TestContext);
            IPage page = await browser.NewPageAsync();
            await ConsoleBrowser.SignInAsync(page, emu.Emulator);
            await page.GotoAsync(emu.Emulator.ConsoleUrl + "jobs/create");

            await page.FillAsync("#JobId", "bad id!");
            await page.FillAsync("#Description", "kept across errors");
            await page.CheckAsync("input[name='Form.TargetThings'][value='valid-1']");
            await page.FillAsync("#Document", "{\"operation\":\"diagnostics\"}");
            // Keyboard: Enter in the job ID field submits Create (not the first step button of the form).
            await page.FocusAsync("#JobId");
            await page.Keyboard.PressAsync("Enter");
            var jobIdError = page.Locator(".field.invalid:has(#JobId) .error");
            await Expect(jobIdError).ToContainTextAsync("'jobId' failed to satisfy constraint");
            Assert.AreEqual("bad id!", await page.InputValueAsync("#JobId"));
            Assert.AreEqual("kept across errors", await page.InputValueAsync("#Description"));
            Assert.IsTrue(await page.IsCheckedAsync("input[name='Form.TargetThings'][value='valid-1']"));
            Assert.AreEqual("{\"operation\":\"diagnostics\"}", await page.InputValueAsync("#Document"));
            await browser.ShotAsync(page, "invalid-job-id");

            await page.FillAsync("#JobId", "taken");
            await page.ClickAsync("#create-job");
            await Expect(jobIdError).ToContainTextAsync("already exists");
            await browser.ShotAsync(page, "duplicate-job-id");

            await page.FillAsync("#JobId", "no-targets");
            await page.UncheckAsync("input[name='Form.TargetThings'][value='valid-1']");
            await page.ClickAsync("#create-job");
            await Expect(page.Locator("fieldset.invalid .error")).ToContainTextAsync("'targets'");
            await page.CheckAsync("input[name='Form.TargetThings'][value='valid-1']");
            await page.FillAsync("#Document", "{not json");
            await page.ClickAsync("#create-job");
            await Expect(page.Locator(".field.invalid:has(#Document) .error")).ToContainTextAsync("not valid JSON");
            Assert.AreEqual("{not json", await page.InputValueAsync("#Document"));
            await browser.ShotAsync(page, "invalid-document");
            Assert.AreEqual(1, emu.Emulator.Jobs.ListJobs().Count, "no refused attempt created a job");

            await page.FillAsync("#Document", "{\"operation\":\"diagnostics\"}");
            await page.ClickAsync("#create-job");
            await page.WaitForURLAsync("**/console/jobs/no-targets?created=1");
            Assert.AreEqual("kept across errors", emu.Emulator.Jobs.GetJob("no-targets").Spec.Description);
        }

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public async Task CancelAndDelete_AskForConfirmation_AndShowTheirEffectAtOnce()
        {
            await using var emu = await TestEmulator.StartAsync();
            Emulator em = emu.Emulator;
            em.Provision("idle-1");
            em.Provision("idle-2");
            em.CreateJob("to-cancel", "{\"operation\":\"diagnostics\"}", "idle-1", "idle-2");
            await using var browser = await ConsoleBrowser.LaunchAsync(TestContext);
            IPage page = await browser.NewPageAsync();
            await ConsoleBrowser.SignInAsync(page, em);
            await page.ClickAsync("a:has-text('to-cancel')");
            await Expect(page.Locator("[data-count='QUEUED']")).ToHaveTextAsync("2");

            await page.ClickAsync("button:has-text('Cancel job')");
            var dialog = page.Locator("#cancel-dialog");
            await Expect(dialog).ToBeVisibleAsync();
            await page.FillAsync("#ReasonCode", "BAD_BUILD");
            await page.FillAsync("#Comment", "wrong image uploaded");
            await dialog.Locator("input[name='Force']").CheckAsync();
            await browser.ShotAsync(page, "cancel-confirmation");
            await dialog.Locator("button:has-text('Keep job')").ClickAsync();
            await Expect(dialog).ToBeHiddenAsync();
            Assert.AreEqual("IN_PROGRESS", em.Jobs.GetJob("to-cancel").Status, "closing the dialog cancels nothing");

            await page.ClickAsync("button:has-text('Cancel job')");
            await dialog.Locator("button:has-text('Confirm cancel')").ClickAsync();
            await page.WaitForURLAsync("**/console/jobs/to-cancel?canceled=1");
            await Expect(page.Locator("[data-job-status]")).ToHaveTextAsync("Canceled");
            await Expect(page.Locator("[data-count='CANCELED']")).ToHaveTextAsync("2");
            await Expect(page.Locator("main")).ToContainTextAsync("BAD_BUILD (forced)");
            JobRecord job = em.Jobs.GetJob("to-cancel");
            Assert.AreEqual(("CANCELED", "BAD_BUILD", "wrong image uploaded", true), (job.Status, job.ReasonCode, job.Comment, job.ForceCanceled));
            await browser.ShotAsync(page, "job-canceled");
            await page.ClickAsync("nav a:has-text('Jobs')");
            await Expect(page.Locator("tr[data-job='to-cancel'] .badge")).ToHaveTextAsync("Canceled");

            await page.ClickAsync("a:has-text('to-cancel')");
            await page.ClickAsync("button:has-text('Delete job')");
            var delete = page.Locator("#delete-dialog");
            await Expect(delete).ToBeVisibleAsync();
            await browser.ShotAsync(page, "delete-confirmation");
            await delete.Locator("button:has-text('Delete')").Last.ClickAsync();
            await page.WaitForURLAsync("**/console/jobs?deleted=to-cancel");
            await Expect(page.Locator(".flash.success")).ToContainTextAsync("to-cancel");
            await Expect(page.Locator("tr[data-job='to-cancel']")).ToHaveCountAsync(0);
            Assert.ThrowsExactly<AwsException>(() => em.Jobs.GetJob("to-cancel"));
            await browser.ShotAsync(page, "job-deleted");
        }

        /// <summary>
        /// The dialogs open by the buttons' own command attributes, so a click before the page's script has run (or with
        /// no script at all) still asks for confirmation. A click that came before the script once left the dialog shut.
        /// </summary>
        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public async Task CancelAndDelete_WithoutThePageScript_StillAskForConfirmationAndAct()
        {
            await using var emu = await TestEmulator.StartAsync();
            Emulator em = emu.Emulator;
            em.Provision("noscript-1");
            em.CreateJob("no-script", "{\"operation\":\"diagnostics\"}", "noscript-1");
            await using var browser = await ConsoleBrowser.LaunchAsync(TestContext);
            IPage page = await browser.NewPageAsync(javaScript: false);
            var commit = WaitUntilState.Commit; // see SignInAsync
            await ConsoleBrowser.SignInAsync(page, em, commit);
            await page.GotoAsync(em.ConsoleUrl + "jobs/no-script", new PageGotoOptions { WaitUntil = commit });

            var dialog = page.Locator("#cancel-dialog");
            await Expect(dialog).ToBeHiddenAsync();
            await page.ClickAsync("button:has-text('Cancel job')");
            await Expect(dialog).ToBeVisibleAsync();
            await dialog.Locator("button:has-text('Keep job')").ClickAsync();
            await Expect(dialog).ToBeHiddenAsync();
            Assert.AreEqual("IN_PROGRESS", em.Jobs.GetJob("no-script").Status, "closing the dialog cancels nothing");

            await page.ClickAsync("button:has-text('Cancel job')");
            await dialog.Locator("button:has-text('Confirm cancel')").ClickAsync();
            await page.WaitForURLAsync("**/console/jobs/no-script?canceled=1", new PageWaitForURLOptions { WaitUntil = commit });
            Assert.AreEqual("CANCELED", em.Jobs.GetJob("no-script").Status);

            await page.ClickAsync("button:has-text('Delete job')");
            var delete = page.Locator("#delete-dialog");
            await Expect(delete).ToBeVisibleAsync();
            await delete.Locator("button:has-text('Delete')").Last.ClickAsync();
            await page.WaitForURLAsync("**/console/jobs?deleted=no-script", new PageWaitForURLOptions { WaitUntil = commit });
            Assert.ThrowsExactly<AwsException>(() => em.Jobs.GetJob("no-script"));
        }

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public async Task JobTemplate_WithASchedule_CreatesAScheduledJobWithTheTemplatesDocument()
        {
            await using var emu = await TestEmulator.StartAsync();
            Emulator em = emu.Emulator;
            em.Provision("sched-1");
            using (var http = emu.SignedHttp())
            {
                using var created = await http.PutAsync("/job-templates/nightly-diagnostics", new System.Net.Http.StringContent(
                    "{\"description\":\"Diagnostics every night\",\"document\":\"{\\\"operation\\\":\\\"diagnostics\\\"}\",\"timeoutConfig\":{\"inProgressTimeoutInMinutes\":5}}"));
                Assert.IsTrue(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            }
            await using var browser = await ConsoleBrowser.LaunchAsync(TestContext);
            IPage page = await browser.NewPageAsync();
            await ConsoleBrowser.SignInAsync(page, em);
            await page.ClickAsync("nav a:has-text('Job templates')");
            await Expect(page.Locator("tr[data-template='nightly-diagnostics']")).ToContainTextAsync("Diagnostics every night");
            await browser.ShotAsync(page, "templates");
            await page.ClickAsync("tr[data-template='nightly-diagnostics'] a:has-text('Create job')");
            Assert.AreEqual("arn:aws:iot:us-east-1:123456789012:jobtemplate/nightly-diagnostics", await page.InputValueAsync("#JobTemplateArn"));

            await page.FillAsync("#JobId", "from-template");
            await page.CheckAsync("input[name='Form.TargetThings'][value='sched-1']");
            await page.ClickAsync("summary:has-text('Scheduling')");
            await page.FillAsync("#ScheduleStart", "2026-01-02T03:10"); // 6 minutes after the fake clock: too soon for AWS
            await page.ClickAsync("#create-job");
            await Expect(page.Locator(".field.invalid:has(#ScheduleStart) .error")).ToContainTextAsync("startTime must be between 30 minutes and 1 year");
            await page.FillAsync("#ScheduleStart", "2026-01-02T05:00");
            await page.SelectOptionAsync("#ScheduleEndBehavior", "CANCEL");
            await page.FillAsync("#ScheduleEnd", "2026-01-02T07:00");
            await browser.ShotAsync(page, "scheduled-job-form");
            await page.ClickAsync("#create-job");

            await page.WaitForURLAsync("**/console/jobs/from-template?created=1");
            await Expect(page.Locator("[data-job-status]")).ToHaveTextAsync("Scheduled");
            await Expect(page.Locator("main")).ToContainTextAsync("From 2026-01-02T05:00 to 2026-01-02T07:00 (Cancel) UTC");
            JobRecord job = em.Jobs.GetJob("from-template");
            Assert.AreEqual(("{\"operation\":\"diagnostics\"}", (int?)5, "arn:aws:iot:us-east-1:123456789012:jobtemplate/nightly-diagnostics"),
                (job.Spec.Document, job.Spec.InProgressTimeoutInMinutes, job.Spec.JobTemplateArn));
            await browser.ShotAsync(page, "scheduled-job");
        }

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public async Task SignImageForMe_WithANewProfile_SignsWithTheCertificateImportedIntoAcm()
        {
            await using var emu = await TestEmulator.StartAsync();
            Emulator em = emu.Emulator;
            em.CreateFirmwareBucket("imports");
            string version = em.UploadImage("imports", "app.bin", new byte[] { 1, 2, 3, 4, 5 });
            em.Provision("dev-acm");
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Acme firmware signing", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(System.DateTimeOffset.UtcNow.AddDays(-1), System.DateTimeOffset.UtcNow.AddYears(1));
            var imported = em.Acm.Import(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
            await using var browser = await ConsoleBrowser.LaunchAsync(TestContext);
            IPage page = await browser.NewPageAsync();
            await ConsoleBrowser.SignInAsync(page, em);
            await page.GotoAsync(em.ConsoleUrl + "jobs/create");

            await page.FillAsync("#Document", "{\"operation\":\"firmware-update\"}");
            await page.ClickAsync("summary:has-text('Sign image for me')");
            await page.SelectOptionAsync("#SignImage", "s3://imports/app.bin?versionId=" + System.Uri.EscapeDataString(version));
            await page.SelectOptionAsync("#SigningProfile", "__new__");
            await page.FillAsync("#NewProfileName", "acme_release");
            await page.SelectOptionAsync("#CertificateArn", imported.CertificateArn);
            await page.ClickAsync("button:has-text('Sign image')");

            await Expect(page.Locator("#signing-status")).ToContainTextAsync("Succeeded");
            await browser.ShotAsync(page, "signed-with-imported-certificate");
            var profile = em.SignerService.GetSigningProfile("acme_release");
            Assert.AreEqual(imported.CertificateArn, profile.CertificateArn);
            Assert.AreEqual(certificate.Thumbprint, profile.Certificate.Thumbprint, "the profile signs with the imported certificate's key");
            StringAssert.Contains(await page.InputValueAsync("#Document"), Emulator.CodeSignSignaturePlaceholder("imports", "app.bin", version));
        }

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public async Task Console_FitsAPhoneScreen_WithoutSidewaysScrolling()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("phone-thing-with-a-rather-long-name-1");
            emu.Emulator.CreateJob("a-job-with-a-long-identifier-for-the-phone-layout", "{\"operation\":\"diagnostics\"}", "phone-thing-with-a-rather-long-name-1");
            await using var browser = await ConsoleBrowser.LaunchAsync(TestContext);
            IPage page = await browser.NewPageAsync(390, 844);
            await ConsoleBrowser.SignInAsync(page, emu.Emulator);
            foreach (string path in new[] { "jobs", "jobs/a-job-with-a-long-identifier-for-the-phone-layout", "jobs/create", "things/phone-thing-with-a-rather-long-name-1" })
            {
                await page.GotoAsync(emu.Emulator.ConsoleUrl + path);
                int overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                await browser.ShotAsync(page, "phone-" + path.Split('/').Last());
                Assert.IsTrue(overflow <= 0, path + " is wider than the phone by " + overflow + " px");
            }
        }
    }
}
