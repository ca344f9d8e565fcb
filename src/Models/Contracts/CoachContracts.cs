using System.Text.Json.Serialization;

namespace ReadinessPipeline.Models.Contracts;

// The bodies of the coach API (/api/coach), shared by the functions that answer them, the command line that sends
// them and the OpenAPI document that describes them (src/Functions/GetOpenApiDocument/openapi.json). Property names
// are written camelCase on the wire; enum-like values (state, mode, kind, status) are lowercase kebab-case strings.

/// <summary>POST /api/coach/networks: a new network and who gets its network summaries.</summary>
public sealed record CreateNetworkRequest(string? Id, string? Name, IReadOnlyList<string>? CoachEmails);

/// <summary>PATCH /api/coach/networks/{networkId}: the settings to change; a field left out (null) stays as it is.</summary>
public sealed record UpdateNetworkRequest(string? Name, IReadOnlyList<string>? CoachEmails, int? RetentionDays, bool? KeepTrends);

/// <summary>A network as created (or found, when it already existed).</summary>
public sealed record NetworkView(string Id, string Name, IReadOnlyList<string> CoachEmails, DateTimeOffset CreatedAt);

/// <summary>A network's settings after a change; <see cref="RetentionDays"/> null means the app's default.</summary>
public sealed record NetworkSettingsView(string Id, string Name, IReadOnlyList<string> CoachEmails, int? RetentionDays, bool KeepTrends);

/// <summary>What a schools import changed; importing the same file again reports every row unchanged.</summary>
public sealed record SchoolImportView(int Rows, int Created, int Updated, int Unchanged);

/// <summary>What a roster import changed; people of the listed schools who are no longer listed are removed.</summary>
public sealed record RosterImportView(int Rows, int Created, int Updated, int Unchanged, int Removed);

/// <summary>What an opt-out import added.</summary>
public sealed record OptOutImportView(int Rows, int Created, int Unchanged);

/// <summary>One refused line of an import (in the <c>errors</c> of an <c>invalid-csv</c> problem).</summary>
public sealed record ImportErrorView(int Line, string? Column, string Message);

/// <summary>What a coach sends to create a round. Reminders are ISO 8601 durations after opening ("P3D", "PT36H").</summary>
public sealed record CreateRoundRequest(
    string? Id,
    string? Name,
    IReadOnlyList<RoundInstrumentRequest>? Instruments,
    DateTimeOffset? OpensAt,
    DateTimeOffset? ClosesAt,
    IReadOnlyList<string>? Reminders,
    IReadOnlyList<string>? Schools);

/// <summary>An instrument of a new round; the version defaults to the newest, the mode to confidential for staff and anonymous for students.</summary>
public sealed record RoundInstrumentRequest(string? Id, int? Version, string? Mode);

/// <summary>An instrument of a round: id, version and mode (<c>confidential</c> or <c>anonymous</c>).</summary>
public sealed record RoundInstrumentView(string Id, int Version, string Mode);

/// <summary>A round in every coach answer; <see cref="State"/> is draft, open, closing or closed.</summary>
public sealed record RoundView(
    string Id,
    string NetworkId,
    string Name,
    string State,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    IReadOnlyList<RoundInstrumentView> Instruments,
    IReadOnlyList<string> Reminders,
    IReadOnlyList<string> Schools,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? ClosingAt,
    DateTimeOffset? ClosedAt);

/// <summary>The answer to opening or closing a round: what happens next, and the round as it is now.</summary>
public sealed record RoundChangeView(string Message, RoundView Round);

/// <summary>
/// One school's (or, with <see cref="SchoolId"/> "network", every school's) progress on one instrument;
/// <see cref="Invited"/> and <see cref="ResponseRate"/> are null when the number invited is not known.
/// </summary>
public sealed record ProgressView(string SchoolId, string SchoolName, string InstrumentId, string Mode, int? Invited, int Responded, double? ResponseRate);

/// <summary>Where one report email stands: pending, sending, sent or failed.</summary>
public sealed record ReportDeliveryView(string Target, string Status);

/// <summary>How many emails of one kind (invitation, reminder, design-team-links, report) were sent, are being sent, or failed.</summary>
public sealed record EmailCountView(string Kind, int Sent, int Sending, int Failed);

/// <summary>GET /api/coach/networks/{networkId}/rounds/{roundId}: the round with its progress, report deliveries and email counts.</summary>
public sealed record RoundStatusView(
    RoundView Round,
    IReadOnlyList<ProgressView> Schools,
    IReadOnlyList<ProgressView> Network,
    IReadOnlyList<ReportDeliveryView> Reports,
    IReadOnlyList<EmailCountView> Emails,
    IReadOnlyList<OverExpectedView> OverExpected);

/// <summary>A school whose student answers passed its expected count (the shared link may have spread beyond it).</summary>
public sealed record OverExpectedView(string SchoolId, string SchoolName, int Expected, int Responded);

/// <summary>A school's shared (class) link for one instrument: active, turned-off or replacing; its cap and where the cap came from; answers taken; replacements.</summary>
public sealed record SharedLinkView(string SchoolId, string InstrumentId, string State, int Cap, string CapSource, int Answers, int Replacements);

/// <summary>
/// PATCH .../shared-links/{instrumentId}: how many answers the link may take. The cap must be given, as a number or as
/// null (the default), so an empty body changes nothing by accident.
/// </summary>
public sealed record SharedLinkCapRequest([property: JsonRequired] int? Cap);

/// <summary>The answer to a shared-link change (cap, turn off, replace): what was done, and the link now.</summary>
public sealed record SharedLinkChangeView(string Message, SharedLinkView? Link);

/// <summary>The answer to a report re-send: queued, with the re-send's own id.</summary>
public sealed record ResendView(string Message, string Resend);

/// <summary>How many of one kind of thing an erasure would remove.</summary>
public sealed record ErasureItemView(string What, int Count);

/// <summary>A deletion's dry run: what would be erased, by kind and count, and nothing erased.</summary>
public sealed record ErasurePlanView(string Scope, bool DryRun, int Total, IReadOnlyList<ErasureItemView> Items);

/// <summary>A deletion that was queued.</summary>
public sealed record ErasureQueuedView(string Scope, string Message);

/// <summary>One audit log entry: when, who (a coach key id, or system:&lt;task&gt;), what, on what, and counts.</summary>
public sealed record AuditEntryView(DateTimeOffset At, string Actor, string Action, string Target, string Details);
