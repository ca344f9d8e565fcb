using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>
/// Coach keys the app accepts, as "keyId:sha256hex" entries (never the keys themselves). Several may be valid at
/// once, so a key can be rotated without downtime. <c>readiness coach-key new</c> makes a key and its entry.
/// </summary>
public sealed partial class CoachOptions : IValidatableObject
{
    public List<string> KeyHashes { get; set; } = [];

    /// <summary>The parsed entries: key id and SHA-256 of the key.</summary>
    public IReadOnlyList<(string Id, byte[] Hash)> Entries() =>
        [.. KeyHashes.Select(entry => entry.Split(':', 2)).Select(parts => (parts[0], Convert.FromHexString(parts[1])))];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var bad = KeyHashes.Count(e => !EntryPattern().IsMatch(e));
        if (bad > 0)
        {
            yield return new ValidationResult($"Coach:KeyHashes entries must look like 'keyId:<64 hex chars of SHA-256>'; {bad} do not.", [nameof(KeyHashes)]);
        }
    }

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    [GeneratedRegex("^[A-Za-z0-9._-]{1,40}:[0-9a-fA-F]{64}$")]
    private static partial Regex EntryPattern();
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
