using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ReadinessPipeline.Surveys.Telemetry;

/// <summary>
/// The pipeline's own traces and metrics (OpenTelemetry picks them up by <see cref="Name"/>). Tags carry ids and
/// reasons only: never answers, comments, email addresses or tokens.
/// </summary>
public static class PipelineTelemetry
{
    public const string Name = "ReadinessPipeline";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Submissions acknowledged with 202 (repeats of a stored submission id included), by instrument.</summary>
    public static readonly Counter<long> SubmissionsReceived = Meter.CreateCounter<long>("readiness.submissions.received", "{submission}", "Submissions stored and acknowledged.");

    /// <summary>Submissions refused, by reason (the problem code: invalid-submission, round-closed, body-too-large, ...).</summary>
    public static readonly Counter<long> SubmissionsRejected = Meter.CreateCounter<long>("readiness.submissions.rejected", "{submission}", "Submissions refused, by reason.");

    public static readonly Counter<long> SubmissionsScored = Meter.CreateCounter<long>("readiness.submissions.scored", "{submission}", "Submissions scored into Table storage.");

    /// <summary>Emails accepted by the transport, by kind (invitation, reminder, school-report, ...).</summary>
    public static readonly Counter<long> EmailsSent = Meter.CreateCounter<long>("readiness.emails.sent", "{email}", "Emails accepted by SendGrid or written to the outbox.");

    public static readonly Counter<long> EmailsFailed = Meter.CreateCounter<long>("readiness.emails.failed", "{email}", "Emails the transport did not accept, by kind and whether it is worth retrying.");

    /// <summary>How long a round's profile build took (from the message to the last report queued).</summary>
    public static readonly Histogram<double> RoundCloseDuration = Meter.CreateHistogram<double>("readiness.round.close.duration", "s", "Time to build a closed round's profiles and reports.");

    /// <summary>Standard tag names.</summary>
    public static class Tags
    {
        public const string RoundId = "readiness.round_id";
        public const string SchoolId = "readiness.school_id";
        public const string Instrument = "readiness.instrument";
        public const string Reason = "readiness.reason";
        public const string Kind = "readiness.email_kind";
        public const string Transient = "readiness.transient";
        public const string Function = "faas.name";
    }
}
