using Engine.LoadTests.Cli;

namespace Engine.LoadTests.Tests.Cli;

/// <summary>The command line: what it builds from good arguments, and a usage error (exit code 2), never a crash or a
/// run that cannot measure anything, from bad ones.</summary>
public sealed class LoadTestOptionsTests
{
    [Fact]
    public void Parse_RateShorthand_GivesAWarmUpAndAMainPhaseAtThatRate()
    {
        var options = LoadTestOptions.Parse(["visit", "--rate", "1000", "--duration", "60s", "--seed", "7"]);

        Assert.Equal(
            [("warmup", PhaseKind.Rate, 1000.0, TimeSpan.FromSeconds(5)), ("main", PhaseKind.Rate, 1000.0, TimeSpan.FromSeconds(60))],
            options.Phases.Select(p => (p.Name, p.Kind, p.From, p.Duration)));
        Assert.Equal(7UL, options.Seed);
    }

    [Theory]
    [InlineData("--duration", "0s", "--duration '0s': a duration > 0")]
    [InlineData("--timeout", "0ms", "--timeout '0ms': a duration > 0")]
    [InlineData("--seed", "abc", "--seed 'abc': a whole number from 0 to")]
    [InlineData("--seed", "-1", "--seed '-1': a whole number from 0 to")]
    [InlineData("--seed", "18446744073709551616", "--seed '18446744073709551616': a whole number from 0 to")]
    public void Parse_AValueOutOfRange_IsAUsageErrorNamingTheOption(string option, string value, string expected)
    {
        var error = Assert.Throws<UsageException>(
            () => LoadTestOptions.Parse(["visit", "--rate", "10", "--duration", "5s", option, value]));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
