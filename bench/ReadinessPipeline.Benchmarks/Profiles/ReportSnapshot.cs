using System.Security.Cryptography;
using System.Text;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Benchmarks.Profiles;

/// <summary>
/// Every report and model file a round close wrote, by name, with the SHA-256 of its bytes: what two builds closing the
/// same seeded round are compared by.
/// </summary>
public static class ReportSnapshot
{
    public const string Same = "Same bytes";

    public static async Task<Dictionary<string, string>> TakeAsync(StorageAccount storage, RoundKey round, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var container in new[] { StorageNames.ReportsContainer, StorageNames.ModelsContainer })
        {
            var client = storage.Container(container);
            await foreach (var blob in client.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, StorageKeys.Folder(round), cancellationToken))
            {
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken)).Value.Content;
                files[$"{container}/{blob.Name}"] = $"{Convert.ToHexString(SHA256.HashData(content.ToMemory().Span))} {content.ToMemory().Length}";
            }
        }

        return files;
    }

    /// <summary>One line when both builds wrote the same files with the same bytes; otherwise every difference.</summary>
    public static string Compare(int process, Dictionary<string, string> baseline, Dictionary<string, string> build)
    {
        var different = baseline.Keys.Union(build.Keys).Order(StringComparer.Ordinal)
            .Where(name => baseline.GetValueOrDefault(name) != build.GetValueOrDefault(name))
            .ToList();
        var bytes = baseline.Values.Sum(v => long.Parse(v.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        if (different.Count == 0)
        {
            return $"{Same}, pair {process}: both builds wrote the same {baseline.Count} report and model files ({bytes / 1024.0 / 1024.0:N1} MB), SHA-256 of each equal.";
        }

        var text = new StringBuilder($"Different, pair {process}: {different.Count} of {baseline.Keys.Union(build.Keys).Count()} files differ:");
        foreach (var name in different)
        {
            text.Append(Environment.NewLine).Append($"- {name}: baseline {baseline.GetValueOrDefault(name) ?? "missing"}, this build {build.GetValueOrDefault(name) ?? "missing"}");
        }

        return text.ToString();
    }
}
