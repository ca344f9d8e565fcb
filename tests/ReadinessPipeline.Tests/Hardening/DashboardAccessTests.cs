using System.Net;
using System.Text.RegularExpressions;
using ReadinessPipeline.Surveys.Storage;
using ReadinessPipeline.Tests.Privacy;
using ReadinessPipeline.Tests.Rounds;

namespace ReadinessPipeline.Tests.Hardening;

/// <summary>
/// Who may open the coaches' dashboard. Every dashboard address but sign-in needs a live session: no cookie, a coach
/// key in a header, a survey token as the cookie or a forged cookie all lead to the sign-in page, before anything is
/// read or written. A session is held to its key's networks by the coach API's scope rule (403 on every page and form
/// under another network), and the key never appears in an address, a cookie or a log.
/// </summary>
public partial class DashboardAccessTests(HardeningApp app) : IClassFixture<HardeningApp>
{
    private List<(string Method, string Template)> SessionRoutes() =>
        [.. app.Routes().Where(r => AuthorizationMatrix.IsDashboardSession($"{r.Method} {r.Template}"))];

    [Fact]
    public async Task Every_dashboard_address_sends_a_request_without_a_live_session_to_sign_in_and_changes_nothing()
    {
        var routes = SessionRoutes();
        Assert.True(routes.Count >= 20, $"only {routes.Count} dashboard addresses found");
        var token = app.Open.Token("school-a", HardeningApp.Student);
        var before = await StorageInventory.SnapshotAsync(app.Storage);
        foreach (var (method, template) in routes)
        {
            var path = PathFor(template, app.Network, app.ScheduledRound);
            foreach (var (who, headers) in new (string, (string, string)[])[]
            {
                ("no session", []),
                ("the coach key as a header", [("X-Coach-Key", CoachApp.Key)]),
                ("a survey token as the cookie", [("Cookie", $"rp-coach={token}")]),
                ("a made-up session cookie", [("Cookie", "rp-coach=" + new string('a', 43))]),
            })
            {
                using var client = NewClient();
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                foreach (var (name, value) in headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                using var refused = await client.SendAsync(request);
                Assert.True(refused.StatusCode == HttpStatusCode.SeeOther, $"{method} {path} with {who}: {(int)refused.StatusCode}");
                Assert.StartsWith("/api/dashboard/sign-in", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
            }
        }

        var after = await StorageInventory.SnapshotAsync(app.Storage);
        Assert.True(before.SetEquals(after), $"storage changed: +{string.Join("; ", after.Except(before))} -{string.Join("; ", before.Except(after))}");
    }

    [Fact]
    public async Task A_session_of_a_key_limited_to_other_networks_is_refused_every_page_and_form_of_this_network_and_cannot_create_networks()
    {
        var (session, _) = await SignInAsync(HardeningApp.OtherNetworkKey);
        using var _ = session;
        foreach (var (method, template) in SessionRoutes().Where(r => r.Template.Contains("{networkId}", StringComparison.Ordinal)))
        {
            foreach (var network in new[] { app.Network, "not-created-either" })
            {
                var path = PathFor(template, network, app.ScheduledRound);
                using var refused = await session.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} with a session of other networks: {(int)refused.StatusCode}");
            }
        }

        // Its own network opens; the home page lists only it, and offers no network creation.
        using var own = await session.GetAsync($"api/dashboard/networks/{app.OtherNetwork}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var home = await session.GetStringAsync("api/dashboard");
        Assert.Contains(app.OtherNetwork, home, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Network, home, StringComparison.Ordinal);
        Assert.DoesNotContain("action=\"/api/dashboard/networks\"", home, StringComparison.Ordinal);
        var (field, formToken) = FormToken(home);
        using var create = await session.PostAsync("api/dashboard/networks", new FormUrlEncodedContent([new(field, formToken), new("id", "harbor-second"), new("name", "Second")]));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task Signing_in_keeps_the_key_out_of_addresses_cookies_and_logs_and_the_audit_log_shows_the_key_id()
    {
        var (session, signInResponse) = await SignInAsync(CoachApp.Key);
        using var _ = session;
        Assert.Equal("/api/dashboard", signInResponse.Headers.Location!.OriginalString);
        var cookie = Assert.Single(signInResponse.Headers.GetValues("Set-Cookie"), c => c.StartsWith("rp-coach=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/api/dashboard", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(CoachApp.Key, cookie, StringComparison.Ordinal);

        var page = await session.GetStringAsync($"api/dashboard/networks/{app.Network}");
        var (field, formToken) = FormToken(page);
        using var saved = await session.PostAsync($"api/dashboard/networks/{app.Network}/settings", new FormUrlEncodedContent([new(field, formToken), new("name", "North network"), new("coachEmails", "coach@network.example"), new("retentionDays", "400")]));
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        var audit = await session.GetStringAsync($"api/dashboard/networks/{app.Network}/audit");
        Assert.Contains("<td>test-coach</td><td>network.update</td>", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Entries, entry => entry.Message.Contains(CoachApp.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_session_ends_after_its_idle_time_and_its_cookie_then_opens_nothing()
    {
        using var restore = app.Clock.Checkpoint();
        var (session, signIn) = await SignInAsync(CoachApp.Key);
        using var _ = session;
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rp-coach=", StringComparison.Ordinal)).Split(';')[0];
        using var fresh = await session.GetAsync("api/dashboard");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(29));
        using var stillUsed = await session.GetAsync("api/dashboard");
        Assert.Equal(HttpStatusCode.OK, stillUsed.StatusCode);

        // 30 minutes (Dashboard:IdleMinutes) after its last use the session is gone, for good.
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        using var ended = await session.GetAsync($"api/dashboard/networks/{app.Network}");
        Assert.Equal(HttpStatusCode.SeeOther, ended.StatusCode);
        Assert.Equal("/api/dashboard/sign-in?ended=expired", ended.Headers.Location!.OriginalString);
        app.Clock.Advance(TimeSpan.FromMinutes(-30));
        using var replay = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/dashboard");
        request.Headers.Add("Cookie", cookie);
        using var stillEnded = await replay.SendAsync(request);
        Assert.Equal(HttpStatusCode.SeeOther, stillEnded.StatusCode);
    }

    [Fact]
    public async Task The_daily_sweep_deletes_sessions_nobody_came_back_to_and_keeps_live_ones()
    {
        using var restore = app.Clock.Checkpoint();
        var (left, _) = await SignInAsync(CoachApp.Key);
        left.Dispose();
        var (kept, keptSignIn) = await SignInAsync(CoachApp.Key);
        using var _ = kept;
        var keptToken = keptSignIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rp-coach=", StringComparison.Ordinal)).Split(';')[0]["rp-coach=".Length..];

        // One session is used again 20 minutes later, the other never: 15 minutes on, only the first is within its
        // 30 idle minutes. Every other session in this app was last used before both, so it has ended too.
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        using var used = await kept.GetAsync("api/dashboard");
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(15));

        Assert.True(await app.FireTimerAsync("RetentionSweep"));

        var rows = await app.Storage.Table(StorageNames.SessionsTable).QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]).ToListAsync();
        Assert.Equal([LinkStore.Hash(keptToken)], rows.Select(r => r.PartitionKey));
        using var stillLive = await kept.GetAsync("api/dashboard");
        Assert.Equal(HttpStatusCode.OK, stillLive.StatusCode);
    }

    [Fact]
    public async Task A_form_without_its_anti_forgery_token_changes_nothing()
    {
        var (session, _) = await SignInAsync(CoachApp.Key);
        using var _ = session;
        using var forged = await session.PostAsync($"api/dashboard/networks/{app.Network}/settings", new FormUrlEncodedContent([new("name", "Forged"), new("retentionDays", "31")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var page = await session.GetStringAsync($"api/dashboard/networks/{app.Network}");
        Assert.DoesNotContain("Forged", page, StringComparison.Ordinal);
    }

    private HttpClient NewClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = app.BaseAddress };

    /// <summary>A client holding a dashboard session opened with <paramref name="key"/> through the sign-in form, and the form's answer.</summary>
    private async Task<(HttpClient Client, HttpResponseMessage SignIn)> SignInAsync(string key)
    {
        var client = NewClient(new CookieContainer());
        var (field, token) = FormToken(await client.GetStringAsync("api/dashboard/sign-in"));
        var response = await client.PostAsync("api/dashboard/sign-in", new FormUrlEncodedContent([new(field, token), new("coachKey", key)]));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return (client, response);
    }

    /// <summary>The anti-forgery field's name and value in a page's first form.</summary>
    private static (string Field, string Token) FormToken(string html)
    {
        var match = HiddenField().Match(html);
        Assert.True(match.Success, "no anti-forgery field in the page");
        return (match.Groups[1].Value, WebUtility.HtmlDecode(match.Groups[2].Value));
    }

    private static string PathFor(string template, string network, string round) =>
        template.TrimStart('/').Replace("{networkId}", network, StringComparison.Ordinal).Replace("{roundId}", round, StringComparison.Ordinal)
            .Replace("{schoolId}", "school-01", StringComparison.Ordinal).Replace("{instrumentId}", HardeningApp.Student, StringComparison.Ordinal)
            .Replace("{kind}", "schools", StringComparison.Ordinal);

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex HiddenField();
}
