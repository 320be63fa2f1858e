using System.Globalization;
using System.Net;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using Engine.Hosting;
using Engine.IntegrationTests.Infrastructure;
using Engine.IntegrationTests.Protocol;

namespace Engine.IntegrationTests.Observability;

/// <summary>
/// A real silo with <c>Engine:MetricsPort</c> on a free loopback port: transactions through the terminal gateway
/// show up on <c>/metrics</c> (Prometheus text) with their operation and status, and the health endpoints answer.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);
    private readonly int metricsPort = EngineHost.FreeLoopbackPort();
    private EngineSilo silo = null!;

    public async Task InitializeAsync()
    {
        silo = await EngineSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Engine:MetricsPort"] = metricsPort.ToString(CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task Metrics_AfterSettleThroughGateway_CounterAndLatencyHistogramByOpAndStatus()
    {
        await LoadReferenceAsync();
        using var terminal = await RawTerminal.SignInAsync(silo.Endpoint, SyntheticReference.Institution);
        var visit = (await GatewayTests.CallAsync(terminal, MessageType.Register,
            GatewayTests.Register("OBS-M1", SyntheticReference.Institution), MessageCodec.Write)).VisitId!;
        await GatewayTests.CallAsync(terminal, MessageType.UploadFees,
            GatewayTests.Upload("OBS-M2", SyntheticReference.Institution, visit), MessageCodec.Write);
        var settled = await GatewayTests.CallAsync(terminal, MessageType.Settle,
            new SettleRequest("OBS-M3", SyntheticReference.Institution, visit, false, Day), MessageCodec.Write);
        var rejected = await GatewayTests.CallAsync(terminal, MessageType.CancelSettlement,
            new CancelSettlementRequest("OBS-M4", SyntheticReference.Institution, "no-such-settlement", Day),
            MessageCodec.Write);
        Assert.Equal(SettlementStatus.Ok, settled.Status);
        Assert.Equal(SettlementStatus.UnknownSettlement, rejected.Status);

        var text = await ScrapeAsync();

        Assert.True(Sample(text, "engine_transactions_total", "op=\"2207\"", "status=\"ok\"") >= 1, text);
        Assert.True(Sample(text, "engine_transactions_total", "op=\"2208\"", "status=\"UNKNOWN_SETTLEMENT\"") >= 1, text);
        Assert.True(Sample(text, "engine_transaction_duration_milliseconds_count", "op=\"2207\"", "status=\"ok\"") >= 1, text);
        Assert.True(Sample(text, "engine_transaction_duration_milliseconds_bucket", "op=\"2207\"", "status=\"ok\"",
            "le=\"+Inf\"") >= 1, text);
        Assert.True(Sample(text, "engine_grain_call_duration_milliseconds_count", "op=\"2207\"", "result=\"ok\"") >= 1, text);
        Assert.True(Sample(text, "engine_storage_duration_milliseconds_count", "kind=\"state_write\"", "result=\"ok\"") >= 1, text);
        Assert.True(Sample(text, "engine_storage_duration_milliseconds_count", "kind=\"ledger_append\"", "result=\"ok\"") >= 1, text);
        Assert.True(Sample(text, "engine_gateway_frames_total", "direction=\"in\"") >= 6, text); // Hello, Proof, 4 requests.
        Assert.True(Sample(text, "engine_gateway_frames_total", "direction=\"out\"") >= 6, text);
        Assert.True(Sample(text, "engine_gateway_connections") >= 1, text); // This terminal is still open.
    }

    [Fact]
    public async Task Metrics_ProtocolViolation_CountedByReason()
    {
        await LoadReferenceAsync();
        using var terminal = await RawTerminal.SignInAsync(silo.Endpoint, SyntheticReference.Institution);
        await terminal.CallAsync(MessageType.Settle, new byte[] { 0xC1, 0xFF, 0x00, 0x93 },
            (ref MessagePack.MessagePackWriter writer, byte[] raw) => writer.WriteRaw(raw));
        Assert.True(await terminal.IsClosedByServerAsync());

        var text = await ScrapeAsync();

        Assert.True(Sample(text, "engine_gateway_protocol_violations_total", "reason=\"MALFORMED_BODY\"") >= 1, text);
    }

    [Fact]
    public async Task Health_ReadyOnlyOnceReferenceLoaded_LiveAlways()
    {
        using var http = Client();
        using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var notReady = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        await LoadReferenceAsync();
        using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("no reference data", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.StartsWith("Healthy", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task LoadReferenceAsync() => silo.Api.LoadReferenceAsync(SyntheticReference.Build(personCount: 2));

    private HttpClient Client() =>
        new() { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}"), Timeout = TimeSpan.FromSeconds(20) };

    private async Task<string> ScrapeAsync()
    {
        using var http = Client();
        return await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
    }

    /// <summary>
    /// The sum of the samples of <paramref name="metric"/> whose labels contain every one of
    /// <paramref name="labels"/> (label order and extra labels, such as the scope, do not matter); -1 when none.
    /// </summary>
    internal static double Sample(string exposition, string metric, params string[] labels)
    {
        var total = -1.0;
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal)) continue;
            var rest = line[metric.Length..];
            if (rest.Length == 0 || (rest[0] != '{' && rest[0] != ' ')) continue; // Another metric with this prefix.
            if (!labels.All(label => rest.Contains(label, StringComparison.Ordinal))) continue;
            var close = rest.LastIndexOf('}');
            var value = rest[(close + 1)..].Trim().Split(' ')[0];
            total = Math.Max(total, 0) + double.Parse(value, CultureInfo.InvariantCulture);
        }
        return total;
    }
}
