using System.Net;
using System.Text.RegularExpressions;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Tests.Infrastructure;

namespace ReadinessPipeline.Tests.Hardening;

/// <summary>
/// An app whose public address is https (TLS ends in front of it, so the requests it sees are plain http): every answer
/// carries HSTS, the form's anti-forgery cookie is Secure, and the form still posts.
/// </summary>
public partial class HttpsTransportTests(HttpsTransportTests.HttpsApp app) : IClassFixture<HttpsTransportTests.HttpsApp>
{
    private const string Student = "student-sel-3-5";

    /// <summary>The app with an https public address.</summary>
    public sealed class HttpsApp : AppFixture
    {
        protected override void Configure(Dictionary<string, string?> settings)
        {
            base.Configure(settings);
            settings["App:PublicUrl"] = "https://surveys.example.test/";
        }
    }

    [Fact]
    public async Task Pages_api_answers_and_refusals_carry_HSTS_and_the_form_cookie_is_Secure_and_still_works()
    {
        var round = await app.OpenRoundAsync(["school-a"], [Student]);
        var path = $"api/surveys/{round.Token("school-a", Student)}";

        using var page = await app.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpFunctionGuard.StrictTransportSecurity, string.Join(",", page.Headers.GetValues("Strict-Transport-Security")));
        var cookie = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rp-form=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);

        // The browser sends the Secure cookie back over https; the app (behind the front end) takes the post.
        var html = await page.Content.ReadAsStringAsync();
        var fields = HiddenField().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["a:competency-1"] = "4";
        using var post = new HttpRequestMessage(HttpMethod.Post, path + "/responses") { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var sent = await app.Http.SendAsync(post);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.True(sent.Headers.Contains("Strict-Transport-Security"));

        foreach (var other in new[] { "api/health", "api/coach/networks/north/audit", "api/surveys/" + new string('x', 43) })
        {
            using var answer = await app.Http.GetAsync(other);
            Assert.True(answer.Headers.Contains("Strict-Transport-Security"), $"{other}: {(int)answer.StatusCode} without HSTS");
        }
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenField();
}

/// <summary>An app on plain http (a laptop, the tests) sends no HSTS and a cookie that is not Secure, so it keeps working there.</summary>
public class HttpTransportTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task An_http_app_sends_no_HSTS_and_no_Secure_cookie()
    {
        var round = await app.OpenRoundAsync(["school-a"], ["student-sel-3-5"]);
        using var page = await app.Http.GetAsync($"api/surveys/{round.Token("school-a", "student-sel-3-5")}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain("secure", page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rp-form=", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);
    }
}
