using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ReadinessPipeline.Models.Contracts;
using Spectre.Console;

namespace ReadinessPipeline.Cli.Coach;

/// <summary>
/// A round's shared (class) links: <c>readiness shared-links list|cap|turn-off|replace &lt;round&gt; --network n ...</c>.
/// </summary>
public static class SharedLinkCommands
{
    public static Command Create()
    {
        var listRound = RoundArgument();
        var listNetwork = CoachCommands.NetworkOption();
        var list = new Command("list", "Every school's shared link of a round: on or off, its cap and where it came from, the answers it has taken.") { listRound, listNetwork };
        CoachCommands.WithApp(list, async (result, client, ct) =>
            Print(await client.GetAsync($"api/coach/networks/{result.GetValue(listNetwork)}/rounds/{result.GetValue(listRound)}/shared-links", ct)));

        var (capRound, capNetwork, capSchool, capInstrument) = LinkOptions();
        var cap = new Option<int?>("--cap") { Description = "The most answers the link may take (1-100000)." };
        var useDefault = new Option<bool>("--default") { Description = "Go back to the default cap (from the school's expected students, else the app's default)." };
        var setCap = new Command("cap", "Set how many answers a school's shared link for one instrument may take, before or while the round runs.") { capRound, capNetwork, capSchool, capInstrument, cap, useDefault };
        setCap.Validators.Add(result =>
        {
            if (result.GetValue(cap) is null == !result.GetValue(useDefault))
            {
                result.AddError("Give --cap <number> or --default, one of them.");
            }
        });
        CoachCommands.WithApp(setCap, async (result, client, ct) =>
            PrintOne(await client.PatchJsonAsync(LinkPath(result, capNetwork, capRound, capSchool, capInstrument), new SharedLinkCapRequest(result.GetValue(cap)), ct)));

        var (offRound, offNetwork, offSchool, offInstrument) = LinkOptions();
        var turnOff = new Command("turn-off", "Turn a school's shared link for one instrument off; it takes no more answers.") { offRound, offNetwork, offSchool, offInstrument };
        CoachCommands.WithApp(turnOff, async (result, client, ct) =>
            PrintOne(await client.PostAsync(LinkPath(result, offNetwork, offRound, offSchool, offInstrument) + "/turn-off", ct)));

        var (newRound, newNetwork, newSchool, newInstrument) = LinkOptions();
        var replace = new Command("replace", "Turn a school's shared link for one instrument off and email its design team a new one (the cap and count carry over).") { newRound, newNetwork, newSchool, newInstrument };
        CoachCommands.WithApp(replace, async (result, client, ct) =>
            PrintOne(await client.PostAsync(LinkPath(result, newNetwork, newRound, newSchool, newInstrument) + "/replace", ct)));

        return new Command("shared-links", "The shared (class) links of a round: caps, turning off, replacing.") { list, setCap, turnOff, replace };
    }

    private static Argument<string> RoundArgument() => new Argument<string>("round") { Description = "Round id." }.MustBeId();

    private static (Argument<string> Round, Option<string> Network, Option<string> School, Option<string> Instrument) LinkOptions() =>
        (RoundArgument(),
         CoachCommands.NetworkOption(),
         new Option<string>("--school") { Description = "The school.", Required = true }.MustBeId(),
         new Option<string>("--instrument") { Description = "The instrument whose shared link it is (e.g. student-sel-6-12).", Required = true }.MustBeId());

    private static string LinkPath(ParseResult result, Option<string> network, Argument<string> round, Option<string> school, Option<string> instrument) =>
        $"api/coach/networks/{result.GetValue(network)}/rounds/{result.GetValue(round)}/schools/{result.GetValue(school)}/shared-links/{result.GetValue(instrument)}";

    private static void Print(JsonElement links)
    {
        var table = new Table().AddColumns("School", "Instrument", "State", "Answers", "Cap", "Cap from", "Replaced");
        foreach (var link in links.EnumerateArray())
        {
            table.AddRow(
                Markup.Escape(link.GetProperty("schoolId").GetString()!),
                Markup.Escape(link.GetProperty("instrumentId").GetString()!),
                link.GetProperty("state").GetString()!,
                link.GetProperty("answers").GetInt32().ToString(CultureInfo.InvariantCulture),
                link.GetProperty("cap").GetInt32().ToString(CultureInfo.InvariantCulture),
                link.GetProperty("capSource").GetString()!,
                link.GetProperty("replacements").GetInt32().ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    private static void PrintOne(JsonElement answer) => AnsiConsole.WriteLine(answer.GetProperty("message").GetString()!);
}
