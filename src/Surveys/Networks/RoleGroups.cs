using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Networks;

/// <summary>
/// Which staff role group may be stored with a person's answers, decided from the school's roster so that no small
/// group (a school's lone principal) is ever singled out in storage.
/// </summary>
/// <remarks>
/// Rule: each staff role on the roster (teacher, support, administrator) starts as its own group; while more than one
/// group is left and one of them has fewer people than the school floor, the smallest group is merged with the next
/// smallest (ties in the order teacher, support, administrator). If one group is left, no role is stored at all (it
/// would say nothing but "staff"). A stored group is written as its roles joined by '+', e.g. "support+administrator".
/// </remarks>
public static class RoleGroups
{
    private static readonly RosterRole[] StaffRoles = [RosterRole.Teacher, RosterRole.Support, RosterRole.Administrator];

    private static readonly HashSet<string> AllGroups = [.. Enumerable.Range(1, 7).Select(mask => Id([.. StaffRoles.Where((_, i) => (mask & (1 << i)) != 0)]))];

    /// <summary>The stored group of each staff role on the roster (null: no role stored for anyone at the school).</summary>
    public static IReadOnlyDictionary<RosterRole, string?> For(IReadOnlyDictionary<RosterRole, int> roster, int floor)
    {
        var groups = StaffRoles.Where(r => roster.GetValueOrDefault(r) > 0).Select(r => new List<RosterRole> { r }).ToList();
        int Size(List<RosterRole> group) => group.Sum(r => roster[r]);
        int Position(List<RosterRole> group) => group.Min(r => Array.IndexOf(StaffRoles, r));
        while (groups.Count > 1 && groups.Any(g => Size(g) < floor))
        {
            var bySize = groups.OrderBy(Size).ThenBy(Position).ToList();
            bySize[1].AddRange(bySize[0]);
            groups.Remove(bySize[0]);
        }

        return groups.SelectMany(g => g.Select(r => (Role: r, Group: groups.Count == 1 ? null : Id(g))))
            .ToDictionary(p => p.Role, p => p.Group);
    }

    /// <summary>The groups a person may choose from on an anonymous staff link (the school's stored groups).</summary>
    public static IReadOnlyList<string> Choices(IReadOnlyDictionary<RosterRole, int> roster, int floor) =>
        [.. For(roster, floor).Values.OfType<string>().Distinct().OrderBy(Order)];

    /// <summary>Whether a text is a group id this rule can produce (one or more staff roles in order, joined by '+').</summary>
    public static bool IsGroup(string value) => AllGroups.Contains(value);

    /// <summary>Where a group sorts in reports: teachers, then support staff, then administrators; merged groups by their first role.</summary>
    public static int Order(string group) =>
        (group.Split('+').Min(p => Enum.TryParse<RosterRole>(p, ignoreCase: true, out var r) ? Array.IndexOf(StaffRoles, r) : StaffRoles.Length) * 10) + group.Count(c => c == '+');

    private static string Id(List<RosterRole> group) =>
        string.Join('+', group.OrderBy(r => Array.IndexOf(StaffRoles, r)).Select(r => r.ToString().ToLowerInvariant()));
}
