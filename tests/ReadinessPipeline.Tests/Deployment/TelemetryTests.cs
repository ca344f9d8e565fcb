using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Telemetry;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Deployment;

/// <summary>The pipeline's metrics and traces, as an exporter would see them.</summary>
[Collection(nameof(MetricsCollection))]
public class TelemetryTests(TelemetryTests.TracedApp app) : IClassFixture<TelemetryTests.TracedApp>
{
    [Fact]
    public async Task Submissions_received_scored_and_rejected_by_reason_are_counted()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);
        using var counts = new MetricCounts();
        var path = $"api/surveys/{round.Token("school-a", "student-sel-3-5")}/responses";

        await app.PostJsonAsync(path, new { submissionId = Guid.NewGuid().ToString(), instrument = "student-sel-3-5", version = 1, answers = new Dictionary<string, int> { ["competency-1"] = 4 } });
        await app.PostJsonAsync(path, new { submissionId = Guid.NewGuid().ToString(), instrument = "student-sel-3-5", version = 1, answers = new Dictionary<string, int> { ["competency-1"] = 9 } });
        await app.Http.PostAsync(path, new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        await app.PostJsonAsync($"api/surveys/{new string('Q', 43)}/responses", new { submissionId = Guid.NewGuid().ToString() });
        await AppFixture.EventuallyAsync(() => Task.FromResult(counts.Total("readiness.submissions.scored") >= 1), because: "the scoring count");

        Assert.Equal(1, counts.Total("readiness.submissions.received", PipelineTelemetry.Tags.Instrument, "student-sel-3-5"));
        Assert.Equal(1, counts.Total("readiness.submissions.rejected", PipelineTelemetry.Tags.Reason, "invalid-submission"));
        Assert.Equal(1, counts.Total("readiness.submissions.rejected", PipelineTelemetry.Tags.Reason, "malformed-json"));
        Assert.Equal(1, counts.Total("readiness.submissions.rejected", PipelineTelemetry.Tags.Reason, "unknown-link"));
    }

    [Fact]
    public async Task Traces_name_the_route_but_never_carry_a_survey_token()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);
        var token = round.Token("school-a", "student-sel-3-5");

        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync($"api/surveys/{token}?lang=es")).StatusCode);

        await AppFixture.EventuallyAsync(() => Task.FromResult(app.Activities.Any(a => a.GetTagItem("http.route") is "/api/surveys/{token}")), because: "the request span");
        var span = app.Activities.Last(a => a.GetTagItem("http.route") is "/api/surveys/{token}");
        Assert.Equal("/api/surveys/{token}", span.GetTagItem("url.path"));
        Assert.DoesNotContain(app.Activities.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString() ?? ""), v => v.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(token, span.DisplayName, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/surveys/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE", "/api/surveys/{token}")]
    [InlineData("/api/surveys/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE/responses", "/api/surveys/{token}/responses")]
    [InlineData("/api/coach/networks/north/rounds/fall-2026", "/api/coach/networks/north/rounds/fall-2026")]
    public void Token_shaped_path_segments_are_redacted(string path, string expected)
    {
        Assert.Equal(expected, Observability.Redact(path));
    }

    /// <summary>The app with an in-memory trace exporter.</summary>
    public sealed class TracedApp : AppFixture
    {
        public List<Activity> Activities { get; } = [];

        protected override void ConfigureServices(IServiceCollection services) =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Activities));
    }

    /// <summary>Totals of the pipeline's counters while it is alive.</summary>
    private sealed class MetricCounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Name, long Value, KeyValuePair<string, object?>[] Tags)> _measurements = [];

        public MetricCounts()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PipelineTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                lock (_measurements)
                {
                    _measurements.Add((instrument.Name, value, tags.ToArray()));
                }
            });
            _listener.Start();
        }

        public long Total(string name, string? tag = null, string? value = null)
        {
            lock (_measurements)
            {
                return _measurements.Where(m => m.Name == name && (tag is null || m.Tags.Any(t => t.Key == tag && Equals(t.Value, value)))).Sum(m => m.Value);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
