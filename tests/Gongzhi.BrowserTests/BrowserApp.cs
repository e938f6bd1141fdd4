using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Xunit;

namespace Gongzhi.BrowserTests;

/// <summary>
/// Gongzhi on a real Kestrel port (SQLite, small demo) and Debian's Chromium driven by Playwright.
/// Playwright never downloads a browser here: it launches the one at GONGZHI_TEST_CHROMIUM or /usr/bin/chromium.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gongzhi-browser-").FullName;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Gongzhi", $"Data Source={Path.Combine(_dir, "gongzhi.db")}");
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Demo:Residents", "1500");
        // A row limit over rows in no defined order fails the page instead of logging a warning (docs/architecture.md).
        builder.UseSetting("Database:StrictQueries", "true");
        builder.UseSetting("PersonalData:KeyFile", Path.Combine(_dir, "keys.json"));
        // SMS and e-mail go to a file in the temporary folder, not into the source tree.
        builder.UseSetting("Notifications:DevelopmentOutbox", Path.Combine(_dir, "outbox"));
        // The outbox moves only when a test turns the crank (DispatchOnceAsync): a retried delivery stays visibly
        // queued instead of racing the background worker. In-app messages do not need it; they are sent on enqueue.
        builder.UseSetting("Notifications:Dispatch", "false");
        // Every browser of the suite signs in and submits from one address within a minute or two: the per-address
        // limits (tested by the integration tests) would otherwise answer 429 to whichever journey runs last.
        builder.UseSetting("Security:SignInsPerMinute", "100000");
        builder.UseSetting("Requests:Public:PerAddressPerMinute", "100000");
        builder.UseSetting("Assistant:AskPerMinute", "100000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:Console:FormatterName", "simple");
    }

    public async Task InitializeAsync()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Directory.CreateDirectory(Screenshots);
        // Journeys wait for addresses and elements, never for load events: a form post answered by a redirect can
        // commit the new address before the waiter subscribes, and then no load event ever reaches it. Assertions
        // retry for as long as actions may take on a busy two-core machine.
        SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("GONGZHI_TEST_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    public async Task<IPage> SignedInPage(string userName, BrowserNewPageOptions? options = null)
    {
        var page = await Browser.NewPageAsync(options ?? new() { Locale = "zh-CN" });
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(BaseUrl + "/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", "Demo#2026");
        await page.ClickAsync("button[type=submit].w-100");
        await Expect(page).ToHaveURLAsync(BaseUrl + "/");
        return page;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
