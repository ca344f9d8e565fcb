namespace ReadinessPipeline.Functions.Pages;

/// <summary>A stored full report (school or network summary) as a page: no scripts, its charts embedded, nothing from other origins.</summary>
public static class ReportHtml
{
    public static IResult Page(string html) => new ReportPage(html);

    private sealed class ReportPage(string html) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            var headers = http.Response.Headers;
            // Pages draw their charts as inline SVG; img-src data: is kept for the pages of rounds closed before that,
            // whose charts are PNG data URIs, until retention deletes them.
            headers.ContentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            http.Response.ContentType = "text/html; charset=utf-8";
            return http.Response.WriteAsync(html, http.RequestAborted);
        }
    }
}
