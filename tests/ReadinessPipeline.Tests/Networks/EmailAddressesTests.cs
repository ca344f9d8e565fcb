using ReadinessPipeline.Surveys.Networks;

namespace ReadinessPipeline.Tests.Networks;

public class EmailAddressesTests
{
    [Theory]
    [InlineData("ann@school.org", "ann@school.org")]
    [InlineData("  Ann.Lee@Lincoln.K12.MA.us ", "ann.lee@lincoln.k12.ma.us")]
    [InlineData("ann+pd@school.org", "ann+pd@school.org")]
    [InlineData("o'brien@school.org", "o'brien@school.org")]
    [InlineData("_staff@x-school.org", "_staff@x-school.org")]
    [InlineData("a@b.xn--p1ai", "a@b.xn--p1ai")]
    public void Plain_addresses_are_accepted_trimmed_and_lowercased(string text, string expected)
    {
        Assert.True(EmailAddresses.TryNormalize(text, out var address));
        Assert.Equal(expected, address);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ann")]
    [InlineData("ann@")]
    [InlineData("@school.org")]
    [InlineData("ann@localhost")]
    [InlineData("ann@10.0.0.1")]
    [InlineData("ann@[10.0.0.1]")]
    [InlineData("Ann <ann@school.org>")]
    [InlineData("\"ann lee\"@school.org")]
    [InlineData("ann lee@school.org")]
    [InlineData("ann..lee@school.org")]
    [InlineData(".ann@school.org")]
    [InlineData("ann.@school.org")]
    [InlineData("ann@school..org")]
    [InlineData("ann@-school.org")]
    [InlineData("ann@school.org.")]
    [InlineData("ann@school.org;bob@school.org")]
    [InlineData("=ann@school.org")]
    [InlineData("+ann@school.org")]
    [InlineData("-ann@school.org")]
    [InlineData("ann(comment)@school.org")]
    [InlineData("anné@school.org")]
    [InlineData("ann@schöol.org")]
    public void Anything_but_a_plain_address_is_refused(string? text)
    {
        Assert.False(EmailAddresses.TryNormalize(text, out var address));
        Assert.Null(address);
    }

    [Fact]
    public void The_local_part_is_at_most_64_characters_and_the_address_at_most_254()
    {
        var labels = string.Join('.', Enumerable.Repeat(new string('d', 61), 3));
        var local = new string('a', 64);

        Assert.True(EmailAddresses.TryNormalize(local + "@school.org", out _));
        Assert.False(EmailAddresses.TryNormalize(local + "a@school.org", out _));
        Assert.True(EmailAddresses.TryNormalize($"{local}@{labels}.org", out var longest));
        Assert.Equal(254, longest.Length);
        Assert.False(EmailAddresses.TryNormalize($"{local}@{labels}.orgs", out _));
    }
}
