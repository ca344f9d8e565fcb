using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Tests.Networks;

public class RosterKeysTests
{
    // Expected values from: printf 'mapln|ann.lee@lincoln.k12.ma.us' | sha256sum (and the same for other-net).
    [Fact]
    public void The_key_is_p_and_the_first_24_hex_digits_of_the_sha256_of_network_and_email()
    {
        Assert.Equal("p-b6c9b5f9d63a64654e3e4aef", RosterKeys.For("mapln", "ann.lee@lincoln.k12.ma.us"));
    }

    [Fact]
    public void The_same_person_has_unrelated_keys_in_two_networks()
    {
        Assert.Equal("p-42971c5d9ed401d322bb334f", RosterKeys.For("other-net", "ann.lee@lincoln.k12.ma.us"));
    }

    [Fact]
    public void The_key_does_not_depend_on_the_case_or_surrounding_spaces_of_the_email()
    {
        Assert.Equal("p-b6c9b5f9d63a64654e3e4aef", RosterKeys.For("mapln", "  Ann.Lee@Lincoln.K12.MA.us "));
    }

    [Fact]
    public void A_key_needs_a_network_and_an_email()
    {
        Assert.Throws<ArgumentException>(() => RosterKeys.For("", "ann@x.org"));
        Assert.Throws<ArgumentException>(() => RosterKeys.For("mapln", " "));
    }
}
