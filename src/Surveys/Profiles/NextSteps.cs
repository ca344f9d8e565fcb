using System.Security.Cryptography;
using System.Text;
using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Profiles;

/// <summary>
/// Which of a dimension's practices a school is offered as next steps, by its readiness band on that dimension.
/// </summary>
/// <remarks>
/// Rules: only practices that fit the band are offered (a Beginning school is never told to redesign grading); they
/// are taken in the framework's order with every practice after the practices that come before it; the offer is a
/// window of that order that starts one place further each profiled round (and at a different place for each
/// school), so over rounds every practice can be offered; a practice whose earlier practices (fitting the same band)
/// are not offered yet brings them in first and follows them when there is room; the offer is shown in the order.
/// </remarks>
public static class NextSteps
{
    public static IReadOnlyList<Practice> For(Framework framework, string dimensionId, string bandId, int count, int rotation)
    {
        var order = Order([.. framework.Practices.GetValueOrDefault(dimensionId, []).Where(p => p.Fits(bandId))]);
        var chosen = new List<Practice>(count);
        IEnumerable<Practice> Earlier(Practice practice) => practice.After.Select(id => order.Find(p => p.Id == id)).OfType<Practice>();

        // Offers a practice after the earlier practices (of this band) it comes after, as far as there is room.
        void Bring(Practice practice, int depth)
        {
            if (chosen.Contains(practice) || depth > order.Count)
            {
                return;
            }

            foreach (var earlier in Earlier(practice))
            {
                Bring(earlier, depth + 1);
            }

            if (chosen.Count < count && Earlier(practice).All(chosen.Contains))
            {
                chosen.Add(practice);
            }
        }

        for (var k = 0; k < order.Count && chosen.Count < count; k++)
        {
            Bring(order[(int)((((long)rotation + k) % order.Count) + order.Count) % order.Count], 0);
        }

        return [.. chosen.OrderBy(order.IndexOf)];
    }

    /// <summary>
    /// Where a school's window starts: the number of the network's earlier profiled rounds plus a fixed offset from
    /// the school id (the first four bytes of its SHA-256), so schools of one round do not all get the same steps.
    /// </summary>
    public static int Rotation(string schoolId, int earlierRounds) =>
        (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(schoolId)), 0) % 1_000_003) + earlierRounds;

    /// <summary>The practices in data order, each moved after the (listed) practices it comes after.</summary>
    private static List<Practice> Order(List<Practice> practices)
    {
        var ordered = new List<Practice>(practices.Count);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        void Place(Practice practice, int depth)
        {
            if (placed.Contains(practice.Id) || depth > practices.Count)
            {
                return;
            }

            foreach (var earlier in practice.After.Select(id => practices.Find(p => p.Id == id)).OfType<Practice>())
            {
                Place(earlier, depth + 1);
            }

            if (placed.Add(practice.Id))
            {
                ordered.Add(practice);
            }
        }

        foreach (var practice in practices)
        {
            Place(practice, 0);
        }

        return ordered;
    }
}
