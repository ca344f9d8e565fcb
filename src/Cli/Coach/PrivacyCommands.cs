using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace ReadinessPipeline.Cli.Coach;

/// <summary>What a district's privacy officer asks of a coach: delete on request, read the audit log, export, re-send.</summary>
public static class PrivacyCommands
{
    /// <summary><c>readiness data delete --network n [--round r | --school s] [--dry-run | --yes]</c>.</summary>
    public static Command Data()
    {
        var network = CoachCommands.NetworkOption();
        var round = new Option<string?>("--round") { Description = "Only this round." }.MustBeId();
        var school = new Option<string?>("--school") { Description = "Only this school (in every round)." }.MustBeId();
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be erased; erase nothing." };
        var yes = new Option<bool>("--yes") { Description = "Erase without asking (the erasure cannot be undone)." };
        var delete = new Command("delete", "Erase a network's, a round's or a school's survey data. Without --yes it only lists what would go.") { network, round, school, dryRun, yes };
        delete.Validators.Add(result =>
        {
            if (result.GetValue(round) is not null && result.GetValue(school) is not null)
            {
                result.AddError("Give --round or --school, not both.");
            }

            if (result.GetValue(dryRun) && result.GetValue(yes))
            {
                result.AddError("--dry-run and --yes contradict each other.");
            }
        });
        CoachCommands.WithApp(delete, async (result, client, ct) =>
        {
            var path = $"api/coach/networks/{result.GetValue(network)}" + (result.GetValue(round) is { } r ? $"/rounds/{r}" : result.GetValue(school) is { } s ? $"/schools/{s}" : "");
            if (!result.GetValue(yes))
            {
                var plan = await client.DeleteAsync(path + "?dryRun=true", ct);
                var table = new Table().AddColumns("What", "Count");
                foreach (var item in plan.GetProperty("items").EnumerateArray())
                {
                    table.AddRow(Markup.Escape(item.GetProperty("what").GetString()!), $"{item.GetProperty("count").GetInt32()}");
                }

                AnsiConsole.MarkupLineInterpolated($"Erasing {plan.GetProperty("scope").GetString()} would remove [bold]{plan.GetProperty("total").GetInt32()}[/] item(s):");
                AnsiConsole.Write(table);
                if (!result.GetValue(dryRun))
                {
                    throw new CliException("Nothing was erased. Run again with --yes to erase it.");
                }

                return;
            }

            var queued = await client.DeleteAsync(path, ct);
            AnsiConsole.MarkupLineInterpolated($"[green]Queued[/] {queued.GetProperty("scope").GetString()}: {queued.GetProperty("message").GetString()}");
        });
        return new Command("data", "Survey data held for a network.") { delete };
    }

    /// <summary><c>readiness audit --network n [--max 200]</c>: newest first.</summary>
    public static Command Audit()
    {
        var network = CoachCommands.NetworkOption();
        var max = new Option<int>("--max") { Description = "How many entries (1-5000).", DefaultValueFactory = _ => 200 };
        var audit = new Command("audit", "The network's audit log: who imported, opened, closed, exported, deleted, and when (newest first).") { network, max };
        CoachCommands.WithApp(audit, async (result, client, ct) =>
        {
            var entries = await client.GetAsync($"api/coach/networks/{result.GetValue(network)}/audit?max={result.GetValue(max)}", ct);
            var table = new Table().AddColumns("When (UTC)", "Who", "Action", "Target", "Details");
            foreach (var entry in entries.EnumerateArray())
            {
                table.AddRow(
                    $"{entry.GetProperty("at").GetDateTimeOffset():u}",
                    Markup.Escape(entry.GetProperty("actor").GetString() ?? ""),
                    Markup.Escape(entry.GetProperty("action").GetString() ?? ""),
                    Markup.Escape(entry.GetProperty("target").GetString() ?? ""),
                    Markup.Escape(entry.GetProperty("details").GetString() ?? ""));
            }

            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"{entries.GetArrayLength()} entr{(entries.GetArrayLength() == 1 ? "y" : "ies")}.");
        });
        return audit;
    }

    /// <summary><c>readiness rounds export &lt;round&gt; --network n [--output file]</c>: the all-schools CSV.</summary>
    public static Command Export()
    {
        var round = new Argument<string>("round") { Description = "Round id." }.MustBeId();
        var network = CoachCommands.NetworkOption();
        var output = new Option<FileInfo?>("--output") { Description = "Where to write the CSV (default: <network>-<round>-schools.csv here).", CustomParser = Commands.FilePath };
        var export = new Command("export", "Download a built round's all-schools CSV (numbers only where groups meet the network floor); the export is audited.") { round, network, output };
        CoachCommands.WithApp(export, async (result, client, ct) =>
        {
            var file = result.GetValue(output) ?? new FileInfo($"{result.GetValue(network)}-{result.GetValue(round)}-schools.csv");
            OutputFile.Check(file);
            var csv = await client.GetFileAsync($"api/coach/networks/{result.GetValue(network)}/rounds/{result.GetValue(round)}/export", ct);
            await OutputFile.WriteAsync(file, csv, ct);
            AnsiConsole.MarkupLineInterpolated($"Wrote {csv.Length} bytes to [bold]{file.FullName}[/].");
        });
        return export;
    }

    /// <summary><c>readiness rounds resend &lt;round&gt; --network n --school s</c>.</summary>
    public static Command Resend()
    {
        var round = new Argument<string>("round") { Description = "Round id." }.MustBeId();
        var network = CoachCommands.NetworkOption();
        var school = new Option<string>("--school") { Description = "The school whose design team gets its report again.", Required = true }.MustBeId();
        var resend = new Command("resend", "Send a school's readiness profile to its design team again (for example after fixing their addresses).") { round, network, school };
        CoachCommands.WithApp(resend, async (result, client, ct) =>
        {
            var answer = await client.PostAsync($"api/coach/networks/{result.GetValue(network)}/rounds/{result.GetValue(round)}/schools/{result.GetValue(school)}/resend", ct);
            AnsiConsole.WriteLine(answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("message", out var message) ? message.GetString()! : "Queued.");
        });
        return resend;
    }
}
