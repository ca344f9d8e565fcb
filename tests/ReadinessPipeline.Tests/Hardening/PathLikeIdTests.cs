using System.Net;
using System.Text.Json;
using ReadinessPipeline.Models;
using ReadinessPipeline.Tests.Infrastructure;
using ReadinessPipeline.Tests.Privacy;

namespace ReadinessPipeline.Tests.Hardening;

/// <summary>
/// Path-like and otherwise unusable network, round and school ids: the coach API answers each with a 400 naming the
/// id rule before anything reads or writes storage, and the command line refuses them before it builds a request path
/// (where "--round .." would otherwise address the whole network).
/// </summary>
[Collection(nameof(ConsoleCollection))]
public class PathLikeIdTests(HardeningApp app) : IClassFixture<HardeningApp>
{
    /// <summary>
    /// The ids that arrive in the route as one segment. Dot segments ("..", ".") are resolved by the client and the
    /// server before routing, as HTTP requires, so they never reach an id; a raw NUL is refused by the web server itself.
    /// </summary>
    public static readonly string[] Refused =
    [
        .. Hostile.PathLikeIds.Where(id => !Ids.IsValid(Uri.UnescapeDataString(id))
            && Uri.UnescapeDataString(id) is not ("." or "..")
            && !id.Contains("%00", StringComparison.Ordinal)
            && !id.Contains('/', StringComparison.Ordinal)),
        "School-A", "abc%0A", "a.b", "a%20b", "%E2%80%8Babc", "ab%C4%B1",
    ];

    [Fact]
    public void The_id_rule_takes_ordinary_ids_and_refuses_a_trailing_newline()
    {
        Assert.All(new[] { "a", "school-01", "k8", new string('a', 63) }, id => Assert.True(Ids.IsValid(id), id));
        Assert.All(new[] { "", "-a", "a\n", "A", "a_b", "a/b", "..", new string('a', 64), "ı" }, id => Assert.False(Ids.IsValid(id), JsonSerializer.Serialize(id)));
    }

    [Fact]
    public async Task Every_coach_route_refuses_an_unusable_id_in_any_position_with_400_invalid_id_and_changes_nothing()
    {
        var routes = app.Routes().Where(r => r.Template.StartsWith("/api/coach/", StringComparison.Ordinal) && r.Template.Contains("Id}", StringComparison.Ordinal)).ToList();
        Assert.True(routes.Count >= 12, $"only {routes.Count} coach routes with ids");
        var valid = new Dictionary<string, string> { ["{networkId}"] = app.Network, ["{roundId}"] = app.ScheduledRound, ["{schoolId}"] = "school-01" };
        var before = await StorageInventory.SnapshotAsync(app.Storage);

        var checkedRequests = 0;
        foreach (var (method, template) in routes)
        {
            foreach (var slot in valid.Keys.Where(k => template.Contains(k, StringComparison.Ordinal)))
            {
                foreach (var id in Refused)
                {
                    var path = valid.Aggregate(template, (p, v) => p.Replace(v.Key, v.Key == slot ? id : v.Value, StringComparison.Ordinal));
                    using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(app.BaseAddress, path.TrimStart('/')));
                    request.Headers.Add("X-Coach-Key", Rounds.CoachApp.Key);
                    using var response = await app.Http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();

                    Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode} {Hostile.Show(body)}");
                    using var problem = JsonDocument.Parse(body);
                    Assert.Equal("invalid-id", problem.RootElement.GetProperty("code").GetString());
                    Assert.Contains(Ids.Rule, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
                    checkedRequests++;
                }
            }
        }

        Assert.True(checkedRequests > 500, $"{checkedRequests} requests");
        var after = await StorageInventory.SnapshotAsync(app.Storage);
        Assert.True(before.SetEquals(after), $"storage changed: +{string.Join("; ", after.Except(before))} -{string.Join("; ", before.Except(after))}");
    }

    public static TheoryData<string[]> CommandsWithAnId => new()
    {
        new[] { "data", "delete", "--network", "net-1", "--round", "..", "--yes" },
        new[] { "data", "delete", "--network", "net-1", "--school", "../rounds/r", "--yes" },
        new[] { "data", "delete", "--network", "..", "--yes" },
        new[] { "rounds", "close", "a/b", "--network", "net-1" },
        new[] { "rounds", "status", "..", "--network", "net-1" },
        new[] { "rounds", "export", "r-1", "--network", "NET" },
        new[] { "rounds", "resend", "r-1", "--network", "net-1", "--school", "a\\b" },
        new[] { "networks", "create", "net 1", "--name", "A network" },
        new[] { "networks", "update", "net-1\n", "--name", "A network" },
    };

    [Theory]
    [MemberData(nameof(CommandsWithAnId))]
    public async Task The_command_line_refuses_an_unusable_id_before_it_calls_the_app(string[] args)
    {
        // No app listens on this address: a command that got as far as calling it would fail differently.
        var (exit, output) = await CliRunner.RunAsync([.. args, "--base-url", "http://127.0.0.1:9", "--coach-key", "unused"]);

        Assert.NotEqual(0, exit);
        Assert.Contains($"must be {Ids.Rule}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:9", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
