using CsCheck;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Tests.Networks;

/// <summary>A role is stored with answers only as a group of at least the school floor on the roster; a lone principal never is.</summary>
public class RoleGroupsTests
{
    private static Dictionary<RosterRole, int> Roster(int teachers, int support, int administrators) =>
        new() { [RosterRole.Teacher] = teachers, [RosterRole.Support] = support, [RosterRole.Administrator] = administrators };

    [Fact]
    public void Roles_large_enough_keep_their_own_group()
    {
        var groups = RoleGroups.For(Roster(20, 6, 5), 5);

        Assert.Equal(("teacher", "support", "administrator"), (groups[RosterRole.Teacher], groups[RosterRole.Support], groups[RosterRole.Administrator]));
    }

    [Fact]
    public void A_lone_principal_is_merged_with_the_next_smallest_group()
    {
        var groups = RoleGroups.For(Roster(20, 6, 1), 5);

        Assert.Equal(("teacher", "support+administrator", "support+administrator"), (groups[RosterRole.Teacher], groups[RosterRole.Support], groups[RosterRole.Administrator]));
        Assert.Equal(["teacher", "support+administrator"], RoleGroups.Choices(Roster(20, 6, 1), 5));
    }

    [Fact]
    public void When_only_one_group_would_be_left_no_role_is_stored_at_all()
    {
        // Support 3 and administrators 1 make 4, under 5, so they merge with the teachers: one group says nothing.
        var groups = RoleGroups.For(Roster(20, 3, 1), 5);

        Assert.All(groups.Values, Assert.Null);
        Assert.Empty(RoleGroups.Choices(Roster(20, 3, 1), 5));
    }

    [Fact]
    public void Every_stored_group_has_at_least_the_floor_on_the_roster()
    {
        Gen.Select(Gen.Int[0, 40], Gen.Int[0, 12], Gen.Int[0, 6], Gen.Int[3, 10]).Sample((teachers, support, administrators, floor) =>
        {
            var roster = Roster(teachers, support, administrators);
            var groups = RoleGroups.For(roster, floor);

            Assert.All(groups.Keys, role => Assert.True(roster[role] > 0));
            Assert.All(groups.Values.OfType<string>().Distinct(), group =>
                Assert.True(groups.Where(g => g.Value == group).Sum(g => roster[g.Key]) >= floor, $"{group} under {floor}"));
            Assert.True(groups.Values.All(g => g is null) || groups.Values.All(g => g is not null));
            Assert.All(groups.Values.OfType<string>(), group => Assert.True(RoleGroups.IsGroup(group), group));
        });
    }
}
