using System.Collections.Concurrent;
using System.Net.Http.Json;
using Faas.Gateway.Tests.EndToEnd;
using Microsoft.Playwright;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Ui;

/// <summary>
/// The dashboard in a real browser against the real gateway (a child process): sign in, deploy code that does not
/// compile and see the diagnostic at its line, fix it and deploy, invoke and see the answer, see the call on the
/// chart and the handler's line in the log tail. Screenshots go to <c>screenshots/</c> in the test's output folder.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DashboardBrowserTests : GatewayTestBase
{
    private const string Broken = """
        object Handle(FaasRequest request)
        {
            var name = (string?)request.Json()?["name"] ?? "World";
            Console.WriteLine($"handled {name}")
            return new { message = $"Hello, {name}!" };
        }
        """;

    private const string Fixed = """
        object Handle(FaasRequest request)
        {
            var name = (string?)request.Json()?["name"] ?? "World";
            Console.WriteLine($"handled {name}");
            return new { message = $"Hello, {name}!" };
        }
        """;

    /// <summary>Fails one call in four, so the overview has errors to show.</summary>
    private const string Flaky = """
        object Handle(FaasRequest request)
        {
            if (Random.Shared.Next(4) == 0)
            {
                throw new InvalidOperationException("unlucky");
            }

            return new { ok = true };
        }
        """;

    private static string Screenshots => Path.Combine(TestContext.CurrentContext.TestDirectory, "screenshots");

    [Test]
    public async Task Dashboard_SignInDeployBrokenThenFixedAndInvoke_ShowsDiagnosticAnswerChartAndLogLine()
    {
        Chromium.Require();
        var name = UniqueName("hello");
        var origin = Gateway.BaseAddress.GetLeftPart(UriPartial.Authority);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        var elsewhere = new ConcurrentBag<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin + "/", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };

        // Sign in: the dashboard sends a browser without a session to the sign-in form.
        await page.GotoAsync(origin + "/ui");
        Assert.That(page.Url, Does.Contain("/ui/login"));
        await page.FillAsync("input[name=key]", AdminKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".overview[data-live=true]");

        // Deploy code with an error: the diagnostic shows at its line.
        await page.ClickAsync("nav >> text=New function");
        await page.WaitForSelectorAsync(".new[data-live=true]");
        await page.FillAsync("[data-new-name]", name);
        await page.FillAsync("[data-code-input]", "");
        // The editor's Tab handler is attached after the page went live (a script module loads first); a Tab pressed
        // before would leave the editor, as it does in any text area.
        await page.WaitForSelectorAsync("[data-code-input][data-keep-tab=true]");
        await page.FocusAsync("[data-code-input]");
        await page.Keyboard.PressAsync("Tab");
        await page.WaitForSelectorAsync("[data-line='1'] span:has-text('    ')");
        Assert.That(await page.InputValueAsync("[data-code-input]"), Is.EqualTo("    "), "Tab indents instead of leaving the editor");
        await page.FillAsync("[data-code-input]", Broken);
        await page.ClickAsync("[data-deploy]");
        await page.WaitForSelectorAsync("[data-deploy-result=compile_error]");
        var diagnostic = await page.TextContentAsync("[data-diagnostic^='4:']");
        Assert.That(diagnostic, Does.Contain("line 4").And.Contain("CS1002"));
        Assert.That(await page.Locator(".ln.diag[data-line='4']").CountAsync(), Is.EqualTo(1), "the gutter marks line 4");
        Assert.That(await page.Locator(".ln.diag").CountAsync(), Is.EqualTo(1), "and no other line");
        Assert.That(await page.Locator("[data-diagnostic-line='4']").CountAsync(), Is.EqualTo(1), "a mark under the code at line 4");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dashboard-diagnostic.png"), FullPage = true });

        // Fix it and deploy: the function's page opens.
        await page.FillAsync("[data-code-input]", Fixed);
        await page.ClickAsync("[data-deploy]");
        await page.WaitForURLAsync($"**/ui/functions/{name}");
        await page.WaitForSelectorAsync($".function[data-function={name}][data-live=true]");

        // Invoke it from the console: status, time and the cold-start flag.
        await page.FillAsync("[data-invoke-body]", "{\"name\": \"Ada\"}");
        await page.ClickAsync("[data-invoke-send]");
        await page.WaitForSelectorAsync("[data-answer-status='200']");
        Assert.That(await page.TextContentAsync("[data-answer-body]"), Does.Contain("Hello, Ada!"));
        Assert.That(await page.GetAttributeAsync("[data-answer-status]", "data-cold-start"), Is.EqualTo("true"), "the first call started an instance");
        await page.FillAsync("[data-invoke-body]", "{\"name\": \"Grace\"}");
        await page.ClickAsync("[data-invoke-send]");
        await page.WaitForSelectorAsync("[data-answer-body]:has-text('Hello, Grace!')");

        // The calls on the live chart, the handler's lines in the log tail.
        await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-chart=invocations] [data-series=calls]')?.dataset.total) >= 2");
        await page.WaitForSelectorAsync("[data-log-tail] [data-log-line]:has-text('handled Grace')");
        Assert.That(await page.Locator("[data-log-tail] [data-log-line]:has-text('handled Ada')").CountAsync(), Is.EqualTo(1));

        // A second function that sometimes fails; an alias and an async call through the API (the function page lists both).
        await DeployOkAsync(name + "-b", Flaky);
        using (var alias = await Admin.PutAsJsonAsync($"functions/{name}/aliases/live", new { version = 1 }))
        using (var later = new HttpRequestMessage(HttpMethod.Post, $"invoke/{name}") { Content = new StringContent("{\"name\": \"Later\"}") })
        {
            Assert.That(alias.IsSuccessStatusCode, Is.True, await alias.Content.ReadAsStringAsync());
            later.Headers.Add("X-Faas-Async", "true");
            using var accepted = await Admin.SendAsync(later);
            Assert.That((int)accepted.StatusCode, Is.EqualTo(202));
        }

        // Traffic over several five-second steps: the chart moves on.
        using (var traffic = new CancellationTokenSource())
        {
            var calls = TrafficAsync([name, name + "-b"], traffic.Token);
            await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-chart=invocations] [data-series=calls]')?.dataset.steps) >= 3");
            await traffic.CancelAsync();
            await calls;
        }

        await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-chart=latency] [data-series=p95]')?.dataset.steps) >= 3");
        await page.WaitForSelectorAsync("[data-alias=live]:has-text('v1')");
        await page.WaitForSelectorAsync("[data-executions] tr[data-execution]:has-text('succeeded')");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dashboard-function.png"), FullPage = true });

        // The overview lists both with their calls.
        await page.ClickAsync("nav >> text=Overview");
        await page.WaitForSelectorAsync($".overview[data-live=true] tr[data-function={name}]");
        await page.WaitForSelectorAsync($".overview tr[data-function={name}-b]");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dashboard-overview.png"), FullPage = true });

        // Nothing came from elsewhere, and the key is nowhere in the page.
        Assert.That(elsewhere, Is.Empty, "every request of the page goes to the gateway");
        Assert.That(await page.ContentAsync(), Does.Not.Contain(AdminKey));

        // Signing out ends the session.
        await page.ClickAsync("text=Sign out");
        await page.WaitForURLAsync("**/ui/login");
        // Only the navigation's answer matters here (a CI run once saw the sign-in page's load event never come).
        var again = await page.GotoAsync(origin + "/ui", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        Assert.That(again?.Status, Is.EqualTo(200));
        Assert.That(again?.Url, Does.StartWith(origin + "/ui/login"), "the signed-out browser is sent to the sign-in form");
    }

    /// <summary>Calls the functions over the API, paced at a few calls a second, until cancelled.</summary>
    private async Task TrafficAsync(IReadOnlyList<string> functions, CancellationToken cancellationToken)
    {
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await pace.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var function in functions)
                {
                    using var response = await InvokeAsync(function, "{\"name\": \"Traffic\"}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
