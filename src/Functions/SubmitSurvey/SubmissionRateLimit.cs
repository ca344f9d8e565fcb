using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.SubmitSurvey;

/// <summary>
/// How fast one client may send submissions through one link: a token bucket of <see cref="IntakeOptions.SubmissionBurst"/>
/// per client and link, refilled at <see cref="IntakeOptions.SubmissionsPerMinute"/>, held in this instance's memory.
/// </summary>
/// <remarks>
/// <para>
/// The client is the address the app sees: under the Functions host, the worker's forwarded-headers step has put the
/// caller's address (from the platform's <c>X-Forwarded-For</c>, trusted only from the host on loopback) in its place;
/// standalone, it is the connection's own address and a client's <c>X-Forwarded-For</c> is ignored. An IPv6 client
/// counts by its /64, since one device can take any address in it. The link is part of the key because a whole class
/// often shares one school address: one flooded link then does not stop another class, or the staff form.
/// </para>
/// <para>
/// In memory, not in storage, on purpose: a refused flood costs no storage transaction, and the limit that must hold
/// everywhere is the shared link's cap, which is in storage and counted across instances (<see cref="SharedLinkStore"/>).
/// With several instances a client can be that many times faster at most.
/// </para>
/// </remarks>
public sealed class SubmissionRateLimit : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _refill;

    public SubmissionRateLimit(IOptions<IntakeOptions> options)
    {
        var settings = options.Value;
        _refill = TimeSpan.FromMinutes(1) / settings.SubmissionsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.SubmissionBurst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = _refill,
            QueueLimit = 0,
        }));
    }

    /// <summary>Null when this submission may go on; otherwise how long the client should wait before sending again.</summary>
    public TimeSpan? Refusal(HttpContext http, string token)
    {
        using var lease = _limiter.AttemptAcquire(Key(http.Connection.RemoteIpAddress, token));
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _refill;
    }

    /// <summary>The limiter's key: the client's network and the link's hash (the token itself is not kept).</summary>
    public static string Key(IPAddress? client, string token) => $"{ClientOf(client)}|{LinkStore.Hash(token)}";

    /// <summary>An IPv4 address as it is; an IPv6 address as its /64 network.</summary>
    public static string ClientOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    public void Dispose() => _limiter.Dispose();
}
