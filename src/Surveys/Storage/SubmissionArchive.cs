using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>Raw submissions in Blob storage, one immutable JSON blob per submission id.</summary>
public sealed class SubmissionArchive(StorageAccount account)
{
    private readonly BlobContainerClient _container = account.Container(StorageNames.SubmissionsContainer);

    public static string BlobName(string roundId, string submissionId) => $"{roundId}/{submissionId}.json";

    /// <summary>
    /// Stores the submission unless one with the same id already exists in the round (If-None-Match: *),
    /// so a retried submission is idempotent and never overwrites. True when this call created it.
    /// </summary>
    public async Task<bool> TryCreateAsync(Submission submission, CancellationToken cancellationToken)
    {
        try
        {
            await _container.GetBlobClient(BlobName(submission.RoundId, submission.SubmissionId)).UploadAsync(
                PipelineJson.Serialize(submission),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },

                    // The school, so a school's submissions can be found for deletion without opening each one.
                    Metadata = new Dictionary<string, string> { ["school"] = submission.SchoolId },
                },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<Submission?> GetAsync(string roundId, string submissionId, CancellationToken cancellationToken)
    {
        try
        {
            var content = await _container.GetBlobClient(BlobName(roundId, submissionId)).DownloadContentAsync(cancellationToken);
            return PipelineJson.Deserialize<Submission>(content.Value.Content);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string roundId, string submissionId, CancellationToken cancellationToken) =>
        await _container.DeleteBlobIfExistsAsync(BlobName(roundId, submissionId), cancellationToken: cancellationToken);

    /// <summary>Every stored submission of a round with its school (from the blob's metadata), in name order.</summary>
    public async IAsyncEnumerable<(string SubmissionId, string? SchoolId)> ListWithSchoolsAsync(string roundId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, $"{roundId}/", cancellationToken))
        {
            yield return (blob.Name[(roundId.Length + 1)..^".json".Length], blob.Metadata.TryGetValue("school", out var school) ? school : null);
        }
    }

    /// <summary>Every stored submission of a round, streamed in name order.</summary>
    public async IAsyncEnumerable<string> ListIdsAsync(string roundId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{roundId}/", cancellationToken))
        {
            yield return blob.Name[(roundId.Length + 1)..^".json".Length];
        }
    }
}
