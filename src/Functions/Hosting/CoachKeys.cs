using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ReadinessPipeline.Surveys.Access;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>
/// Coach keys the app accepts, as <see cref="CoachKeyEntry"/> entries (never the keys themselves). Several may be
/// valid at once, so a key can be rotated without downtime. <c>readiness coach-key new</c> makes a key and its entry.
/// </summary>
public sealed class CoachOptions : IValidatableObject
{
    public List<string> KeyHashes { get; set; } = [];

    /// <summary>The parsed entries: key id and SHA-256 of the key.</summary>
    public IReadOnlyList<(string Id, byte[] Hash)> Entries() =>
        [.. KeyHashes.Select(CoachKeyEntry.Parse).OfType<CoachKeyEntry>().Select(entry => (entry.Id, Convert.FromHexString(entry.HashHex)))];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var entries = KeyHashes.Select(CoachKeyEntry.Parse).ToList();
        var bad = entries.Count(e => e is null);
        if (bad > 0)
        {
            yield return new ValidationResult($"Coach:KeyHashes entries must look like '{CoachKeyEntry.Format}'; {bad} do not.", [nameof(KeyHashes)]);
            yield break;
        }

        // This version cannot yet hold a key to the networks it names, so it takes no such key rather than let one act
        // on every network unnoticed.
        var scoped = entries.Where(e => !e!.IsOrganisationWide).Select(e => e!.Id).ToList();
        if (scoped.Count > 0)
        {
            yield return new ValidationResult($"Coach keys limited to networks are not accepted yet ({string.Join(", ", scoped)}); make organisation-wide keys (readiness coach-key new --all-networks).", [nameof(KeyHashes)]);
        }
    }
}

/// <summary>
/// Lets a coach function run only with a valid <c>X-Coach-Key</c>: its SHA-256 is compared in constant time with
/// every configured hash (all of them, so timing does not tell which one matched). The key id is kept for the audit log.
/// </summary>
public sealed class CoachKeyCheck(IOptionsMonitor<CoachOptions> options)
{
    public const string Header = "X-Coach-Key";
    public const string KeyIdItem = "CoachKeyId";

    /// <summary>Null when the request carries a valid key (its id is then in <see cref="KeyIdItem"/>); otherwise the 401 to answer.</summary>
    public IResult? Refusal(HttpContext http)
    {
        var presented = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            return Unauthorized(http, "coach-key-required", $"This endpoint needs a coach key in the {Header} header.");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? matched = null;
        foreach (var (id, expected) in options.CurrentValue.Entries())
        {
            if (CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                matched = id;
            }
        }

        if (matched is null)
        {
            return Unauthorized(http, "coach-key-invalid", "The coach key is not valid.");
        }

        http.Items[KeyIdItem] = matched;
        return null;
    }

    private static IResult Unauthorized(HttpContext http, string code, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "CoachKey";
        return Problems.Of(StatusCodes.Status401Unauthorized, code, "Coach key needed", detail);
    }
}
