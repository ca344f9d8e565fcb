using Azure;
using Azure.Data.Tables;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Access;

/// <summary>How long a dashboard session lasts: it ends after <see cref="Idle"/> without use, and at <see cref="Lifetime"/> whatever happens.</summary>
public sealed record SessionLifetime(TimeSpan Idle, TimeSpan Lifetime)
{
    public static SessionLifetime Default { get; } = new(TimeSpan.FromMinutes(30), TimeSpan.FromHours(8));
}

/// <summary>
/// A coach's dashboard session: the coach key it was opened with, by id and hash (never the key), the networks that
/// key may act on, and its times. <see cref="Id"/> is the hash of the session's token, which only the browser holds.
/// </summary>
public sealed record CoachSession(string Id, string KeyId, string KeyHash, IReadOnlyList<string>? Networks, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt);

/// <summary>
/// Dashboard sessions in Table storage (partition = SHA-256 of the session token, like survey links). A session is a
/// server-side record rather than a signed ticket so that signing out ends it everywhere at once (a copied cookie
/// stops working), a coach key taken out of the configuration ends its sessions on their next request, and every
/// instance of a scaled-out app sees the same sessions without sharing a key ring.
/// </summary>
public sealed class CoachSessions(StorageAccount account, TimeProvider clock, SessionLifetime lifetime)
{
    private const string Row = "session";

    /// <summary>How often, at most, a session's last use is written back (each page view would be wasteful).</summary>
    private static readonly TimeSpan RenewEvery = TimeSpan.FromMinutes(1);

    private readonly TableClient _table = account.Table(StorageNames.SessionsTable);

    public SessionLifetime Lifetime => lifetime;

    /// <summary>Opens a session for the key and returns its token: the only time the token exists in clear.</summary>
    public async Task<string> StartAsync(CoachKeyEntry key, CancellationToken cancellationToken)
    {
        var token = LinkStore.NewToken();
        var now = clock.GetUtcNow();
        await _table.AddEntityAsync(
            new TableEntity(LinkStore.Hash(token), Row)
            {
                ["KeyId"] = key.Id,
                ["KeyHash"] = key.HashHex,
                ["Networks"] = key.IsOrganisationWide ? CoachKeyEntry.AllNetworks : string.Join(',', key.Networks!),
                ["CreatedAt"] = now,
                ["LastSeenAt"] = now,
            },
            cancellationToken);
        return token;
    }

    /// <summary>The live session of a token, its last use renewed; null (and the record deleted) once it has expired.</summary>
    public async Task<CoachSession?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (!LinkStore.LooksLikeToken(token))
        {
            return null;
        }

        var id = LinkStore.Hash(token!);
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(id, Row, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        var row = found.Value!;
        var networks = row.GetString("Networks");
        var session = new CoachSession(
            id,
            row.GetString("KeyId"),
            row.GetString("KeyHash"),
            networks == CoachKeyEntry.AllNetworks ? null : networks.Split(','),
            row.GetDateTimeOffset("CreatedAt") ?? default,
            row.GetDateTimeOffset("LastSeenAt") ?? default);
        var now = clock.GetUtcNow();
        if (now >= session.LastSeenAt + lifetime.Idle || now >= session.CreatedAt + lifetime.Lifetime)
        {
            await EndAsync(id, cancellationToken);
            return null;
        }

        if (now - session.LastSeenAt >= RenewEvery)
        {
            await _table.UpdateEntityAsync(new TableEntity(id, Row) { ["LastSeenAt"] = now }, ETag.All, TableUpdateMode.Merge, cancellationToken);
            session = session with { LastSeenAt = now };
        }

        return session;
    }

    /// <summary>
    /// Deletes every session that has ended by its times but was never used again (a closed browser tab): an ended
    /// session is otherwise deleted only when its cookie comes back. Returns how many were deleted.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ended = _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"LastSeenAt le {now - lifetime.Idle} or CreatedAt le {now - lifetime.Lifetime}"),
            select: ["PartitionKey"],
            cancellationToken: cancellationToken);
        var deleted = 0;
        await foreach (var row in ended)
        {
            await EndAsync(row.PartitionKey, cancellationToken);
            deleted++;
        }

        return deleted;
    }

    /// <summary>Ends a session (signing out); ending one that is already gone is harmless.</summary>
    public async Task EndAsync(string sessionId, CancellationToken cancellationToken) =>
        await _table.DeleteEntityAsync(sessionId, Row, ETag.All, cancellationToken);
}
