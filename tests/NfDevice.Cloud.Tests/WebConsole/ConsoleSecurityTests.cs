using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfDevice.Cloud.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace NfDevice.Cloud.Tests.WebConsole
{
    /// <summary>
    /// Issue 12, security: sign-in with the key pair or a one-time token, an HttpOnly SameSite=Strict session cookie,
    /// anti-forgery tokens, and cross-origin posts refused (a forged form in Chromium, and over HTTP with a valid
    /// session and token, so each lock is shown to hold on its own).
    /// </summary>
    [TestClass]
    [DoNotParallelize]
    public sealed class ConsoleSecurityTests
    {
        public TestContext TestContext { get; set; }

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public async Task SignIn_IsRequired_ChecksTheKeyPair_AndSetsAnHttpOnlyStrictCookie()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("secret-thing");
            await using var browser = await ConsoleBrowser.LaunchAsync(TestContext);
            IPage page = await browser.NewPageAsync();

            await page.GotoAsync(emu.Emulator.HttpEndpoint + "/console/things");
            await Expect(page).ToHaveURLAsync(new Regex("/console/sign-in\\?ReturnUrl="));
            await Expect(page.Locator("main")).Not.ToContainTextAsync("secret-thing");
            await page.FillAsync("#AccessKeyId", emu.Emulator.Options.AccessKeyId);
            await page.FillAsync("#SecretAccessKey", "not-the-secret");
            await page.ClickAsync("button:has-text('Sign in')");
            await Expect(page.Locator(".flash.error")).ToContainTextAsync("not the emulator's");
            Assert.AreEqual(emu.Emulator.Options.AccessKeyId, await page.InputValueAsync("#AccessKeyId"), "the key id typed is kept");
            Assert.AreEqual("", await page.InputValueAsync("#SecretAccessKey"), "a secret is never sent back");
            await browser.ShotAsync(page, "sign-in-refused");

            await page.FillAsync("#SecretAccessKey", emu.Emulator.Options.SecretAccessKey);
            await page.ClickAsync("button:has-text('Sign in')");
            await page.WaitForURLAsync("**/console/things");
            await Expect(page.Locator("main")).ToContainTextAsync("secret-thing");
            var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "nfcloud-console");
            Assert.IsTrue(session.HttpOnly, "session cookie HttpOnly");
            Assert.AreEqual(SameSiteAttribute.Strict, session.SameSite);
            Assert.AreEqual("/console", session.Path);
            Assert.IsFalse(await page.EvaluateAsync<bool>("() => document.cookie.includes('nfcloud-console')"), "scripts cannot read the session");
            await browser.ShotAsync(page, "signed-in");

            await page.ClickAsync("button:has-text('Sign out')");
            await page.WaitForURLAsync("**/console/sign-in");
            await page.GotoAsync(emu.Emulator.HttpEndpoint + "/console/things");
            await Expect(page).ToHaveURLAsync(new Regex("/console/sign-in"));
        }

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public async Task OneTimeToken_SignsInOnce()
        {
            await using var emu = await TestEmulator.StartAsync();
            string link = emu.Emulator.ConsoleUrl + "sign-in?token=" + emu.Emulator.ConsoleSignIn.OneTimeToken;
            await using var browser = await ConsoleBrowser.LaunchAsync(TestContext);

            IPage first = await browser.NewPageAsync();
            await first.GotoAsync(link);
            await first.WaitForURLAsync("**/console/jobs");
            await Expect(first.Locator(".user")).ToHaveTextAsync("one-time token");

            IPage second = await browser.NewPageAsync();
            await second.GotoAsync(link);
            await Expect(second.Locator(".flash.error")).ToContainTextAsync("already used");
            Assert.IsFalse((await second.Context.CookiesAsync()).Any(c => c.Name == "nfcloud-console"));
            await browser.ShotAsync(second, "token-reused");
        }

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public async Task ForgedCrossSitePost_FromAnotherSite_IsRefused_AndTheJobSurvives()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("victim");
            emu.Emulator.CreateJob("keep-me", "{\"operation\":\"diagnostics\"}", "victim");
            await using var browser = await ConsoleBrowser.LaunchAsync(TestContext);
            IPage page = await browser.NewPageAsync();
            await ConsoleBrowser.SignInAsync(page, emu.Emulator);
            // A page on another site (served by Playwright, no network) that posts the Delete form on load.
            string target = emu.Emulator.HttpEndpoint + "/console/jobs/keep-me?handler=Delete";
            await page.Context.RouteAsync("http://attacker.example/**", route => route.FulfillAsync(new RouteFulfillOptions
            {
                ContentType = "text/html",
                Body = "<html><body><form method='post' action='" + target + "'><input name='Force' value='true'></form>"
                    + "<script>document.forms[0].submit()</script></body></html>",
            }));

            var forged = page.WaitForResponseAsync(r => r.Url.StartsWith(target, StringComparison.Ordinal));
            await page.GotoAsync("http://attacker.example/prize");
            IResponse response = await forged;

            Assert.AreEqual(403, response.Status, await response.TextAsync());
            Assert.AreEqual("keep-me", emu.Emulator.Jobs.GetJob("keep-me").JobId, "the job was not deleted");
            await browser.ShotAsync(page, "forged-post-refused");
        }

        [TestMethod]
        public async Task Post_WithValidSessionAndToken_ButForeignOrigin_IsRefused()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("victim");
            emu.Emulator.CreateJob("keep-me", "{\"operation\":\"diagnostics\"}", "victim");
            using var http = await SignedInClientAsync(emu.Emulator);
            string token = await FormTokenAsync(http, "/console/jobs/keep-me");

            var request = Form("/console/jobs/keep-me?handler=Delete", token, ("Force", "true"));
            request.Headers.Add("Origin", "http://evil.example");
            using HttpResponseMessage refused = await http.SendAsync(request);

            Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.AreEqual("keep-me", emu.Emulator.Jobs.GetJob("keep-me").JobId);
            // The same request from the console's own origin goes through: the origin was the only difference.
            var same = Form("/console/jobs/keep-me?handler=Delete", token, ("Force", "true"));
            same.Headers.Add("Origin", emu.Emulator.HttpEndpoint);
            using HttpResponseMessage accepted = await http.SendAsync(same);
            Assert.AreEqual(HttpStatusCode.Redirect, accepted.StatusCode);
            Assert.ThrowsExactly<Control.AwsException>(() => emu.Emulator.Jobs.GetJob("keep-me"));
        }

        [TestMethod]
        public async Task Post_WithoutAntiforgeryToken_IsRefused()
        {
            await using var emu = await TestEmulator.StartAsync();
            emu.Emulator.Provision("victim");
            emu.Emulator.CreateJob("keep-me", "{\"operation\":\"diagnostics\"}", "victim");
            using var http = await SignedInClientAsync(emu.Emulator);

            using HttpResponseMessage response = await http.SendAsync(Form("/console/jobs/keep-me?handler=Delete", null, ("Force", "true")));

            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.AreEqual("keep-me", emu.Emulator.Jobs.GetJob("keep-me").JobId);
        }

        [TestMethod]
        public async Task AwsRoutes_StillNeedSigV4_AndTheRootRedirectsToTheConsole()
        {
            await using var emu = await TestEmulator.StartAsync();
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(emu.Emulator.HttpEndpoint) };

            using HttpResponseMessage jobs = await http.GetAsync("/jobs");
            using HttpResponseMessage root = await http.GetAsync("/");
            using HttpResponseMessage console = await http.GetAsync("/console/jobs");

            Assert.AreEqual(HttpStatusCode.Forbidden, jobs.StatusCode, "an unsigned AWS call is still refused");
            Assert.AreEqual("/console/jobs", root.Headers.Location?.OriginalString);
            Assert.AreEqual(HttpStatusCode.Redirect, console.StatusCode);
            StringAssert.Contains(console.Headers.Location?.ToString(), "/console/sign-in");
        }

        private static async Task<HttpClient> SignedInClientAsync(Emulator em)
        {
            var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
            {
                BaseAddress = new Uri(em.HttpEndpoint),
            };
            string token = await FormTokenAsync(http, "/console/sign-in");
            using HttpResponseMessage signIn = await http.SendAsync(Form("/console/sign-in", token,
                ("AccessKeyId", em.Options.AccessKeyId), ("SecretAccessKey", em.Options.SecretAccessKey)));
            Assert.AreEqual(HttpStatusCode.Redirect, signIn.StatusCode, await signIn.Content.ReadAsStringAsync());
            return http;
        }

        private static async Task<string> FormTokenAsync(HttpClient http, string path)
        {
            string html = await http.GetStringAsync(path);
            Match m = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
            Assert.IsTrue(m.Success, "the form carries an anti-forgery token");
            return m.Groups[1].Value;
        }

        private static HttpRequestMessage Form(string path, string token, params (string Name, string Value)[] fields)
        {
            var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
            if (token != null) values.Add(new KeyValuePair<string, string>("__RequestVerificationToken", token));
            return new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(values) };
        }
    }
}
