using System.CommandLine;
using System.Text.Json;
using ReadinessPipeline.Models;
using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Access;
using Spectre.Console;

namespace ReadinessPipeline.Cli.Coach;

/// <summary>The coach's tasks on the command line: networks, imports, rounds (create, open, status, close), shared links, coach keys.</summary>
public static class CoachCommands
{
    public static IEnumerable<Command> All()
    {
        yield return Networks();
        yield return Import("schools", "Import a network's schools from CSV (school_id,name,district,grade_span,design_team_emails[,expected_students]).");
        yield return Import("roster", "Import staff and student rosters from CSV (school_id,email,role[,grade]); each school in the file gets exactly the listed people.");
        yield return Import("opt-outs", "Import student opt-outs from CSV (school_id,email).");
        yield return Rounds();
        yield return SharedLinkCommands.Create();
        yield return PrivacyCommands.Data();
        yield return PrivacyCommands.Audit();
        yield return CoachKey();
    }

    private static Command Networks()
    {
        var id = new Argument<string>("id") { Description = "Network id: lowercase letters, digits, dashes." }.MustBeId();
        var name = new Option<string>("--name") { Description = "The network's name.", Required = true };
        var create = new Command("create", "Create a network (creating it again is harmless).") { id, name };
        WithApp(create, async (result, client, ct) =>
        {
            var network = await client.PostJsonAsync("api/coach/networks", new CreateNetworkRequest(result.GetValue(id), result.GetValue(name), null), ct);
            AnsiConsole.MarkupLineInterpolated($"Network [bold]{network.GetProperty("id").GetString()}[/]: {network.GetProperty("name").GetString()}");
        });
        var updateId = new Argument<string>("id") { Description = "Network id." }.MustBeId();
        var newName = new Option<string?>("--name") { Description = "A new name." };
        var coachEmails = new Option<string[]>("--coach-email") { Description = "Coaches who get the network summary; replaces the list. Repeat for several.", AllowMultipleArgumentsPerToken = true };
        var retention = new Option<int?>("--retention-days") { Description = "Days after a round closes before its answers, scores, links and reports are deleted (30-3650)." };
        var trends = new Option<bool?>("--keep-trends") { Description = "Keep suppressed school aggregates after retention deletes a round, for trends (true or false)." };
        var update = new Command("update", "Change a network's name, coach emails, retention or trend keeping; what you leave out stays.") { updateId, newName, coachEmails, retention, trends };
        WithApp(update, async (result, client, ct) =>
        {
            // What is left out is sent as null, which the app reads as "stays as it is".
            var body = new UpdateNetworkRequest(result.GetValue(newName), result.GetValue(coachEmails) is { Length: > 0 } emails ? emails : null, result.GetValue(retention), result.GetValue(trends));
            if (body == new UpdateNetworkRequest(null, null, null, null))
            {
                throw new CliException("Nothing to change: give --name, --coach-email, --retention-days or --keep-trends.");
            }

            var network = await client.PatchJsonAsync($"api/coach/networks/{result.GetValue(updateId)}", body, ct);
            var kept = network.GetProperty("retentionDays");
            AnsiConsole.MarkupLineInterpolated($"Network [bold]{network.GetProperty("id").GetString()}[/]: {network.GetProperty("name").GetString()}; retention {(kept.ValueKind == JsonValueKind.Number ? $"{kept.GetInt32()} days" : "the app's default")}; trends {(network.GetProperty("keepTrends").GetBoolean() ? "kept" : "not kept")}; {network.GetProperty("coachEmails").GetArrayLength()} coach email(s).");
        });
        return new Command("networks", "Networks of schools.") { create, update };
    }

    private static Command Import(string what, string description)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV file.", CustomParser = Commands.FilePath };
        var network = NetworkOption();
        var import = new Command("import", description) { file, network };
        WithApp(import, async (result, client, ct) =>
        {
            var summary = await client.PutCsvAsync($"api/coach/networks/{result.GetValue(network)}/{what}", result.GetValue(file)!, ct);
            AnsiConsole.MarkupLineInterpolated($"[green]Imported[/] {Summary(summary)}");
        });
        return new Command(what, $"{char.ToUpperInvariant(what[0])}{what[1..]} of a network.") { import };
    }

    private static Command Rounds()
    {
        var network = NetworkOption();
        var name = new Option<string>("--name") { Description = "The round's name.", Required = true };
        var id = new Option<string?>("--id") { Description = "Round id (default: made from the name)." }.MustBeId();
        var instruments = new Option<string[]>("--instrument")
        {
            Description = "Instrument id, optionally with a mode: staff-readiness:confidential, student-sel-6-12:anonymous. Repeat for several.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var opens = new Option<DateTimeOffset>("--opens") { Description = "When the round opens (ISO 8601, e.g. 2026-12-01T08:00-05:00).", Required = true };
        var closes = new Option<DateTimeOffset>("--closes") { Description = "When the round closes.", Required = true };
        var reminders = new Option<string[]>("--reminder") { Description = "Reminder after opening, as an ISO 8601 duration (P3D). Repeat for several." };
        var schools = new Option<string[]>("--school") { Description = "Only these schools (default: all). Repeat for several." };
        var create = new Command("create", "Create a round (it opens by itself at --opens; invitations go out then).") { network, name, id, instruments, opens, closes, reminders, schools };
        WithApp(create, async (result, client, ct) =>
        {
            var body = new CreateRoundRequest(
                result.GetValue(id),
                result.GetValue(name),
                [.. result.GetValue(instruments)!.Select(i => i.Split(':', 2)).Select(p => new RoundInstrumentRequest(p[0], null, p.Length > 1 ? p[1] : null))],
                result.GetValue(opens),
                result.GetValue(closes),
                result.GetValue(reminders) ?? [],
                result.GetValue(schools) is { Length: > 0 } s ? s : null);
            var round = await client.PostJsonAsync($"api/coach/networks/{result.GetValue(network)}/rounds", body, ct);
            AnsiConsole.MarkupLineInterpolated($"Round [bold]{round.GetProperty("id").GetString()}[/] created ({round.GetProperty("state").GetString()}); it opens {round.GetProperty("opensAt").GetDateTimeOffset():u}.");
        });

        var roundId = new Argument<string>("round") { Description = "Round id." }.MustBeId();
        var open = new Command("open", "Open a Draft round now and send its invitations.") { roundId, NetworkOption() };
        var close = new Command("close", "Close an open round now; profiles are built next.") { roundId, NetworkOption() };
        foreach (var (command, verb) in new[] { (open, "open"), (close, "close") })
        {
            var networkOption = (Option<string>)command.Options[0];
            WithApp(command, async (result, client, ct) =>
            {
                var answer = await client.PostAsync($"api/coach/networks/{result.GetValue(networkOption)}/rounds/{result.GetValue(roundId)}/{verb}", ct);
                AnsiConsole.WriteLine(answer.GetProperty("message").GetString()!);
            });
        }

        var statusNetwork = NetworkOption();
        var status = new Command("status", "Invited, responded and response rate per school and instrument.") { roundId, statusNetwork };
        WithApp(status, async (result, client, ct) => PrintStatus(await client.GetAsync($"api/coach/networks/{result.GetValue(statusNetwork)}/rounds/{result.GetValue(roundId)}", ct)));

        return new Command("rounds", "Survey rounds.") { create, open, status, close, PrivacyCommands.Export(), PrivacyCommands.Resend() };
    }

    private static Command CoachKey()
    {
        var id = new Option<string>("--id") { Description = "A name for the key, shown in the audit log.", DefaultValueFactory = _ => $"coach-{DateTime.UtcNow:yyyyMMdd}" };
        var networks = new Option<string[]>("--network") { Description = "A network the key may act on. Repeat for several.", AllowMultipleArgumentsPerToken = true };
        var all = new Option<bool>("--all-networks") { Description = "An organisation-wide key: it may act on every network, including networks created later." };
        id.Validators.Add(result =>
        {
            if (CoachKeyEntry.Parse($"{result.GetValueOrDefault<string>()}:{new string('0', 64)}:{CoachKeyEntry.AllNetworks}") is null)
            {
                result.AddError("--id must be 1-40 letters, digits, dots, hyphens or underscores.");
            }
        });
        networks.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!Ids.IsValid(value))
                {
                    result.AddError($"--network must be {Ids.Rule}.");
                }
            }
        });

        var create = new Command("new", "Make a new coach key and the Coach:KeyHashes entry the app needs (only the hash is stored), for some networks or, stated as such, all of them.") { id, networks, all };
        create.Validators.Add(result =>
        {
            var named = result.GetValue(networks) is { Length: > 0 };
            if (named == result.GetValue(all))
            {
                result.AddError("Say which networks the key may act on: --network <id> (repeat for several), or --all-networks for an organisation-wide key.");
            }
        });
        create.SetAction(result =>
        {
            var (key, entry) = CoachKeyEntry.New(result.GetValue(id)!, result.GetValue(all) ? null : result.GetValue(networks));
            Console.WriteLine($"Coach key (give it to the coach; it is not stored anywhere): {key}");
            Console.WriteLine($"Networks it may act on:                                       {(entry.IsOrganisationWide ? "all (organisation-wide key)" : string.Join(", ", entry.Networks!))}");
            Console.WriteLine($"App setting entry (Coach:KeyHashes):                          {entry}");
            return 0;
        });
        return new Command("coach-key", "Coach keys.") { create };
    }

    private static void PrintStatus(JsonElement status)
    {
        var round = status.GetProperty("round");
        AnsiConsole.MarkupLineInterpolated($"[bold]{round.GetProperty("name").GetString()}[/] ({round.GetProperty("id").GetString()}): {round.GetProperty("state").GetString()}, closes {round.GetProperty("closesAt").GetDateTimeOffset():u}");
        var table = new Table().AddColumns("School", "Instrument", "Mode", "Invited", "Responded", "Rate");
        foreach (var row in status.GetProperty("schools").EnumerateArray().Concat(status.GetProperty("network").EnumerateArray()))
        {
            var rate = row.GetProperty("responseRate");
            table.AddRow(
                Markup.Escape(row.GetProperty("schoolName").GetString()!),
                row.GetProperty("instrumentId").GetString()!,
                row.GetProperty("mode").GetString()!,
                row.GetProperty("invited") is { ValueKind: JsonValueKind.Number } invited ? invited.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : "?",
                row.GetProperty("responded").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
                rate.ValueKind == JsonValueKind.Number ? $"{rate.GetDouble():P0}" : "-");
        }

        AnsiConsole.Write(table);
        if (status.TryGetProperty("emails", out var emails) && emails.GetArrayLength() > 0)
        {
            AnsiConsole.WriteLine(string.Join("; ", emails.EnumerateArray().Select(e =>
                $"{e.GetProperty("kind").GetString()}: {e.GetProperty("sent").GetInt32()} sent" +
                (e.GetProperty("sending").GetInt32() > 0 ? $", {e.GetProperty("sending").GetInt32()} sending" : "") +
                (e.GetProperty("failed").GetInt32() > 0 ? $", {e.GetProperty("failed").GetInt32()} failed (retried by the round clock)" : ""))));
        }

        if (status.TryGetProperty("overExpected", out var over) && over.GetArrayLength() > 0)
        {
            AnsiConsole.MarkupLine("[yellow]More student answers than expected[/] (a flooded shared link, or an out-of-date expected count; see shared-links list): " + Markup.Escape(string.Join(", ", over.EnumerateArray().Select(o =>
                $"{o.GetProperty("schoolName").GetString()} ({o.GetProperty("responded").GetInt32()} answers, {o.GetProperty("expected").GetInt32()} expected)"))));
        }

        if (status.TryGetProperty("reports", out var reports) && reports.GetArrayLength() > 0)
        {
            AnsiConsole.WriteLine("Reports: " + string.Join(", ", reports.EnumerateArray().GroupBy(r => r.GetProperty("status").GetString()).Select(g => $"{g.Count()} {g.Key}")));
        }
    }

    private static string Summary(JsonElement summary) =>
        string.Join(", ", summary.EnumerateObject().Select(p => $"{p.Value} {p.Name}"));

    /// <summary>Allows a plain-http app address other than this machine (the coach key then crosses the network unencrypted).</summary>
    internal static Option<bool> InsecureOption() => new("--insecure") { Description = "Allow a plain-http --base-url that is not on this machine (the coach key is then sent unencrypted)." };

    internal static Option<string> NetworkOption() => new Option<string>("--network") { Description = "Network id.", Required = true }.MustBeId();

    /// <summary>Adds the app options (--base-url, --coach-key) and runs the action with a client; failures print as messages.</summary>
    internal static void WithApp(Command command, Func<ParseResult, CoachClient, CancellationToken, Task> action)
    {
        var baseUrl = Commands.BaseUrlOption();
        var key = new Option<string?>("--coach-key") { Description = $"Coach key (default: ${CoachClient.KeyVariable})." };
        var insecure = InsecureOption();
        command.Options.Add(baseUrl);
        command.Options.Add(key);
        command.Options.Add(insecure);
        command.SetAction(async (result, ct) =>
        {
            try
            {
                using var client = CoachClient.Create(result.GetValue(baseUrl)!, result.GetValue(key), result.GetValue(insecure));
                await action(result, client, ct);
                return 0;
            }
            catch (CliException e)
            {
                return e.Report();
            }
        });
    }
}
