using Azure;
using Azure.Data.Tables;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>
/// Every round's shared (class) links by school and instrument, in table SharedLinks (partition
/// <c>{network}|{round}|{school}</c>, row <c>{school}|{instrument}</c>): the link in use, its cap, and the answers it has
/// taken. Every answer through a shared link takes its place here first, with If-Match, so however many instances take
/// answers at once, no two can take the last place and the count never passes the cap.
/// </summary>
/// <remarks>
/// One partition per school of a round, as the score and completion rows are. Every answer through a shared link is a
/// read and a write of its school's row, and a partition is served at about 2,000 entities a second on Azure: in one
/// partition per round, a statewide round's class links together could take about 1,000 answers a second; per school,
/// each school's links have that to themselves. A school's invitation message reads its own partition; the round's
/// links (the dashboard, the coach's list) are one scan over its school partitions.
/// </remarks>
public sealed class SharedLinkStore(StorageAccount account)
{
    private readonly TableClient _table = account.Table(StorageNames.SharedLinksTable);

    public static string RowKey(string schoolId, string instrumentId) => $"{schoolId}|{instrumentId}";

    public async Task<SharedLink?> GetAsync(RoundKey round, string schoolId, string instrumentId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(StorageKeys.School(round, schoolId), RowKey(schoolId, instrumentId), cancellationToken: cancellationToken);
        return row.HasValue ? FromRow(row.Value!) : null;
    }

    /// <summary>Every shared link of a round (one scan over its school partitions), in school and instrument order.</summary>
    public async Task<List<SharedLink>> ListAsync(RoundKey round, CancellationToken cancellationToken) =>
        (await ListAsync(StorageKeys.SchoolPartitionsFilter(round), cancellationToken))
            .OrderBy(l => l.SchoolId, StringComparer.Ordinal)
            .ThenBy(l => l.InstrumentId, StringComparer.Ordinal)
            .ToList();

    /// <summary>One school's shared links in a round (its partition), so each school's invitation message reads its own rows only.</summary>
    public Task<List<SharedLink>> ListSchoolAsync(RoundKey round, string schoolId, CancellationToken cancellationToken) =>
        ListAsync(TableClient.CreateQueryFilter($"PartitionKey eq {StorageKeys.School(round, schoolId)}"), cancellationToken);

    private async Task<List<SharedLink>> ListAsync(string filter, CancellationToken cancellationToken)
    {
        var links = new List<SharedLink>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            links.Add(FromRow(row));
        }

        return links;
    }

    /// <summary>
    /// Records the links of a school's first design-team email: a first entry gets <paramref name="cap"/>; an entry that
    /// exists (an earlier send whose email failed, a cap a coach set before the round opened) keeps its cap and count and
    /// points at the new link.
    /// </summary>
    public Task<SharedLink?> RecordLinkAsync(RoundKey round, string schoolId, string instrumentId, string linkHash, (int Cap, CapSource Source) cap, CancellationToken cancellationToken) =>
        ChangeAsync(round, schoolId, instrumentId, current => (current ?? New(schoolId, instrumentId, cap)) with { LinkHash = linkHash }, cancellationToken);

    /// <summary>
    /// Takes one place for an answer through the link <paramref name="linkHash"/>; false when the school's link is full.
    /// A link with no entry (one made outside the round's emails, such as the practice round of <c>./run.sh</c>) gets
    /// one now with <paramref name="cap"/>.
    /// </summary>
    public async Task<bool> TryTakeAsync(RoundKey round, string schoolId, string instrumentId, string linkHash, (int Cap, CapSource Source) cap, CancellationToken cancellationToken) =>
        await ChangeAsync(round, schoolId, instrumentId, current =>
        {
            var link = current ?? (New(schoolId, instrumentId, cap) with { LinkHash = linkHash });
            return link.IsFull ? null : link with { Answers = link.Answers + 1 };
        }, cancellationToken) is not null;

    /// <summary>Gives back a place that was taken but not used (the submission turned out to be stored already).</summary>
    public Task ReleaseAsync(RoundKey round, string schoolId, string instrumentId, CancellationToken cancellationToken) =>
        ChangeAsync(round, schoolId, instrumentId, current => current is { Answers: > 0 } ? current with { Answers = current.Answers - 1 } : null, cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the entry (null when there is none yet) with If-Match, reading again after
    /// a conflict; <paramref name="change"/> answers null for "nothing to write". Returns what was written, or null.
    /// </summary>
    public async Task<SharedLink?> ChangeAsync(RoundKey round, string schoolId, string instrumentId, Func<SharedLink?, SharedLink?> change, CancellationToken cancellationToken)
    {
        var partition = StorageKeys.School(round, schoolId);
        var rowKey = RowKey(schoolId, instrumentId);
        while (true)
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken);
            var current = row.HasValue ? FromRow(row.Value!) : null;
            if (change(current) is not { } changed)
            {
                return null;
            }

            try
            {
                if (current is null)
                {
                    await _table.AddEntityAsync(ToRow(partition, changed), cancellationToken);
                }
                else
                {
                    await _table.UpdateEntityAsync(ToRow(partition, changed), row.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return changed;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another request changed the entry first (or created it): read it again and decide again.
            }
        }
    }

    private static SharedLink New(string schoolId, string instrumentId, (int Cap, CapSource Source) cap) =>
        new(schoolId, instrumentId, null, cap.Cap, cap.Source, 0, 0, false);

    private static TableEntity ToRow(string partition, SharedLink link) => new(partition, RowKey(link.SchoolId, link.InstrumentId))
    {
        ["LinkHash"] = link.LinkHash,
        ["Cap"] = link.Cap,
        ["CapSource"] = link.CapSource.ToString(),
        ["Answers"] = link.Answers,
        ["Replacements"] = link.Replacements,
        ["TurnedOff"] = link.TurnedOff,
    };

    private static SharedLink FromRow(TableEntity row)
    {
        var ids = row.RowKey.Split('|');
        return new SharedLink(
            ids[0],
            ids[1],
            row.GetString("LinkHash"),
            row.GetInt32("Cap") ?? 0,
            Enum.Parse<CapSource>(row.GetString("CapSource")),
            row.GetInt32("Answers") ?? 0,
            row.GetInt32("Replacements") ?? 0,
            row.GetBoolean("TurnedOff") ?? false);
    }
}
