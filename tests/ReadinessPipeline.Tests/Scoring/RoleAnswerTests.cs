using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Scoring;

namespace ReadinessPipeline.Tests.Scoring;

/// <summary>The role stored with answers comes from the link: the personal link's group, or one of the shared link's choices.</summary>
public class RoleAnswerTests
{
    private static readonly SubmissionContext Shared = new("round-1", "network-1", "school-1", DateTimeOffset.UnixEpoch) { RoleChoices = ["teacher", "support+administrator"] };

    private static SubmissionRequest Request(string? role) =>
        new("8f3a2b10-0000-4000-8000-000000000001", "test", 1, "en", new Dictionary<string, string?> { ["a1"] = "4" }, null) { Role = role };

    [Fact]
    public void A_personal_link_stores_its_role_group_whatever_the_body_says_nothing_about()
    {
        var personal = Shared with { Role = "teacher", RoleChoices = [] };

        Assert.Equal("teacher", SubmissionValidator.Validate(Request(null), TestInstruments.TwoDimensions(), personal).Submission!.Role);
    }

    [Fact]
    public void A_shared_link_stores_the_role_group_chosen_or_none()
    {
        Assert.Equal("support+administrator", SubmissionValidator.Validate(Request("support+administrator"), TestInstruments.TwoDimensions(), Shared).Submission!.Role);
        Assert.Null(SubmissionValidator.Validate(Request(""), TestInstruments.TwoDimensions(), Shared).Submission!.Role);
    }

    [Theory]
    [InlineData("administrator")]
    [InlineData("principal")]
    public void A_role_the_link_does_not_offer_is_refused_so_a_small_group_is_never_stored(string role)
    {
        var result = SubmissionValidator.Validate(Request(role), TestInstruments.TwoDimensions(), Shared);

        Assert.False(result.IsValid);
        Assert.Equal(("role", "unknown-role"), (result.Errors.Single().Field, result.Errors.Single().Code));
    }
}
