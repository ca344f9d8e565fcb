using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Deliveries;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Rounds;

/// <summary>
/// Progress of one instrument at one school (or, with <see cref="SchoolId"/> "network", across the network).
/// Confidential: invited = personal invitations sent, responded = completions. Anonymous: responded = scored
/// submissions, invited = the school's expected students where that is known for a student form, else unknown.
/// </summary>
public sealed record InstrumentProgress(string SchoolId, string SchoolName, string InstrumentId, ResponseMode Mode, int? Invited, int Responded)
{
    /// <summary>Responded / invited, from 0 to 1; null when the number invited is unknown.</summary>
    public double? ResponseRate => Invited is > 0 ? Math.Min(1.0, (double)Responded / Invited.Value) : null;
}

/// <summary>Where one report email stands: pending (not tried yet), sending, sent or failed (will be retried).</summary>
public sealed record ReportDelivery(string Target, DeliveryStatus Status);

/// <summary>
/// How many emails of one kind were sent, are being sent, or failed (the email service was down longer than its
/// retry budget; the round clock tries them again).
/// </summary>
public sealed record EmailCounts(DeliveryKind Kind, int Sent, int Sending, int Failed);

/// <summary>
/// A school with more student answers (every student form together) than its expected students: someone may be flooding
/// a shared link, or the expected count is out of date. Either way a coach should look.
/// </summary>
public sealed record OverExpected(string SchoolId, string SchoolName, int Expected, int Responded);

/// <summary>A round's state with its response rates per school and instrument, network totals per instrument, report deliveries, email counts and schools over their expected count.</summary>
public sealed record RoundStatus(Round Round, IReadOnlyList<InstrumentProgress> Schools, IReadOnlyList<InstrumentProgress> Network)
{
    public IReadOnlyList<ReportDelivery> Reports { get; init; } = [];

    public IReadOnlyList<EmailCounts> Emails { get; init; } = [];

    public IReadOnlyList<OverExpected> OverExpected { get; init; } = [];
}

/// <summary>Builds <see cref="RoundStatus"/> from the delivery ledger, completions and scores. Never looks at answers.</summary>
public sealed class RoundStatusReader(Catalog catalog, RoundStore rounds, NetworkStore networks, EmailLedger ledger, CompletionStore completions, ScoreStore scores)
{
    public Task<RoundStatus?> ReadAsync(string networkId, string roundId, CancellationToken cancellationToken) =>
        ReadAsync(networkId, roundId, null, cancellationToken);

    /// <summary>
    /// The status, with the scored responses by (school, instrument) given by a caller that is counting them
    /// (BuildProfiles aggregates every score row), so the round's score rows are not read again; with
    /// <paramref name="scored"/> null they are counted here. Everything else is read before the counts are awaited, so
    /// a caller can start this while it is still counting: in a statewide round the delivery ledger and the completions
    /// are a hundred thousand rows each (the ledger one partition, about 54 s at a partition's 2,000 entities a second;
    /// the completions one partition per school, read in one scan), read side by side and alongside the score rows
    /// rather than after them.
    /// </summary>
    public async Task<RoundStatus?> ReadAsync(string networkId, string roundId, Task<Dictionary<(string SchoolId, string InstrumentId), int>>? scored, CancellationToken cancellationToken)
    {
        var round = (await rounds.GetAsync(networkId, roundId, cancellationToken))?.Round;
        if (round is null)
        {
            return null;
        }

        var allSchools = await networks.ListSchoolsAsync(networkId, cancellationToken);
        var schools = round.SchoolIds.Count > 0 ? allSchools.Where(s => round.SchoolIds.Contains(s.Id)).ToList() : allSchools;
        var listing = ledger.ListAsync(round.Key, cancellationToken);
        var completing = completions.CountAsync(round.Key, cancellationToken);
        var responding = scored ?? scores.CountAsync(round.Key, schools.Select(s => s.Id), cancellationToken);
        var entries = await listing;
        var invited = entries
            .Where(d => d.Status == DeliveryStatus.Sent)
            .Select(d => d.Key)
            .OfType<InvitationKey>()
            .GroupBy(key => (key.SchoolId, key.InstrumentId))
            .ToDictionary(g => g.Key, g => g.Count());
        var completed = await completing;
        var responded = await responding;

        var rows = new List<InstrumentProgress>();
        var overExpected = new List<OverExpected>();
        foreach (var school in schools.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var applicable = Audiences.InstrumentsFor(round, school, catalog).ToList();
            var studentForms = applicable.Count(p => p.Instrument.Audience == Audience.Student);
            var studentAnswers = 0;
            foreach (var (asked, instrument) in applicable)
            {
                var key = (school.Id, instrument.Id);
                var row = asked.Mode == ResponseMode.Confidential
                    ? new InstrumentProgress(school.Id, school.Name, instrument.Id, asked.Mode, invited.GetValueOrDefault(key), completed.GetValueOrDefault(key))
                    : new InstrumentProgress(school.Id, school.Name, instrument.Id, asked.Mode,
                        instrument.Audience == Audience.Student && studentForms == 1 ? school.ExpectedStudents : null,
                        responded.GetValueOrDefault(key));
                rows.Add(row);
                studentAnswers += instrument.Audience == Audience.Student ? row.Responded : 0;
            }

            if (school.ExpectedStudents is { } expected && studentAnswers > expected)
            {
                overExpected.Add(new OverExpected(school.Id, school.Name, expected, studentAnswers));
            }
        }

        var totals = rows.GroupBy(r => (r.InstrumentId, r.Mode))
            .Select(g => new InstrumentProgress(
                "network",
                "All schools",
                g.Key.InstrumentId,
                g.Key.Mode,
                g.All(r => r.Invited is not null) ? g.Sum(r => r.Invited) : null,
                g.Sum(r => r.Responded)))
            .ToList();
        var reports = new List<ReportDelivery>();
        if (round.State is RoundState.Closing or RoundState.Closed)
        {
            var sent = entries
                .Where(d => d.Key is ReportKey { Resend: null })
                .ToDictionary(d => ((ReportKey)d.Key).Target, d => d.Status, StringComparer.Ordinal);
            reports.AddRange(schools.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new ReportDelivery(s.Id, sent.GetValueOrDefault(ReportStore.SchoolTarget(s.Id), DeliveryStatus.Pending))));
            reports.Add(new ReportDelivery(ReportStore.NetworkTarget, sent.GetValueOrDefault(ReportStore.NetworkTarget, DeliveryStatus.Pending)));
        }

        var emails = entries
            .GroupBy(d => d.Key.Kind)
            .Select(g => new EmailCounts(g.Key, g.Count(d => d.Status == DeliveryStatus.Sent), g.Count(d => d.Status == DeliveryStatus.Sending), g.Count(d => d.Status == DeliveryStatus.Failed)))
            .OrderBy(c => c.Kind.ToString(), StringComparer.Ordinal)
            .ToList();
        return new RoundStatus(round, rows, totals) { Reports = reports, Emails = emails, OverExpected = overExpected };
    }
}
