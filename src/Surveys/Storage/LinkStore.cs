using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Storage;

/// <summary>
/// Survey links in Table storage, keyed by the SHA-256 of the token. A token is 32 random bytes (base64url),
/// so a plain hash is enough: there is nothing to brute-force. The token itself is never stored.
/// </summary>
public sealed class LinkStore(StorageAccount account)
{
    private const string Row = "link";
    private readonly TableClient _table = account.Table(StorageNames.LinksTable);

    /// <summary>A new unguessable token (256 bits, URL-safe).</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>True when the text has the shape of a token, checked before any storage call.</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)));

    /// <summary>Creates a link for a fresh token and returns the token: the only time it exists in clear.</summary>
    public async Task<string> CreateAsync(Func<string, SurveyLink> link, CancellationToken cancellationToken)
    {
        var token = NewToken();
        await _table.AddEntityAsync(LinkEntity.From(link(Hash(token))), cancellationToken);
        return token;
    }

    public async Task<SurveyLink?> FindAsync(string token, CancellationToken cancellationToken)
    {
        if (!LooksLikeToken(token))
        {
            return null;
        }

        var response = await _table.GetEntityIfExistsAsync<LinkEntity>(Hash(token), Row, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.ToLink() : null;
    }

    public async Task RevokeAsync(string tokenHash, CancellationToken cancellationToken) =>
        await _table.UpdateEntityAsync(new TableEntity(tokenHash, Row) { ["Revoked"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    private sealed class LinkEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";

        public string RowKey { get; set; } = Row;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Kind { get; set; } = "";

        public string NetworkId { get; set; } = "";

        public string RoundId { get; set; } = "";

        public string SchoolId { get; set; } = "";

        public string InstrumentId { get; set; } = "";

        public int InstrumentVersion { get; set; }

        public string? RosterKey { get; set; }

        public bool Revoked { get; set; }

        public string? Role { get; set; }

        public string? RoleChoices { get; set; }

        public static LinkEntity From(SurveyLink link) => new()
        {
            PartitionKey = link.TokenHash,
            Kind = link.Kind.ToString(),
            NetworkId = link.NetworkId,
            RoundId = link.RoundId,
            SchoolId = link.SchoolId,
            InstrumentId = link.InstrumentId,
            InstrumentVersion = link.InstrumentVersion,
            RosterKey = link.RosterKey,
            Revoked = link.Revoked,
            Role = link.Role,
            RoleChoices = link.RoleChoices.Count == 0 ? null : string.Join(';', link.RoleChoices),
        };

        public SurveyLink ToLink() => new(PartitionKey, Enum.Parse<LinkKind>(Kind), NetworkId, RoundId, SchoolId, InstrumentId, InstrumentVersion, RosterKey, Revoked)
        {
            Role = Role,
            RoleChoices = RoleChoices?.Split(';') ?? [],
        };
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
