using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Cloud.Tests.WebConsole
{
    /// <summary>
    /// Debian's Chromium driven by Playwright for .NET. Playwright never downloads a browser here: it is pointed at
    /// /usr/bin/chromium (installed by .ci/install-browser in CI). Without that browser the tests are inconclusive on a
    /// developer machine and fail in CI (CI=true), where nothing may be skipped.
    /// </summary>
    internal sealed class ConsoleBrowser : IAsyncDisposable
    {
        public const string ChromiumPath = "/usr/bin/chromium";

        /// <summary>Generous: the machine running the tests is shared and loaded.</summary>
        public const float TimeoutMs = 60_000;

        private static readonly string[] Args =
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        };

        private readonly IPlaywright _playwright;
        private readonly TestContext _test;
        private int _shot;

        private ConsoleBrowser(IPlaywright playwright, IBrowser browser, TestContext test)
        {
            _playwright = playwright;
            Browser = browser;
            _test = test;
        }

        public IBrowser Browser { get; }

        public static async Task<ConsoleBrowser> LaunchAsync(TestContext test)
        {
            if (!File.Exists(ChromiumPath))
            {
                string why = ChromiumPath + " is missing (apt-get install -y chromium; .ci/install-browser does it in CI)";
                if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(why);
                Assert.Inconclusive(why);
            }
            Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            // Expect's own default is 5 s, too short for a page that waits on a loaded machine's server.
            Assertions.SetDefaultExpectTimeout(TimeoutMs);
            IPlaywright playwright = await Playwright.CreateAsync();
            IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath, Headless = true, Args = Args, Timeout = TimeoutMs,
            });
            return new ConsoleBrowser(playwright, browser, test);
        }

        /// <summary>A fresh browser profile (no cookies) with a desktop or phone viewport, the page's script on or off.</summary>
        public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, bool javaScript = true)
        {
            IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = width, Height = height },
                IsMobile = width < 600,
                HasTouch = width < 600,
                Locale = "en-US",
                JavaScriptEnabled = javaScript,
            });
            context.SetDefaultTimeout(TimeoutMs);
            context.SetDefaultNavigationTimeout(TimeoutMs);
            return await context.NewPageAsync();
        }

        /// <summary>Signs in on the sign-in page with the emulator's access key and secret.</summary>
        /// <remarks>
        /// <paramref name="until"/>: how far each navigation is awaited. A context with JavaScript off waits for the
        /// response only (<see cref="WaitUntilState.Commit"/>): there Chromium's "load" was once never reported to
        /// Playwright (60 s timeout on a loaded machine, "NetworkIdle" fired); the locators after it wait for their elements.
        /// </remarks>
        public static async Task SignInAsync(IPage page, Emulator em, WaitUntilState until = WaitUntilState.Load)
        {
            await page.GotoAsync(em.ConsoleUrl + "sign-in", new PageGotoOptions { WaitUntil = until });
            await page.FillAsync("#AccessKeyId", em.Options.AccessKeyId);
            await page.FillAsync("#SecretAccessKey", em.Options.SecretAccessKey);
            await page.ClickAsync("button:has-text('Sign in')");
            await page.WaitForURLAsync("**/console/jobs", new PageWaitForURLOptions { WaitUntil = until });
        }

        /// <summary>Saves a full-page screenshot under the test results (and attaches it to the test).</summary>
        public async Task ShotAsync(IPage page, string step)
        {
            string dir = Path.Combine(_test.TestRunResultsDirectory ?? Path.GetTempPath(), "console-screenshots");
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, _test.TestName + "-" + (++_shot).ToString("00") + "-" + step + ".png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            _test.AddResultFile(path);
        }

        public async ValueTask DisposeAsync()
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }
    }
}
