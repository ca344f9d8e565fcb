using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>What a report link opens (a school's full report or the network summary of one round) and until when.</summary>
public sealed record ReportLink(string NetworkId, string RoundId, string Target, DateTimeOffset ExpiresAt)
{
    public RoundKey Round => new(NetworkId, RoundId);

    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;
}

/// <summary>How long a report link opens its report after its email is sent; a coach's re-send mints a new one.</summary>
public sealed record ReportLinkLifetime(TimeSpan Value)
{
    public static ReportLinkLifetime Default { get; } = new(TimeSpan.FromDays(90));
}

/// <summary>
/// A round's report files in Blob storage (<c>reports/{network}/{round}/...</c>: aggregates, report data, pages,
/// charts, CSVs), its clustering models and inputs (<c>models/{network}/{round}/...</c>), and the scoped links that
/// open a report (tokens kept only as hashes, like survey links; never the coach key).
/// </summary>
public sealed class ReportStore(StorageAccount account)
{
    private const string Row = "report";
    private readonly BlobContainerClient _reports = account.Container(StorageNames.ReportsContainer);
    private readonly BlobContainerClient _models = account.Container(StorageNames.ModelsContainer);
    private readonly TableClient _links = account.Table(StorageNames.ReportLinksTable);

    public static string SchoolTarget(string schoolId) => $"schools/{schoolId}";

    public const string NetworkTarget = "network";

    /// <summary>The blob name of a round's report file (also the name of its model file in the models container).</summary>
    public static string BlobName(RoundKey round, string name) => StorageKeys.Folder(round) + name;

    public Task WriteAsync(RoundKey round, string name, BinaryData content, string contentType, CancellationToken cancellationToken) =>
        Upload(_reports, BlobName(round, name), content, contentType, cancellationToken);

    public Task WriteModelAsync(RoundKey round, string name, BinaryData content, string contentType, CancellationToken cancellationToken) =>
        Upload(_models, BlobName(round, name), content, contentType, cancellationToken);

    public async Task<BinaryData?> ReadAsync(RoundKey round, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await _reports.GetBlobClient(BlobName(round, name)).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<string> CreateLinkAsync(ReportLink link, CancellationToken cancellationToken)
    {
        var token = LinkStore.NewToken();
        await _links.AddEntityAsync(new TableEntity(LinkStore.Hash(token), Row) { ["NetworkId"] = link.NetworkId, ["RoundId"] = link.RoundId, ["Target"] = link.Target, ["ExpiresAt"] = link.ExpiresAt }, cancellationToken);
        return token;
    }

    /// <summary>The link of a token, expired or not (the caller tells the two apart); null for an unknown token.</summary>
    public async Task<ReportLink?> FindLinkAsync(string token, CancellationToken cancellationToken)
    {
        if (!LinkStore.LooksLikeToken(token))
        {
            return null;
        }

        var found = await _links.GetEntityIfExistsAsync<TableEntity>(LinkStore.Hash(token), Row, cancellationToken: cancellationToken);
        return found.HasValue
            ? new ReportLink(found.Value!.GetString("NetworkId"), found.Value.GetString("RoundId"), found.Value.GetString("Target"), found.Value.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue)
            : null;
    }

    private static async Task Upload(BlobContainerClient container, string name, BinaryData content, string contentType, CancellationToken cancellationToken) =>
        await container.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
}
