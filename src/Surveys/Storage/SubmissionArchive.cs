using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>
/// A stored submission, and the hash of the shared (class) link it came through. A submission from a personal link
/// carries nothing of its link: its one use is recorded apart, and nothing stored ties the two together.
/// </summary>
public sealed record ArchivedSubmission(Submission Submission, string? SharedLinkHash);

/// <summary>
/// Raw submissions in Blob storage, one immutable JSON blob per submission: <c>{network}/{round}/{school}/{id}.json</c>,
/// so a school's submissions are one listing (its erasure, the per-school sweep when profiles are built).
/// </summary>
public sealed class SubmissionArchive(StorageAccount account)
{
    private const string SharedLinkMetadata = "sharedlink";
    private readonly BlobContainerClient _container = account.Container(StorageNames.SubmissionsContainer);

    public static string SchoolFolder(RoundKey round, string schoolId) => $"{StorageKeys.Folder(round)}{schoolId}/";

    public static string BlobName(RoundKey round, string schoolId, string submissionId) => $"{SchoolFolder(round, schoolId)}{submissionId}.json";

    /// <summary>
    /// Stores the submission unless one with the same id already exists for its school in the round (If-None-Match: *),
    /// so a retried submission is idempotent and never overwrites. True when this call created it.
    /// </summary>
    public async Task<bool> TryCreateAsync(Submission submission, string? sharedLinkHash, CancellationToken cancellationToken)
    {
        try
        {
            await _container.GetBlobClient(BlobName(submission.Round, submission.SchoolId, submission.SubmissionId)).UploadAsync(
                PipelineJson.Serialize(submission),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    Metadata = sharedLinkHash is null ? null : new Dictionary<string, string> { [SharedLinkMetadata] = sharedLinkHash },
                },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<ArchivedSubmission?> GetAsync(RoundKey round, string schoolId, string submissionId, CancellationToken cancellationToken)
    {
        try
        {
            var content = await _container.GetBlobClient(BlobName(round, schoolId, submissionId)).DownloadContentAsync(cancellationToken);
            return new ArchivedSubmission(
                PipelineJson.Deserialize<Submission>(content.Value.Content),
                content.Value.Details.Metadata.TryGetValue(SharedLinkMetadata, out var link) ? link : null);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(RoundKey round, string schoolId, string submissionId, CancellationToken cancellationToken) =>
        await _container.DeleteBlobIfExistsAsync(BlobName(round, schoolId, submissionId), cancellationToken: cancellationToken);

    /// <summary>The schools of a round that have stored submissions, in id order (one hierarchical listing).</summary>
    public async Task<List<string>> ListSchoolsAsync(RoundKey round, CancellationToken cancellationToken)
    {
        var folder = StorageKeys.Folder(round);
        var schools = new List<string>();
        await foreach (var item in _container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", folder, cancellationToken))
        {
            if (item.IsPrefix)
            {
                schools.Add(item.Prefix[folder.Length..^1]);
            }
        }

        return [.. schools.Order(StringComparer.Ordinal)];
    }

    /// <summary>Every stored submission of one school in a round, streamed in name order.</summary>
    public async IAsyncEnumerable<string> ListIdsAsync(RoundKey round, string schoolId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = SchoolFolder(round, schoolId);
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, folder, cancellationToken))
        {
            yield return blob.Name[folder.Length..^".json".Length];
        }
    }

    /// <summary>Every stored submission of a round with its school, in name order (for erasure and checks).</summary>
    public async IAsyncEnumerable<(string SchoolId, string SubmissionId)> ListRoundAsync(RoundKey round, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = StorageKeys.Folder(round);
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, folder, cancellationToken))
        {
            var rest = blob.Name[folder.Length..^".json".Length];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            yield return (rest[..slash], rest[(slash + 1)..]);
        }
    }
}
