using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ReadinessPipeline.Surveys.Access;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>
/// Coach keys the app accepts, as <see cref="CoachKeyEntry"/> entries (never the keys themselves): each with its id, the
/// SHA-256 of the key, and its networks (or every network for an organisation-wide key). Several may be valid at once,
/// so a key can be rotated without downtime. <c>readiness coach-key new</c> makes a key and its entry.
/// </summary>
public sealed class CoachOptions : IValidatableObject
{
    public List<string> KeyHashes { get; set; } = [];

    /// <summary>The parsed entries with the SHA-256 of each key.</summary>
    public IReadOnlyList<(CoachKeyEntry Entry, byte[] Hash)> Entries() =>
        [.. KeyHashes.Select(CoachKeyEntry.Parse).OfType<CoachKeyEntry>().Select(entry => (entry, Convert.FromHexString(entry.HashHex)))];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var bad = KeyHashes.Count(k => CoachKeyEntry.Parse(k) is null);
        if (bad > 0)
        {
            yield return new ValidationResult($"Coach:KeyHashes entries must look like '{CoachKeyEntry.Format}'; {bad} do not.", [nameof(KeyHashes)]);
        }
    }
}

/// <summary>
/// Lets a coach function run only with a valid <c>X-Coach-Key</c>: its SHA-256 is compared in constant time with
/// every configured hash (all of them, so timing does not tell which one matched). The matching key's identity (id and
/// networks) is signed in on the request (<see cref="CoachAccess.SignIn"/>) for the scope check and the audit log.
/// </summary>
public sealed class CoachKeyCheck(IOptionsMonitor<CoachOptions> options)
{
    public const string Header = "X-Coach-Key";

    /// <summary>Null when the request carries a valid key (its identity is then signed in); otherwise the 401 to answer.</summary>
    public IResult? Refusal(HttpContext http)
    {
        var presented = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            return Unauthorized(http, "coach-key-required", $"This endpoint needs a coach key in the {Header} header.");
        }

        var matched = Match(presented);
        if (matched is null)
        {
            return Unauthorized(http, "coach-key-invalid", "The coach key is not valid.");
        }

        http.SignIn(matched.Identity);
        return null;
    }

    /// <summary>The configured entry of a presented key, or null; every entry is compared, so timing does not tell which one matched.</summary>
    public CoachKeyEntry? Match(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        CoachKeyEntry? matched = null;
        foreach (var (entry, expected) in options.CurrentValue.Entries())
        {
            if (CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                matched = entry;
            }
        }

        return matched;
    }

    /// <summary>The entry of a key (by id and hash) if it is still configured: a key taken out of the settings ends its dashboard sessions.</summary>
    public CoachKeyEntry? StillConfigured(string keyId, string keyHash) =>
        options.CurrentValue.Entries().Select(e => e.Entry).FirstOrDefault(e => e.Id == keyId && e.HashHex == keyHash);

    private static IResult Unauthorized(HttpContext http, string code, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "CoachKey";
        return Problems.Of(StatusCodes.Status401Unauthorized, code, "Coach key needed", detail);
    }
}
