using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using ReadinessPipeline.Tests.Privacy;

namespace ReadinessPipeline.Tests.Hardening;

/// <summary>A request as the fuzzer sends it: raw path and query, raw body bytes, any content type and headers.</summary>
internal sealed record FuzzRequest(string Method, string Path, string? ContentType, byte[] Body, IReadOnlyList<(string Name, string Value)> Headers)
{
    public HttpRequestMessage ToMessage(Uri baseAddress)
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(baseAddress, Path.TrimStart('/')));
        if (Body.Length > 0 || ContentType is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    /// <summary>A page the app answers in HTML, errors included: the survey form, the family preview, a report.</summary>
    public bool IsPage =>
        (Method == "GET" && (Path.StartsWith("/api/surveys/", StringComparison.Ordinal) || Path.StartsWith("/api/preview/", StringComparison.Ordinal) || Path.StartsWith("/api/reports/", StringComparison.Ordinal)))
        || (Method == "POST" && Path.StartsWith("/api/surveys/", StringComparison.Ordinal) && ContentType is { } type
            && (type.Contains("form", StringComparison.OrdinalIgnoreCase) || type.Contains("multipart", StringComparison.OrdinalIgnoreCase)));

    public override string ToString() =>
        $"{Method} {Path} [{ContentType}] {string.Join(" ", Headers.Select(h => $"{h.Name}: {h.Value}"))}\n{Hostile.Show(Encoding.UTF8.GetString(Body))}";
}

/// <summary>
/// The survey intake and the coach API on the real app over Azurite, with generated hostile requests: bodies, content
/// types, headers, query strings and path segments. Whatever arrives, the answer is never a 5xx, never shows an
/// exception, is a problem document (or, for the survey pages, an HTML page), and storage is untouched unless the
/// request succeeded.
/// </summary>
public class HttpFuzzProperties(HardeningApp app) : IClassFixture<HardeningApp>
{
    private static readonly Gen<string?> ContentTypes = Gen.OneOfConst<string?>(
        null, "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16", "application/json; charset=nonsense",
        "application/problem+json", "text/json", "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x",
        "multipart/form-data; boundary=\"", "text/csv", "text/csv; charset=latin1", "text/plain", "application/octet-stream", "*/*", "json", "application/json; a=\"", "");

    /// <summary>Header values as HTTP allows them (printable ASCII), still hostile.</summary>
    private static readonly Gen<string> HeaderValue = Gen.OneOf(
        Gen.Char[' ', '~'].Array[0, 40].Select(c => new string(c)),
        Gen.OneOfConst([.. Hostile.FormulaCells.Where(IsHeaderSafe), .. Hostile.Markup.Where(IsHeaderSafe), .. Hostile.PathLikeIds.Where(IsHeaderSafe)]));

    private static readonly Gen<(string, string)[]> Headers = Gen.Select(
        Gen.OneOfConst("Accept", "Accept-Language", "X-Coach-Key", "Cookie", "X-HTTP-Method-Override", "Content-Language", "X-Forwarded-For", "Origin", "Referer", "If-Match"),
        Gen.Frequency((1, Gen.OneOfConst("application/json", "text/html", "*/*", "es", "rp-form=x", CoachRoundsKey())), (3, HeaderValue)),
        (name, value) => (name, value)).Array[0, 4];

    /// <summary>A path segment: a known payload as sent (already percent-encoded), or any text percent-encoded.</summary>
    public static readonly Gen<string> Segment = Gen.OneOf(
        Gen.OneOfConst(Hostile.PathLikeIds),
        Hostile.Text.Select(Escape).Where(s => s.Length > 0));

    private static readonly Gen<string> Query = Gen.OneOf(
        Gen.Const(""),
        Gen.Select(Gen.OneOfConst("lang", "receipt", "dryRun", "max", "school", "a:competency-1", "%", "lang[]"), Hostile.Text.Select(Escape))
            .Array[1, 3].Select(pairs => "?" + string.Join('&', pairs.Select(p => p.Item1 + "=" + p.Item2))),
        Gen.OneOfConst("?%", "?a=%zz", "?dryRun=yes", "?dryRun=true&dryRun=false", "?receipt=AAAA-BBBB", "?lang=es&lang=en", "?" + new string('q', 5000)));

    /// <summary>Any body: JSON of every shape, raw bytes, form posts with hostile fields, CSV text.</summary>
    private static readonly Gen<byte[]> Bodies = Gen.OneOf(
        JsonShapes.Body.Select(Encoding.UTF8.GetBytes),
        Hostile.Bytes,
        Gen.Select(Gen.OneOfConst("a:competency-1", "t:strengths", "submissionId", "instrument", "version", "language", "__RequestVerificationToken", "a:", "%", "a:x%00"), Hostile.Text.Select(Escape))
            .Array[0, 6].Select(f => Encoding.UTF8.GetBytes(string.Join('&', f.Select(p => p.Item1 + "=" + p.Item2)))),
        Gen.OneOfConst([.. CsvKind.All]).SelectMany(CsvFiles.Garbage).Select(Encoding.UTF8.GetBytes),
        Gen.Const(Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"a:competency-1\"\r\n\r\n4\r\n--x")));

    private static string Escape(string text)
    {
        // A lone surrogate has no UTF-8 form; the request would carry U+FFFD, so send that.
        var valid = new string([.. text.Select(c => char.IsSurrogate(c) ? '\ufffd' : c)]);
        return Uri.EscapeDataString(valid);
    }

    private static bool IsHeaderSafe(string value) => value.All(c => c is >= ' ' and <= '~');

    private static string CoachRoundsKey() => Rounds.CoachApp.Key;

    [Fact]
    public async Task The_submission_endpoint_answers_anything_with_a_4xx_problem_or_a_page_and_stores_only_what_it_accepts()
    {
        var token = Gen.Frequency((3, Gen.OneOfConst([.. app.Open.Tokens.Values.SelectMany(t => t)])), (2, Segment));
        var requests = Gen.Select(token, Query, ContentTypes, Gen.Frequency((4, Bodies), (1, Gen.Const(Encoding.UTF8.GetBytes(HardeningApp.ValidSubmission())))), Headers)
            .Select((t, q, type, body, headers) => new FuzzRequest("POST", $"/api/surveys/{t}/responses{q}", type, body, headers));

        await requests.SampleAsync(CheckAsync, iter: Hostile.HttpIterations, threads: 1);
    }

    [Fact]
    public async Task The_survey_pages_answer_any_token_language_and_receipt_with_a_page_never_an_error()
    {
        var paths = Gen.Select(Gen.OneOfConst("/api/surveys/", "/api/preview/", "/api/reports/"), Gen.Frequency((1, Gen.OneOfConst([.. app.Open.Tokens.Values.SelectMany(t => t), "student-sel-3-5"])), (3, Segment)), Query)
            .Select((prefix, segment, query) => prefix + segment + query);
        var requests = Gen.Select(paths, Headers).Select((path, headers) => new FuzzRequest("GET", path, null, [], headers));

        await requests.SampleAsync(CheckAsync, iter: Hostile.HttpIterations, threads: 1);
    }

    [Fact]
    public async Task Every_coach_endpoint_answers_hostile_ids_bodies_and_content_types_with_a_4xx_problem_and_changes_nothing_it_refuses()
    {
        var coachRoutes = app.Routes().Where(r => r.Template.StartsWith("/api/coach/", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(coachRoutes);
        var id = Gen.Frequency((2, Gen.OneOfConst(app.Network, app.ScheduledRound, "school-01")), (3, Segment));
        var requests = Gen.Select(Gen.OneOfConst(coachRoutes), id.Array[3], Query, ContentTypes, Bodies, Headers)
            .Select((route, ids, query, type, body, headers) => new FuzzRequest(
                route.Method,
                route.Template.Replace("{networkId}", ids[0], StringComparison.Ordinal).Replace("{roundId}", ids[1], StringComparison.Ordinal).Replace("{schoolId}", ids[2], StringComparison.Ordinal) + query,
                type,
                body,
                [("X-Coach-Key", Rounds.CoachApp.Key), .. headers.Where(h => h.Item1 != "X-Coach-Key")]));

        await requests.SampleAsync(CheckAsync, iter: Hostile.HttpIterations, threads: 1);
    }

    private async Task CheckAsync(FuzzRequest request)
    {
        var before = await StorageInventory.SnapshotAsync(app.Storage);
        using var message = request.ToMessage(app.BaseAddress);
        using var response = await app.Http.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;

        Assert.True(status < 500, $"{status} for {request}: {Hostile.Show(body)}");
        Hostile.AssertNoStackTrace(body, request.ToString());
        if (status >= 400)
        {
            AssertErrorShape(request, response, body);
        }

        if (status is < 200 or > 299)
        {
            var after = await StorageInventory.SnapshotAsync(app.Storage);
            Assert.True(before.SetEquals(after), $"{status} for {request} changed storage: +{string.Join("; ", after.Except(before))} -{string.Join("; ", before.Except(after))}");
        }
    }

    /// <summary>An error is a problem document whose status is the response's, or for a page an HTML page.</summary>
    private static void AssertErrorShape(FuzzRequest request, HttpResponseMessage response, string body)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        if (response.StatusCode == HttpStatusCode.BadRequest && body.Length == 0 && request.Path.Contains("%00", StringComparison.Ordinal))
        {
            // Kestrel refuses a NUL in the path before any of the app runs, with an empty 400.
            return;
        }

        if (type == "text/html" && request.IsPage)
        {
            Assert.Contains("<html", body, StringComparison.OrdinalIgnoreCase);
            return;
        }

        Assert.True(type == "application/problem+json", $"{(int)response.StatusCode} {type} for {request}: {Hostile.Show(body)}");
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)response.StatusCode, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()));
    }
}
