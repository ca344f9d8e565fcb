using System.Text.Json;
using System.Xml;
using Azure;
using ReadinessPipeline.Models;
using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Instruments;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Surveys.Rounds;

/// <summary>How a coach's request to create a round ended.</summary>
public abstract record RoundCreation
{
    public sealed record UnknownNetwork : RoundCreation;

    /// <summary>Refused: every problem with its field (<c>name</c>, <c>instruments[0].mode</c>, <c>closesAt</c>, ...).</summary>
    public sealed record Invalid(IReadOnlyList<(string Field, string Message)> Errors) : RoundCreation;

    public sealed record Exists(string RoundId) : RoundCreation;

    public sealed record Created(Round Round) : RoundCreation;
}

/// <summary>
/// What a coach does to a round besides opening and closing it (<see cref="RoundLifecycle"/>), whether from the coach
/// API or the dashboard: create it, re-send a school's report, export the all-schools CSV. Each is audited under the
/// acting coach key's id.
/// </summary>
public sealed class RoundAdmin(NetworkStore networks, RoundStore rounds, ReportStore reports, WorkQueue queue, AuditLog audit, Catalog catalog, TimeProvider clock)
{
    public async Task<RoundCreation> CreateAsync(string networkId, CreateRoundRequest request, string actor, CancellationToken cancellationToken)
    {
        if (await networks.GetNetworkAsync(networkId, cancellationToken) is null)
        {
            return new RoundCreation.UnknownNetwork();
        }

        var schools = (await networks.ListSchoolsAsync(networkId, cancellationToken)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var (round, errors) = RoundRequestValidator.Validate(request, networkId, catalog, schools, clock.GetUtcNow());
        if (round is null)
        {
            return new RoundCreation.Invalid(errors);
        }

        try
        {
            await rounds.CreateAsync(round, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return new RoundCreation.Exists(round.Id);
        }

        await audit.RecordAsync(networkId, actor, "round.create", round.Id, $"{round.Instruments.Count} instruments, opens {round.OpensAt:u}, closes {round.ClosesAt:u}", cancellationToken);
        return new RoundCreation.Created(round);
    }

    /// <summary>Queues a school's built report to be sent again; null when the round has no report for the school.</summary>
    public async Task<ResendView?> ResendAsync(RoundKey round, string schoolId, string actor, CancellationToken cancellationToken)
    {
        var target = ReportStore.SchoolTarget(schoolId);
        if (await reports.ReadAsync(round, $"{target}/report.json", cancellationToken) is null)
        {
            return null;
        }

        var resend = Guid.NewGuid().ToString("N")[..12];
        await queue.SendAsync(StorageNames.ReportQueue, new SendReportMessage(round.NetworkId, round.RoundId, target, resend), cancellationToken);
        await audit.RecordAsync(round.NetworkId, actor, "report.resend", $"{round.RoundId}/{schoolId}", $"re-send {resend}", cancellationToken);
        return new ResendView($"The report of school '{schoolId}' will be sent again.", resend);
    }

    /// <summary>The all-schools CSV of a built round (audited as an export); null when the round has none.</summary>
    public async Task<byte[]?> ExportAsync(RoundKey round, string actor, CancellationToken cancellationToken)
    {
        var csv = await rounds.GetAsync(round.NetworkId, round.RoundId, cancellationToken) is null ? null : await reports.ReadAsync(round, $"{ReportStore.NetworkTarget}/schools.csv", cancellationToken);
        if (csv is null)
        {
            return null;
        }

        await audit.RecordAsync(round.NetworkId, actor, "data.export", round.RoundId, "all-schools CSV", cancellationToken);
        return csv.ToArray();
    }

    /// <summary>The file name a round's all-schools CSV is offered under.</summary>
    public static string ExportFileName(RoundKey round) => $"{round.NetworkId}-{round.RoundId}-schools.csv";
}

/// <summary>The coach API's JSON shapes of rounds and their status (<see cref="RoundView"/>, <see cref="RoundStatusView"/>).</summary>
public static class RoundViews
{
    public static RoundView View(Round round) => new(
        round.Id,
        round.NetworkId,
        round.Name,
        Name(round.State),
        round.OpensAt,
        round.ClosesAt,
        [.. round.Instruments.Select(i => new RoundInstrumentView(i.InstrumentId, i.InstrumentVersion, Name(i.Mode)))],
        [.. round.ReminderOffsets.Select(XmlConvert.ToString)],
        round.SchoolIds,
        round.OpenedAt,
        round.ClosingAt,
        round.ClosedAt);

    public static RoundStatusView View(RoundStatus status) => new(
        View(status.Round),
        [.. status.Schools.Select(View)],
        [.. status.Network.Select(View)],
        [.. status.Reports.Select(r => new ReportDeliveryView(r.Target, Name(r.Status)))],
        [.. status.Emails.Select(e => new EmailCountView(Name(e.Kind), e.Sent, e.Sending, e.Failed))],
        [.. status.OverExpected.Select(o => new OverExpectedView(o.SchoolId, o.SchoolName, o.Expected, o.Responded))]);

    public static SharedLinkView View(SharedLink link) => new(link.SchoolId, link.InstrumentId, link.State, link.Cap, Name(link.CapSource), link.Answers, link.Replacements);

    public static ProgressView View(InstrumentProgress p) => new(p.SchoolId, p.SchoolName, p.InstrumentId, Name(p.Mode), p.Invited, p.Responded, p.ResponseRate);

    /// <summary>An enum value as the API writes it: lowercase, words joined by hyphens (DesignTeamLinks: design-team-links).</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
