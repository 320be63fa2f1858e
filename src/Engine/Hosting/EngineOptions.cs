namespace Engine.Hosting;

/// <summary>
/// The engine's configuration, bound from the <c>Engine</c> section (environment: <c>Engine__Storage</c>, …) and
/// <c>ConnectionStrings:Engine</c>.
/// </summary>
public sealed class EngineOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Engine";

    /// <summary>The connection string name under ConnectionStrings.</summary>
    public const string ConnectionStringName = "Engine";

    /// <summary><c>memory</c> (default) or <c>postgres</c>.</summary>
    public EngineStorage Storage { get; set; } = EngineStorage.Memory;

    /// <summary>The Orleans service id: shared by every silo of a deployment and part of every stored key.</summary>
    public string ServiceId { get; set; } = "settlement-engine";

    /// <summary>The Orleans cluster id.</summary>
    public string ClusterId { get; set; } = "settlement";

    /// <summary>
    /// The nice value given to the runtime's background-collection threads on Linux (0–19; 0 leaves them alone), so
    /// that their concurrent marking of the heap yields the cores to the requests (<see cref="BackgroundGcThreadPriority"/>).
    /// </summary>
    public int BackgroundGcNice { get; set; } = BackgroundGcThreadPriority.DefaultNice;
}
