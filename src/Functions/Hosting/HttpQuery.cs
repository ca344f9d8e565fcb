using System.Globalization;

namespace ReadinessPipeline.Functions.Hosting;

/// <summary>Optional query values of HTTP functions, which take only the request (both modes can supply it) and read the query themselves.</summary>
public static class HttpQuery
{
    /// <summary>The value of <paramref name="name"/> as <typeparamref name="T"/>, null when absent; false when present but not a <typeparamref name="T"/>.</summary>
    public static bool TryGet<T>(this HttpRequest request, string name, out T? value)
        where T : struct, IParsable<T>
    {
        value = null;
        if (!request.Query.TryGetValue(name, out var values))
        {
            return true;
        }

        // Several values join into one text, which parses as no T: the same refusal a minimal API gives them.
        if (!T.TryParse(values.ToString(), CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>A text value, or null when absent (several values join with commas).</summary>
    public static string? Text(this HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}
