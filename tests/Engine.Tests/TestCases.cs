namespace Engine.Tests;

/// <summary>The public acceptance scenarios copied into tests/cases and next to the test assembly.</summary>
public static class TestCases
{
    /// <summary>The folder holding the scenario files.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "cases");

    /// <summary>The file names, as xunit theory data.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }
        return data;
    }

    /// <summary>The full path of a case file.</summary>
    public static string PathOf(string name) => Path.Combine(Folder, name);
}
