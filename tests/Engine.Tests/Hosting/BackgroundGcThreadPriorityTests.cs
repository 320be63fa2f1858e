using System.Globalization;
using Engine.Hosting;

namespace Engine.Tests.Hosting;

public sealed class BackgroundGcThreadPriorityTests
{
    [Fact]
    public void Apply_LowersThisProcesssBackgroundGcThreads_AndOnlyThem()
    {
        Assert.True(OperatingSystem.IsLinux(), "The engine runs on Linux; so do its tests.");
        var collectors = WaitForBackgroundGcThreads();
        var others = Threads().Where(thread => !collectors.Contains(thread))
            .Select(thread => (Thread: thread, Nice: NiceOf(thread))).Where(other => other.Nice is not null).ToArray();

        var applied = BackgroundGcThreadPriority.Apply(13);

        Assert.Equal(collectors.Order(), applied.Order());
        Assert.All(collectors, thread => Assert.Equal(13, NiceOf(thread)));
        // The request threads keep their priority: that is the point. (A thread that ended meanwhile reads null.)
        Assert.NotEmpty(others);
        Assert.All(others, other => Assert.True(NiceOf(other.Thread) is null || NiceOf(other.Thread) == other.Nice));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(20)]
    public void Validate_RefusesAValueThatIsNotALowerPriority(int nice)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => BackgroundGcThreadPriority.Validate(nice));
        Assert.Contains("Engine:BackgroundGcNice", exception.Message, StringComparison.Ordinal);
    }

    // The runtime starts its background-collection thread for the first background collection it runs.
    private static int[] WaitForBackgroundGcThreads()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var found = Threads().Where(thread => NameOf(thread) == BackgroundGcThreadPriority.ThreadName).ToArray();
            if (found.Length > 0) return found;
            GC.Collect(2, GCCollectionMode.Forced, blocking: false);
            Thread.Sleep(50);
        }
        throw new InvalidOperationException(
            "No background GC thread appeared (is concurrent GC off in the test host's runtimeconfig?).");
    }

    private static int[] Threads() =>
        Directory.EnumerateDirectories("/proc/self/task").Select(task => int.Parse(Path.GetFileName(task),
            CultureInfo.InvariantCulture)).ToArray();

    private static string? NameOf(int thread)
    {
        try
        {
            return File.ReadAllText($"/proc/self/task/{thread}/comm").TrimEnd('\n');
        }
        catch (IOException)
        {
            return null;
        }
    }

    // Field 19 of /proc/<pid>/task/<tid>/stat, counted after the command's closing parenthesis (which may hold
    // spaces); null once the thread has ended.
    private static int? NiceOf(int thread)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/self/task/{thread}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }
}
