using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>What a report link opens: a school's full report or the network summary of one round.</summary>
public sealed record ReportLink(string NetworkId, string RoundId, string Target);

/// <summary>
/// A round's report files in Blob storage (<c>reports/{round}/...</c>: aggregates, report data, pages, charts, CSVs),
/// its clustering models and inputs (<c>models/{round}/...</c>), and the scoped links that open a report (tokens kept
/// only as hashes, like survey links; never the coach key).
/// </summary>
public sealed class ReportStore(StorageAccount account)
{
    private const string Row = "report";
    private readonly BlobContainerClient _reports = account.Container(StorageNames.ReportsContainer);
    private readonly BlobContainerClient _models = account.Container(StorageNames.ModelsContainer);
    private readonly TableClient _links = account.Table(StorageNames.ReportLinksTable);

    public static string SchoolTarget(string schoolId) => $"schools/{schoolId}";

    public const string NetworkTarget = "network";

    public Task WriteAsync(string roundId, string name, BinaryData content, string contentType, CancellationToken cancellationToken) =>
        Upload(_reports, $"{roundId}/{name}", content, contentType, cancellationToken);

    public Task WriteModelAsync(string roundId, string name, BinaryData content, string contentType, CancellationToken cancellationToken) =>
        Upload(_models, $"{roundId}/{name}", content, contentType, cancellationToken);

    public async Task<BinaryData?> ReadAsync(string roundId, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await _reports.GetBlobClient($"{roundId}/{name}").DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<string> CreateLinkAsync(ReportLink link, CancellationToken cancellationToken)
    {
        var token = LinkStore.NewToken();
        await _links.AddEntityAsync(new TableEntity(LinkStore.Hash(token), Row) { ["NetworkId"] = link.NetworkId, ["RoundId"] = link.RoundId, ["Target"] = link.Target }, cancellationToken);
        return token;
    }

    public async Task<ReportLink?> FindLinkAsync(string token, CancellationToken cancellationToken)
    {
        if (!LinkStore.LooksLikeToken(token))
        {
            return null;
        }

        var found = await _links.GetEntityIfExistsAsync<TableEntity>(LinkStore.Hash(token), Row, cancellationToken: cancellationToken);
        return found.HasValue ? new ReportLink(found.Value!.GetString("NetworkId"), found.Value.GetString("RoundId"), found.Value.GetString("Target")) : null;
    }

    private static async Task Upload(BlobContainerClient container, string name, BinaryData content, string contentType, CancellationToken cancellationToken) =>
        await container.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
}
