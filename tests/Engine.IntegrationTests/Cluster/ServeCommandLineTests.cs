using System.Net;
using System.Net.Sockets;
using Engine.Hosting;
using Engine.IntegrationTests.Infrastructure;
using Engine.Silo.Commands;

namespace Engine.IntegrationTests.Cluster;

/// <summary>
/// <c>Engine.Silo serve</c> as an operator meets it, a real process each time: a mistyped option or a value that
/// cannot run ends it at once with one line that says which and an exit code that tells them apart, never a stack
/// trace and an abort (134), nor a silo started on the defaults instead.
/// </summary>
public sealed class ServeCommandLineTests
{
    [Theory]
    [InlineData(new[] { "--prot", "7500" }, "Unknown option --prot")]
    [InlineData(new[] { "--Port", "7500" }, "Unknown option --Port")]
    [InlineData(new[] { "--port" }, "--port needs a value")]
    [InlineData(new[] { "7500" }, "Unexpected argument '7500'")]
    public async Task Serve_AnOptionItDoesNotTake_UsageExitCodeAndTheReason(string[] args, string reason)
    {
        var (exitCode, _, error) = await SiloProcess.RunAsync(["serve", .. args]);

        Assert.Equal(SiloCommandLine.UsageExitCode, exitCode);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--port", "abc" }, "'abc' at 'Engine:Port'")]
    [InlineData(new[] { "--port", "70000" }, "Engine:Port must be 0 to 65535")]
    [InlineData(new[] { "--bind", "nothost" }, "Engine:BindAddress 'nothost' is not an IP address")]
    [InlineData(new[] { "--Engine:RequestTimeoutMs=0" }, "Engine:RequestTimeoutMs must be > 0")]
    public async Task Serve_AValueThatCannotRun_ConfigurationExitCodeAndTheReason(string[] args, string reason)
    {
        var (exitCode, _, error) = await SiloProcess.RunAsync(["serve", .. args]);

        Assert.Equal(ServeCommand.ConfigurationExitCode, exitCode);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ItsPortTaken_StartFailedExitCodeAndTheReason()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, _, error) = await SiloProcess.RunAsync(["serve", "--port", port.ToString(), "--bind", "127.0.0.1",
            "--Engine:SiloPort=" + EngineHost.FreeLoopbackPort(),
            "--Engine:OrleansGatewayPort=" + EngineHost.FreeLoopbackPort()]);

        Assert.Equal(ServeCommand.StartFailedExitCode, exitCode);
        Assert.Contains($"Engine.Silo serve: could not start: Failed to bind to address http://127.0.0.1:{port}", error,
            StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
    }
}
