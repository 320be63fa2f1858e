using System.Collections.Concurrent;
using System.Globalization;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using Engine.Hosting;
using Engine.IntegrationTests.Infrastructure;
using Engine.IntegrationTests.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engine.IntegrationTests.Observability;

/// <summary>
/// A silo with the gateway's Debug line on (for one capturing provider only; the console stays at Warning): each
/// transaction's lines carry institution, msgId and settlement id as scope fields. The same silo has no
/// <c>Engine:MetricsPort</c>, so it must not listen on HTTP at all.
/// </summary>
public sealed class TransactionLogScopeTests : IAsyncLifetime
{
    private const string DispatcherCategory = "Engine.Protocol.RequestDispatcher";
    private const int AnsweredEventId = 4103;
    private static readonly DateTime Day = new(2025, 6, 1, 9, 0, 0);
    private readonly ConcurrentQueue<CapturedLog> lines = new();
    private WebApplication app = null!;

    public async Task InitializeAsync()
    {
        var builder = EngineHost.CreateBuilder([], new Dictionary<string, string?>
        {
            ["Engine:Storage"] = "memory",
            ["Engine:ServiceId"] = "obs-log-" + Guid.NewGuid().ToString("N")[..8],
            ["Engine:Port"] = "0",
            ["Engine:AdminSecret"] = EngineSilo.AdminSecret,
            ["Engine:SiloPort"] = EngineHost.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture),
            ["Engine:OrleansGatewayPort"] = EngineHost.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture),
        }, quiet: true);
        // Registered by factory, so that the container owns (and disposes) the provider.
        builder.Services.AddSingleton<ILoggerProvider>(_ => new CapturingLoggerProvider(lines));
        builder.Logging.AddFilter<CapturingLoggerProvider>(DispatcherCategory, LogLevel.Debug);
        app = builder.Build();
        await app.StartAsync();
        await app.Services.GetRequiredService<Engine.Grains.GrainSettlementApi>()
            .LoadReferenceAsync(SyntheticReference.Build(personCount: 1));
    }

    public async Task DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task DebugLine_SettleAndCancel_ScopeCarriesInstitutionMsgIdAndSettlementId()
    {
        const string institution = SyntheticReference.Institution;
        using var terminal = await RawTerminal.SignInAsync(EngineHost.GatewayEndpoint(app), institution);
        var visit = (await GatewayTests.CallAsync(terminal, MessageType.Register,
            GatewayTests.Register("LOG-M1", institution), MessageCodec.Write)).VisitId!;
        await GatewayTests.CallAsync(terminal, MessageType.UploadFees, GatewayTests.Upload("LOG-M2", institution, visit),
            MessageCodec.Write);
        var settled = await GatewayTests.CallAsync(terminal, MessageType.Settle,
            new SettleRequest("LOG-M3", institution, visit, false, Day), MessageCodec.Write);
        var cancelled = await GatewayTests.CallAsync(terminal, MessageType.CancelSettlement,
            new CancelSettlementRequest("LOG-M4", institution, settled.SettlementId!, Day), MessageCodec.Write);
        Assert.Equal(SettlementStatus.Ok, cancelled.Status);

        var settleLine = Answered("LOG-M3");
        var cancelLine = Answered("LOG-M4");

        Assert.Equal(institution, settleLine.ScopeFields["Institution"]);
        Assert.Equal(settled.SettlementId, settleLine.ScopeFields["SettlementId"]); // Known once the reply is.
        Assert.Contains("0x2207", settleLine.Message, StringComparison.Ordinal);
        Assert.Equal(settled.SettlementId, cancelLine.ScopeFields["SettlementId"]);
        Assert.Equal("", Answered("LOG-M1").ScopeFields["SettlementId"]);
    }

    [Fact]
    public void MetricsPort_Absent_NoHttpListener()
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;

        Assert.Single(addresses); // The terminal gateway only.
    }

    private CapturedLog Answered(string msgId) => Assert.Single(lines, line =>
        line.Category == DispatcherCategory && line.EventId.Id == AnsweredEventId
        && Equals(line.ScopeFields.GetValueOrDefault("MsgId"), msgId));
}
