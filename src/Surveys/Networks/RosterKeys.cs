using System.Security.Cryptography;
using System.Text;

namespace ReadinessPipeline.Surveys.Networks;

/// <summary>
/// The one rule that turns a roster email into the opaque key completions, deliveries and opt-outs refer to, so a
/// stored record never needs the email itself.
/// </summary>
public static class RosterKeys
{
    /// <summary>
    /// "p-" and the first 24 hex digits (96 bits) of SHA-256 over the UTF-8 of "{networkId}|{email}". The email is
    /// trimmed and lowercased first, so every caller gets the same key for the same person; the network id makes
    /// the same person's keys in two networks unrelated.
    /// </summary>
    public static string For(string networkId, string email)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(networkId);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{networkId}|{email.Trim().ToLowerInvariant()}"));
        return "p-" + Convert.ToHexStringLower(hash, 0, 12);
    }
}
