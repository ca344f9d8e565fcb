using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>
/// The keys of everything stored per round. A round id is unique only within its network, so every per-round key
/// starts with the network: two networks that both run a round called "fall-2026" never share a partition, a blob
/// folder or a report. Ids are lowercase letters, digits and hyphens (<see cref="Ids"/>), so '|' (in table keys,
/// which may not hold '/') and '/' (in blob names) can only ever be separators.
/// <list type="table">
/// <item><term>Scores</term><description>partition <c>{network}|{round}|{school}</c>, row <c>{submission}</c></description></item>
/// <item><term>Completions</term><description>partition <c>{network}|{round}|{school}</c>, row <c>{instrument}|{roster key}</c></description></item>
/// <item><term>SharedLinks</term><description>partition <c>{network}|{round}|{school}</c>, row <c>{school}|{instrument}</c></description></item>
/// <item><term>Deliveries</term><description>partition <c>{network}|{round}</c></description></item>
/// <item><term>submissions</term><description><c>{network}/{round}/{school}/{submission}.json</c></description></item>
/// <item><term>reports, models</term><description><c>{network}/{round}/...</c></description></item>
/// </list>
/// </summary>
public static class StorageKeys
{
    /// <summary>The table partition of a round's deliveries.</summary>
    public static string Round(RoundKey round) => $"{round.NetworkId}|{round.RoundId}";

    /// <summary>The table partition of one school's rows in a round (scores, completions, shared links).</summary>
    public static string School(RoundKey round, string schoolId) => $"{Round(round)}|{schoolId}";

    /// <summary>The blob folder of a round, with its trailing slash.</summary>
    public static string Folder(RoundKey round) => $"{round.NetworkId}/{round.RoundId}/";

    /// <summary>A filter for every partition of a round's schools: <c>{network}|{round}|</c> up to, not including, <c>{network}|{round}}</c>.</summary>
    public static string SchoolPartitionsFilter(RoundKey round) =>
        Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey ge {Round(round) + "|"} and PartitionKey lt {Round(round) + "}"}");
}
