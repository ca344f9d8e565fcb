using System.Text.Json;
using CsCheck;

namespace ReadinessPipeline.Tests.Hardening;

/// <summary>
/// JSON text of every shape a client could send, written as text so that it can hold what a serializer would never
/// write: numbers beyond any range, nesting deeper than the reader allows, escaped lone surrogates, repeated keys.
/// </summary>
internal static class JsonShapes
{
    /// <summary>The instrument the bodies aim at (the intake tests open links for it) and a few of its items.</summary>
    public const string Instrument = "student-sel-3-5";

    private static readonly string[] Items = ["competency-1", "competency-2", "flexible-1", "belonging-1"];

    private static readonly Gen<string> Number = Gen.OneOf(
        Gen.OneOfConst("0", "-0", "1", "3", "5", "6", "-1", "4.0", "3.5", "1e0", "1E+2", "1e400", "-1e400", "2147483648", "-2147483649", "99999999999999999999999999"),
        Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static readonly Gen<string> Text = Gen.OneOf(
        Hostile.Text.Select(t => JsonSerializer.Serialize(t)),
        Gen.OneOfConst("\"\\ud800\"", "\"a\\udc00b\"", "\"\\u0000\"", "\"\\\"\"", "\"" + new string('x', 70_000) + "\""));

    private static readonly Gen<string> Leaf = Gen.OneOf(Gen.OneOfConst("null", "true", "false", "[]", "{}"), Number, Text);

    /// <summary>Any JSON value, up to 12 levels deep (the intake reads at most 8).</summary>
    public static readonly Gen<string> Value = Gen.Recursive<string>((depth, value) => depth >= 12
        ? Leaf
        : Gen.OneOf(
            Leaf,
            value.Array[0, 3].Select(values => "[" + string.Join(',', values) + "]"),
            Gen.Select(Text, value).Array[0, 3].Select(members => "{" + string.Join(',', members.Select(m => m.Item1 + ":" + m.Item2)) + "}")));

    private static readonly Gen<string> Answers = Gen.OneOf(
        Value,
        Gen.Select(Gen.OneOf(Gen.OneOfConst(Items).Select(i => JsonSerializer.Serialize(i)), Text), Gen.OneOf(Number, Leaf)).Array[0, 5]
            .Select(answers => "{" + string.Join(',', answers.Select(a => a.Item1 + ":" + a.Item2)) + "}"));

    /// <summary>A member of a submission object: a known field with a fitting or unfitting value, or an unknown field.</summary>
    private static readonly Gen<string> Member = Gen.OneOf(
        Gen.OneOf(Gen.Guid.Select(g => $"\"{g}\""), Value).Select(v => "\"submissionId\":" + v),
        Gen.OneOf(Gen.Const($"\"{Instrument}\""), Gen.Const("\"staff-readiness\""), Value).Select(v => "\"instrument\":" + v),
        Gen.OneOf(Gen.Const("2"), Number, Value).Select(v => "\"version\":" + v),
        Gen.OneOf(Gen.OneOfConst("\"en\"", "\"es\"", "\"fr\""), Value).Select(v => "\"language\":" + v),
        Gen.OneOf(Gen.Const("\"school-a\""), Value).Select(v => "\"school\":" + v),
        Answers.Select(v => "\"answers\":" + v),
        Gen.OneOf(Gen.Const("{\"strengths\":\"ok\"}"), Value).Select(v => "\"openText\":" + v),
        Gen.Select(Text, Value, (name, v) => name + ":" + v));

    /// <summary>A body: mostly submission-like objects (repeated keys possible), sometimes any JSON value.</summary>
    public static readonly Gen<string> Body = Gen.Frequency(
        (4, Member.Array[0, 8].Select(members => "{" + string.Join(',', members) + "}")),
        (1, Value));
}
