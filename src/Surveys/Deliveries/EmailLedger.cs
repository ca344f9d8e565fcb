using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Email;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Deliveries;

/// <summary>Where one email stands in the ledger. <see cref="Pending"/>: no entry yet (not tried).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(KebabCaseEnumConverter<DeliveryStatus>))]
public enum DeliveryStatus
{
    Pending,
    Sending,
    Sent,
    Failed,
}

/// <summary>How one <see cref="EmailLedger.SendOnceAsync"/> ended.</summary>
public enum SendOutcome
{
    /// <summary>Sent now.</summary>
    Sent,

    /// <summary>Sent earlier: nothing done.</summary>
    AlreadySent,

    /// <summary>
    /// Another worker holds the claim (or held it when it died): nothing done now. Ask again after
    /// <see cref="EmailLedger.TakeOverAfter"/>, when a claim whose worker died can be taken over.
    /// </summary>
    Deferred,

    /// <summary>The email service did not accept it; the entry is marked failed and the round clock tries again later.</summary>
    Failed,
}

/// <summary>
/// An email ready to go and the hashes of the link tokens it carries, recorded with the entry when it is sent;
/// <paramref name="Withdraw"/> turns those links off again when it is not.
/// </summary>
public sealed record LedgerEmail(EmailMessage Message, IReadOnlyList<string> TokenHashes, Func<CancellationToken, Task>? Withdraw = null);

/// <summary>One ledger entry: which email, where it stands, and the hashes of the links it carried.</summary>
public sealed record LedgerEntry(DeliveryKey Key, DeliveryStatus Status, IReadOnlyList<string> TokenHashes);

/// <summary>
/// The ledger of every email the pipeline sends, so that no retry, repeat or crash sends one twice: partition =
/// network|round, row = <see cref="DeliveryKey.RowKey"/> (never an address). Every mailer sends through
/// <see cref="SendOnceAsync"/>: claim the entry (insert, or take over a failed claim, or one whose worker has not
/// finished within <see cref="ClaimTimeout"/>, with If-Match), compose, send, mark sent or failed. Only a crash
/// between the send and the mark can repeat an email, and only after the claim times out; the outbox then writes the
/// repeat over the same file.
/// </summary>
public sealed partial class EmailLedger(StorageAccount account, IEmailSender email, TimeProvider clock, TimeSpan claimTimeout, ILogger<EmailLedger> logger)
{
    private readonly TableClient _table = account.Table(StorageNames.DeliveriesTable);

    /// <summary>How long a claim stays its worker's; after that (the worker died) another may take it over.</summary>
    public TimeSpan ClaimTimeout { get; } = claimTimeout;

    /// <summary>When to ask again about a <see cref="SendOutcome.Deferred"/> send: just after the claim in the way can time out.</summary>
    public TimeSpan TakeOverAfter => ClaimTimeout + TimeSpan.FromSeconds(5);

    /// <summary>
    /// The one claim-send-mark step. <paramref name="compose"/> runs only once the claim is held (it may mint links:
    /// nothing is minted for an email that is not sent now), and its message gets the ledger's tags.
    /// </summary>
    public async Task<SendOutcome> SendOnceAsync(RoundKey round, DeliveryKey key, Func<CancellationToken, Task<LedgerEmail>> compose, CancellationToken cancellationToken)
    {
        var (claim, etag) = await ClaimAsync(round, key, cancellationToken);
        switch (claim)
        {
            case Claim.AlreadySent:
                return SendOutcome.AlreadySent;
            case Claim.HeldElsewhere:
                return SendOutcome.Deferred;
        }

        var prepared = await compose(cancellationToken);
        var message = prepared.Message with { Tags = TagsFor(round, key) };
        try
        {
            await email.SendAsync(message, cancellationToken);
        }
        catch (EmailSendException e)
        {
            LogSendFailed(logger, round.RoundId, key.EmailKind, e.Transient);
            await _table.UpdateEntityAsync(
                new TableEntity(StorageKeys.Round(round), key.RowKey) { ["Status"] = nameof(DeliveryStatus.Failed), ["FailedAt"] = clock.GetUtcNow(), ["Error"] = e.Message },
                etag,
                TableUpdateMode.Merge,
                cancellationToken);
            if (prepared.Withdraw is { } withdraw)
            {
                await withdraw(cancellationToken);
            }

            return SendOutcome.Failed;
        }

        await _table.UpdateEntityAsync(
            new TableEntity(StorageKeys.Round(round), key.RowKey) { ["Status"] = nameof(DeliveryStatus.Sent), ["SentAt"] = clock.GetUtcNow(), ["TokenHash"] = string.Join(';', prepared.TokenHashes) },
            etag,
            TableUpdateMode.Merge,
            cancellationToken);
        return SendOutcome.Sent;
    }

    /// <summary>The tags every ledger email carries: ids and the kind, never an address.</summary>
    public static Dictionary<string, string> TagsFor(RoundKey round, DeliveryKey key) => new()
    {
        ["network"] = round.NetworkId,
        ["round"] = round.RoundId,
        ["school"] = key.School ?? ReportStore.NetworkTarget,
        ["kind"] = key.EmailKind,
        [OutboxEmailSender.DeliveryTag] = key.Tag(round),
    };

    private enum Claim
    {
        /// <summary>This caller owns the send now.</summary>
        Owned,
        AlreadySent,

        /// <summary>Another worker claimed it moments ago and may be sending it now.</summary>
        HeldElsewhere,
    }

    /// <summary>Claims an entry: inserts it, or takes over a failed or timed-out claim with If-Match.</summary>
    private async Task<(Claim Claim, ETag ETag)> ClaimAsync(RoundKey round, DeliveryKey key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var partition = StorageKeys.Round(round);
        try
        {
            var added = await _table.AddEntityAsync(new TableEntity(partition, key.RowKey) { ["Status"] = nameof(DeliveryStatus.Sending), ["ClaimedAt"] = now, ["Attempts"] = 1 }, cancellationToken);
            return (Claim.Owned, added.Headers.ETag!.Value);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = (await _table.GetEntityAsync<TableEntity>(partition, key.RowKey, cancellationToken: cancellationToken)).Value;
            var status = StatusOf(existing);
            if (status == DeliveryStatus.Sent)
            {
                return (Claim.AlreadySent, existing.ETag);
            }

            if (status == DeliveryStatus.Sending && now - (existing.GetDateTimeOffset("ClaimedAt") ?? now) < ClaimTimeout)
            {
                return (Claim.HeldElsewhere, existing.ETag);
            }

            existing["Status"] = nameof(DeliveryStatus.Sending);
            existing["ClaimedAt"] = now;
            existing["Attempts"] = (existing.GetInt32("Attempts") ?? 0) + 1;
            try
            {
                var updated = await _table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                return (Claim.Owned, updated.Headers.ETag!.Value);
            }
            catch (RequestFailedException conflict) when (conflict.Status == 412)
            {
                return (Claim.HeldElsewhere, existing.ETag);
            }
        }
    }

    /// <summary>
    /// Entries that need sending again, each marked as queued again so one clock tick takes it once: failed before
    /// <paramref name="failedBefore"/> (the email service was down longer than its retry budget), or claimed longer
    /// than <see cref="ClaimTimeout"/> ago by a worker that never finished (it died between claim and mark).
    /// </summary>
    public async Task<List<DeliveryKey>> TakeRetriesAsync(RoundKey round, DateTimeOffset failedBefore, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var partition = StorageKeys.Round(round);
        var taken = new List<DeliveryKey>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            var since = StatusOf(row) switch
            {
                DeliveryStatus.Failed when row.GetDateTimeOffset("FailedAt") is { } failedAt && failedAt <= failedBefore => failedAt,
                DeliveryStatus.Sending when row.GetDateTimeOffset("ClaimedAt") is { } claimedAt && now - claimedAt >= ClaimTimeout => claimedAt,
                _ => (DateTimeOffset?)null,
            };
            if (since is null || row.GetDateTimeOffset("RetryQueuedAt") >= since)
            {
                continue;
            }

            row["RetryQueuedAt"] = now;
            try
            {
                await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge, cancellationToken);
                taken.Add(DeliveryKey.Parse(row.RowKey));
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Another clock took it, or a send is under way.
            }
        }

        return taken;
    }

    /// <summary>Every entry of a round.</summary>
    public Task<List<LedgerEntry>> ListAsync(RoundKey round, CancellationToken cancellationToken) =>
        ListAsync(round, "", cancellationToken);

    /// <summary>The invitations of one school in a round.</summary>
    public Task<List<LedgerEntry>> ListInvitationsAsync(RoundKey round, string schoolId, CancellationToken cancellationToken) =>
        ListAsync(round, DeliveryKey.InvitationsAt(schoolId), cancellationToken);

    private async Task<List<LedgerEntry>> ListAsync(RoundKey round, string prefix, CancellationToken cancellationToken)
    {
        var partition = StorageKeys.Round(round);
        var end = prefix.Length == 0 ? "" : prefix[..^1] + (char)(prefix[^1] + 1);
        var query = prefix.Length == 0
            ? _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey", "Status", "TokenHash"], cancellationToken: cancellationToken)
            : _table.QueryAsync<TableEntity>(
                e => e.PartitionKey == partition && e.RowKey.CompareTo(prefix) >= 0 && e.RowKey.CompareTo(end) < 0,
                select: ["RowKey", "Status", "TokenHash"],
                cancellationToken: cancellationToken);
        var entries = new List<LedgerEntry>();
        await foreach (var row in query)
        {
            entries.Add(new LedgerEntry(DeliveryKey.Parse(row.RowKey), StatusOf(row), (row.GetString("TokenHash") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)));
        }

        return entries;
    }

    private static DeliveryStatus StatusOf(TableEntity row) => Enum.Parse<DeliveryStatus>(row.GetString("Status"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round {RoundId}: a {Kind} email was not accepted (transient: {Transient})")]
    private static partial void LogSendFailed(ILogger logger, string roundId, string kind, bool transient);
}
