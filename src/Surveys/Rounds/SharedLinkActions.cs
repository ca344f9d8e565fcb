using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Rounds;

/// <summary>How a coach's action on a shared link ended.</summary>
public enum SharedLinkOutcome
{
    Done,

    /// <summary>The round does not exist, the school is not in it, or the instrument has no shared link at that school.</summary>
    NotFound,

    /// <summary>No link has been sent to the school's design team yet, so there is nothing to turn off or replace.</summary>
    NotSent,

    /// <summary>A new link is only sent while the round takes answers.</summary>
    RoundNotOpen,

    /// <summary>A cap outside 1 to <see cref="SharedLinkCapRule.MaxCap"/>.</summary>
    InvalidCap,
}

/// <summary>What a coach's action on a shared link did: the outcome, the link as it now stands, and a sentence saying so.</summary>
public sealed record SharedLinkResult(SharedLinkOutcome Outcome, SharedLink? Link, string Message);

/// <summary>
/// What a coach can do with a round's shared (class) links, for the coach API and the coaches' dashboard alike: list
/// them with their caps and counts, set one school's cap for one instrument, turn a link off, and replace it (the design
/// team gets the new link by email, through the ledger). Every change is written to the network's audit log under
/// <c>actor</c>, the coach's id. The caller checks the coach's networks first; nothing here looks at who may act.
/// </summary>
public sealed class SharedLinkActions(
    Catalog catalog,
    RoundStore rounds,
    NetworkStore networks,
    SharedLinkStore sharedLinks,
    LinkStore links,
    SharedLinkCapRule capRule,
    WorkQueue queue,
    AuditLog audit,
    TimeProvider clock)
{
    /// <summary>The round's shared links in school and instrument order; null when there is no such round.</summary>
    public async Task<IReadOnlyList<SharedLink>?> ListAsync(RoundKey round, CancellationToken cancellationToken) =>
        await rounds.GetAsync(round.NetworkId, round.RoundId, cancellationToken) is null
            ? null
            : [.. (await sharedLinks.ListAsync(round, cancellationToken)).OrderBy(l => l.SchoolId, StringComparer.Ordinal).ThenBy(l => l.InstrumentId, StringComparer.Ordinal)];

    /// <summary>
    /// Sets how many answers the school's shared link for the instrument may take, before or while the round runs; null
    /// goes back to the default (from the school's expected students now). Answers already taken stay: a cap under
    /// them only stops new ones.
    /// </summary>
    public async Task<SharedLinkResult> SetCapAsync(RoundKey round, string schoolId, string instrumentId, int? cap, string actor, CancellationToken cancellationToken)
    {
        if (cap is < 1 or > SharedLinkCapRule.MaxCap)
        {
            return new(SharedLinkOutcome.InvalidCap, null, $"A cap is a whole number from 1 to {SharedLinkCapRule.MaxCap:N0}.");
        }

        if (await FindAsync(round, schoolId, instrumentId, cancellationToken) is not { } found)
        {
            return NotFound(round, schoolId, instrumentId);
        }

        var (value, source) = cap is { } set ? (set, CapSource.Coach) : capRule.For(found.Instrument.Audience, found.School.ExpectedStudents);
        SharedLink? before = null;
        var changed = await sharedLinks.ChangeAsync(round, schoolId, instrumentId, current =>
        {
            before = current;
            return (current ?? new SharedLink(schoolId, instrumentId, null, value, source, 0, 0, false)) with { Cap = value, CapSource = source };
        }, cancellationToken);
        var was = before is null ? "" : $" (was {before.Cap})";
        await audit.RecordAsync(round.NetworkId, actor, "shared-link.cap", Target(round, schoolId, instrumentId), $"cap {value}{was}, {Describe(source)}", cancellationToken);
        return new(SharedLinkOutcome.Done, changed, $"The shared link of school '{schoolId}' for {instrumentId} now takes at most {value} answers ({Describe(source)}); it has taken {changed!.Answers}.");
    }

    /// <summary>Turns the school's shared link for the instrument off: it answers "turned off" from now on. Turning it off again changes nothing.</summary>
    public async Task<SharedLinkResult> TurnOffAsync(RoundKey round, string schoolId, string instrumentId, string actor, CancellationToken cancellationToken)
    {
        if (await FindAsync(round, schoolId, instrumentId, cancellationToken) is null)
        {
            return NotFound(round, schoolId, instrumentId);
        }

        var current = await sharedLinks.GetAsync(round, schoolId, instrumentId, cancellationToken);
        if (current is null or { TurnedOff: true } || NeverSent(current))
        {
            return NotSentOrOff(current, schoolId, instrumentId);
        }

        if (current.LinkHash is { } hash)
        {
            await links.RevokeAsync(hash, cancellationToken);
        }

        var changed = await sharedLinks.ChangeAsync(round, schoolId, instrumentId, l => l is null ? null : l with { LinkHash = null, TurnedOff = true }, cancellationToken);
        await audit.RecordAsync(round.NetworkId, actor, "shared-link.turn-off", Target(round, schoolId, instrumentId), $"turned off after {current.Answers} answers", cancellationToken);
        return new(SharedLinkOutcome.Done, changed, $"The shared link of school '{schoolId}' for {instrumentId} is turned off.");
    }

    /// <summary>
    /// Turns the school's shared link for the instrument off (if it is on) and queues a new one for the design team,
    /// by email through the ledger. The cap and the answers taken carry over to the new link.
    /// </summary>
    public async Task<SharedLinkResult> ReplaceAsync(RoundKey round, string schoolId, string instrumentId, string actor, CancellationToken cancellationToken)
    {
        if (await FindAsync(round, schoolId, instrumentId, cancellationToken) is not { } found)
        {
            return NotFound(round, schoolId, instrumentId);
        }

        if (!found.Round.AcceptsResponsesAt(clock.GetUtcNow()))
        {
            return new(SharedLinkOutcome.RoundNotOpen, null, $"Round '{round.RoundId}' is not taking answers now, so no new link is sent.");
        }

        if (await sharedLinks.GetAsync(round, schoolId, instrumentId, cancellationToken) is not { } current || NeverSent(current))
        {
            return NotSentOrOff(null, schoolId, instrumentId);
        }

        // The old link goes off before the replacement is recorded: a crash in between leaves no link, never two.
        if (current.LinkHash is { } old)
        {
            await links.RevokeAsync(old, cancellationToken);
        }

        var changed = await sharedLinks.ChangeAsync(round, schoolId, instrumentId, l => l is null ? null : l with { LinkHash = null, TurnedOff = false, Replacements = l.Replacements + 1 }, cancellationToken);
        await queue.SendAsync(StorageNames.InvitationQueue, new SendInvitationsMessage(round.NetworkId, round.RoundId, schoolId), cancellationToken);
        await audit.RecordAsync(round.NetworkId, actor, "shared-link.replace", Target(round, schoolId, instrumentId), $"replacement {changed!.Replacements} after {changed.Answers} answers; the new link goes to the design team", cancellationToken);
        return new(SharedLinkOutcome.Done, changed, $"The shared link of school '{schoolId}' for {instrumentId} is turned off; the design team gets the new one by email.");
    }

    /// <summary>The round, school and instrument when the instrument is asked anonymously (by shared link) at the school.</summary>
    private async Task<(Round Round, School School, Instrument Instrument)?> FindAsync(RoundKey key, string schoolId, string instrumentId, CancellationToken cancellationToken)
    {
        if ((await rounds.GetAsync(key.NetworkId, key.RoundId, cancellationToken))?.Round is not { } round
            || (round.SchoolIds.Count > 0 && !round.SchoolIds.Contains(schoolId))
            || (await networks.ListSchoolsAsync(key.NetworkId, cancellationToken)).FirstOrDefault(s => s.Id == schoolId) is not { } school)
        {
            return null;
        }

        return Audiences.InstrumentsFor(round, school, catalog)
            .Where(p => p.Asked.Mode == ResponseMode.Anonymous && p.Instrument.Id == instrumentId)
            .Select(p => ((Round, School, Instrument)?)(round, school, p.Instrument))
            .FirstOrDefault();
    }

    /// <summary>An entry with no link yet that was never replaced or turned off: only a cap set before the first email.</summary>
    private static bool NeverSent(SharedLink link) => link is { LinkHash: null, Replacements: 0, TurnedOff: false };

    private static SharedLinkResult NotFound(RoundKey round, string schoolId, string instrumentId) =>
        new(SharedLinkOutcome.NotFound, null, $"Round '{round.RoundId}' has no shared link for {instrumentId} at school '{schoolId}'.");

    private static SharedLinkResult NotSentOrOff(SharedLink? link, string schoolId, string instrumentId) => link is { TurnedOff: true }
        ? new(SharedLinkOutcome.Done, link, $"The shared link of school '{schoolId}' for {instrumentId} is already turned off.")
        : new(SharedLinkOutcome.NotSent, link, $"No shared link for {instrumentId} has been sent to school '{schoolId}' yet.");

    private static string Target(RoundKey round, string schoolId, string instrumentId) => $"{round.RoundId}/{schoolId}/{instrumentId}";

    private static string Describe(CapSource source) => source switch
    {
        CapSource.Coach => "set by a coach",
        CapSource.ExpectedStudents => "from the school's expected students",
        _ => "the default",
    };
}
