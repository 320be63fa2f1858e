using Engine.Hosting;
using Microsoft.Extensions.Configuration;

namespace Engine.IntegrationTests.Cluster;

/// <summary>The silo reads its configuration files once: no file-system watcher on the working directory.</summary>
public sealed class HostConfigurationTests
{
    [Fact]
    public void CreateBuilder_ConfigurationFiles_AreNotWatchedForChanges()
    {
        var builder = EngineHost.CreateBuilder([], quiet: true);

        var files = ((IConfigurationRoot)builder.Configuration).Providers.OfType<FileConfigurationProvider>().ToList();

        Assert.Contains(files, file => file.Source.Path == "appsettings.json");
        Assert.All(files, file => Assert.False(file.Source.ReloadOnChange, file.Source.Path));
    }

    [Fact]
    public void CreateBuilder_CommandLineArguments_StillReachTheConfiguration()
    {
        var builder = EngineHost.CreateBuilder(["--Engine:Port=7499"], quiet: true);

        Assert.Equal("7499", builder.Configuration["Engine:Port"]);
    }
}
