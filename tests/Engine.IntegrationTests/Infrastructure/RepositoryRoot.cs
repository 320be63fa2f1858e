namespace Engine.IntegrationTests.Infrastructure;

/// <summary>The checkout the tests run from: the folder holding Engine.sln above the test assembly.</summary>
public static class RepositoryRoot
{
    /// <summary>The repository root.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "Engine.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("Engine.sln not found above the test assembly.");
    }
}
