using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace NfDevice.Cloud.Tests.WebConsole
{
    /// <summary>Issue 12, step 1 in Chromium: the supporting services a job needs, reached from the navigation.</summary>
    [TestClass]
    [DoNotParallelize]
    public sealed class ConsoleSupportingPagesTests
    {
        public TestContext TestContext { get; set; }

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public async Task Navigation_ShowsGroupsBucketsRolesAndSigner_AndTheBucketPageUploadsANewVersion()
        {
            await using var emu = await TestEmulator.StartAsync();
            Emulator em = emu.Emulator;
            em.AddThingsToGroup("lab", "lab-1", "lab-2");
            em.CreateFirmwareBucket("nav-fw");
            string first = em.UploadImage("nav-fw", "app.bin", new byte[] { 1, 2, 3 });
            em.CreatePresignRole("nav-read", "nav-fw");
            em.GetOrCreateSigningProfile("nav_profile");
            em.SignImage("nav_profile", "nav-fw", "app.bin", first);
            await using var browser = await ConsoleBrowser.LaunchAsync(TestContext);
            IPage page = await browser.NewPageAsync();
            await ConsoleBrowser.SignInAsync(page, em);

            await page.ClickAsync("nav a:has-text('Thing groups')");
            await page.ClickAsync("main a:has-text('lab')");
            await Expect(page.Locator("main")).ToContainTextAsync("lab-2");
            await page.ClickAsync("nav a:has-text('IAM roles')");
            await Expect(page.Locator("main tr", new() { HasText = "nav-read" })).ToContainTextAsync("Yes");
            await page.ClickAsync("nav a:has-text('Signing profiles')");
            await Expect(page.Locator("main tr", new() { HasText = "nav_profile" })).ToContainTextAsync("AWSIoTDeviceManagement-SHA256-ECDSA");
            await page.ClickAsync("nav a:has-text('Signing jobs')");
            await Expect(page.Locator("main tr", new() { HasText = "s3://nav-fw/app.bin" }).Locator(".badge")).ToHaveTextAsync("Succeeded");
            await browser.ShotAsync(page, "signing-jobs");

            await page.ClickAsync("nav a:has-text('S3 buckets')");
            await page.ClickAsync("main a:has-text('nav-fw')");
            await page.SetInputFilesAsync("#File", new FilePayload { Name = "app.bin", MimeType = "application/octet-stream", Buffer = Encoding.ASCII.GetBytes("version two") });
            await page.ClickAsync("main button:has-text('Upload')");
            await Expect(page.Locator(".flash.success")).ToContainTextAsync("Uploaded app.bin");
            var versions = em.S3Store.ListObjectVersions("nav-fw").Where(o => o.Key == "app.bin").ToList();
            Assert.AreEqual(2, versions.Count, "the upload added a version");
            Assert.AreEqual("version two", Encoding.ASCII.GetString(em.S3Store.GetObject("nav-fw", "app.bin").Data));
            await Expect(page.Locator("main tr", new() { HasText = "app.bin (latest)" })).ToContainTextAsync("11 B");
            await browser.ShotAsync(page, "bucket-uploaded");
        }
    }
}
