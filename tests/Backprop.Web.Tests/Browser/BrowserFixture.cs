using Microsoft.Playwright;

namespace Backprop.Web.Tests.Browser;

/// <summary>Debian's Chromium, which the browser tests drive; they skip, saying why, where it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable))
        {
            Skip = $"Chromium is not installed at {Executable} (apt-get install -y chromium; .ci/run does): the browser tests need it";
        }
    }
}

/// <summary>One published site, one server and one browser for a whole test class: a browser starts in seconds, a page in less.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    // As root Chromium needs --no-sandbox; the rest keep it from reaching for Google's hosts on a closed network.
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public StaticSite Site { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.Executable)) return;
        Site = new StaticSite(PublishedSite.Root());
        // A cold start of the runtime on a busy 2-core machine takes seconds: wait for it, not for Playwright's 5 s default.
        Assertions.SetDefaultExpectTimeout(60_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            Args = Flags,
        });
    }

    /// <summary>A fresh page (its own context: no cache, no storage) at <paramref name="fragment"/> of the site.</summary>
    /// <param name="locale">The browser's language (navigator.language), which the page follows: English unless a test asks.</param>
    public async Task<IPage> Open(string fragment = "", string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            Locale = locale,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(Site.Address + fragment);
        await page.Locator("[data-testid=run]").WaitForAsync();
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Site?.Dispose();
    }
}
