using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Access;

/// <summary>
/// One coach key as the app is configured with it (never the key itself): its id, shown in the audit log; the SHA-256
/// of the key; and the networks it may act on, or every network for an organisation-wide key. Written
/// <c>keyId:sha256hex:net-a,net-b</c>, or <c>keyId:sha256hex:*</c> for an organisation-wide key; a key always says
/// which it is.
/// </summary>
public sealed partial record CoachKeyEntry(string Id, string HashHex, IReadOnlyList<string>? Networks)
{
    /// <summary>The scope written for an organisation-wide key.</summary>
    public const string AllNetworks = "*";

    public const string Format = "keyId:<64 hex chars of SHA-256>:<network ids separated by commas, or * for every network>";

    public bool IsOrganisationWide => Networks is null;

    /// <summary>Who acts with this key: its id and its networks.</summary>
    public CoachIdentity Identity => new(Id, Networks);

    /// <summary>Whether the key may act on the network.</summary>
    public bool Allows(string networkId) => Identity.MayActOn(networkId);

    public override string ToString() => $"{Id}:{HashHex}:{(Networks is null ? AllNetworks : string.Join(',', Networks))}";

    /// <summary>A new random key (256 bits, URL-safe) and its entry: the only moment the key exists in clear.</summary>
    public static (string Key, CoachKeyEntry Entry) New(string id, IReadOnlyList<string>? networks)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (key, new CoachKeyEntry(id, HashOf(key), networks));
    }

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Reads an entry; null when it is not one (see <see cref="Format"/>).</summary>
    public static CoachKeyEntry? Parse(string? text)
    {
        var match = text is null ? null : EntryPattern().Match(text);
        if (match is not { Success: true })
        {
            return null;
        }

        var scope = match.Groups["scope"].Value;
        if (scope == AllNetworks)
        {
            return new CoachKeyEntry(match.Groups["id"].Value, match.Groups["hash"].Value.ToLowerInvariant(), null);
        }

        var networks = scope.Split(',');
        return networks.All(Ids.IsValid) ? new CoachKeyEntry(match.Groups["id"].Value, match.Groups["hash"].Value.ToLowerInvariant(), [.. networks.Distinct(StringComparer.Ordinal)]) : null;
    }

    // \z, not $: "$" would also match before a final newline.
    [GeneratedRegex("^(?<id>[A-Za-z0-9._-]{1,40}):(?<hash>[0-9a-fA-F]{64}):(?<scope>[^:]+)\\z")]
    private static partial Regex EntryPattern();
}
