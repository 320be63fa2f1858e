using Engine.Observability;

namespace Engine.IntegrationTests.Observability;

/// <summary>The metrics listener's settings are checked at start-up, naming the key.</summary>
public sealed class ObservabilityOptionsTests
{
    [Fact]
    public void Validate_PortAbsent_DisabledAndValid()
    {
        var options = new ObservabilityOptions();

        options.Validate(gatewayPort: 7400);

        Assert.False(options.IsEnabled);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65_536)]
    [InlineData(7400)] // The terminal port.
    public void Validate_UnusablePort_Throws(int port)
    {
        var options = new ObservabilityOptions { MetricsPort = port };

        var error = Assert.Throws<InvalidOperationException>(() => options.Validate(gatewayPort: 7400));

        Assert.Contains("Engine:MetricsPort", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HostNameAsAddress_Throws()
    {
        var options = new ObservabilityOptions { MetricsPort = 9400, MetricsBindAddress = "metrics.internal" };

        Assert.Throws<InvalidOperationException>(() => options.Validate(gatewayPort: 7400));
    }

    [Fact]
    public void EffectiveBindAddress_NoOwnAddress_GatewayAddress()
    {
        var options = new ObservabilityOptions { MetricsPort = 9400, BindAddress = "10.0.0.11" };

        Assert.Equal("10.0.0.11", options.EffectiveBindAddress.ToString());
        options.MetricsBindAddress = "10.1.0.11";
        Assert.Equal("10.1.0.11", options.EffectiveBindAddress.ToString());
    }
}
