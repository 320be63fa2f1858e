namespace Engine.Hosting;

/// <summary>Where the engine keeps its state (<c>Engine:Storage</c>).</summary>
public enum EngineStorage
{
    /// <summary>In memory: fast, lost on exit. The embedded default.</summary>
    Memory = 0,

    /// <summary>PostgreSQL via Microsoft.Orleans.Persistence.AdoNet and the engine's own tables.</summary>
    Postgres = 1,
}
