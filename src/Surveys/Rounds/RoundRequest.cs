using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml;
using ReadinessPipeline.Models;
using ReadinessPipeline.Models.Contracts;
using ReadinessPipeline.Surveys.Instruments;

namespace ReadinessPipeline.Surveys.Rounds;

/// <summary>Checks a <see cref="CreateRoundRequest"/> and builds the Draft round, or lists every problem with its field.</summary>
public static partial class RoundRequestValidator
{
    public static (Round? Round, IReadOnlyList<(string Field, string Message)> Errors) Validate(
        CreateRoundRequest request, string networkId, Catalog catalog, IReadOnlyCollection<string> networkSchools, DateTimeOffset now)
    {
        var errors = new List<(string, string)>();
        if (request.Id is not null && !Ids.IsValidNew(request.Id))
        {
            errors.Add(("id", "A round id is 3 to 63 lowercase letters, digits or dashes."));
        }

        var name = request.Name?.Trim() ?? "";
        if (DisplayNames.Problem(name, "round") is { } badName)
        {
            errors.Add(("name", badName));
        }

        var instruments = new List<RoundInstrument>();
        if (request.Instruments is not { Count: > 0 })
        {
            errors.Add(("instruments", "A round needs at least one instrument."));
        }

        foreach (var (wanted, index) in (request.Instruments ?? []).Select((w, i) => (w, i)))
        {
            var field = $"instruments[{index}]";
            var instrument = wanted.Version is { } version ? catalog.Find(wanted.Id ?? "", version) : catalog.Latest(wanted.Id ?? "");
            if (instrument is null)
            {
                var known = string.Join(", ", catalog.Instruments.Select(i => i.Id).Distinct().Order(StringComparer.Ordinal));
                errors.Add((field, wanted.Version is null ? $"Unknown instrument '{wanted.Id}'. Known: {known}." : $"Unknown instrument '{wanted.Id}' version {wanted.Version}."));
                continue;
            }

            if (instruments.Any(i => i.InstrumentId == instrument.Id))
            {
                errors.Add((field, $"Instrument '{instrument.Id}' is listed twice."));
                continue;
            }

            ResponseMode mode;
            if (wanted.Mode is null)
            {
                mode = instrument.Audience == Audience.Staff ? ResponseMode.Confidential : ResponseMode.Anonymous;
            }
            else if (!Enum.TryParse(wanted.Mode, ignoreCase: true, out mode) || int.TryParse(wanted.Mode, out _))
            {
                errors.Add((field + ".mode", $"Mode '{wanted.Mode}' must be 'confidential' or 'anonymous'."));
                continue;
            }

            instruments.Add(new RoundInstrument(instrument.Id, instrument.Version, mode));
        }

        if (request.OpensAt is null || request.ClosesAt is null)
        {
            errors.Add(("opensAt", "A round needs both opensAt and closesAt (ISO 8601 date-times with an offset)."));
        }
        else if (request.ClosesAt <= request.OpensAt)
        {
            errors.Add(("closesAt", $"closesAt ({request.ClosesAt:u}) must be after opensAt ({request.OpensAt:u})."));
        }
        else if (request.ClosesAt <= now)
        {
            errors.Add(("closesAt", $"closesAt ({request.ClosesAt:u}) is already past."));
        }

        var reminders = new List<TimeSpan>();
        foreach (var (text, index) in (request.Reminders ?? []).Select((r, i) => (r, i)))
        {
            TimeSpan offset;
            try
            {
                offset = XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
                errors.Add(($"reminders[{index}]", $"'{text}' is not an ISO 8601 duration such as P3D or PT36H."));
                continue;
            }

            if (offset <= TimeSpan.Zero || (request.OpensAt is { } opens && request.ClosesAt is { } closes && offset >= closes - opens))
            {
                errors.Add(($"reminders[{index}]", $"Reminder {text} must fall after the round opens and before it closes."));
            }
            else if (reminders.Contains(offset))
            {
                errors.Add(($"reminders[{index}]", $"Reminder {text} is listed twice."));
            }
            else
            {
                reminders.Add(offset);
            }
        }

        if (networkSchools.Count == 0)
        {
            errors.Add(("schools", "The network has no schools yet; import them first."));
        }

        var schools = (request.Schools ?? []).ToList();
        foreach (var unknown in schools.Where(s => !networkSchools.Contains(s)))
        {
            errors.Add(("schools", $"Unknown school '{unknown}' in this network."));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var round = new Round(
            request.Id ?? NewId(name, request.OpensAt!.Value),
            networkId,
            name,
            RoundState.Draft,
            request.OpensAt!.Value,
            request.ClosesAt!.Value,
            instruments,
            [.. reminders.Order()],
            now)
        {
            SchoolIds = schools.Distinct().Order(StringComparer.Ordinal).ToList(),
        };
        return (round, errors);
    }

    /// <summary>A readable, unique id: a slug of the name, the opening month and a random suffix.</summary>
    private static string NewId(string name, DateTimeOffset opensAt)
    {
        var slug = SlugChars().Replace(name.ToLowerInvariant(), "-").Trim('-');
        slug = slug.Length > 30 ? slug[..30].TrimEnd('-') : slug;
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        return $"{(slug.Length == 0 ? "round" : slug)}-{opensAt:yyyy-MM}-{suffix}";
    }


    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugChars();
}
