using System.Collections.Immutable;
using System.Globalization;
using Engine.LoadTests.Population;
using Engine.LoadTests.Running;

namespace Engine.LoadTests.Scenarios;

/// <summary>The population and the terminals the scenarios share, and the deterministic choices of an iteration.</summary>
internal sealed class World
{
    private readonly long[] counters = new long[4];

    public World(SyntheticPopulation population, ImmutableArray<Terminal> terminals, string runTag)
    {
        Population = population;
        Terminals = terminals;
        RunTag = runTag;
        Home = [.. terminals.Where(t => !t.Institution.CrossProvince)];
        Cross = [.. terminals.Where(t => t.Institution.CrossProvince)];
        Chronic = [.. terminals.Where(t => t.Institution.ChronicDesignated && !t.Institution.CrossProvince)];
        if (Home.IsEmpty) throw new InvalidOperationException("No terminal of a home-province institution.");
        if (Chronic.IsEmpty) Chronic = Home;
    }

    public SyntheticPopulation Population { get; }
    public ImmutableArray<Terminal> Terminals { get; }
    public ImmutableArray<Terminal> Home { get; }
    public ImmutableArray<Terminal> Cross { get; }
    public ImmutableArray<Terminal> Chronic { get; }

    /// <summary>Distinguishes this run's msgIds from every earlier run's against the same engine.</summary>
    public string RunTag { get; }

    /// <summary>The terminal of iteration <paramref name="iteration"/>: round-robin over all terminals.</summary>
    public Terminal TerminalFor(long iteration) => Terminals[(int)(iteration % Terminals.Length)];

    /// <summary>A person for a visit at <paramref name="terminal"/>: filed persons at cross-province institutions.</summary>
    public PersonRef PersonFor(Terminal terminal) =>
        terminal.Institution.CrossProvince && !Population.CrossPool.IsEmpty
            ? Next(Population.CrossPool, 1)
            : Next(Population.HomePool, 0);

    public PersonRef ChronicPerson() => Next(Population.ChronicPool, 2);

    /// <summary>A home person with no chronic qualification (for the NO_CHRONIC_QUALIFICATION rejection).</summary>
    public PersonRef UnqualifiedPerson()
    {
        while (true)
        {
            var person = Next(Population.HomePool, 3);
            if (person.Disease is null) return person;
        }
    }

    /// <summary>msgId: run tag, iteration in hex, step letter; at most 30 characters (scenario-format.md §3).</summary>
    public string MsgId(long iteration, char step) =>
        string.Create(CultureInfo.InvariantCulture, $"{RunTag}{iteration:x}{step}");

    /// <summary>Walks <paramref name="pool"/> with a stride coprime to its length: every person before any repeats,
    /// and consecutive iterations far apart (different grains, no artificial hot spot).</summary>
    private PersonRef Next(ImmutableArray<PersonRef> pool, int counter)
    {
        var n = pool.Length;
        var k = Interlocked.Increment(ref counters[counter]);
        var stride = Stride(n);
        return pool[(int)((k * stride) % n)];
    }

    private static long Stride(int n)
    {
        foreach (var candidate in new long[] { 104_729, 7_919, 1_009, 101, 1 })
        {
            if (Gcd(candidate, n) == 1 && candidate < n) return candidate;
        }
        return 1;
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}
