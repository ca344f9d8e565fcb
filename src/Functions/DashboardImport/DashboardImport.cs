using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Dashboard;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Models;
using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Networks;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.DashboardImport;

/// <summary>
/// HTTP POST <c>/api/dashboard/networks/{networkId}/imports/{kind}</c> (a file upload; kind = schools, roster or
/// opt-outs): imports the file as the coach API does. A refused file comes back on the network page with every problem,
/// by line and column, and nothing imported.
/// </summary>
public sealed class DashboardImport(DashboardPages pages, NetworkPage page, NetworkStore networks, NetworkAdmin admin)
{
    [Function(nameof(DashboardImport))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/networks/{networkId}/imports/{kind}")] HttpRequest request,
        string networkId,
        string kind,
        CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            // The file and the form's few fields.
            limit.MaxRequestBodySize = CoachApi.MaxCsvBytes + 64 * 1024;
        }

        var back = DashboardPages.Network(networkId);
        if (await pages.RefusedFormAsync(http, back) is { } expired)
        {
            return expired;
        }

        var import = NetworkPage.Imports.FirstOrDefault(i => i.Path == kind);
        if (import.Path is null || await networks.GetNetworkAsync(networkId, cancellationToken) is not { } network)
        {
            return await pages.NotFoundAsync(http);
        }

        var language = pages.Language(http);
        var file = (await request.ReadFormAsync(cancellationToken)).Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return await page.RenderAsync(http, network, new NetworkPageState(ImportKind: import.Kind, ImportProblem: pages.Words(language)["importNoFile"]), cancellationToken);
        }

        if (file.Length > CoachApi.MaxCsvBytes)
        {
            return await page.RenderAsync(http, network, new NetworkPageState(ImportKind: import.Kind, ImportProblem: pages.Text(language, "importTooLarge", ("max", CoachApi.MaxCsvBytes / 1024 / 1024))), cancellationToken);
        }

        string text;
        using (var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            text = await reader.ReadToEndAsync(cancellationToken);
        }

        return await admin.ImportAsync(networkId, import.Kind, text, request.CoachKeyId(), cancellationToken) switch
        {
            ImportOutcome.Refused refused => await page.RenderAsync(http, network, new NetworkPageState(ImportKind: import.Kind, ImportErrors: refused.Errors), cancellationToken),
            ImportOutcome.Imported imported => await page.RenderAsync(http, network, new NetworkPageState(ImportKind: import.Kind, ImportNotice: Summary(language, imported.View)), cancellationToken),
            _ => await pages.NotFoundAsync(http),
        };
    }

    private string Summary(string language, object view) => view switch
    {
        SchoolImportView s => pages.Text(language, "imported.schools", ("rows", s.Rows), ("created", s.Created), ("updated", s.Updated), ("unchanged", s.Unchanged)),
        RosterImportView r => pages.Text(language, "imported.roster", ("rows", r.Rows), ("created", r.Created), ("updated", r.Updated), ("unchanged", r.Unchanged), ("removed", r.Removed)),
        OptOutImportView o => pages.Text(language, "imported.opt-outs", ("rows", o.Rows), ("created", o.Created), ("unchanged", o.Unchanged)),
        _ => "",
    };
}
